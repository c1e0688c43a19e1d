"""phare.typology — profiles of respondents from categorical answers (generic).

Multiple correspondence analysis with row weights, hierarchical clustering on its principal
coordinates (Ward, cut by inertia gains, k-means consolidation, pre-clustering for large n), the
description of each profile (FactoMineR's ``catdes`` v-tests, supplementary variables, levers and
brakes, suggested names), a frozen JSON model to assign new respondents across waves, and
bootstrap stability. Imports nothing of phare but ``phare.stats`` (and uses none of it yet).
Validated against FactoMineR 2.7 (``tests/typology/test_typology_golden_factominer.py``).

Public API
----------
``Typology(active, supplementary=(), quantitative_supplementary=(), ...)``
    The whole pipeline, scikit-learn-like: ``fit(X, sample_weight=w)`` gives ``mca_``,
    ``hcpc_``, ``labels_`` (1..k), ``catdes_``, ``axes_description_``, ``paragons_``,
    ``description_`` (:class:`ProfileDescription`, pydantic, JSON-serialisable: per profile
    ``characteristic``, ``anti_characteristic``, ``supplementary``, ``roles`` (leviers/freins),
    ``quantitative``, ``paragons``, ``name``/``suggested_name``, sizes) and ``model_``
    (:class:`TypologyModel`); ``assign(X)``, ``predict(X)``;
    ``Typology.from_settings(TypologySettings(...))``.
``category_labels(code_labels, variable_labels=None)``
    ``"variable=code"`` → label, for readable suggested names (``category_labels=`` of
    ``Typology``).
``MCA``, ``HCPC``, ``catdes``, ``describe_profiles``, ``paragons``
    The steps, usable alone (FactoMineR's ``MCA`` with ``corrected_inertia`` and ``transform``,
    ``HCPC``, ``catdes``, ``desc.ind$para``).
``TypologyModel``
    Frozen model: ``save(path)``, ``TypologyModel.load(path)``, ``assign(df)`` (cluster, name,
    distance, distance_second, ratio, membership, membership_<k>, n_unknown),
    ``with_names({k: name})``.
``bootstrap_stability(typology, X, sample_weight, n_boot=20, random_state=...)``
    Global ARI and per-profile Jaccard / ARI (:class:`StabilityResult`).
``TypologySettings``, ``load_settings(path)``, ``load_profile_names(path)``
    Settings registry (YAML) and the study team's names (YAML: class → name).
``PHARE_ACTIVE_DEFAULT``, ``PHARE_SUPPLEMENTARY_DEFAULT``, ``DEFAULT_ROLES``
    PHARE-Institutions defaults: Q7–Q9 active; region, taille, maire_sexe, maire_age
    supplementary; ``levier_`` → leviers, ``frein_`` → freins.
``planted_profiles(n_rows, ...)``
    Synthetic answers with planted profiles (tests, benchmarks).
"""

from phare.typology.catdes import CatDes, catdes
from phare.typology.errors import NotFittedError, TypologyError
from phare.typology.hcpc import HCPC, paragons
from phare.typology.mca import MCA
from phare.typology.model import TypologyModel
from phare.typology.profiles import (
    CategoryEffect,
    Profile,
    ProfileDescription,
    QuantitativeEffect,
    VariableTest,
    category_labels,
    describe_profiles,
)
from phare.typology.settings import (
    DEFAULT_ROLES,
    PHARE_ACTIVE_DEFAULT,
    PHARE_SUPPLEMENTARY_DEFAULT,
    TypologySettings,
    load_profile_names,
    load_settings,
)
from phare.typology.stability import ProfileStability, StabilityResult, bootstrap_stability
from phare.typology.synthetic import planted_profiles
from phare.typology.typology import Typology

__all__ = [
    "DEFAULT_ROLES",
    "HCPC",
    "MCA",
    "PHARE_ACTIVE_DEFAULT",
    "PHARE_SUPPLEMENTARY_DEFAULT",
    "CatDes",
    "CategoryEffect",
    "NotFittedError",
    "Profile",
    "ProfileDescription",
    "ProfileStability",
    "QuantitativeEffect",
    "StabilityResult",
    "Typology",
    "TypologyError",
    "TypologyModel",
    "TypologySettings",
    "VariableTest",
    "bootstrap_stability",
    "catdes",
    "category_labels",
    "describe_profiles",
    "paragons",
    "load_profile_names",
    "load_settings",
    "planted_profiles",
]
