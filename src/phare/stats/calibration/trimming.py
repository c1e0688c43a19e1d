"""Trimming of weights (R ``survey``'s ``trimWeights``)."""

from __future__ import annotations

import math

import numpy as np

from phare.stats.design import SurveyDesign
from phare.stats.errors import DesignError
from phare.stats.results import ResultWarning


def trim_weights(
    design: SurveyDesign,
    *,
    lower: float = -math.inf,
    upper: float = math.inf,
    strict: bool = False,
) -> SurveyDesign:
    """Clip the weights to ``[lower, upper]`` and share the excess equally among the others.

    .. math:: w_i' = \\min(\\max(w_i, L), U) + \\frac{\\sum_j (w_j - \\min(\\max(w_j, L), U))}
       {\\#\\{j : L \\le w_j \\le U\\}} 1_{L \\le w_i \\le U}

    The total of the weights is kept. With ``strict=True`` the step is repeated until no
    weight is outside the bounds (the redistribution can push weights past a bound). The
    design's calibrations are kept for the variance, as in R.

    Parameters
    ----------
    design : SurveyDesign
    lower, upper : float
        Bounds on the weights themselves (not on g).
    strict : bool, default False
    """
    if not lower < upper:
        raise DesignError(
            "Bornes d'écrêtage invalides / invalid trimming bounds",
            code="design.trim_bounds",
            parameter="lower, upper",
            expected="lower < upper",
            received=(lower, upper),
        )
    w = design.weights.astype(float).copy()
    total_trimmed = 0
    for _ in range(1000):
        outside = (w < lower) | (w > upper)
        if not outside.any():
            break
        total_trimmed = max(total_trimmed, int(outside.sum()))
        clipped = np.clip(w, lower, upper)
        excess = float((w - clipped).sum())
        clipped[~outside] += excess / int((~outside).sum())
        w = clipped
        if not strict:
            break
    if total_trimmed == 0:
        return design
    warning = ResultWarning(
        code="weights_trimmed",
        message=f"{total_trimmed} poids écrêtés / {total_trimmed} weights trimmed",
        details={"lower": lower, "upper": upper, "strict": strict},
    )
    return design.with_weights(w).with_warnings(warning)
