"""Ratios of weighted totals by domain (R ``svyratio``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from phare.stats.design import SurveyDesign
from phare.stats.errors import EstimationError
from phare.stats.estimates.core import VarianceMethod, as_names, estimate_table
from phare.stats.results import EstimateTable


def ratio(
    design: SurveyDesign,
    numerator: str | Sequence[str],
    denominator: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    *,
    level: float = 0.95,
    ci_df: Literal["normal", "design"] = "normal",
    na_rm: bool = False,
    deff: bool = True,
    variance: VarianceMethod = "auto",
) -> EstimateTable:
    """Estimate ratios of totals :math:`\\hat R = \\sum w_i y_i / \\sum w_i x_i` by domain.

    Every numerator is divided by every denominator (rows named ``"y/x"``). Linearised
    variable :math:`(y_i - \\hat R x_i) / \\hat X`; the design effect is that of its total
    (R's ``svyratio(..., deff = TRUE)``).

    Parameters
    ----------
    design : SurveyDesign
    numerator, denominator : str or list of str
        Numeric columns.
    by : str or list of str, optional
        Domain columns.
    level : float, default 0.95
    ci_df : {"normal", "design"}, default "normal"
        Normal quantile (R's ``confint``) or Student's t on the domain's degrees of freedom.
    na_rm : bool, default False
        Leave out units where the numerator or the denominator is missing.
    deff : bool, default True
    variance : {"auto", "taylor", "replicate"}, default "auto"

    Returns
    -------
    EstimateTable

    References
    ----------
    Cochran (1977), §6; Lumley (2010), §2.4.1; R ``survey`` 4.1 ``svyratio``.
    """
    denominators = as_names(denominator, "denominator")
    if not denominators:
        raise EstimationError(
            "Aucun dénominateur / no denominator",
            parameter="denominator",
            expected="at least one column name",
            received=denominator,
        )
    return estimate_table(
        design,
        numerator,
        by,
        statistic="ratio",
        ratio=True,
        categorical=False,
        ci_method="wald",
        level=level,
        ci_df=ci_df,
        na_rm=na_rm,
        deff=deff,
        variance=variance,
        options={"denominator": denominators},
        denominators=denominators,
    )
