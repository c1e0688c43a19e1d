"""Description of the classes of a partition by categorical and quantitative variables.

FactoMineR's ``catdes`` (Husson, Lê & Pagès 2017, §4.4; Lebart, Morineau & Piron 1995), with row
weights. For class q (weighted size n_q), category k (weighted count n_k) and their weighted
crossing n_qk, out of N:

- ``Cla/Mod = 100 n_qk / n_k``, ``Mod/Cla = 100 n_qk / n_q``, ``Global = 100 n_k / N``;
- the p-value of the two-sided hypergeometric test of n_qk (counts rounded to integers as
  FactoMineR does), ``p = min(2 P(X ≤ n_qk − 1) + P(X = n_qk), 2 P(X > n_qk) + P(X = n_qk))``
  with X ~ H(N, n_q, n_k), capped at 1;
- the v-test ``v = ± Φ⁻¹(1 − p/2)``, positive when the category is over-represented in the class
  (``Mod/Cla > Global``): the standard normal quantile with the same p-value (computed from
  log p, so that it stays finite where p underflows and FactoMineR gives ±Inf);
- per variable, Pearson's χ² test of independence between class and variable on the weighted
  table (no continuity correction).

For a quantitative variable x, with weighted means and standard deviations (divisor Σw):
``v = (x̄_q − x̄) / s · sqrt(n_q) / sqrt((N − n_q)/(N − 1))``, p = 2(1 − Φ(|v|)); and per variable
the weighted one-way analysis of variance (η² = SS_between/SS_total, F test on the unweighted
numbers of rows).

Unlike ``catdes``, every category is returned (with a ``significant`` flag at `proba`), so that a
reader can see what does *not* characterise a class too.

Reference: Lebart, L., Morineau, A. & Piron, M. (1995). Statistique exploratoire
multidimensionnelle, §3.4 (valeurs-test). Dunod.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import special, stats

from phare.typology.encoding import level_codes
from phare.typology.errors import TypologyError, check_weights

CATEGORY_COLUMNS = [
    "cluster",
    "variable",
    "level",
    "cla_mod",
    "mod_cla",
    "global",
    "weight",
    "p_value",
    "v_test",
    "significant",
]


@dataclass
class CatDes:
    """Result of :func:`catdes`.

    Attributes
    ----------
    categories : DataFrame
        One row per class × category: cluster, variable, level, cla_mod, mod_cla, global,
        weight (weighted count in the class), p_value, v_test, significant; sorted by
        cluster then decreasing v-test.
    variables : DataFrame
        One row per categorical variable: variable, chi2, df, p_value, significant; sorted by
        p-value.
    quantitative : DataFrame
        One row per class × quantitative variable: cluster, variable, v_test, mean_in_cluster,
        overall_mean, sd_in_cluster, overall_sd, p_value, significant.
    quantitative_variables : DataFrame
        variable, eta2, p_value, significant.
    proba : float
        The significance threshold.
    """

    categories: pd.DataFrame
    variables: pd.DataFrame
    quantitative: pd.DataFrame
    quantitative_variables: pd.DataFrame
    proba: float

    def significant(self, cluster: int) -> pd.DataFrame:
        """Significant categories of `cluster`, over-represented first (FactoMineR's view)."""
        c = self.categories
        return c[(c["cluster"] == cluster) & c["significant"]]


def hypergeometric_vtest(
    n_qk: np.ndarray, n_q: np.ndarray, n_k: np.ndarray, total: float
) -> tuple[np.ndarray, np.ndarray]:
    """p-values and v-tests of class × category counts (FactoMineR's rounding and formula)."""
    x = np.round(n_qk)
    white = np.round(n_q)
    draws = np.round(n_k)
    big = np.full_like(x, np.round(total))
    dist = stats.hypergeom(big, white, draws)
    pmf = dist.pmf(x)
    p = np.clip(np.minimum(2 * dist.cdf(x - 1) + pmf, 2 * dist.sf(x) + pmf), 0.0, 1.0)
    over = (n_qk / n_q) > (n_k / total)
    sign = np.where(over, 1.0, -1.0)
    v = sign * stats.norm.isf(p / 2)
    tiny = p < 1e-280
    if np.any(tiny):
        # in logs where p underflows, so that the v-test stays finite (|v| > 35)
        sub = stats.hypergeom(big[tiny], white[tiny], draws[tiny])
        xt = x[tiny]
        log2 = np.log(2.0)
        logpmf = sub.logpmf(xt)
        with np.errstate(divide="ignore"):
            low = np.logaddexp(log2 + sub.logcdf(xt - 1), logpmf)
            high = np.logaddexp(log2 + sub.logsf(xt), logpmf)
        logp = np.minimum(low, high)
        v[tiny] = sign[tiny] * -special.ndtri_exp(logp - log2)
        p[tiny] = np.exp(logp)
    return p, v


def catdes(
    data: pd.DataFrame,
    labels: Any,
    *,
    categorical: Sequence[str] | None = None,
    quantitative: Sequence[str] = (),
    sample_weight: Any = None,
    proba: float = 0.05,
) -> CatDes:
    """Describe each class of `labels` by the categories and variables of `data`.

    Parameters
    ----------
    data : DataFrame of shape (n_rows, n_columns)
    labels : array-like of shape (n_rows,)
        Class of each row (any hashable values; sorted).
    categorical : sequence of str, optional
        Categorical columns; default every column not in `quantitative`.
    quantitative : sequence of str, default ()
        Numeric columns.
    sample_weight : array-like of shape (n_rows,), optional
    proba : float, default 0.05
        Significance threshold of the ``significant`` flags.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypologyError("data", "a pandas DataFrame", type(data).__name__)
    lab = np.asarray(labels).reshape(-1)
    if len(lab) != len(data):
        raise TypologyError("labels", f"{len(data)} labels (one per row)", len(lab))
    if not 0 < proba < 1:
        raise TypologyError("proba", "a probability in (0, 1)", proba)
    w = check_weights(sample_weight, len(data))
    quantitative = list(quantitative)
    categorical = (
        [c for c in data.columns if c not in quantitative]
        if categorical is None
        else list(categorical)
    )
    for name, cols in (("categorical", categorical), ("quantitative", quantitative)):
        missing = [c for c in cols if c not in data.columns]
        if missing:
            raise TypologyError(name, "column names of data", missing)
    clusters, cl = np.unique(lab, return_inverse=True)
    n_cl = len(clusters)
    n_q = np.bincount(cl, weights=w, minlength=n_cl)
    total = float(w.sum())

    parts: list[dict[str, np.ndarray]] = []
    var_rows = []
    for name in categorical:
        lv, level_list = level_codes(data[name])
        levels = np.asarray(level_list, dtype=object)
        n_lv = len(levels)
        table = np.bincount(cl * n_lv + lv, weights=w, minlength=n_cl * n_lv).reshape(n_cl, n_lv)
        n_k = table.sum(axis=0)
        parts.append(
            {
                "cluster": np.repeat(clusters, n_lv),
                "variable": np.full(n_cl * n_lv, name, dtype=object),
                "level": np.tile(levels.astype(str), n_cl),
                "n_qk": table.ravel(),
                "n_q": np.repeat(n_q, n_lv),
                "n_k": np.tile(n_k, n_cl),
            }
        )
        if n_lv > 1 and n_cl > 1:
            chi2, pval, dof, _ = stats.chi2_contingency(table, correction=False)
        else:
            chi2, pval, dof = 0.0, 1.0, 0
        var_rows.append((name, float(chi2), int(dof), float(pval)))
    rows: list[pd.DataFrame] = []
    if parts:
        joined = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
        n_qk, nq, nk = joined["n_qk"], joined["n_q"], joined["n_k"]
        p, v = hypergeometric_vtest(n_qk, nq, nk, total)
        rows.append(
            pd.DataFrame(
                {
                    "cluster": joined["cluster"],
                    "variable": joined["variable"],
                    "level": joined["level"],
                    "cla_mod": 100 * n_qk / nk,
                    "mod_cla": 100 * n_qk / nq,
                    "global": 100 * nk / total,
                    "weight": n_qk,
                    "p_value": p,
                    "v_test": v,
                }
            )
        )
    categories = (
        pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=CATEGORY_COLUMNS[:-1])
    )
    categories["significant"] = categories["p_value"] <= proba
    if len(categories):
        categories = categories.sort_values(
            ["cluster", "v_test"], ascending=[True, False], kind="stable"
        ).reset_index(drop=True)
    variables = pd.DataFrame(var_rows, columns=["variable", "chi2", "df", "p_value"])
    variables["significant"] = variables["p_value"] <= proba
    variables = variables.sort_values("p_value", kind="stable").reset_index(drop=True)

    quanti, quanti_vars = _describe_quantitative(data, quantitative, cl, clusters, w, proba)
    return CatDes(categories, variables, quanti, quanti_vars, proba)


def _describe_quantitative(
    data: pd.DataFrame,
    columns: list[str],
    cl: np.ndarray,
    clusters: np.ndarray,
    w: np.ndarray,
    proba: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    var_rows = []
    n_cl = len(clusters)
    for name in columns:
        x = pd.to_numeric(data[name], errors="coerce").to_numpy(dtype=float)
        ok = np.isfinite(x)
        wx = np.where(ok, w, 0.0)
        xx = np.where(ok, x, 0.0)
        total = wx.sum()
        mean = (wx * xx).sum() / total
        sd = np.sqrt((wx * (xx - mean) ** 2).sum() / total)
        nq = np.bincount(cl, weights=wx, minlength=n_cl)
        mq = np.bincount(cl, weights=wx * xx, minlength=n_cl) / nq
        sdq = np.sqrt(np.bincount(cl, weights=wx * (xx - mq[cl]) ** 2, minlength=n_cl) / nq)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = (mq - mean) / sd * np.sqrt(nq) / np.sqrt((total - nq) / (total - 1))
        p = 2 * stats.norm.sf(np.abs(v))
        for q in range(n_cl):
            rows.append((clusters[q], name, v[q], mq[q], mean, sdq[q], sd, p[q]))
        ss_total = (wx * (xx - mean) ** 2).sum()
        ss_between = (nq * (mq - mean) ** 2).sum()
        n_obs = int(ok.sum())
        df1, df2 = n_cl - 1, n_obs - n_cl
        if df1 > 0 and df2 > 0 and ss_total > ss_between:
            f = (ss_between / df1) / ((ss_total - ss_between) / df2)
            pval = float(stats.f.sf(f, df1, df2))
        else:
            pval = float("nan")
        var_rows.append((name, ss_between / ss_total if ss_total > 0 else np.nan, pval))
    quanti = pd.DataFrame(
        rows,
        columns=[
            "cluster",
            "variable",
            "v_test",
            "mean_in_cluster",
            "overall_mean",
            "sd_in_cluster",
            "overall_sd",
            "p_value",
        ],
    )
    quanti["significant"] = quanti["p_value"] <= proba
    quanti = quanti.sort_values(["cluster", "v_test"], ascending=[True, False], kind="stable")
    quanti_vars = pd.DataFrame(var_rows, columns=["variable", "eta2", "p_value"])
    quanti_vars["significant"] = quanti_vars["p_value"] <= proba
    return quanti.reset_index(drop=True), quanti_vars
