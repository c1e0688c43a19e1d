"""Every published indicator estimated nationally and by breakdown, with publication flags.

Shares are design-based estimates on the calibrated design (``phare.stats.proportion``):
Hájek ratio :math:`\\hat p_d = \\sum_{i \\in s_d} w_i y_i / \\sum_{i \\in s_d} w_i` over the
respondents of domain :math:`d` who answered the item, Taylor-linearised variance with the
calibration residuals, a logit-scale interval (R ``svyciprop(method = "logit")``) and Kish's
design effect. A domain is estimated with ``by=`` on the whole design, never by cutting rows,
so that variances stay right (Lumley 2010, §2.4).

Publication flags come from the settings: a base (unweighted ``n``) under
``min_base_suppress`` is suppressed (no figure kept), under ``min_base_flag`` it is kept with
the flag "faible effectif".
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from phare.stats import EstimateRow as StatsRow
from phare.stats import SurveyDesign
from phare.stats.estimates import proportion
from phare.study.results import (
    NATIONAL,
    DomainInfo,
    EstimateRow,
    Flag,
    IndicatorInfo,
    StudySettings,
    row_id,
)

MISSING_GROUP = "_nr"


def flag_for(n: int, settings: StudySettings) -> Flag:
    """The publication flag of an unweighted base ``n``."""
    if n < settings.min_base_suppress:
        return Flag.SUPPRESSED
    if n < settings.min_base_flag:
        return Flag.LOW_BASE
    return Flag.OK


def _published(
    variable: str,
    level: str | None,
    by: str,
    group: str,
    source: StatsRow,
    settings: StudySettings,
    complement: bool = False,
) -> EstimateRow:
    flag = flag_for(source.n, settings)
    keep = flag != Flag.SUPPRESSED and source.estimate is not None
    est = source.estimate
    low, high = source.ci_low, source.ci_high
    if complement and est is not None:
        est = 1.0 - est
        low, high = (
            (1.0 - high if high is not None else None),
            (1.0 - low if low is not None else None),
        )
    if est is not None and (low is None or high is None) and source.n > 0:
        low, high = boundary_interval(est, source.n, settings.confidence_level)
    cv = source.cv
    if complement:
        cv = (source.se / est) if (source.se is not None and est) else None
    return EstimateRow(
        id=row_id(variable, by, group, level),
        variable=variable,
        level=level,
        by=by,
        group=group,
        estimate=est if keep else None,
        se=source.se if keep else None,
        ci_low=low if keep else None,
        ci_high=high if keep else None,
        cv=cv if keep else None,
        deff=source.deff if keep else None,
        n=source.n,
        flag=flag,
    )


def boundary_interval(estimate: float, n: int, level: float) -> tuple[float, float]:
    """Clopper–Pearson interval on the unweighted base for a share of exactly 0 or 1.

    The logit interval is undefined there (zero standard error); the exact binomial interval
    :math:`[0, 1 - (\alpha/2)^{1/n}]` (or its mirror) is a conservative stand-in, as R's
    ``svyciprop(method = "beta")`` would give with a design effect of 1.
    """
    alpha = 1.0 - level
    bound = (alpha / 2.0) ** (1.0 / n)
    if estimate >= 1.0:
        return bound, 1.0
    if estimate <= 0.0:
        return 0.0, 1.0 - bound
    return estimate, estimate


def estimate_indicators(
    design: SurveyDesign,
    indicators: Sequence[IndicatorInfo],
    domains: Sequence[DomainInfo],
    settings: StudySettings,
) -> list[EstimateRow]:
    """Estimate every indicator for every group of every breakdown.

    Binary and derived indicators give one row (the share of 1); categorical ones one row per
    code present in the data. Groups absent from the sample get no row.
    """
    variables = [i.variable for i in indicators if i.variable in design.data.columns]
    kinds = {i.variable: i.kind for i in indicators}
    rows: list[EstimateRow] = []
    for domain in domains:
        by = None if domain.by == NATIONAL else domain.by
        if by is not None and by not in design.data.columns:
            continue
        table = proportion(
            design,
            variables,
            by=by,
            ci_method="logit",
            level=settings.confidence_level,
            na_rm=True,
        )
        known = {g.code for g in domain.groups}
        found: dict[tuple[str, str, str | None], StatsRow] = {}
        for srow in table.rows:
            group = "ensemble" if by is None else str(srow.domain.get(by, ""))
            if by is not None and (group == MISSING_GROUP or group not in known):
                continue
            found[(srow.variable, group, srow.level)] = srow
        for group in [g.code for g in domain.groups]:
            for variable in variables:
                if kinds[variable] == "categorical":
                    for (v, g, level), srow in found.items():
                        if v == variable and g == group:
                            rows.append(
                                _published(variable, level, domain.by, group, srow, settings)
                            )
                    continue
                one = found.get((variable, group, "1"))
                if one is not None:
                    rows.append(_published(variable, None, domain.by, group, one, settings))
                    continue
                zero = found.get((variable, group, "0"))
                if zero is not None:
                    rows.append(
                        _published(
                            variable, None, domain.by, group, zero, settings, complement=True
                        )
                    )
    return _ordered(rows, indicators)


def _ordered(rows: list[EstimateRow], indicators: Sequence[IndicatorInfo]) -> list[EstimateRow]:
    rank = {i.variable: k for k, i in enumerate(indicators)}
    level_rank: dict[tuple[str, str], int] = {
        (i.variable, lv.code): k for i in indicators for k, lv in enumerate(i.levels)
    }
    return sorted(
        rows,
        key=lambda r: (
            rank.get(r.variable, 10**6),
            level_rank.get((r.variable, r.level or ""), 0),
        ),
    )


def as_codes(series: pd.Series) -> pd.Series:
    """A numeric item as nullable integer codes (levels then read "0", "1", "9")."""
    numeric = pd.to_numeric(series, errors="coerce")
    return numeric.round().astype("Int64")
