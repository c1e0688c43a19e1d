r"""Comparisons: difference of two domain proportions, Rao–Scott tests for two-way tables.

Difference of two domain proportions
    For domains :math:`a` and :math:`b` (levels of ``by``) and the proportion :math:`\hat p`
    of a category (or the mean of a 0/1 variable), :math:`\hat\Delta = \hat p_a - \hat p_b`
    with :math:`\widehat{V}(\hat\Delta) = \hat V_{aa} + \hat V_{bb} - 2\hat V_{ab}`. The
    covariance :math:`\hat V_{ab}` comes from the same design (Taylor linearisation with the
    calibration residuals, or the replicate weights): it is not zero when PSUs or calibration
    span the two domains. Test of :math:`\Delta = 0`: :math:`t = \hat\Delta/\text{se}`
    against Student's t with the design degrees of freedom; the interval is
    :math:`\hat\Delta \pm t_{df, 1-\alpha/2}\,\text{se}`. R: ``svyby(~y, ~by, design,
    svymean, covmat = TRUE)`` then ``svycontrast(..., c(1, -1))``.

Rao–Scott adjusted chi-square for an :math:`r \times c` table
    With :math:`\hat p` the estimated cell proportions (rows vary fastest), :math:`\hat V`
    their design covariance, :math:`C` a basis of the interaction contrasts (residuals of the
    interaction columns of the saturated model on the main effects), :math:`D = \text{diag}(\hat
    p)` and :math:`N` the number of units, the generalised design effects are the eigenvalues
    :math:`\delta_k` of :math:`\Delta = (C^\top D^{-1} C / N)^{-1} C^\top D^{-1}\hat V D^{-1} C`.
    Pearson's :math:`X^2` is computed on the weighted table scaled to :math:`N`.

    * first order (R ``svychisq(statistic = "Chisq")``): :math:`X^2/\bar\delta` against
      :math:`\chi^2_{(r-1)(c-1)}`;
    * second order (R ``statistic = "F"``): :math:`F = X^2/\text{tr}\,\Delta` against
      :math:`F(d, d\nu)` with :math:`d = (\text{tr}\,\Delta)^2/\text{tr}\,\Delta^2` and
      :math:`\nu` the design degrees of freedom (PSUs minus strata, or the replicate
      degrees of freedom).

Checked against R ``survey`` 4.1 in ``tests/stats/test_comparisons_golden.py``.

References
----------
Rao, J. N. K. & Scott, A. J. (1984). On chi-squared tests for multiway contingency tables
with cell proportions estimated from survey data. *The Annals of Statistics*, 12(1), 46-60.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley, §3.3 and §6.1.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp
from pydantic import BaseModel, ConfigDict
from scipy import special

from phare.stats.design import SurveyDesign
from phare.stats.errors import EstimationError
from phare.stats.estimates.kernel import (
    LinearStatistic,
    categorical_block,
    domain_codes,
    numeric_block,
    stack,
)
from phare.stats.variance.taylor import taylor_covariance

VarianceChoice = Literal["auto", "taylor", "replicate"]


class ProportionDifference(BaseModel):
    """Difference of a proportion between two domains, with its SE and test.

    Attributes
    ----------
    variable, level : str, str or None
        The variable and the category counted (None: mean of a 0/1 variable).
    by : str
        Domain variable; ``domain_a`` and ``domain_b`` its two compared levels.
    estimate_a, estimate_b, se_a, se_b : float
        Domain proportions and their SEs.
    covariance : float
        Design covariance of the two domain proportions.
    difference, se : float
        :math:`\\hat p_a - \\hat p_b` and its standard error.
    statistic, df, p_value : float
        :math:`t` statistic, degrees of freedom, two-sided p-value.
    ci_low, ci_high, level : float
        Confidence interval of the difference at ``level``.
    variance_method : str
        ``"taylor"`` or ``"replicate"``.
    n_a, n_b : int
        Unweighted numbers of units in the two domains.
    """

    model_config = ConfigDict(frozen=True)

    variable: str
    level: str | None
    by: str
    domain_a: str
    domain_b: str
    estimate_a: float
    estimate_b: float
    se_a: float
    se_b: float
    covariance: float
    difference: float
    se: float
    statistic: float | None
    df: float
    p_value: float | None
    ci_low: float
    ci_high: float
    confidence: float
    variance_method: str
    n_a: int
    n_b: int


class RaoScottTest(BaseModel):
    """Rao–Scott first- and second-order corrected tests of independence of a two-way table.

    Attributes
    ----------
    rows, columns : str
        The two variables; ``row_levels`` and ``column_levels`` their levels.
    n : int
        Number of units.
    pearson : float
        Pearson's :math:`X^2` on the weighted table scaled to ``n``.
    df : int
        :math:`(r-1)(c-1)`.
    chisq : float
        First-order corrected statistic :math:`X^2/\\bar\\delta`.
    chisq_p_value : float
        Its p-value against :math:`\\chi^2_{df}` (R ``svychisq(statistic="Chisq")``).
    f : float
        Second-order statistic :math:`X^2/\\text{tr}\\,\\Delta`.
    f_ndf, f_ddf : float
        Its degrees of freedom :math:`d` and :math:`d\\nu`.
    f_p_value : float
        Its p-value (R ``svychisq(statistic="F")``).
    mean_deff : float
        :math:`\\bar\\delta`, mean generalised design effect.
    design_df : float
        :math:`\\nu`.
    variance_method : str
    """

    model_config = ConfigDict(frozen=True)

    rows: str
    columns: str
    row_levels: list[str]
    column_levels: list[str]
    n: int
    pearson: float
    df: int
    chisq: float
    chisq_p_value: float
    f: float
    f_ndf: float
    f_ddf: float
    f_p_value: float
    mean_deff: float
    design_df: float
    variance_method: str


def _covariance(
    design: SurveyDesign, statistic: LinearStatistic, variance: VarianceChoice
) -> tuple[np.ndarray, np.ndarray, str, float]:
    """Estimates, full covariance matrix, method used and design degrees of freedom."""
    if variance not in ("auto", "taylor", "replicate"):
        raise EstimationError(
            "Méthode de variance inconnue / unknown variance method",
            code="comparison.variance",
            parameter="variance",
            expected="auto | taylor | replicate",
            received=repr(variance),
        )
    use_replicates = variance == "replicate" or (
        variance == "auto" and design.replicates is not None
    )
    if use_replicates:
        from phare.stats.replicates import replicate_covariance, replicate_df

        if design.replicates is None:
            raise EstimationError(
                "Le plan n'a pas de poids répliqués / the design has no replicate weights",
                code="comparison.no_replicates",
                parameter="variance",
                expected="'taylor', or a design with replicate weights",
                received=variance,
            )
        theta = np.asarray(statistic.estimate(np.asarray(design.weights, dtype=float)))
        v = replicate_covariance(design, statistic, full=True)
        return theta, v, "replicate", float(replicate_df(design))
    theta, u = statistic.influence(np.asarray(design.weights, dtype=float))
    x = sp.diags(np.asarray(design.weights, dtype=float)) @ u
    v = np.asarray(taylor_covariance(design, x, full=True))
    return np.asarray(theta), v, "taylor", float(design.degf)


def _codes(design: SurveyDesign, name: str, parameter: str) -> tuple[np.ndarray, list[str]]:
    series = design.column(name, parameter=parameter)
    missing = series.isna().to_numpy()
    if missing.any():
        raise EstimationError(
            f"Valeurs manquantes dans « {name} » / missing values in '{name}'",
            code="comparison.missing_values",
            parameter=parameter,
            expected="a column without missing values",
            received=f"{int(missing.sum())} missing values in {name}",
        )
    codes, uniques = pd.factorize(series.astype(str), sort=True)
    return codes.astype(np.int64), [str(u) for u in uniques]


def difference_of_proportions(
    design: SurveyDesign,
    variable: str,
    by: str,
    domain_a: str,
    domain_b: str,
    *,
    level: str | None = None,
    variance: VarianceChoice = "auto",
    confidence: float = 0.95,
) -> ProportionDifference:
    """Difference of a proportion between two domains, covariance included.

    Parameters
    ----------
    design : SurveyDesign
        Design (calibrated or not; with replicate weights or not).
    variable : str
        Column holding the outcome: a categorical column (then give ``level``) or a 0/1 column.
    by : str
        Domain column.
    domain_a, domain_b : str
        The two levels of ``by`` compared (as strings).
    level : str, optional
        Category of ``variable`` whose proportion is compared; ``None`` for a 0/1 column.
    variance : {"auto", "taylor", "replicate"}, default "auto"
        Variance method ("auto": replicates if the design has them, else Taylor).
    confidence : float, default 0.95
        Level of the interval of the difference.

    Returns
    -------
    ProportionDifference
    """
    if not 0 < confidence < 1:
        raise EstimationError(
            "Niveau de confiance invalide / invalid confidence level",
            code="comparison.confidence",
            parameter="confidence",
            expected="a number strictly between 0 and 1",
            received=confidence,
        )
    design.column(by, parameter="by")
    domain, labels = domain_codes(design.data, [by])
    names = [lab[by] for lab in labels]
    for given, parameter in ((domain_a, "domain_a"), (domain_b, "domain_b")):
        if given not in names:
            raise EstimationError(
                "Domaine inconnu / unknown domain",
                code="comparison.unknown_domain",
                parameter=parameter,
                expected=f"a level of {by}: {', '.join(names[:20])}",
                received=given,
            )
    if domain_a == domain_b:
        raise EstimationError(
            "Deux domaines différents sont attendus / two different domains are expected",
            code="comparison.same_domain",
            parameter="domain_b",
            expected=f"a level of {by} other than {domain_a}",
            received=domain_b,
        )
    ia, ib = names.index(domain_a), names.index(domain_b)
    n_domains = len(names)
    if level is None:
        series = design.column(variable, parameter="variable")
        y = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if not np.isin(y[np.isfinite(y)], (0.0, 1.0)).all() or np.isnan(y).any():
            raise EstimationError(
                "Variable 0/1 attendue (ou préciser level) / a 0/1 variable is expected",
                code="comparison.not_binary",
                parameter="variable",
                expected=f"{variable} coded 0/1 without missing values, or level= a category",
                received=f"values {np.unique(y)[:10].tolist()}",
            )
        block = numeric_block(variable, y, domain, n_domains, ratio=True)
        columns = [ia, ib]
    else:
        codes, levels = _codes(design, variable, "variable")
        if level not in levels:
            raise EstimationError(
                "Modalité inconnue / unknown category",
                code="comparison.unknown_level",
                parameter="level",
                expected=f"a category of {variable}: {', '.join(levels[:20])}",
                received=level,
            )
        block = categorical_block(variable, codes, levels, domain, n_domains, ratio=True)
        k = levels.index(level)
        columns = [ia * len(levels) + k, ib * len(levels) + k]
    full = stack([block])
    assert full.denominator is not None
    sub = LinearStatistic(
        numerator=full.numerator[:, columns],
        denominator=full.denominator[:, columns],
        keys=[full.keys[c] for c in columns],
    )
    theta, v, method, df = _covariance(design, sub, variance)
    diff = float(theta[0] - theta[1])
    var = float(v[0, 0] + v[1, 1] - 2 * v[0, 1])
    se = float(np.sqrt(max(var, 0.0)))
    statistic = diff / se if se > 0 else None
    p_value = float(2 * special.stdtr(df, -abs(statistic))) if statistic is not None else None
    quantile = float(special.stdtrit(df, 0.5 + confidence / 2)) if df > 0 else np.inf
    return ProportionDifference(
        variable=variable,
        level=level,
        by=by,
        domain_a=domain_a,
        domain_b=domain_b,
        estimate_a=float(theta[0]),
        estimate_b=float(theta[1]),
        se_a=float(np.sqrt(max(v[0, 0], 0.0))),
        se_b=float(np.sqrt(max(v[1, 1], 0.0))),
        covariance=float(v[0, 1]),
        difference=diff,
        se=se,
        statistic=statistic,
        df=df,
        p_value=p_value,
        ci_low=diff - quantile * se,
        ci_high=diff + quantile * se,
        confidence=confidence,
        variance_method=method,
        n_a=int((domain == ia).sum()),
        n_b=int((domain == ib).sum()),
    )


def _interaction_contrasts(nr: int, nc: int) -> np.ndarray:
    """Interaction columns of the saturated model made orthogonal to the main effects.

    Cells are ordered with rows varying fastest (R's ``expand.grid`` / ``interaction``).
    """
    rows = np.tile(np.arange(nr), nc)
    cols = np.repeat(np.arange(nc), nr)
    main = np.column_stack(
        [np.ones(nr * nc)]
        + [(rows == i).astype(float) for i in range(1, nr)]
        + [(cols == j).astype(float) for j in range(1, nc)]
    )
    inter = np.column_stack(
        [((rows == i) & (cols == j)).astype(float) for j in range(1, nc) for i in range(1, nr)]
    )
    coef = np.linalg.lstsq(main, inter, rcond=None)[0]
    residual: np.ndarray = inter - main @ coef
    return residual


def rao_scott_chisq(
    design: SurveyDesign,
    rows: str,
    columns: str,
    *,
    variance: VarianceChoice = "auto",
) -> RaoScottTest:
    """Rao–Scott first- and second-order corrected chi-square tests of a two-way table.

    Parameters
    ----------
    design : SurveyDesign
    rows, columns : str
        Two categorical columns without missing values.
    variance : {"auto", "taylor", "replicate"}, default "auto"
        Variance of the cell proportions.

    Returns
    -------
    RaoScottTest
        Both corrections (R ``svychisq`` with ``statistic = "Chisq"`` and ``"F"``).
    """
    row_codes, row_levels = _codes(design, rows, "rows")
    col_codes, col_levels = _codes(design, columns, "columns")
    nr, nc = len(row_levels), len(col_levels)
    if nr < 2 or nc < 2:
        raise EstimationError(
            "Tableau à au moins deux lignes et deux colonnes attendu / a table of at least"
            " 2 x 2 is expected",
            code="comparison.table_size",
            parameter="rows" if nr < 2 else "columns",
            expected="at least two levels",
            received=f"{nr} x {nc}",
        )
    n = design.n
    cell = row_codes + nr * col_codes
    labels = [f"{r}:{c}" for c in col_levels for r in row_levels]
    whole = np.zeros(n, dtype=np.int64)
    statistic = stack([categorical_block("cell", cell, labels, whole, 1, ratio=True)])
    p, v, method, nu = _covariance(design, statistic, variance)

    # Pearson X^2 on the weighted table scaled to n units
    table = (n * p).reshape(nc, nr).T
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        pearson = float(np.nansum((table - expected) ** 2 / expected))

    contrasts = _interaction_contrasts(nr, nc)
    inv_p = np.where(p == 0, 0.0, 1.0 / np.where(p == 0, 1.0, p))
    denom = contrasts.T @ (inv_p[:, None] / n * contrasts)
    numer = contrasts.T @ (inv_p[:, None] * v * inv_p[None, :]) @ contrasts
    delta = np.linalg.solve(denom, numer)
    trace = float(np.trace(delta))
    trace2 = float(np.trace(delta @ delta))
    df = (nr - 1) * (nc - 1)
    mean_deff = trace / df
    d0 = trace**2 / trace2
    f = pearson / trace
    return RaoScottTest(
        rows=rows,
        columns=columns,
        row_levels=row_levels,
        column_levels=col_levels,
        n=n,
        pearson=pearson,
        df=df,
        chisq=pearson / mean_deff,
        chisq_p_value=float(special.chdtrc(df, pearson / mean_deff)),
        f=f,
        f_ndf=d0,
        f_ddf=d0 * nu,
        f_p_value=float(special.fdtrc(d0, d0 * nu, f)),
        mean_deff=mean_deff,
        design_df=nu,
        variance_method=method,
    )
