"""Replicate-weight variance: jackknife and rescaled bootstraps that keep the fpc.

Public API
----------
Designs
    ``replicate_design(design, method="rao_wu"|"preston"|"jackknife", replicates=, seed=,
    mse=)`` → a design carrying replicate weights, recalibrated in every replicate;
    ``given_replicates(design, factors, scale=, rscales=, mse=)`` for a matrix computed
    elsewhere; ``replicate_weights_of(design)``; ``replicate_covariance(design, statistic,
    full=)`` (same signature as ``taylor_covariance``), ``replicate_variance(design, statistic)``
    (its diagonal, called by the estimators); ``replicate_df(design)``.
Generators (pure numpy, seeded)
    ``jackknife(psu, strata, fpc)``, ``rao_wu_bootstrap(psu, strata, fpc, replicates=, seed=)``,
    ``preston_bootstrap(clusters, strata, fpc, replicates=, seed=)`` → ``ReplicateFactors``.
Kernels
    ``replicate_vcov`` (R's ``svrVar``), ``calibrate_columns`` (Newton calibration of many
    weight columns on cells), ``rake_margins`` (iterative proportional fitting on cells),
    ``collapse_cells``.
"""

from phare.stats.replicates.bootstrap import preston_bootstrap, rao_wu_bootstrap
from phare.stats.replicates.factors import ReplicateFactors, replicate_factors, replicate_vcov
from phare.stats.replicates.jackknife import jackknife
from phare.stats.replicates.recalibration import (
    CALIBRATION_METHODS,
    ColumnCalibration,
    calibrate_columns,
    collapse_cells,
    rake_margins,
)
from phare.stats.replicates.replicate_design import (
    REPLICATE_METHODS,
    given_replicates,
    replicate_design,
    replicate_weights_of,
)
from phare.stats.replicates.variance import (
    replicate_covariance,
    replicate_df,
    replicate_variance,
)

__all__ = [
    "CALIBRATION_METHODS",
    "REPLICATE_METHODS",
    "ColumnCalibration",
    "ReplicateFactors",
    "calibrate_columns",
    "collapse_cells",
    "given_replicates",
    "jackknife",
    "preston_bootstrap",
    "rake_margins",
    "rao_wu_bootstrap",
    "replicate_covariance",
    "replicate_design",
    "replicate_df",
    "replicate_factors",
    "replicate_variance",
    "replicate_vcov",
    "replicate_weights_of",
]
