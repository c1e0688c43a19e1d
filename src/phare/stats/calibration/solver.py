"""Newton solver of the calibration equations (R ``survey``'s ``grake``).

Find :math:`\\lambda` such that :math:`\\sum_i d_i F(x_i^T\\lambda) x_i = X` (population
totals). Newton steps :math:`\\lambda \\leftarrow \\lambda + (X^T \\text{diag}(d F') X)^{-}
(X - \\hat X)` with a generalised inverse, step halving when weights overflow, and convergence
when :math:`\\max_k |X_k - \\hat X_k| / (1 + |X_k|) < \\text{tol}`. As in R, when every
population total exceeds 20 times its sample total the weights are first rescaled by the mean
ratio (bounds then apply to the rescaled weights).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Distance = Callable[[np.ndarray, float, float], np.ndarray]
RESCALE_THRESHOLD = 20.0


@dataclass(frozen=True)
class SolverResult:
    """g-weights per row, iterations used, convergence flag and worst relative misfit."""

    g: np.ndarray
    iterations: int
    converged: bool
    max_misfit: float
    rescaled: float | None


def solve(
    x: np.ndarray,
    d: np.ndarray,
    targets: np.ndarray,
    inverse: Distance,
    derivative: Distance,
    *,
    lower: float,
    upper: float,
    max_iter: int,
    tol: float,
) -> SolverResult:
    """Solve the calibration equations on rows ``x`` (k x p) with weights ``d`` (k,)."""
    sample_total = x.T @ d
    with np.errstate(divide="ignore", invalid="ignore"):
        scales = targets / sample_total
    rescaled = None
    if np.all(scales > RESCALE_THRESHOLD):
        rescaled = float(np.mean(scales))
        d = d * rescaled
    eta = np.zeros(x.shape[1])
    u = x @ eta
    dev = inverse(u, lower, upper)
    deriv = derivative(u, lower, upper)
    iteration = 1
    misfit = targets - x.T @ (d * (1.0 + dev))
    worst = float(np.max(np.abs(misfit) / (1.0 + np.abs(targets))))
    converged = worst < tol
    while not converged:
        hessian = x.T @ ((d * deriv)[:, None] * x)
        step = np.linalg.pinv(hessian, rcond=256 * np.finfo(float).eps) @ misfit
        eta = eta + step
        u = x @ eta
        dev = inverse(u, lower, upper)
        deriv = derivative(u, lower, upper)
        while iteration < max_iter and not (np.isfinite(dev).all() and np.isfinite(deriv).all()):
            iteration += 1
            step = step / 2
            eta = eta - step
            u = x @ eta
            dev = inverse(u, lower, upper)
            deriv = derivative(u, lower, upper)
        misfit = targets - x.T @ (d * (1.0 + dev))
        worst = float(np.max(np.abs(misfit) / (1.0 + np.abs(targets))))
        if worst < tol:
            converged = True
            break
        iteration += 1
        if iteration > max_iter:
            break
    g = 1.0 + dev
    if rescaled is not None:
        g = g * rescaled
    return SolverResult(
        g=g, iterations=iteration, converged=converged, max_misfit=worst, rescaled=rescaled
    )
