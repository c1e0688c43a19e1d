"""Calibration of a design's weights on population margins (Deville–Särndal, CALMAR).

New weights :math:`w_i = d_i g_i` minimise :math:`\\sum_i d_i G(g_i)` subject to
:math:`\\sum_i w_i x_i = X`, where :math:`x_i` are the calibration variables (intercept,
dummies of categorical margins, numeric variables) and :math:`X` their population totals. The
distance :math:`G` is the method: ``linear`` (:mod:`.linear`), ``raking`` (:mod:`.raking`),
``logit`` (:mod:`.logit`, bounded). The solution is :math:`g_i = F(x_i^T \\lambda)` with
:math:`F` the inverse of :math:`G'`; :math:`\\lambda` is found by Newton's method
(:mod:`.solver`) on the cells of the margins. The calibrated design remembers
:math:`X`, :math:`d` and :math:`g` so that Taylor variances use the calibration residuals.

References
----------
Deville, J.-C. & Särndal, C.-E. (1992). *JASA* 87, 376–382.
Deville, J.-C., Särndal, C.-E. & Sautory, O. (1993). *JASA* 88, 1013–1020.
Lumley, T. (2010). *Complex Surveys*, ch. 7; R ``survey`` 4.1 ``calibrate``, ``grake``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np

from phare.stats.calibration import linear, logit, raking
from phare.stats.calibration.margins import Margins, ModelMatrix, build_model_matrix
from phare.stats.calibration.solver import SolverResult, solve
from phare.stats.design import CalibrationStep, SurveyDesign
from phare.stats.errors import ConvergenceError, MarginsError, UnreachableMarginsError
from phare.stats.results import CalibrationReport, MarginCheck, ResultWarning

Method = Literal["linear", "raking", "logit"]
METHODS = {"linear": linear, "raking": raking, "logit": logit}


def _as_margins(margins: Margins | Mapping[str, Any]) -> Margins:
    if isinstance(margins, Margins):
        return margins
    if isinstance(margins, Mapping):
        return Margins.from_mapping(margins)
    raise MarginsError(
        "Marges illisibles / unreadable margins",
        parameter="margins",
        expected="a Margins object or a mapping {variable: {level: count} | total}",
        received=type(margins).__name__,
    )


def _check_bounds(method: str, bounds: tuple[float, float] | None) -> tuple[float, float]:
    if method not in METHODS:
        raise MarginsError(
            "Méthode de calage inconnue / unknown calibration method",
            code="calibration.method",
            parameter="method",
            expected=" | ".join(METHODS),
            received=method,
        )
    if bounds is None:
        if method == "logit":
            raise MarginsError(
                "Le calage logit exige des bornes / logit calibration needs bounds",
                code="calibration.bounds",
                parameter="bounds",
                expected="(L, U) with 0 <= L < 1 < U, finite",
                received=None,
            )
        return (-math.inf, math.inf)
    try:
        lower, upper = (float(b) for b in bounds)
    except (TypeError, ValueError) as exc:
        raise MarginsError(
            "Bornes illisibles / unreadable bounds",
            code="calibration.bounds",
            parameter="bounds",
            expected="a pair (L, U)",
            received=bounds,
        ) from exc
    if not lower < 1.0 < upper or (method == "logit" and not math.isfinite(upper - lower)):
        raise MarginsError(
            "Bornes invalides / invalid bounds",
            code="calibration.bounds",
            parameter="bounds",
            expected="L < 1 < U" + (", both finite" if method == "logit" else ""),
            received=(lower, upper),
        )
    return lower, upper


def _trim(g: np.ndarray, d: np.ndarray, trim: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """R's ``calibrate(trim=)``: clip g, spread the excess over the others pro rata of d."""
    low, high = trim
    g_new = np.clip(g, low, high)
    outside = (g < low) | (g > high)
    if outside.any():
        excess = float(((g - g_new) * d).sum())
        g_new[~outside] += excess / float(d[~outside].sum())
    return g_new, outside


