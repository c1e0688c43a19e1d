"""Linear calibration distance (GREG; truncated when bounds are given).

Chi-square distance :math:`G(g) = (g-1)^2/2`, so :math:`g = F(u) = 1 + u`, truncated to
``[L, U]`` when bounds are finite ("linear truncated" in CALMAR; R's ``cal.linear``). Without
bounds the solution is the generalised regression (GREG) estimator and one Newton step is exact;
weights may be negative.

References
----------
Deville, J.-C. & Särndal, C.-E. (1992). Calibration estimators in survey sampling. *JASA* 87,
376–382.
"""

from __future__ import annotations

import numpy as np


def inverse(u: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """:math:`F(u) - 1`, the deviation of the g-weight from 1."""
    return np.clip(u + 1.0, lower, upper) - 1.0


def derivative(u: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """:math:`F'(u)`: 1 inside the bounds, 0 outside."""
    return ((u + 1.0 > lower) & (u + 1.0 < upper)).astype(float)
