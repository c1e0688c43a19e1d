"""Calibration on margins: linear, raking, logit (CALMAR family), trimming."""

from phare.stats.calibration.calibrate import calibrate, post_stratify, rake
from phare.stats.calibration.margins import Margins
from phare.stats.calibration.trimming import trim_weights

__all__ = ["Margins", "calibrate", "post_stratify", "rake", "trim_weights"]
