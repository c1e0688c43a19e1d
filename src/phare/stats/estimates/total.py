"""Weighted totals (and counts of the levels of categorical variables) by domain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from phare.stats.design import SurveyDesign
from phare.stats.estimates.core import VarianceMethod, estimate_table
from phare.stats.results import EstimateTable


def total(
    design: SurveyDesign,
    variables: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    *,
    level: float = 0.95,
    ci_df: Literal["normal", "design"] = "normal",
    na_rm: bool = False,
    deff: bool = True,
    variance: VarianceMethod = "auto",
) -> EstimateTable:
    """Estimate population (or domain) totals, R ``svytotal`` / ``svyby(..., svytotal)``.

    .. math:: \\hat Y_{dom} = \\sum_{i \\in dom} w_i y_i

    A non-numeric variable gives the estimated count of each of its levels. Domains are
    estimated without cutting rows out: the variance uses the whole design.

    Parameters
    ----------
    design : SurveyDesign
    variables : str or list of str
        Columns to estimate.
    by : str or list of str, optional
        Domain columns; one row per combination present in the sample.
    level : float, default 0.95
        Confidence level.
    ci_df : {"normal", "design"}, default "normal"
        Quantile of the interval: normal (R's ``confint`` default) or Student's t with the
        domain's design degrees of freedom.
    na_rm : bool, default False
        Leave out units with a missing value (as a domain). If False, missing values raise.
    deff : bool, default True
        Compute design effects.
    variance : {"auto", "taylor", "replicate"}, default "auto"
        Taylor linearisation, or the design's replicate weights ("auto": replicates if any).

    Returns
    -------
    EstimateTable

    References
    ----------
    Lumley (2010), §2.3; R ``survey`` 4.1 ``svytotal.survey.design2``.
    """
    return estimate_table(
        design,
        variables,
        by,
        statistic="total",
        ratio=False,
        categorical=None,
        ci_method="wald",
        level=level,
        ci_df=ci_df,
        na_rm=na_rm,
        deff=deff,
        variance=variance,
        options={},
    )
