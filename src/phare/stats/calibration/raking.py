"""Raking (multiplicative) calibration distance, and classic raking by iterative fitting.

Distance :math:`G(g) = g \\log g - g + 1`, so :math:`g = F(u) = e^u` (always positive),
truncated to ``[L, U]`` when bounds are given (R's ``cal.raking``). With categorical margins
only, the solution is the raking ratio (iterative proportional fitting) estimator; :func:`ipf`
computes it by IPF, a second route used by the tests.

References
----------
Deming, W. E. & Stephan, F. F. (1940). On a least squares adjustment of a sampled frequency
table when the expected marginal totals are known. *Ann. Math. Stat.* 11, 427–444.
Deville, J.-C., Särndal, C.-E. & Sautory, O. (1993). Generalized raking procedures in survey
sampling. *JASA* 88, 1013–1020.
"""

from __future__ import annotations

import numpy as np


def inverse(u: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """:math:`F(u) - 1 = \\min(\\max(e^u, L), U) - 1`."""
    with np.errstate(over="ignore"):
        return np.clip(np.exp(u), lower, upper) - 1.0


def derivative(u: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """:math:`F'(u) = e^u` inside the bounds, 0 outside."""
    with np.errstate(over="ignore"):
        e = np.exp(u)
    return np.where((e > lower) & (e < upper), e, 0.0)


def ipf(
    codes: list[np.ndarray],
    weights: np.ndarray,
    targets: list[np.ndarray],
    *,
    max_iter: int = 1000,
    tol: float = 1e-12,
) -> tuple[np.ndarray, int]:
    """Iterative proportional fitting of ``weights`` to categorical margins.

    Parameters
    ----------
    codes : list of int arrays of shape (k,)
        Level code of each unit (or cell) for each margin.
    weights : ndarray of shape (k,)
    targets : list of arrays
        Population count of each level of each margin.

    Returns
    -------
    g : ndarray of shape (k,)
        Raking factors.
    iterations : int
    """
    w = weights.astype(float).copy()
    for iteration in range(1, max_iter + 1):
        worst = 0.0
        for code, target in zip(codes, targets, strict=True):
            current = np.bincount(code, weights=w, minlength=len(target))
            ratio = np.divide(target, current, out=np.ones_like(target), where=current > 0)
            w *= ratio[code]
            worst = max(worst, float(np.max(np.abs(current - target) / (1 + np.abs(target)))))
        if worst < tol:
            return w / weights, iteration
    return w / weights, max_iter
