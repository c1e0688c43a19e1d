"""Shared machinery of the estimators: variables to a :class:`LinearStatistic`, variance, rows.

Every estimator builds the sparse numerators/denominators of all its estimates (variables x
levels x domains) at once, gets the point estimates and influence from the kernel, the
variances in one pass of :func:`phare.stats.variance.taylor.taylor_covariance` (or the design's
replicate weights), then the intervals, CV, design effects, unweighted counts and degrees of
freedom of every row.

Design effect (R ``svymean(..., deff=TRUE)``, without-replacement SRS of the same size):
:math:`\\text{deff} = \\hat V / \\hat V_{SRS}` with
:math:`\\hat V_{SRS}(\\bar y) = s^2 (\\hat N - n)/(\\hat N n)` and
:math:`\\hat V_{SRS}(\\hat Y) = \\hat N^2 \\hat V_{SRS}(\\bar y)`, where
:math:`s^2 = \\frac{n}{n-1}\\sum w (y-\\bar y)^2 / \\sum w` and :math:`\\hat N = \\sum w`, all
within the domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from phare.stats.design import SurveyDesign
from phare.stats.errors import EstimationError
from phare.stats.estimates import intervals
from phare.stats.estimates.domains import domain_degf
from phare.stats.estimates.kernel import (
    LinearStatistic,
    categorical_block,
    column_of_entries,
    domain_codes,
    domain_order,
    hstack_csc,
    label,
    numeric_block,
    ratio_block,
    stack,
    weighted,
)
from phare.stats.results import (
    EstimateMetadata,
    EstimateRow,
    EstimateTable,
    ResultWarning,
    Statistic,
    clean_float,
)
from phare.stats.variance.taylor import taylor_covariance

CiMethod = Literal["wald", "logit", "beta"]
VarianceMethod = Literal["auto", "taylor", "replicate"]


def as_names(value: str | Sequence[str] | None, parameter: str) -> list[str]:
    """Normalise a column name or list of names; reject anything else."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    names = list(value)
    if not all(isinstance(v, str) for v in names):
        raise EstimationError(
            "Noms de colonnes attendus / column names expected",
            parameter=parameter,
            expected="a column name or a list of column names",
            received=value,
        )
    return names


def check_level(level: float) -> None:
    """Confidence level in (0, 1)."""
    if not (isinstance(level, int | float) and 0 < level < 1):
        raise EstimationError(
            "Niveau de confiance invalide / invalid confidence level",
            code="estimate.level",
            parameter="level",
            expected="a number strictly between 0 and 1, e.g. 0.95",
            received=level,
        )


def _is_categorical(series: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series))


