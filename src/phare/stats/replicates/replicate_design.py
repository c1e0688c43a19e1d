r"""Replicate weights on a :class:`~phare.stats.SurveyDesign`, recalibrated in every replicate.

A design gets replicate weights :math:`w^{(r)}_i = d_i a_{ir}` from a generator
(:func:`~phare.stats.replicates.rao_wu_bootstrap`, :func:`~phare.stats.replicates.preston_bootstrap`,
:func:`~phare.stats.replicates.jackknife`) or from a matrix computed elsewhere (R's, for
instance), where :math:`d_i` are the sampling weights before any calibration. Every calibration
the design remembers is then redone on every replicate column, in order, to the same population
totals, with the same distance and bounds (:func:`~phare.stats.replicates.calibrate_columns`):
this is what makes the replicate variance of a calibrated estimator right (R ``survey``'s
``calibrate()`` on a ``svyrep.design``). The variance of any statistic of the estimation kernel
(:class:`~phare.stats.LinearStatistic`) follows from its values on all weight columns at once.

References
----------
Rust, K. F. & Rao, J. N. K. (1996). Variance estimation for complex surveys using replication
techniques. *Statistical Methods in Medical Research*, 5(3), 283-310.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley, §2.3 and §7.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from phare.stats.design import ReplicateWeights, SurveyDesign
from phare.stats.errors import CalibrationError, DesignError
from phare.stats.replicates.bootstrap import preston_bootstrap, rao_wu_bootstrap
from phare.stats.replicates.factors import ReplicateFactors, replicate_factors
from phare.stats.replicates.jackknife import jackknife
from phare.stats.replicates.recalibration import calibrate_columns

#: Generators :func:`replicate_design` accepts.
REPLICATE_METHODS = ("rao_wu", "preston", "jackknife")

FACTORS_OPTION = "factors"
_APPLIED = "calibrations_applied"


def replicate_design(
    design: SurveyDesign,
    method: str = "rao_wu",
    *,
    replicates: int = 200,
    seed: int | np.random.Generator | None = None,
    mse: bool = False,
) -> SurveyDesign:
    """A copy of ``design`` carrying replicate weights, recalibrated in every replicate.

    Parameters
    ----------
    design : SurveyDesign
        The design; its strata, PSUs and finite population correction drive the generator. If
        it is calibrated, the replicates start from the weights before calibration and every
        calibration step is redone on each replicate.
    method : {"rao_wu", "preston", "jackknife"}, default "rao_wu"
        Rao–Wu rescaled bootstrap, Preston rescaled bootstrap (first stage) or delete-one-PSU
        jackknife (JK1 for an unstratified design, JKn otherwise). All keep the fpc.
    replicates : int, default 200
        Number of bootstrap replicates (ignored by the jackknife: one per PSU).
    seed : int or numpy.random.Generator
        Required for the bootstraps; recorded in the replicate options.
    mse : bool, default False
        Centre replicate deviations on the full-sample estimate.

    Returns
    -------
    SurveyDesign
        ``design.replicates`` is a :class:`~phare.stats.ReplicateWeights` whose ``options``
        record the generator, seed and factors.
    """
    if not isinstance(design, SurveyDesign):
        raise DesignError(
            "Un plan de sondage est attendu / a survey design is expected",
            code="replicates.design",
            parameter="design",
            expected="phare.stats.SurveyDesign",
            received=type(design).__name__,
        )
    if method not in REPLICATE_METHODS:
        raise DesignError(
            "Méthode de réplication inconnue / unknown replication method",
            code="replicates.method",
            parameter="method",
            expected=" | ".join(REPLICATE_METHODS),
            received=repr(method),
        )
    if method != "jackknife" and not isinstance(seed, int | np.integer | np.random.Generator):
        raise DesignError(
            "Une graine est requise pour le bootstrap / a seed is required for the bootstrap",
            code="replicates.seed",
            parameter="seed",
            expected="an integer or a numpy Generator",
            received=repr(seed),
        )
    fraction = 1.0 - np.asarray(design.fpc_factor, dtype=float)  # f_h = n_h / N_h
    fpc = fraction[design.stratum]
    remove = design.spec.lonely_psu != "fail"
    if remove:
        # single-PSU strata add nothing, as with R's "remove"/"certainty" for replicates
        lonely = design.n_psu == 1
        fpc = np.where(lonely[design.stratum], 1.0, fpc)
    try:
        if method == "rao_wu":
            factors = rao_wu_bootstrap(
                design.psu, design.stratum, fpc, replicates=replicates, seed=seed
            )
        elif method == "preston":
            factors = preston_bootstrap(
                design.psu, design.stratum, fpc, replicates=replicates, seed=seed
            )
        else:
            strata = design.stratum if design.spec.strata is not None else None
            factors = jackknife(design.psu, strata, fpc, lonely_psu="remove" if remove else "fail")
    except ValueError as exc:
        if isinstance(exc, DesignError):
            raise
        raise DesignError(
            "Réplication impossible / replicate weights cannot be built",
            code="replicates.generator",
            parameter="design",
            expected="at least two PSUs per stratum not sampled exhaustively",
            received=str(exc),
        ) from exc
    if mse:
        factors = factors.with_mse(True)
    return _attach(design, factors)


def given_replicates(
    design: SurveyDesign,
    factors: ArrayLike,
    *,
    scale: float,
    rscales: ArrayLike | None = None,
    mse: bool = False,
    method: str = "given",
) -> SurveyDesign:
    """A copy of ``design`` with replicate factors computed elsewhere (e.g. R ``survey``'s).

    ``factors`` (n, R) multiply the sampling weights before calibration (R's ``repweights``
    with ``combined.weights = FALSE``); calibrations of ``design`` are redone per replicate.
    """
    try:
        rf = replicate_factors(factors, scale=scale, rscales=rscales, mse=mse)
    except ValueError as exc:
        raise DesignError(
            "Facteurs de réplication invalides / invalid replicate factors",
            code="replicates.factors",
            parameter="factors",
            expected="finite non-negative (n, R) matrix, positive scale",
            received=str(exc),
        ) from exc
    if rf.n_units != design.n:
        raise DesignError(
            "Facteurs de réplication de mauvaise taille / replicate factors of the wrong size",
            code="replicates.factors",
            parameter="factors",
            expected=f"{design.n} rows",
            received=f"{rf.n_units} rows",
        )
    rf = ReplicateFactors(rf.factors, rf.scale, rf.rscales, rf.mse, method, None, {})
    return _attach(design, rf)


def _base_weights(design: SurveyDesign) -> NDArray[np.float64]:
    """Sampling weights before the first calibration."""
    if design.calibrations:
        return np.asarray(design.calibrations[0].base_weights, dtype=float)
    return np.asarray(design.weights, dtype=float)


def _recalibrate(design: SurveyDesign, weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Redo every calibration step of ``design`` on each column of ``weights`` (n, R).

    ``weights`` is a fresh array owned by the caller: it is updated in place.
    """
    for number, step in enumerate(design.calibrations):
        report = step.report
        if report.trim is not None and report.n_trimmed > 0:
            raise CalibrationError(
                "Répliques d'un calage écrêté non prises en charge / replicates of a trimmed"
                " calibration are not supported",
                code="replicates.trimmed_calibration",
                parameter=f"calibrations[{number}]",
                expected="a calibration without trimmed weights (use bounds instead)",
                received=f"trim={report.trim}, {report.n_trimmed} weights trimmed",
            )
        x_cells = np.asarray(step.x_cells, dtype=float)
        cell = np.asarray(step.cell, dtype=np.int64)
        calibrated = np.asarray(step.base_weights, dtype=float) * np.asarray(step.g, dtype=float)
        totals = np.bincount(cell, weights=calibrated, minlength=x_cells.shape[0])
        population = np.asarray(x_cells.T @ totals, dtype=float)
        bounds = report.bounds if report.bounds is not None else (-np.inf, np.inf)
        result = calibrate_columns(
            weights,
            x_cells,
            cell,
            population,
            method=report.method,
            bounds=(float(bounds[0]), float(bounds[1])),
            epsilon=min(float(report.tolerance), 1e-10),
            max_iter=max(int(report.iterations) * 4, 100),
        )
        if not result.converged.all():
            failed = int((~result.converged).sum())
            raise CalibrationError(
                "Calage impossible dans certaines répliques / calibration failed in replicates",
                code="replicates.calibration",
                parameter=f"calibrations[{number}]",
                expected="every replicate calibrated to the margins",
                received=f"{failed} of {weights.shape[1]} replicates did not converge",
            )
        weights = result.apply(weights)
    return weights


def _attach(design: SurveyDesign, factors: ReplicateFactors) -> SurveyDesign:
    weights = _recalibrate(design, _base_weights(design)[:, None] * factors.factors)
    options: dict[str, Any] = {
        **factors.options,
        "seed": factors.seed,
        FACTORS_OPTION: factors.factors,
        _APPLIED: len(design.calibrations),
    }
    rw = ReplicateWeights(
        weights=weights,
        scale=factors.scale,
        rscales=factors.rscales,
        mse=factors.mse,
        method=factors.method,
        options=options,
    )
    return design.with_replicates(rw)


def replicate_weights_of(design: SurveyDesign) -> NDArray[np.float64]:
    """Replicate weights (n, R) of ``design``, recalibrated for every calibration it holds.

    Calibrations added after the replicates were attached are redone here (from the factors
    kept in the replicate options), so the order "replicate, then calibrate" gives the same
    weights as "calibrate, then replicate".
    """
    rw = require_replicates(design)
    applied = rw.options.get(_APPLIED)
    if applied == len(design.calibrations) or FACTORS_OPTION not in rw.options:
        return np.asarray(rw.weights, dtype=float)
    return _recalibrate(design, _base_weights(design)[:, None] * rw.options[FACTORS_OPTION])


def require_replicates(design: SurveyDesign) -> ReplicateWeights:
    if design.replicates is None:
        raise DesignError(
            "Le plan n'a pas de poids répliqués / the design has no replicate weights",
            code="replicates.missing",
            parameter="design",
            expected="a design built with replicate_design() or given_replicates()",
            received="design.replicates is None",
        )
    return design.replicates
