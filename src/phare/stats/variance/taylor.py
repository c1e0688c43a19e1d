"""Taylor-linearisation variance for stratified cluster samples, accounting for calibration.

For a statistic with influence :math:`u_i` (see :mod:`phare.stats.estimates.kernel`), let
:math:`x_i = w_i u_i`. After each calibration (in order) :math:`x` is replaced by its
residual :math:`x - g d \\circ X\\beta`, :math:`\\beta = (X^T D X)^{-} X^T (x/g)`, the
weighted least-squares residual on the calibration variables (Deville & Särndal 1992; R
``svyrecvar`` with ``greg_calibration``). With :math:`t_{hi}` the total of :math:`x` over PSU
:math:`i` of stratum :math:`h` (:math:`n_h` PSUs, fpc factor :math:`f_h`),

.. math:: \\hat V = \\sum_h f_h \\frac{n_h}{n_h - 1} \\sum_i (t_{hi} - \\bar t_h)
   (t_{hi} - \\bar t_h)^T .

Strata with a single PSU follow the design's explicit policy: ``remove`` and ``certainty`` add
nothing, ``adjust`` adds :math:`f_h t_{h1} t_{h1}^T` (centred at the population mean, 0 for a
linearised statistic); strata with :math:`f_h < 10^{-7}` (census strata) add nothing. This is R
``survey`` 4.1's ``onestrat`` with ``survey.adjust.domain.lonely = FALSE``.

Two routes compute the same numbers: ``"dense"`` forms the PSU totals as a dense (P x m) matrix
and centres them; ``"quadratic"`` keeps the sparse part sparse and expands the quadratic form
:math:`T^T S T - \\bar T^T A \\bar T` with :math:`T = T_u - T_W B` (fast for many estimates on
element samples, e.g. 34,875 units x 288 estimates).

References
----------
Lumley, T. (2010). *Complex Surveys*. Wiley, §2.2, §7.
Deville, J.-C. & Särndal, C.-E. (1992). Calibration estimators in survey sampling. *JASA* 87.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp

from phare.stats.design import SurveyDesign
from phare.stats.estimates.kernel import column_of_entries

DENSE_LIMIT = 2_000_000


@dataclass(frozen=True, eq=False)
class LinearizedTotals:
    """:math:`x = x_u - W B`: sparse part (n x m), dense low-rank part (n x q) and (q x m)."""

    sparse: sp.csr_matrix
    dense: np.ndarray
    coef: np.ndarray


def calibration_residuals(design: SurveyDesign, x: sp.spmatrix) -> LinearizedTotals:
    """Apply the residual step of every calibration of ``design`` to ``x = w u`` (n x m)."""
    x_u = sp.csc_matrix(x)
    n, m = x_u.shape
    w_blocks: list[np.ndarray] = []
    b_blocks: list[np.ndarray] = []
    if design.calibrations:
        cols = column_of_entries(x_u)
    for step in design.calibrations:
        n_cells = step.x_cells.shape[0]
        inv_g = 1.0 / step.g
        if n_cells * m <= 5_000_000:
            keys = step.cell[x_u.indices] * m + cols
            cell_totals = np.bincount(
                keys, weights=x_u.data * inv_g[x_u.indices], minlength=n_cells * m
            ).reshape(n_cells, m)
        else:
            cell_sum = sp.csr_matrix((inv_g, (step.cell, np.arange(n))), shape=(n_cells, n))
            cell_totals = np.asarray((cell_sum @ x_u).todense())
        rhs = step.x_cells.T @ cell_totals
        for w_j, b_j in zip(w_blocks, b_blocks, strict=True):
            prior = _group_sum(step.cell, n_cells) @ (w_j * inv_g[:, None])
            rhs -= step.x_cells.T @ prior @ b_j
        d_cells = np.bincount(step.cell, weights=step.base_weights, minlength=n_cells)
        gram = step.x_cells.T @ (d_cells[:, None] * step.x_cells)
        beta = np.linalg.lstsq(gram, rhs, rcond=None)[0]
        w_blocks.append((step.g * step.base_weights)[:, None] * step.x_cells[step.cell])
        b_blocks.append(beta)
    if w_blocks:
        dense = np.hstack(w_blocks)
        coef = np.vstack(b_blocks)
    else:
        dense = np.zeros((n, 0))
        coef = np.zeros((0, m))
    return LinearizedTotals(sparse=x_u, dense=dense, coef=coef)


def _group_sum(group: np.ndarray, n_groups: int) -> sp.csr_matrix:
    """Sparse (groups x rows) indicator: ``_group_sum(g, k) @ a`` sums the rows of ``a`` by group."""
    n = len(group)
    return sp.csr_matrix((np.ones(n), (group, np.arange(n))), shape=(n_groups, n))


def _stratum_scales(design: SurveyDesign) -> tuple[np.ndarray, np.ndarray]:
    """Per-stratum multiplier of the sum of squares and of the centring term."""
    n_h = design.n_psu.astype(float)
    f_h = design.fpc_factor
    scale = np.zeros_like(f_h)
    centre = np.zeros_like(f_h)
    several = n_h > 1
    scale[several] = f_h[several] * n_h[several] / (n_h[several] - 1)
    centre[several] = scale[several] / n_h[several]
    if design.spec.lonely_psu == "adjust":
        scale[~several] = f_h[~several]
    census = f_h < 1e-7
    scale[census] = 0.0
    centre[census] = 0.0
    return scale, centre


def _psu_is_unit(design: SurveyDesign) -> bool:
    psu = design.psu
    return design.n_psus == design.n and bool(np.all(psu == np.arange(design.n)))


def taylor_covariance(
    design: SurveyDesign,
    x: sp.spmatrix,
    *,
    full: bool = False,
    method: Literal["auto", "dense", "quadratic"] = "auto",
) -> np.ndarray:
    """Variances (m,) — or the covariance matrix (m x m) if ``full`` — of the totals of ``x``.

    Parameters
    ----------
    design : SurveyDesign
    x : sparse matrix of shape (n, m)
        Weighted linearised values :math:`w_i u_{ij}`.
    full : bool
        Return the full covariance matrix instead of the variances.
    method : {"auto", "dense", "quadratic"}
        Computation route (same result); ``auto`` picks dense below ``DENSE_LIMIT`` PSU totals.
    """
    lin = calibration_residuals(design, x)
    n = design.n
    n_psus = design.n_psus
    m = lin.sparse.shape[1]
    if _psu_is_unit(design):
        t_u = lin.sparse
        t_w = lin.dense
    else:
        psu_sum = sp.csr_matrix((np.ones(n), (design.psu, np.arange(n))), shape=(n_psus, n))
        t_u = sp.csc_matrix(psu_sum @ lin.sparse)
        t_w = psu_sum @ lin.dense
    scale_h, centre_h = _stratum_scales(design)
    s = scale_h[design.psu_stratum]
    n_strata = design.n_strata
    cols = column_of_entries(t_u)
    entry_stratum = design.psu_stratum[t_u.indices]
    s_u = np.bincount(entry_stratum * m + cols, weights=t_u.data, minlength=n_strata * m).reshape(
        n_strata, m
    )
    s_w = _group_sum(design.psu_stratum, n_strata) @ t_w
    if method == "dense" or (method == "auto" and n_psus * m <= DENSE_LIMIT):
        t = t_u.toarray() - t_w @ lin.coef
        stratum_total = s_u - s_w @ lin.coef
        ratio = np.divide(centre_h, scale_h, out=np.zeros_like(scale_h), where=scale_h > 0)
        t_c = t - (ratio[:, None] * stratum_total)[design.psu_stratum]
        if full:
            return np.asarray(t_c.T @ (s[:, None] * t_c))
        return np.asarray((s[:, None] * t_c * t_c).sum(axis=0)).ravel()

    coef = lin.coef
    s_entries = s[t_u.indices]
    cross_s = np.asarray(t_u.T @ (s[:, None] * t_w))  # m x q
    gram_s = t_w.T @ (s[:, None] * t_w)  # q x q
    cross_a = s_u.T @ (centre_h[:, None] * s_w)
    gram_a = s_w.T @ (centre_h[:, None] * s_w)
    if full:
        st_u = sp.csc_matrix((t_u.data * s_entries, t_u.indices, t_u.indptr), shape=t_u.shape)
        v = np.asarray((t_u.T @ st_u).todense())
        v -= cross_s @ coef + (cross_s @ coef).T
        v += coef.T @ gram_s @ coef
        v -= s_u.T @ (centre_h[:, None] * s_u)
        v += cross_a @ coef + (cross_a @ coef).T
        v -= coef.T @ gram_a @ coef
        return v
    var = np.bincount(cols, weights=s_entries * t_u.data**2, minlength=m)
    var -= 2.0 * np.einsum("jq,qj->j", cross_s, coef)
    var += np.einsum("qj,qr,rj->j", coef, gram_s, coef)
    var -= (centre_h[:, None] * s_u * s_u).sum(axis=0)
    var += 2.0 * np.einsum("jq,qj->j", cross_a, coef)
    var -= np.einsum("qj,qr,rj->j", coef, gram_a, coef)
    return var
