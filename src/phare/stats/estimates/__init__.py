"""Estimators: means, totals, proportions and ratios by domain, with their kernel."""

from phare.stats.estimates.core import build_statistic
from phare.stats.estimates.kernel import EstimateKey, LinearStatistic
from phare.stats.estimates.mean import mean
from phare.stats.estimates.proportion import proportion
from phare.stats.estimates.ratio import ratio
from phare.stats.estimates.total import total

__all__ = [
    "EstimateKey",
    "LinearStatistic",
    "build_statistic",
    "mean",
    "proportion",
    "ratio",
    "total",
]
