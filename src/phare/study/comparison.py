"""Change of every indicator between two waves, from their results.

Two waves are independent samples, so for an estimate :math:`\\hat p_1` (earlier wave) and
:math:`\\hat p_2` (later wave) of the same indicator in the same group,
:math:`\\widehat{Var}(\\hat p_2 - \\hat p_1) = \\widehat{Var}(\\hat p_1) + \\widehat{Var}(\\hat p_2)`
(no covariance term). The interval is :math:`(\\hat p_2 - \\hat p_1) \\pm z_{1-\\alpha/2}\\,SE`
and the test :math:`z = (\\hat p_2 - \\hat p_1)/SE` against the normal distribution; the
p-values of a whole table are adjusted by Benjamini–Hochberg when the settings ask for it.
Rows suppressed in either wave are not compared.
"""

from __future__ import annotations

import math

from scipy import stats as sps

from phare.study.multiplicity import benjamini_hochberg
from phare.study.results import (
    Flag,
    StudySettings,
    WaveChange,
    WaveComparison,
    WaveResults,
)


def _as_float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def compare_waves(
    earlier: WaveResults, later: WaveResults, settings: StudySettings | None = None
) -> WaveComparison:
    """The change of every indicator row present in both waves (later minus earlier)."""
    if not isinstance(earlier, WaveResults) or not isinstance(later, WaveResults):
        raise TypeError("earlier, later: expected two WaveResults")
    settings = settings or later.metadata.settings
    z = float(sps.norm.ppf(0.5 + settings.confidence_level / 2))
    before = {r.id: r for r in earlier.estimates}
    changes: list[dict[str, object]] = []
    for row in later.estimates:
        old = before.get(row.id)
        if old is None:
            continue
        both = (
            row.estimate is not None
            and old.estimate is not None
            and row.se is not None
            and old.se is not None
        )
        flag = Flag.OK
        if Flag.SUPPRESSED in (row.flag, old.flag):
            flag = Flag.SUPPRESSED
        elif Flag.LOW_BASE in (row.flag, old.flag):
            flag = Flag.LOW_BASE
        diff = se = low = high = stat = p = None
        if both:
            diff = float(row.estimate) - float(old.estimate)  # type: ignore[arg-type]
            se = math.sqrt(float(row.se) ** 2 + float(old.se) ** 2)  # type: ignore[arg-type]
            low, high = diff - z * se, diff + z * se
            if se > 0:
                stat = diff / se
                p = float(2 * sps.norm.sf(abs(stat)))
        changes.append(
            {
                "variable": row.variable,
                "level": row.level,
                "by": row.by,
                "group": row.group,
                "estimate_from": old.estimate,
                "estimate_to": row.estimate,
                "n_from": old.n,
                "n_to": row.n,
                "difference": diff,
                "se": se,
                "ci_low": low,
                "ci_high": high,
                "statistic": stat,
                "p_value": p,
                "flag": flag,
            }
        )
    # one family per breakdown, as for the group tests
    q_values: list[float | None] = [None] * len(changes)
    for by in {str(c["by"]) for c in changes}:
        idx = [i for i, c in enumerate(changes) if c["by"] == by]
        ps: list[float | None] = [_as_float(changes[i]["p_value"]) for i in idx]
        adjusted = benjamini_hochberg(ps) if settings.fdr_method == "benjamini_hochberg" else ps
        for i, q in zip(idx, adjusted, strict=True):
            q_values[i] = q
    out = []
    for c, q in zip(changes, q_values, strict=True):
        out.append(
            WaveChange(
                **c,  # type: ignore[arg-type]
                q_value=q,
                significant=q is not None and q <= settings.alpha,
            )
        )
    test_fr = (
        "Échantillons indépendants : variance de l'écart = somme des variances ; test z, "
        + (
            "p-values ajustées par Benjamini–Hochberg par découpage"
            if settings.fdr_method == "benjamini_hochberg"
            else "sans ajustement"
        )
        + f", seuil {settings.alpha:g}."
    )
    test_en = (
        "Independent samples: variance of the difference = sum of the variances; z test, "
        + (
            "Benjamini–Hochberg adjusted by breakdown"
            if settings.fdr_method == "benjamini_hochberg"
            else "no adjustment"
        )
        + f", level {settings.alpha:g}."
    )
    return WaveComparison(
        wave_from=earlier.metadata.wave,
        wave_to=later.metadata.wave,
        test_fr=test_fr,
        test_en=test_en,
        changes=out,
    )
