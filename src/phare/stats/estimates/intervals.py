"""Confidence intervals, following R ``survey`` 4.1 conventions.

* ``wald``: :math:`\\hat\\theta \\pm q\\,\\widehat{SE}` with the normal quantile (R's
  ``confint`` on ``svymean``/``svytotal``, ``df = Inf``) or Student's t with the design degrees of
  freedom when asked.
* ``logit`` (proportions): :math:`\\text{expit}(\\text{logit}\\,\\hat p \\pm t_{df}\\,
  \\widehat{SE}/(\\hat p(1-\\hat p)))` with :math:`df = ` PSUs − strata of the domain (R's
  ``svyciprop(method="logit")``, ``df = degf(design)``).
* ``beta`` (proportions): Korn & Graubard (1998). Effective sample size
  :math:`n^* = \\hat p(1-\\hat p)/\\hat V \\cdot (t_{n-1}/t_{df})^2`, then the Clopper–Pearson
  bounds :math:`B^{-1}(\\alpha/2; n^*\\hat p, n^*(1-\\hat p)+1)` and
  :math:`B^{-1}(1-\\alpha/2; n^*\\hat p+1, n^*(1-\\hat p))` (R's ``svyciprop(method="beta")``).
  Where the variance is zero (a census domain) the interval is :math:`[\\hat p, \\hat p]`;
  R returns ``qbeta(., Inf, Inf) = 0.5`` for both bounds there.

References
----------
Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions with small expected
number of positive counts estimated from survey data. *Survey Methodology* 24, 193–201.
"""

from __future__ import annotations

import numpy as np
from scipy import special


def _quantile(level: float, df: np.ndarray | float | None) -> np.ndarray:
    alpha = 1.0 - level
    if df is None:
        return np.asarray(special.ndtri(1 - alpha / 2))
    df_arr = np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        q = special.stdtrit(np.where(df_arr > 0, df_arr, np.nan), 1 - alpha / 2)
    return np.where(np.isinf(df_arr), special.ndtri(1 - alpha / 2), q)


def wald(
    estimate: np.ndarray, se: np.ndarray, level: float, df: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric interval; normal quantile when ``df`` is None, else Student's t."""
    q = _quantile(level, df)
    return estimate - q * se, estimate + q * se


def logit(
    p: np.ndarray, se: np.ndarray, level: float, df: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Logit-transformed interval for proportions (NaN where p is 0 or 1 or df <= 0)."""
    q = _quantile(level, df)
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.log(p / (1 - p))
        se_eta = se / (p * (1 - p))
        low = 1 / (1 + np.exp(-(eta - q * se_eta)))
        high = 1 / (1 + np.exp(-(eta + q * se_eta)))
    bad = (p <= 0) | (p >= 1) | ~np.isfinite(se_eta)
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def beta(
    p: np.ndarray, variance: np.ndarray, level: float, df: np.ndarray, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Korn–Graubard interval (NaN where the variance is zero or df <= 0)."""
    alpha = 1.0 - level
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = p * (1 - p) / variance
        t_n = special.stdtrit(np.where(n > 1, n - 1.0, np.nan), alpha / 2)
        t_df = special.stdtrit(np.where(df > 0, df, np.nan), alpha / 2)
        n_eff = n_eff * (t_n / t_df) ** 2
        low = special.betaincinv(n_eff * p, n_eff * (1 - p) + 1, alpha / 2)
        high = special.betaincinv(n_eff * p + 1, n_eff * (1 - p), 1 - alpha / 2)
    low = np.where(p == 0, 0.0, low)
    high = np.where(p == 1, 1.0, high)
    # no sampling error (census domain): the interval is the point (R returns qbeta(., Inf, Inf))
    census = (variance == 0) & (df > 0)
    low = np.where(census, p, low)
    high = np.where(census, p, high)
    bad = (~np.isfinite(n_eff) | (variance < 0)) & ~census
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)