def calibrate(
    design: SurveyDesign,
    margins: Margins | Mapping[str, Any],
    *,
    method: Method = "linear",
    bounds: tuple[float, float] | None = None,
    trim: tuple[float, float] | None = None,
    max_iter: int = 50,
    tol: float = 1e-10,
    force: bool = False,
) -> SurveyDesign:
    """Calibrate the weights of ``design`` to population ``margins``.

    Parameters
    ----------
    design : SurveyDesign
    margins : Margins or mapping
        ``{variable: {level: count}}`` for categorical margins, ``{variable: total}`` for
        numeric ones, ``{"(Intercept)": N}`` for the population size.
    method : {"linear", "raking", "logit"}, default "linear"
    bounds : (float, float), optional
        Bounds ``(L, U)`` on the g-weights (required for ``logit``; truncation for the others).
    trim : (float, float), optional
        Trim the g-weights to ``[lo, hi]`` after calibration, spreading the excess over the
        other units pro rata of their weights (R's ``trim=``); margins are then met only
        approximately and a warning is recorded.
    max_iter : int, default 50
    tol : float, default 1e-10
        Convergence when :math:`\\max_k |X_k - \\hat X_k|/(1+|X_k|) <` ``tol``.
    force : bool, default False
        Return the non-converged weights with a warning instead of raising.

    Returns
    -------
    SurveyDesign
        A new design with calibrated weights; ``.calibration`` holds a
        :class:`~phare.stats.results.CalibrationReport`.

    Raises
    ------
    MarginsError
        Unknown variable, level of the sample missing from the margins, margins with different
        totals, invalid bounds or method.
    UnreachableMarginsError
        A margin level with no sampled unit, a zero count for a sampled level (raking, logit),
        or bounds that cannot be met.
    ConvergenceError
        No convergence in ``max_iter`` iterations (unless ``force``).
    """
    lower, upper = _check_bounds(method, bounds)
    margins = _as_margins(margins)
    mm = build_model_matrix(design, margins, positive=method != "linear")
    d = design.weights
    d_cells = np.bincount(mm.cell, weights=d, minlength=mm.x_cells.shape[0])
    distance = METHODS[method]
    result = solve(
        mm.x_cells,
        d_cells,
        mm.targets,
        distance.inverse,
        distance.derivative,
        lower=lower,
        upper=upper,
        max_iter=max_iter,
        tol=tol,
    )
    warnings: list[ResultWarning] = []
    if not result.converged:
        details = {"max_misfit": result.max_misfit, "iterations": result.iterations}
        if not force:
            if math.isfinite(lower) or math.isfinite(upper):
                raise UnreachableMarginsError(
                    "Marges inatteignables dans les bornes / margins unreachable within bounds",
                    parameter="bounds",
                    expected=f"bounds wide enough (misfit < {tol:g})",
                    received=f"{(lower, upper)}: misfit {result.max_misfit:.3g} after"
                    f" {result.iterations} iterations",
                )
            raise ConvergenceError(
                "Le calage n'a pas convergé / calibration did not converge",
                parameter="max_iter",
                expected=f"misfit < {tol:g}",
                received=f"misfit {result.max_misfit:.3g} after {result.iterations} iterations",
            )
        warnings.append(
            ResultWarning(
                code="calibration_not_converged",
                message="Calage non convergé (force=True) / calibration not converged",
                details=details,
            )
        )
    g_cells = result.g
    n_trimmed = 0
    if trim is not None:
        g_cells, outside = _trim(g_cells, d_cells, (float(trim[0]), float(trim[1])))
        n_trimmed = int(np.bincount(mm.cell, minlength=len(g_cells))[outside].sum())
        if n_trimmed:
            warnings.append(
                ResultWarning(
                    code="weights_trimmed",
                    message=(
                        f"{n_trimmed} poids écrêtés, marges approchées / {n_trimmed} weights"
                        " trimmed, margins met approximately"
                    ),
                    details={"n": n_trimmed, "trim": list(trim)},
                )
            )
    if result.rescaled is not None:
        warnings.append(
            ResultWarning(
                code="weights_rescaled",
                message="Poids remis à l'échelle avant calage / weights rescaled before calibration",
                details={"factor": result.rescaled},
            )
        )
    g = g_cells[mm.cell]
    new_weights = d * g
    n_at_bounds = 0
    if math.isfinite(lower) or math.isfinite(upper):
        scale = result.rescaled or 1.0
        at = (np.abs(g_cells / scale - lower) < 1e-6) | (np.abs(g_cells / scale - upper) < 1e-6)
        n_at_bounds = int(np.bincount(mm.cell, minlength=len(g_cells))[at].sum())
        if n_at_bounds:
            warnings.append(
                ResultWarning(
                    code="weights_at_bound",
                    message=f"{n_at_bounds} poids à une borne / weights at a bound",
                    details={"n": n_at_bounds, "bounds": [lower, upper]},
                )
            )
    if (new_weights <= 0).any():
        warnings.append(
            ResultWarning(
                code="nonpositive_weights",
                message="Poids calés négatifs ou nuls / non-positive calibrated weights",
                details={"n": int((new_weights <= 0).sum())},
            )
        )
    report = _report(
        design,
        mm,
        new_weights,
        g,
        method,
        bounds,
        trim,
        result,
        tol,
        n_trimmed,
        n_at_bounds,
        warnings,
    )
    step = CalibrationStep(cell=mm.cell, x_cells=mm.x_cells, base_weights=d, g=g, report=report)
    return design.with_calibration(new_weights, step).with_warnings(*warnings)


