"""Proportions of every level of categorical variables, by domain, with proper intervals."""

from __future__ import annotations

from collections.abc import Sequence

from phare.stats.design import SurveyDesign
from phare.stats.errors import EstimationError
from phare.stats.estimates.core import CiMethod, VarianceMethod, estimate_table
from phare.stats.results import EstimateTable

CI_METHODS = ("logit", "beta", "wald")


def proportion(
    design: SurveyDesign,
    variables: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    *,
    ci_method: CiMethod = "logit",
    level: float = 0.95,
    na_rm: bool = False,
    deff: bool = True,
    variance: VarianceMethod = "auto",
) -> EstimateTable:
    """Estimate the proportion of each level of each variable, in each domain.

    Every value of the variable (numbers included) is a category; levels are sorted. The
    point estimate and SE are R's ``svymean`` on the factor; the interval is
    R's ``svyciprop`` on the level indicator.

    Parameters
    ----------
    design : SurveyDesign
    variables : str or list of str
    by : str or list of str, optional
        Domain columns.
    ci_method : {"logit", "beta", "wald"}, default "logit"
        ``logit``: interval on the logit scale with Student's t on the domain's design degrees
        of freedom (R ``svyciprop(method="logit")``); ``beta``: Korn–Graubard (R
        ``svyciprop(method="beta")``); ``wald``: :math:`\\hat p \\pm z\\,SE` (R ``confint`` on
        ``svymean``).
    level : float, default 0.95
    na_rm : bool, default False
        Leave out units with a missing value (as a domain); if False, missing values raise.
    deff : bool, default True
    variance : {"auto", "taylor", "replicate"}, default "auto"

    Returns
    -------
    EstimateTable
        One row per (variable, level, domain); ``n`` counts the domain's valid units and
        ``n_level`` those in the level.

    Notes
    -----
    For ``beta``, the effective-sample-size correction uses :math:`t_{n-1}` with :math:`n` the
    number of rows of the domain, missing values included (R's ``nrow(design)`` of the domain
    subset). For a domain of a *calibrated* design R keeps every row (with zero weight) and so
    uses the whole sample size; phare uses the domain's rows in every case.

    References
    ----------
    Korn & Graubard (1998), *Survey Methodology* 24; Lumley (2010), §2.3.1; R ``survey`` 4.1
    ``svyciprop``.
    """
    if ci_method not in CI_METHODS:
        raise EstimationError(
            "Méthode d'intervalle inconnue / unknown interval method",
            code="estimate.ci_method",
            parameter="ci_method",
            expected=" | ".join(CI_METHODS),
            received=ci_method,
        )
    return estimate_table(
        design,
        variables,
        by,
        statistic="proportion",
        ratio=True,
        categorical=True,
        ci_method=ci_method,
        level=level,
        ci_df="normal",
        na_rm=na_rm,
        deff=deff,
        variance=variance,
        options={},
    )
