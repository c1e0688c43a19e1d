"""Variance estimation: Taylor linearisation (here) and replicate weights (``replicates``)."""

from phare.stats.variance.taylor import calibration_residuals, taylor_covariance

__all__ = ["calibration_residuals", "taylor_covariance"]
