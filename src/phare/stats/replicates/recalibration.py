r"""Calibration of many weight columns at once: the full sample and every replicate.

A calibrated replicate design must redo the calibration in each replicate, otherwise the
replicate variance ignores the variance reduction that calibration brings (R ``survey``'s
``calibrate()`` on a ``svyrep.design`` does the same). Given weight columns
:math:`w^{(c)}`, auxiliary variables :math:`x_i` (p columns) and population totals
:math:`X`, each column gets factors :math:`g_i^{(c)} = F(x_i^\top \lambda^{(c)})` solving
:math:`\sum_i w_i^{(c)} g_i^{(c)} x_i = X` (Deville & Särndal 1992), with

* linear: :math:`F(u) = 1 + u` (one Newton step is exact; GREG),
* raking: :math:`F(u) = e^u` (optionally truncated to bounds ``[L, U]``),
* logit: :math:`F(u) = \frac{L(U-1) + U(1-L)e^{Au}}{U - 1 + (1-L)e^{Au}}`,
  :math:`A = \frac{U-L}{(1-L)(U-1)}` (bounded, CALMAR's logit method).

Units that share the same :math:`x_i` share :math:`g_i`, so the Newton iterations run on the
distinct rows ("cells") of :math:`x` with the summed weights of each cell: for categorical
margins this turns a million units into about a thousand cells. Newton steps follow R's
``grake`` (generalised inverse of the Hessian, step halving on overflow, the same
convergence criterion :math:`\max |X - \hat X| / (1 + |X|) < \epsilon`) and run on all
columns together. :func:`rake_margins` is the classic iterative proportional fitting on
cells, a second route to the raking solution for categorical margins (faster per iteration).

References
----------
Deville, J.-C. & Särndal, C.-E. (1992). Calibration estimators in survey sampling. *Journal
of the American Statistical Association*, 87(418), 376-382.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley, ch. 7.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

#: Calibration distances supported per replicate.
CALIBRATION_METHODS = ("linear", "raking", "logit")

_RESCALE_THRESHOLD = 20.0  # as R's grake: rescale weights when they are far below the totals


@dataclass(frozen=True)
class ColumnCalibration:
    """Calibration factors for each weight column, per cell.

    Attributes
    ----------
    g_cells : ndarray of shape (K, C)
        Multiplicative factor of each cell in each column.
    cell : ndarray of shape (n,)
        Cell of each unit.
    converged : ndarray of shape (C,)
        Whether each column met the convergence criterion.
    iterations : int
        Iterations used.
    """

    g_cells: NDArray[np.float64]
    cell: NDArray[np.int64]
    converged: NDArray[np.bool_]
    iterations: int

    @property
    def g(self) -> NDArray[np.float64]:
        """Factors of each unit, shape (n, C); calibrated weights are ``weights * g``."""
        return self.g_cells[self.cell]

    def apply(self, weights: NDArray[np.float64]) -> NDArray[np.float64]:
        """Calibrated weights ``weights * g``, computed in place in ``weights``."""
        weights *= np.take(self.g_cells, self.cell, axis=0)
        return weights


def collapse_cells(x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Distinct rows of ``x`` (cells, shape (K, p)) and each unit's cell index (n,)."""
    uniq, inverse = np.unique(x, axis=0, return_inverse=True)
    return uniq, inverse.reshape(-1).astype(np.int64)


def cell_sums(
    weights: NDArray[np.float64], cells: NDArray[np.int64], k: int
) -> NDArray[np.float64]:
    """Sum of each weight column within each cell, shape (k, C)."""
    n = cells.size
    if weights.shape[1] == 1:
        summed = np.bincount(cells, weights=weights[:, 0], minlength=k).astype(np.float64)
        return summed[:, None]
    agg = sp.csr_matrix((np.ones(n), (cells, np.arange(n))), shape=(k, n))
    return np.asarray(agg @ weights)


