"""phare.stats — generic survey statistics on numpy/scipy, checked against R ``survey`` 4.1.

Public API
----------
Design
    ``SurveyDesign.from_frame(df, weights=, strata=, ids=, fpc=, nest=False, lonely_psu="fail")``
    — immutable; ``DesignSpec`` / ``load_design_specs(path)`` describe several designs in one
    file. ``ReplicateWeights`` is the container a design carries for replicate variance.
Calibration
    ``calibrate(design, margins, method="linear"|"raking"|"logit", bounds=, trim=, max_iter=,
    tol=)`` → new design with ``design.calibration`` (a ``CalibrationReport``);
    ``rake(design, margins)``; ``post_stratify``; ``trim_weights(design, lower=, upper=)``;
    ``Margins`` (from a mapping, a long table or a CSV/YAML file).
Estimates
    ``mean``, ``total``, ``proportion`` (``by=`` domains, ``ci_method="logit"|"beta"|"wald"``),
    ``ratio(design, numerator, denominator, by=)``
    → ``EstimateTable`` (pydantic; ``.to_frame()``, ``.model_dump_json()``).
Kernel (for variance code)
    ``LinearStatistic`` (``.estimate(W)`` for any weight vector or matrix, ``.influence(w)``),
    ``build_statistic``, ``taylor_covariance``.
Replicate variance
    ``replicate_design(design, "rao_wu"|"preston"|"jackknife", replicates=, seed=)``,
    ``given_replicates(design, factors, scale=, rscales=)`` (``phare.stats.replicates``).
Comparisons
    ``difference_of_proportions(design, variable, by, domain_a, domain_b)``,
    ``rao_scott_chisq(design, rows, columns)`` (``phare.stats.comparisons``).
Errors
    ``SurveyError`` → ``DesignError`` (``LonelyPsuError``), ``MarginsError``,
    ``CalibrationError`` (``ConvergenceError``, ``UnreachableMarginsError``),
    ``EstimationError``; each with ``code``, ``parameter``, ``expected``, ``received``.
"""

from phare.stats.calibration import Margins, calibrate, post_stratify, rake, trim_weights
from phare.stats.comparisons import difference_of_proportions, rao_scott_chisq
from phare.stats.design import (
    CalibrationStep,
    DesignSpec,
    LonelyPsuPolicy,
    ReplicateWeights,
    SurveyDesign,
    load_design_specs,
)
from phare.stats.errors import (
    CalibrationError,
    ConvergenceError,
    DesignError,
    EstimationError,
    LonelyPsuError,
    MarginsError,
    SurveyError,
    UnreachableMarginsError,
)
from phare.stats.estimates import build_statistic, mean, proportion, ratio, total
from phare.stats.estimates.kernel import EstimateKey, LinearStatistic
from phare.stats.replicates import given_replicates, replicate_design
from phare.stats.results import (
    CalibrationReport,
    EstimateMetadata,
    EstimateRow,
    EstimateTable,
    MarginCheck,
    ResultWarning,
)
from phare.stats.variance.taylor import taylor_covariance

__all__ = [
    "CalibrationError",
    "CalibrationReport",
    "CalibrationStep",
    "ConvergenceError",
    "DesignError",
    "DesignSpec",
    "EstimateKey",
    "EstimateMetadata",
    "EstimateRow",
    "EstimateTable",
    "EstimationError",
    "LinearStatistic",
    "LonelyPsuError",
    "LonelyPsuPolicy",
    "MarginCheck",
    "MarginsError",
    "ReplicateWeights",
    "ResultWarning",
    "SurveyDesign",
    "SurveyError",
    "UnreachableMarginsError",
    "Margins",
    "build_statistic",
    "difference_of_proportions",
    "given_replicates",
    "rao_scott_chisq",
    "replicate_design",
    "calibrate",
    "load_design_specs",
    "mean",
    "post_stratify",
    "proportion",
    "rake",
    "ratio",
    "taylor_covariance",
    "total",
    "trim_weights",
]
