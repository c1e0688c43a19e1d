"""Description of the profiles (classes) of a typology, as a typed, serialisable result.

Built on :func:`~phare.typology.catdes.catdes` (hypergeometric v-tests of each category in each
class, Lebart, Morineau & Piron 1995; Husson, Lê & Pagès 2017 §4.4):

- ``characteristic``: active categories significantly over-represented in the profile
  (v-test > 0, p ≤ proba), strongest first; ``anti_characteristic``: under-represented ones;
- ``supplementary``: categories of the supplementary variables (region, size band, sex, age)
  significantly over-represented;
- ``roles``: for each role of the prefix mapping (default ``levier_`` → leviers, ``frein_`` →
  freins), the over-represented categories of the items whose name starts with the prefix;
- weights are rescaled to sum to the number of rows before the tests (unless
  ``weights_as_counts``): calibration weights sum to the population, and taken as frequencies
  they would inflate every v-test by about sqrt(N/n);
- ``suggested_name``: the strongest `name_terms` characteristic categories, joined by " · "
  (through `labels` when given); ``name`` is the suggestion unless the study team overrides it
  (:func:`~phare.typology.settings.load_profile_names`, :meth:`ProfileDescription.with_names`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from phare.typology.catdes import CatDes, catdes
from phare.typology.errors import TypologyError, check_weights

DESCRIPTION_VERSION = "1"


class CategoryEffect(BaseModel):
    """One category in one profile: shares and v-test (FactoMineR's catdes columns)."""

    model_config = ConfigDict(frozen=True)

    variable: str
    level: str
    share_in_profile: float
    """Mod/Cla: % of the profile having the category."""
    share_overall: float
    """Global: % of everyone having the category."""
    profile_share_of_category: float
    """Cla/Mod: % of the category's members in the profile."""
    v_test: float
    p_value: float


class QuantitativeEffect(BaseModel):
    """A numeric variable in one profile: means and v-test (catdes's quantitative part)."""

    model_config = ConfigDict(frozen=True)

    variable: str
    mean_in_profile: float
    overall_mean: float
    v_test: float
    p_value: float


class VariableTest(BaseModel):
    """χ² test of independence between the profiles and one variable."""

    model_config = ConfigDict(frozen=True)

    variable: str
    chi2: float
    df: int
    p_value: float
    role: str
    """"active" or "supplementary"."""


class Profile(BaseModel):
    """One profile: size, name and what characterises it."""

    model_config = ConfigDict(frozen=True)

    cluster: int
    name: str
    suggested_name: str
    n: int
    weight: float
    share: float
    """Weighted share of the rows, in %."""
    characteristic: list[CategoryEffect]
    anti_characteristic: list[CategoryEffect]
    supplementary: list[CategoryEffect]
    roles: dict[str, list[CategoryEffect]]
    quantitative: list[QuantitativeEffect] = []
    """Significant quantitative supplementary variables, largest v-test first."""
    paragons: list[str] = []
    """Index labels of the rows closest to the profile's centre (HCPC's paragons)."""


class ProfileDescription(BaseModel):
    """The profiles of a typology and the variables that separate them."""

    model_config = ConfigDict(frozen=True)

    version: str = DESCRIPTION_VERSION
    proba: float
    active: list[str]
    supplementary: list[str]
    profiles: list[Profile]
    variables: list[VariableTest]

    def names(self) -> dict[int, str]:
        """Class → name."""
        return {p.cluster: p.name for p in self.profiles}

    def with_names(self, names: Mapping[int, str]) -> ProfileDescription:
        """A copy where the profiles named in `names` (class → name) take that name."""
        known = {p.cluster for p in self.profiles}
        unknown = sorted(set(names) - known)
        if unknown:
            raise TypologyError("names", f"classes among {sorted(known)}", unknown)
        profiles = [
            p.model_copy(update={"name": names.get(p.cluster, p.name)}) for p in self.profiles
        ]
        return self.model_copy(update={"profiles": profiles})

    def profile(self, cluster: int) -> Profile:
        """The profile of class `cluster`."""
        for p in self.profiles:
            if p.cluster == cluster:
                return p
        raise TypologyError("cluster", f"one of {[p.cluster for p in self.profiles]}", cluster)


def _effects(frame: pd.DataFrame) -> list[CategoryEffect]:
    return [
        CategoryEffect(
            variable=str(r["variable"]),
            level=str(r["level"]),
            share_in_profile=float(r["mod_cla"]),
            share_overall=float(r["global"]),
            profile_share_of_category=float(r["cla_mod"]),
            v_test=float(r["v_test"]),
            p_value=float(r["p_value"]),
        )
        for r in frame.to_dict("records")
    ]


def category_labels(
    code_labels: Mapping[str, Mapping[Any, str]],
    variable_labels: Mapping[str, str] | None = None,
    template: str = "{variable} : {level}",
) -> dict[str, str]:
    """Labels of categories for suggested names, from code lists.

    Parameters
    ----------
    code_labels : mapping
        variable → {code: label}, e.g. ``{"role_mairie": {1: "Impulser", ...}}``.
    variable_labels : mapping, optional
        variable → short label; when given, labels follow `template` (e.g. for agreement items,
        whose code labels alone do not say which item).
    template : str
        Format with ``{variable}`` and ``{level}``.

    Returns
    -------
    dict
        ``"variable=code"`` → label, as :func:`describe_profiles` expects.
    """
    from phare.typology.encoding import level_codes

    out: dict[str, str] = {}
    for variable, codes in code_labels.items():
        for code, label in codes.items():
            _, names = level_codes(pd.Series([code]))
            key = f"{variable}={names[0]}"
            if variable_labels and variable in variable_labels:
                out[key] = template.format(variable=variable_labels[variable], level=label)
            else:
                out[key] = label
    return out


def suggest_name(
    characteristic: Sequence[CategoryEffect],
    name_terms: int = 2,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Join the strongest categories ("variable=level", or their label) into a short name."""
    labels = labels or {}
    terms = [
        labels.get(f"{e.variable}={e.level}", f"{e.variable}={e.level}")
        for e in list(characteristic)[:name_terms]
    ]
    return " · ".join(terms) if terms else "—"


def describe_profiles(
    data: pd.DataFrame,
    labels: Any,
    *,
    active: Sequence[str],
    supplementary: Sequence[str] = (),
    sample_weight: Any = None,
    proba: float = 0.05,
    roles: Mapping[str, str] | None = None,
    name_terms: int = 2,
    category_labels: Mapping[str, str] | None = None,
    names: Mapping[int, str] | None = None,
    quantitative: Sequence[str] = (),
    paragons: Mapping[int, Sequence[str]] | None = None,
    weights_as_counts: bool = False,
    result: CatDes | None = None,
) -> ProfileDescription:
    """Describe each class of `labels` by the active and supplementary categories.

    Parameters
    ----------
    data : DataFrame
        The rows that were classified (ventilated levels may be given as they were analysed).
    labels : array-like of int, shape (n_rows,)
        Class 1..k of each row.
    active, supplementary : sequence of str
        The variables of the typology.
    sample_weight : array-like, optional
    proba : float, default 0.05
    roles : mapping, optional
        Item prefix → role name; default :data:`~phare.typology.settings.DEFAULT_ROLES`.
    name_terms : int, default 2
    category_labels : mapping, optional
        ``"variable=level"`` → label used in suggested names.
    names : mapping, optional
        Class → name chosen by the study team (overrides the suggestion).
    quantitative : sequence of str, default ()
        Numeric supplementary columns, described by their means (v-tests).
    paragons : mapping, optional
        Class → index labels of its paragons (see :func:`phare.typology.hcpc.paragons`).
    weights_as_counts : bool, default False
        By default the weights are rescaled to sum to the number of rows before the tests, so
        that calibration weights (summing to the population) give v-tests on the sample's
        scale; shares are unchanged. True keeps them as frequencies (FactoMineR's ``catdes``).
    result : CatDes, optional
        A catdes already computed on the same rows (avoids computing it twice).
    """
    from phare.typology.settings import DEFAULT_ROLES

    roles = dict(DEFAULT_ROLES if roles is None else roles)
    lab = np.asarray(labels).reshape(-1)
    w = check_weights(sample_weight, len(data))
    if not weights_as_counts:
        w = w * (len(w) / w.sum())
    active, supplementary = list(active), list(supplementary)
    cd = (
        result
        if result is not None
        else catdes(
            data,
            lab,
            categorical=active + supplementary,
            quantitative=list(quantitative),
            sample_weight=w,
            proba=proba,
        )
    )
    quanti = cd.quantitative
    cats = cd.categories
    total = float(w.sum())
    profiles = []
    for cluster in np.unique(lab):
        c = cats[cats["cluster"] == cluster]
        sig = c[c["significant"]]
        is_active = sig["variable"].isin(active)
        over = sig[(sig["v_test"] > 0)]
        characteristic = _effects(over[is_active[over.index]])
        anti = sig[is_active & (sig["v_test"] < 0)].sort_values("v_test", kind="stable")
        sup = over[over["variable"].isin(supplementary)]
        role_effects = {
            role: _effects(over[over["variable"].str.startswith(prefix)])
            for prefix, role in roles.items()
        }
        suggested = suggest_name(characteristic, name_terms, category_labels)
        mask = lab == cluster
        profiles.append(
            Profile(
                cluster=int(cluster),
                name=suggested,
                suggested_name=suggested,
                n=int(mask.sum()),
                weight=float(w[mask].sum()),
                share=float(100 * w[mask].sum() / total),
                characteristic=characteristic,
                anti_characteristic=_effects(anti),
                supplementary=_effects(sup),
                roles=role_effects,
                quantitative=[
                    QuantitativeEffect(
                        variable=str(r["variable"]),
                        mean_in_profile=float(r["mean_in_cluster"]),
                        overall_mean=float(r["overall_mean"]),
                        v_test=float(r["v_test"]),
                        p_value=float(r["p_value"]),
                    )
                    for r in quanti[(quanti["cluster"] == cluster) & quanti["significant"]].to_dict(
                        "records"
                    )
                ],
                paragons=[str(i) for i in (paragons or {}).get(int(cluster), [])],
            )
        )
    _deduplicate_names(profiles)
    variables = [
        VariableTest(
            variable=str(r.variable),
            chi2=float(r.chi2),
            df=int(r.df),
            p_value=float(r.p_value),
            role="active" if r.variable in active else "supplementary",
        )
        for r in cd.variables.itertuples(index=False)
    ]
    description = ProfileDescription(
        proba=proba,
        active=active,
        supplementary=supplementary,
        profiles=profiles,
        variables=variables,
    )
    return description.with_names(names) if names else description


def _deduplicate_names(profiles: list[Profile]) -> None:
    seen: dict[str, int] = {}
    for i, p in enumerate(profiles):
        if p.suggested_name in seen:
            seen[p.suggested_name] += 1
            name = f"{p.suggested_name} ({seen[p.suggested_name]})"
            profiles[i] = p.model_copy(update={"name": name, "suggested_name": name})
        else:
            seen[p.suggested_name] = 1
