"""Tests that the groups of a breakdown differ on an indicator, over a whole table.

Each indicator is crossed with each breakdown (region, size band, mayor's sex, age band, first
term, profile) and tested with the Rao–Scott second-order corrected chi-square
(``phare.stats.rao_scott_chisq``, R ``svychisq(statistic = "F")``; Rao & Scott 1984), among
the respondents who answered the item: the other rows keep their place in the design with a
zero weight, as R's ``subset`` of a survey design does, so the variance still sees the whole
design. Groups whose base is under ``min_base_suppress`` are left out of the test (their
figures are not published). The p-values of a breakdown's family (every indicator against that
breakdown) are adjusted by Benjamini–Hochberg; a difference between groups is called a
difference only when the adjusted value is at most ``alpha``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from phare.stats import SurveyDesign, SurveyError
from phare.stats.comparisons import difference_of_proportions, rao_scott_chisq
from phare.study.estimation import MISSING_GROUP
from phare.study.multiplicity import benjamini_hochberg
from phare.study.results import (
    NATIONAL,
    DomainInfo,
    GroupTest,
    IndicatorInfo,
    PairTest,
    StudySettings,
    row_id,
)

TEST_NAME = "Rao–Scott F (2nd order)"
_ROW = "_test_row"
_COL = "_test_col"


def _one_test(
    design: SurveyDesign, variable: str, by: str, settings: StudySettings
) -> tuple[float | None, float | None, float | None, float | None, int, str]:
    data = design.data
    values = data[variable]
    groups = data[by].astype(str)
    answered = values.notna() & (groups != MISSING_GROUP)
    counts = groups[answered].value_counts()
    kept = set(counts[counts >= max(settings.min_base_suppress, 1)].index)
    use = answered & groups.isin(kept)
    n = int(use.sum())
    if len(kept) < 2 or values[use].nunique() < 2:
        return None, None, None, None, n, "moins de deux groupes ou modalités / fewer than 2"
    filler_row = str(values[use].iloc[0])
    filler_col = str(groups[use].iloc[0])
    use_arr = use.to_numpy()
    frame = pd.DataFrame(
        {
            _ROW: np.where(use_arr, values.astype("string").fillna(filler_row), filler_row),
            _COL: np.where(use_arr, groups.to_numpy(), filler_col),
        },
        index=data.index,
    )
    weights = np.where(use.to_numpy(), np.asarray(design.weights, dtype=float), 0.0)
    sub = dataclasses.replace(design.with_weights(weights), data=frame)
    try:
        test = rao_scott_chisq(sub, _ROW, _COL)
    except (SurveyError, np.linalg.LinAlgError, ValueError, ZeroDivisionError) as err:
        return None, None, None, None, n, f"test impossible : {err}"
    if not np.isfinite(test.f_p_value):
        return None, None, None, None, n, "test non défini / undefined"
    return float(test.f), float(test.f_ndf), float(test.f_ddf), float(test.f_p_value), n, ""


def group_tests(
    design: SurveyDesign,
    indicators: Sequence[IndicatorInfo],
    domains: Sequence[DomainInfo],
    settings: StudySettings,
) -> list[GroupTest]:
    """Test every indicator against every breakdown; BH within each breakdown."""
    out: list[GroupTest] = []
    for domain in domains:
        if domain.by == NATIONAL or domain.by not in design.data.columns:
            continue
        raw = []
        for info in indicators:
            if info.variable not in design.data.columns or info.variable == domain.by:
                continue
            if info.kind == "categorical" and info.theme == "profils":
                continue
            raw.append((info, *_one_test(design, info.variable, domain.by, settings)))
        ps = [r[4] for r in raw]
        qs = benjamini_hochberg(ps) if settings.fdr_method == "benjamini_hochberg" else ps
        for (info, stat, ndf, ddf, p, n, note), q in zip(raw, qs, strict=True):
            out.append(
                GroupTest(
                    variable=info.variable,
                    by=domain.by,
                    test=TEST_NAME,
                    statistic=stat,
                    df_num=ndf,
                    df_den=ddf,
                    p_value=p,
                    q_value=q,
                    significant=q is not None and q <= settings.alpha,
                    n=n,
                    note=note,
                )
            )
    return out


PAIR_TEST_NAME = "Wald (t) de la différence de proportions"
PAIR_TEST_NAME_EN = "Wald (t) test of the difference of proportions"


def pair_tests(
    design: SurveyDesign,
    indicators: Sequence[IndicatorInfo],
    domains: Sequence[DomainInfo],
    settings: StudySettings,
) -> list[PairTest]:
    """Difference of each binary indicator between the two groups of two-group breakdowns.

    Design-based Wald test (``phare.stats.difference_of_proportions``: covariance of the two
    domain estimates kept; R ``svyby(..., covmat = TRUE)`` + ``svycontrast``), among those who
    answered (other rows kept with a zero weight); BH over each breakdown's family.
    """
    out: list[PairTest] = []
    for domain in domains:
        if len(domain.groups) != 2 or domain.by not in design.data.columns:
            continue
        a, b = domain.groups[0].code, domain.groups[1].code
        raw: list[tuple[str, Any]] = []
        for info in indicators:
            if info.kind == "categorical" or info.variable not in design.data.columns:
                continue
            values = pd.to_numeric(design.data[info.variable], errors="coerce")
            groups = design.data[domain.by].astype(str)
            use = (values.notna() & groups.isin([a, b])).to_numpy()
            counts = groups[use].value_counts()
            if min(int(counts.get(a, 0)), int(counts.get(b, 0))) < settings.min_base_suppress:
                continue
            frame = pd.DataFrame(
                {
                    _ROW: np.where(use, values.fillna(0.0).to_numpy(dtype=float), 0.0),
                    _COL: np.where(use, groups.to_numpy(), a),
                },
                index=design.data.index,
            )
            weights = np.where(use, np.asarray(design.weights, dtype=float), 0.0)
            sub = dataclasses.replace(design.with_weights(weights), data=frame)
            try:
                result = difference_of_proportions(
                    sub, _ROW, _COL, a, b, confidence=settings.confidence_level
                )
            except (SurveyError, np.linalg.LinAlgError, ValueError) as err:
                raw.append((info.variable, err))
                continue
            raw.append((info.variable, result))
        ps = [r.p_value if not isinstance(r, Exception) else None for _, r in raw]
        qs = benjamini_hochberg(ps) if settings.fdr_method == "benjamini_hochberg" else ps
        for (variable, result), q in zip(raw, qs, strict=True):
            if isinstance(result, Exception):
                continue
            out.append(
                PairTest(
                    row_a=row_id(variable, domain.by, a),
                    row_b=row_id(variable, domain.by, b),
                    test=PAIR_TEST_NAME,
                    test_en=PAIR_TEST_NAME_EN,
                    difference=result.difference,
                    se=result.se,
                    ci_low=result.ci_low,
                    ci_high=result.ci_high,
                    statistic=result.statistic,
                    p_value=result.p_value,
                    q_value=q,
                    significant=q is not None and q <= settings.alpha,
                )
            )
    return out


__all__ = ["PAIR_TEST_NAME", "PAIR_TEST_NAME_EN", "TEST_NAME", "group_tests", "pair_tests"]