def _distance(
    method: str, u: NDArray[np.float64], lower: float, upper: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``F(u) - 1`` and ``F'(u)`` of the calibration distance."""
    if method == "linear":
        g = np.clip(1.0 + u, lower, upper) - 1.0
        d = np.where((1.0 + u > lower) & (1.0 + u < upper), 1.0, 0.0)
        return g, d
    if method == "raking":
        e = np.exp(u)
        inside = (e > lower) & (e < upper)
        return np.clip(e, lower, upper) - 1.0, np.where(inside, e, 0.0)
    a = (upper - lower) / ((upper - 1.0) * (1.0 - lower))
    e = np.exp(a * u)
    den = upper - 1.0 + (1.0 - lower) * e
    num = lower * (upper - 1.0) + upper * (1.0 - lower) * e
    g = num / den - 1.0
    d = upper * (1.0 - lower) * e * a / den - num * ((1.0 - lower) * e * a) / den**2
    return g, d


def _newton_step(hessian: NDArray[np.float64], misfit: NDArray[np.float64]) -> NDArray[np.float64]:
    """Solve ``hessian[c] @ step[:, c] = misfit[:, c]`` for every column ``c``.

    A direct solve when every Hessian is well conditioned, else R's generalised inverse.
    """
    try:
        step = np.linalg.solve(hessian, misfit.T[:, :, None])[:, :, 0].T
        cond_ok = np.isfinite(step).all()
    except np.linalg.LinAlgError:
        cond_ok = False
    if cond_ok:
        # guard against nearly singular systems, where solve is inaccurate: check residuals
        residual = np.einsum("cpq,qc->pc", hessian, step) - misfit
        scale = np.abs(misfit).max(axis=0) + 1.0
        cond_ok = bool((np.abs(residual).max(axis=0) <= 1e-8 * scale).all())
    if not cond_ok:
        inverse = np.linalg.pinv(hessian, rcond=256 * np.finfo(float).eps)
        step = np.einsum("cpq,qc->pc", inverse, misfit)
    return np.asarray(step)


def calibrate_columns(
    weights: NDArray[np.float64],
    x_cells: NDArray[np.float64],
    cell: NDArray[np.int64],
    population: NDArray[np.float64],
    *,
    method: str = "raking",
    bounds: tuple[float, float] = (-np.inf, np.inf),
    epsilon: float = 1e-10,
    max_iter: int = 100,
) -> ColumnCalibration:
    r"""Calibrate every weight column to the same population totals (Newton, as R's ``grake``).

    Parameters
    ----------
    weights : ndarray of shape (n, C)
        Weight columns (full sample, replicates).
    x_cells : ndarray of shape (K, p)
        Auxiliary variables (model matrix of the calibration formula) of each cell; units of
        a cell share them (:func:`collapse_cells` finds the cells of a unit-level matrix).
    cell : ndarray of shape (n,)
        Cell index of each unit.
    population : ndarray of shape (p,)
        Population totals of the columns of ``x``.
    method : {"linear", "raking", "logit"}
        Calibration distance.
    bounds : (float, float)
        Bounds ``(L, U)`` on ``g``; required finite with ``L < 1 < U`` for "logit".
    epsilon : float
        Convergence criterion on :math:`|X - \hat X|/(1+|X|)`.
    max_iter : int
        Maximum Newton iterations.

    Returns
    -------
    ColumnCalibration
    """
    k, p = x_cells.shape
    totals = cell_sums(weights, cell, k)  # (K, C)
    n_cols = totals.shape[1]
    lower, upper = float(bounds[0]), float(bounds[1])
    sample_total = x_cells.T @ totals  # (p, C)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = population[:, None] / sample_total
    rescale = np.ones(n_cols)
    big = np.nanmin(np.where(np.isfinite(ratios), ratios, np.nan), axis=0) > _RESCALE_THRESHOLD
    if big.any():
        rescale[big] = np.nanmean(np.where(np.isfinite(ratios), ratios, np.nan), axis=0)[big]
    totals = totals * rescale
    eta = np.zeros((p, n_cols))
    products = (x_cells[:, :, None] * x_cells[:, None, :]).reshape(k, p * p)
    tol = 1.0 + np.abs(population)[:, None]
    converged = np.zeros(n_cols, dtype=bool)
    iteration = 0
    gm1, deriv = _distance(method, x_cells @ eta, lower, upper)
    while True:
        iteration += 1
        misfit = population[:, None] - x_cells.T @ (totals * (1.0 + gm1))
        hessian = (products.T @ (totals * deriv)).reshape(p, p, n_cols).transpose(2, 0, 1)
        step = _newton_step(hessian, misfit)
        eta = eta + step
        gm1, deriv = _distance(method, x_cells @ eta, lower, upper)
        halvings = 0
        while halvings < max_iter:
            bad = ~(np.isfinite(gm1).all(axis=0) & np.isfinite(deriv).all(axis=0))
            if not bad.any():
                break
            step = np.where(bad, step / 2.0, 0.0)
            eta = eta - step
            gm1, deriv = _distance(method, x_cells @ eta, lower, upper)
            halvings += 1
        misfit = population[:, None] - x_cells.T @ (totals * (1.0 + gm1))
        converged = np.asarray((np.abs(misfit) / tol < epsilon).all(axis=0))
        if converged.all() or iteration >= max_iter:
            break
    g_cells = (1.0 + gm1) * rescale
    return ColumnCalibration(g_cells, cell, converged, iteration)


def rake_margins(
    weights: NDArray[np.float64],
    margins: Sequence[NDArray[np.int64]],
    targets: Sequence[NDArray[np.float64]],
    *,
    epsilon: float = 1e-10,
    max_iter: int = 1000,
) -> ColumnCalibration:
    r"""Raking ratio (iterative proportional fitting) of every weight column on cells.

    Parameters
    ----------
    weights : ndarray of shape (n, C)
        Weight columns.
    margins : sequence of ndarray of shape (n,)
        For each margin, the level code (0..L_m-1) of every unit.
    targets : sequence of ndarray of shape (L_m,)
        Population count of each level of each margin (all margins sum to the same total).
    epsilon : float
        Convergence criterion :math:`\max |X - \hat X|/(1+|X|)` over all margin levels.
    max_iter : int
        Maximum sweeps over the margins.

    Returns
    -------
    ColumnCalibration
        Factors equal to those of raking calibration (:func:`calibrate_columns` with
        ``method="raking"``) when the solution exists.
    """
    stacked = np.stack(margins, axis=1)
    levels = np.array([t.size for t in targets], dtype=np.int64)
    radix = np.cumprod(np.concatenate([[1], levels[:-1]]))
    codes = stacked @ radix
    uniq, index = np.unique(codes, return_inverse=True)
    index = index.reshape(-1).astype(np.int64)
    k = uniq.size
    cell_levels = [(uniq // radix[m]) % levels[m] for m in range(levels.size)]
    totals = cell_sums(weights, index, k)
    g = np.ones_like(totals)
    onehots = [
        sp.csr_matrix((np.ones(k), (cell_levels[m], np.arange(k))), shape=(levels[m], k))
        for m in range(levels.size)
    ]
    tol = [1.0 + np.abs(t) for t in targets]
    converged = np.zeros(totals.shape[1], dtype=bool)
    sweep = 0
    while sweep < max_iter:
        sweep += 1
        for m, onehot in enumerate(onehots):
            current = np.asarray(onehot @ (totals * g))
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(current > 0, targets[m][:, None] / current, 1.0)
            g *= ratio[cell_levels[m]]
        worst = np.zeros(totals.shape[1])
        for m, onehot in enumerate(onehots):
            current = np.asarray(onehot @ (totals * g))
            worst = np.maximum(
                worst, (np.abs(current - targets[m][:, None]) / tol[m][:, None]).max(axis=0)
            )
        converged = worst < epsilon
        if converged.all():
            break
    return ColumnCalibration(g, index, converged, sweep)