def _report(
    design: SurveyDesign,
    mm: ModelMatrix,
    weights: np.ndarray,
    g: np.ndarray,
    method: str,
    bounds: tuple[float, float] | None,
    trim: tuple[float, float] | None,
    result: SolverResult,
    tol: float,
    n_trimmed: int,
    n_at_bounds: int,
    warnings: list[ResultWarning],
) -> CalibrationReport:
    checks: list[MarginCheck] = []
    cell_weights = np.bincount(mm.cell, weights=weights, minlength=mm.x_cells.shape[0])
    for code, levels, target, name in zip(
        mm.cell_codes, mm.margin_levels, mm.margin_targets, mm.margin_names, strict=True
    ):
        achieved = np.bincount(code, weights=cell_weights, minlength=len(levels))
        checks.extend(
            MarginCheck(variable=name, level=lev, target=float(t), achieved=float(a))
            for lev, t, a in zip(levels, target, achieved, strict=True)
        )
    for k, (name, lev) in enumerate(mm.columns):
        if lev is None:
            checks.append(
                MarginCheck(
                    variable=name,
                    level=None,
                    target=float(mm.targets[k]),
                    achieved=float(mm.x_cells[:, k] @ cell_weights),
                )
            )
    sw = float(weights.sum())
    sw2 = float((weights**2).sum())
    return CalibrationReport(
        method=method,
        bounds=None if bounds is None else (float(bounds[0]), float(bounds[1])),
        trim=None if trim is None else (float(trim[0]), float(trim[1])),
        converged=result.converged,
        iterations=result.iterations,
        max_misfit=result.max_misfit,
        tolerance=tol,
        n=design.n,
        n_cells=int(mm.x_cells.shape[0]),
        g_min=float(g.min()),
        g_max=float(g.max()),
        g_mean=float(g.mean()),
        n_trimmed=n_trimmed,
        n_at_bounds=n_at_bounds,
        kish_n=sw**2 / sw2,
        deff_weighting=design.n * sw2 / sw**2,
        margins=checks,
        warnings=warnings,
    )


def rake(
    design: SurveyDesign,
    margins: Margins | Mapping[str, Any],
    *,
    max_iter: int = 50,
    tol: float = 1e-10,
    force: bool = False,
) -> SurveyDesign:
    """Rake ``design`` to categorical margins: :func:`calibrate` with ``method="raking"``.

    The weights are those of iterative proportional fitting (R's ``rake``), computed by Newton's
    method on the cells of the margins. The Taylor variance uses the raking residuals of
    :func:`calibrate` (R's ``calibrate(calfun="raking")``), not R ``rake``'s ten-pass
    approximation.

    Parameters
    ----------
    design : SurveyDesign
    margins : Margins or mapping
        Categorical margins only: ``{variable: {level: count}}``.
    max_iter, tol, force
        As in :func:`calibrate`.
    """
    margins = _as_margins(margins)
    if margins.numeric:
        raise MarginsError(
            "Le ratissage n'accepte que des marges catégorielles / raking takes categorical"
            " margins only",
            parameter="margins",
            expected="{variable: {level: count}}",
            received=sorted(margins.numeric),
        )
    return calibrate(design, margins, method="raking", max_iter=max_iter, tol=tol, force=force)


def post_stratify(design: SurveyDesign, variable: str, counts: Mapping[str, float]) -> SurveyDesign:
    """Post-stratify on one categorical variable: linear calibration on its levels.

    Equals R's ``postStratify`` (weights and Taylor variances).

    Parameters
    ----------
    design : SurveyDesign
    variable : str
        The post-stratification column.
    counts : mapping
        Population count of every level of ``variable``.
    """
    return calibrate(design, {variable: dict(counts)}, method="linear")
