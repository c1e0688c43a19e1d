"""Logit (bounded) calibration distance of CALMAR: :math:`L < g < U`.

With :math:`A = (U - L) / ((U - 1)(1 - L))`,

.. math:: g = F(u) = \\frac{L (U - 1) + U (1 - L) e^{A u}}{U - 1 + (1 - L) e^{A u}},

which increases from :math:`L` to :math:`U` with :math:`F(0) = 1` and :math:`F'(0) = 1`
(R's ``cal.logit``). Bounds must be finite with :math:`L < 1 < U`.

References
----------
Deville, J.-C., Särndal, C.-E. & Sautory, O. (1993). Generalized raking procedures in survey
sampling. *JASA* 88, 1013–1020. Sautory, O. (1993). *La macro CALMAR*. INSEE, F9310.
"""

from __future__ import annotations

import numpy as np


def inverse(u: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """:math:`F(u) - 1`."""
    a = (upper - lower) / ((upper - 1.0) * (1.0 - lower))
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(a * u)
        g = (lower * (upper - 1.0) + upper * (1.0 - lower) * e) / (upper - 1.0 + (1.0 - lower) * e)
    g = np.where(np.isinf(e), upper, g)
    return g - 1.0


def derivative(u: np.ndarray, lower: float, upper: float) -> np.ndarray:
    """:math:`F'(u) = A (U-1)(1-L)(U-L) e^{Au} / (U - 1 + (1-L) e^{Au})^2`."""
    a = (upper - lower) / ((upper - 1.0) * (1.0 - lower))
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(a * u)
        den = upper - 1.0 + (1.0 - lower) * e
        d = a * (upper - 1.0) * (1.0 - lower) * (upper - lower) * e / den**2
    return np.where(np.isfinite(d), d, 0.0)