def _categorical_codes(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Level codes and labels: the declared categories of a categorical column, in their order
    and including unused ones (like an R factor); otherwise the sorted values present."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat
        return cats.codes.to_numpy(dtype=np.int64), [label(c) for c in cats.categories]
    codes, uniques = pd.factorize(series, sort=True)
    return codes.astype(np.int64), [label(u) for u in uniques]


def _missing_error(name: str, count: int) -> EstimationError:
    return EstimationError(
        f"Valeurs manquantes dans « {name} » / missing values in '{name}'",
        code="estimate.missing_values",
        parameter=name,
        expected="no missing values, or na_rm=True (missing values form an excluded domain)",
        received=f"{count} missing values",
    )


def build_statistic(
    design: SurveyDesign,
    variables: Sequence[str],
    domain: np.ndarray,
    n_domains: int,
    *,
    ratio: bool,
    categorical: bool | None = None,
    na_rm: bool = False,
) -> tuple[LinearStatistic, sp.csc_matrix]:
    """The :class:`LinearStatistic` of ``variables`` in each domain, and the (n x m) domain
    indicator of valid units (the denominator, also for totals)."""
    blocks = []
    order = domain_order(domain)
    for name in variables:
        series = design.column(name, parameter="variables")
        cat = _is_categorical(series) if categorical is None else categorical
        missing = series.isna().to_numpy()
        n_missing = int((missing & (domain >= 0)).sum())
        if n_missing and not na_rm:
            raise _missing_error(name, n_missing)
        if cat:
            codes, levels = _categorical_codes(series)
            blocks.append(
                categorical_block(name, codes, levels, domain, n_domains, ratio=True, order=order)
            )
        else:
            y = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            blocks.append(numeric_block(name, y, domain, n_domains, ratio=True, order=order))
    stat = stack(blocks)
    d = stat.denominator
    assert d is not None
    if not ratio:
        stat = LinearStatistic(numerator=stat.numerator, denominator=None, keys=stat.keys)
    return stat, d


def _numeric(design: SurveyDesign, name: str, parameter: str) -> np.ndarray:
    series = design.column(name, parameter=parameter)
    if _is_categorical(series):
        raise EstimationError(
            f"Variable numérique attendue « {name} » / numeric variable expected '{name}'",
            code="estimate.not_numeric",
            parameter=parameter,
            expected="a numeric column",
            received=f"{name} ({series.dtype})",
        )
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def build_ratio_statistic(
    design: SurveyDesign,
    numerators: Sequence[str],
    denominators: Sequence[str],
    domain: np.ndarray,
    n_domains: int,
    *,
    na_rm: bool = False,
) -> tuple[LinearStatistic, sp.csc_matrix]:
    """Ratios of every numerator to every denominator in each domain, and the indicator of the
    units where both are known."""
    blocks = []
    valids = []
    order = domain_order(domain)
    for num in numerators:
        y = _numeric(design, num, "numerator")
        for den in denominators:
            x = _numeric(design, den, "denominator")
            n_missing = int(((~np.isfinite(y) | ~np.isfinite(x)) & (domain >= 0)).sum())
            if n_missing and not na_rm:
                raise _missing_error(f"{num}/{den}", n_missing)
            z, d, keys, valid = ratio_block(f"{num}/{den}", y, x, domain, n_domains, order=order)
            blocks.append((z, d, keys, valid))
            valids.append(sp.csc_matrix((np.ones(d.nnz), d.indices, d.indptr), shape=d.shape))
    stat = stack(blocks)
    return stat, hstack_csc(valids)


def variance_of(
    design: SurveyDesign, stat: LinearStatistic, variance: VarianceMethod
) -> tuple[np.ndarray, np.ndarray, str, float | None]:
    """Point estimates, variances, the variance method used, and the degrees of freedom when
    the method fixes them for every domain (replicates: R's ``degf`` of a replicate design)."""
    use_replicates = variance == "replicate" or (
        variance == "auto" and design.replicates is not None
    )
    theta, u = stat.influence(design.weights)
    if use_replicates:
        if design.replicates is None:
            raise EstimationError(
                "Le plan n'a pas de poids répliqués / the design has no replicate weights",
                code="estimate.no_replicates",
                parameter="variance",
                expected="'taylor', or a design with replicate weights",
                received=variance,
            )
        try:
            from phare.stats.replicates import replicate_df, replicate_variance
        except ImportError as exc:  # the replicate module is built separately
            raise EstimationError(
                "Variance par répliques indisponible / replicate variance unavailable",
                code="estimate.no_replicates",
                parameter="variance",
                expected="phare.stats.replicates.replicate_variance",
                received=str(exc),
            ) from exc
        variances = np.asarray(replicate_variance(design, stat))
        return theta, variances, "replicate", float(replicate_df(design))
    return theta, taylor_covariance(design, weighted(u, design.weights)), "taylor", None


def estimate_table(
    design: SurveyDesign,
    variables: str | Sequence[str],
    by: str | Sequence[str] | None,
    *,
    statistic: Statistic,
    ratio: bool,
    categorical: bool | None,
    ci_method: CiMethod,
    level: float,
    ci_df: Literal["normal", "design"],
    na_rm: bool,
    deff: bool,
    variance: VarianceMethod,
    options: dict[str, Any],
    denominators: Sequence[str] | None = None,
) -> EstimateTable:
    """Compute an :class:`EstimateTable` (see the public estimators for the parameters);
    with ``denominators``, the ratios of every variable to every denominator."""
    names = as_names(variables, "variables")
    if not names:
        raise EstimationError(
            "Aucune variable / no variable",
            parameter="variables",
            expected="at least one column name",
            received=variables,
        )
    by_names = as_names(by, "by")
    for name in by_names:
        design.column(name, parameter="by")
    check_level(level)
    warnings = list(design.warnings)

    domain, labels = domain_codes(design.data, by_names)
    n_domains = len(labels)
    if (domain < 0).any():
        warnings.append(
            ResultWarning(
                code="missing_domain",
                message=(
                    "Unités sans domaine (valeur manquante de by) exclues / units with a missing"
                    " `by` value left out"
                ),
                details={"n": int((domain < 0).sum())},
            )
        )
    if denominators is None:
        stat, valid = build_statistic(
            design, names, domain, n_domains, ratio=ratio, categorical=categorical, na_rm=na_rm
        )
    else:
        stat, valid = build_ratio_statistic(
            design, names, denominators, domain, n_domains, na_rm=na_rm
        )
    theta, var, variance_used, fixed_df = variance_of(design, stat, variance)
    var = np.maximum(var, 0.0)
    se = np.sqrt(var)

    w = design.weights
    n_valid = np.diff(valid.indptr)
    numerator = sp.csc_matrix(stat.numerator)
    n_level = np.bincount(
        column_of_entries(numerator), weights=numerator.data != 0, minlength=stat.m
    ).astype(np.int64)
    psum = np.asarray(valid.T @ w)
    if fixed_df is None:
        df = domain_degf(design, domain, n_domains)[[k.domain for k in stat.keys]]
    else:
        df = np.full(len(theta), fixed_df)

    if ci_method == "wald":
        low, high = intervals.wald(theta, se, level, None if ci_df == "normal" else df)
    elif ci_method == "logit":
        low, high = intervals.logit(theta, se, level, df)
    else:
        domain_rows = np.bincount(domain[domain >= 0], minlength=n_domains)
        n_rows = domain_rows[[k.domain for k in stat.keys]].astype(float)
        low, high = intervals.beta(theta, var, level, df, n_rows)

    deffs = np.full(len(theta), np.nan)
    if deff:
        # R: deff of a ratio is that of the total of its linearised variable (svyratio)
        z = stat.numerator if denominators is None else stat.influence(w)[1]
        total_like = not ratio or denominators is not None
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_y = np.asarray(z.T @ w) / psum
            sum_y2 = np.asarray(z.multiply(z).T @ w)
            s2 = (sum_y2 - psum * mean_y**2) / psum * n_valid / (n_valid - 1)
            v_srs = s2 * (psum - n_valid) / (psum * n_valid)
            if total_like:
                v_srs = v_srs * psum**2
            deffs = np.where((psum > n_valid) & (n_valid > 1), var / v_srs, np.nan)
        if np.any((psum <= n_valid) & (n_valid > 1)):
            warnings.append(
                ResultWarning(
                    code="deff_undefined",
                    message=(
                        "Effet de plan indéfini : somme des poids <= n / design effect undefined:"
                        " sum of weights <= n"
                    ),
                )
            )

    rows = []
    empty: list[str] = []
    degenerate = 0
    for j, key in enumerate(stat.keys):
        domain_label = labels[key.domain]
        if n_valid[j] == 0:
            empty.append(f"{key.variable} {domain_label}")
        if n_valid[j] > 0 and ci_method != "wald" and not np.isfinite(low[j]):
            degenerate += 1
        est = clean_float(theta[j]) if n_valid[j] > 0 or not ratio else None
        rows.append(
            EstimateRow.model_construct(
                variable=key.variable,
                level=key.level,
                domain=domain_label,
                estimate=est,
                se=clean_float(se[j]) if est is not None else None,
                ci_low=clean_float(low[j]) if est is not None else None,
                ci_high=clean_float(high[j]) if est is not None else None,
                cv=clean_float(se[j] / theta[j]) if est not in (None, 0.0) else None,
                deff=clean_float(deffs[j]) if est is not None else None,
                n=int(n_valid[j]),
                n_level=int(n_level[j]) if key.level is not None else None,
                df=clean_float(df[j]),
            )
        )
    if empty:
        warnings.append(
            ResultWarning(
                code="empty_domain",
                message="Domaine sans observation / domain without observations",
                details={"cells": empty[:50]},
            )
        )
    if degenerate:
        warnings.append(
            ResultWarning(
                code="degenerate_ci",
                message=(
                    "Intervalle non défini (proportion 0 ou 1, variance nulle ou df <= 0) /"
                    " interval undefined (proportion 0 or 1, zero variance or df <= 0)"
                ),
                details={"n_rows": degenerate},
            )
        )
    metadata = EstimateMetadata(
        statistic=statistic,
        variance_method=variance_used,
        ci_method=ci_method,
        level=level,
        by=by_names,
        design=design.summary(),
        options={"na_rm": na_rm, "ci_df": ci_df, "deff": deff, **options},
    )
    return EstimateTable(metadata=metadata, rows=rows, warnings=warnings)
