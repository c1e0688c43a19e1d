"""Settings of a typology, with the PHARE-Institutions defaults.

One registry (:class:`TypologySettings`, pydantic) feeds the :class:`~phare.typology.Typology`
estimator, the ``phare typology`` command and a YAML settings file. Which questions are active
is a setting; the PHARE-Institutions default is Q7–Q9 of the instrument
(``shared/spec/instrument.md``): the role of the commune, the means, and the aspirations,
brakes and levers. The frame variables region, size band, mayor's sex and age band are
supplementary: they describe the profiles without shaping them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from phare.typology.errors import TypologyError

PHARE_MOYENS = (
    "communication",
    "dialogue",
    "appel_projets",
    "mise_a_dispo",
    "financement",
    "formation",
    "autre",
)

PHARE_ACTIVE_DEFAULT: tuple[str, ...] = (
    "role_mairie",
    *(f"moyen_{m}" for m in PHARE_MOYENS),
    "att_pilotage",
    "att_assos",
    "att_entreprises",
    "att_citoyens",
    "att_experimenter",
    "frein_temps",
    "frein_connaissance",
    "frein_cultures",
    "levier_interco",
    "levier_outils",
)
"""Active variables of the PHARE-Institutions typology: Q7 ``role_mairie``, Q8 ``moyen_*``,
Q9 ``att_*``, ``frein_*``, ``levier_*`` (18 variables)."""

PHARE_SUPPLEMENTARY_DEFAULT: tuple[str, ...] = ("region", "taille", "maire_sexe", "maire_age")
"""Supplementary variables: region, size band, mayor's sex and age band (from the frame)."""

DEFAULT_ROLES: dict[str, str] = {"levier_": "leviers", "frein_": "freins"}
"""Item prefix → role: the lever and brake items reported apart in each profile."""


class TypologySettings(BaseModel):
    """Every option of a typology, with its default (the PHARE-Institutions one).

    Attributes mirror the parameters of :class:`~phare.typology.Typology`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    active: list[str] = Field(
        default_factory=lambda: list(PHARE_ACTIVE_DEFAULT),
        description="Active categorical variables (they build the axes).",
    )
    supplementary: list[str] = Field(
        default_factory=lambda: list(PHARE_SUPPLEMENTARY_DEFAULT),
        description="Supplementary categorical variables (they describe the profiles).",
    )
    quantitative_supplementary: list[str] = Field(
        default_factory=list,
        description="Supplementary numeric variables (e.g. population).",
    )
    weights: str | None = Field(
        default=None, description="Column of row weights (calibration weights)."
    )
    n_components: int = Field(default=5, ge=1, description="Axes kept for the clustering (ncp).")
    level_ventil: float = Field(
        default=0.05, ge=0, lt=1, description="Share under which a level is ventilated (0 = never)."
    )
    missing: Literal["level", "ventilate"] = Field(
        default="ventilate",
        description="Missing answers: a level of their own, or ventilated (never a profile).",
    )
    n_clusters: int | None = Field(
        default=None, ge=1, description="Number of profiles; None = suggested."
    )
    min_clusters: int = Field(default=3, ge=2, description="Smallest number of profiles suggested.")
    max_clusters: int | None = Field(default=None, ge=2, description="Largest number suggested.")
    consolidation: bool = Field(default=True, description="k-means consolidation of the Ward cut.")
    pre_clusters: int | Literal["auto"] | None = Field(
        default="auto",
        description='k-means pre-clusters before Ward (HCPC kk); "auto" above 3,000 rows.',
    )
    proba: float = Field(
        default=0.05, gt=0, lt=1, description="Significance threshold of descriptions."
    )
    roles: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_ROLES),
        description="Item prefix → role reported in each profile (leviers, freins).",
    )
    weights_as_counts: bool = Field(
        default=False,
        description="Weights as frequencies in the description's tests (default: rescaled to n).",
    )
    name_terms: int = Field(default=2, ge=1, description="Categories joined into a suggested name.")
    random_state: int | None = Field(default=20170, description="Seed of every random step.")


def load_settings(path: str | Path) -> TypologySettings:
    """Read :class:`TypologySettings` from a YAML file (missing keys take their default)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise TypologyError(
            "settings file", "a YAML mapping of setting: value", type(data).__name__
        )
    return TypologySettings(**data)


def load_profile_names(path: str | Path) -> dict[int, str]:
    """Read the names chosen by the study team: a YAML mapping class number → name.

    Example file::

        1: Bâtisseurs d'alliances
        2: Maires prudents
        3: {fr: Maires en quête d'outils, en: Mayors looking for tools}

    A value may be a mapping with ``fr`` (and ``en``), the format of ``phare report
    --profile-names``; the French name is read.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise TypologyError("names file", "a YAML mapping class → name", type(data).__name__)
    names: dict[int, str] = {}
    for key, value in data.items():
        try:
            cluster = int(key)
        except (TypeError, ValueError):
            raise TypologyError("names file", "integer class numbers as keys", key) from None
        if isinstance(value, dict):
            value = value.get("fr")
        if not isinstance(value, str) or not value.strip():
            raise TypologyError(f"names file, class {cluster}", "a non-empty name", value)
        names[cluster] = value.strip()
    return names
