r"""Delete-one-PSU jackknife replicate weights, with the finite population correction.

Unstratified (JK1): with :math:`n` PSUs, replicate :math:`r` drops PSU :math:`r` and multiplies
the others by :math:`n/(n-1)`; the variance multiplier is ``scale`` :math:`= (1-f)(n-1)/n`.

Stratified (JKn): one replicate per PSU :math:`j` of stratum :math:`h`; the factors are 0 for
PSU :math:`j`, :math:`n_h/(n_h-1)` for the other PSUs of stratum :math:`h` and 1 elsewhere;
the replicate multiplier is ``rscales`` :math:`= (1-f_h)(n_h-1)/n_h`. A stratum sampled
exhaustively (:math:`f_h = 1`) contributes no replicate.

This is R ``survey``'s ``as.svrepdesign(type = "JK1" | "JKn")`` (``jk1weights``,
``jknweights``), checked against it in ``tests/stats/test_replicates_golden.py``.

References
----------
Rust, K. F. & Rao, J. N. K. (1996). Variance estimation for complex surveys using replication
techniques. *Statistical Methods in Medical Research*, 5(3), 283-310.
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley, ch. 2.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from phare.stats.replicates._checks import (
    as_labels,
    nest_psu,
    one_of,
    psu_counts,
    sampling_fractions,
)
from phare.stats.replicates.factors import ReplicateFactors


def jackknife(
    psu: ArrayLike,
    strata: ArrayLike | None = None,
    fpc: ArrayLike | None = None,
    *,
    lonely_psu: str = "fail",
) -> ReplicateFactors:
    """Jackknife replicate factors (JK1 without strata, JKn with strata).

    Parameters
    ----------
    psu : array of shape (n,)
        Primary sampling unit of each unit (give the unit's own id for element sampling).
        PSU labels are taken as nested in strata.
    strata : array of shape (n,), optional
        Stratum of each unit. ``None`` gives the unstratified JK1.
    fpc : array of shape (n,), optional
        Population number of PSUs :math:`N_h` of the unit's stratum (values > 1) or the
        sampling fraction :math:`f_h` (values <= 1), as R's ``svydesign(fpc=)``. ``None``:
        sampling with replacement (no correction).
    lonely_psu : {"fail", "remove"}, default "fail"
        A stratum with one PSU (not exhaustively sampled) raises an error, or contributes
        nothing to the variance ("remove", R's ``survey.lonely.psu = "remove"``).

    Returns
    -------
    ReplicateFactors
        ``factors`` of shape (n, number of PSUs in non-exhaustive strata).
    """
    psu_arr = np.asarray(psu)
    n = psu_arr.shape[0] if psu_arr.ndim == 1 else -1
    psu_codes = as_labels(psu, None, "psu")
    strata_codes = as_labels(strata, n, "strata")
    one_of(lonely_psu, "lonely_psu", ("fail", "remove"))
    psu_codes = nest_psu(strata_codes, psu_codes)
    fractions = sampling_fractions(fpc, strata_codes, psu_codes)
    n_psu = psu_counts(strata_codes, psu_codes)
    stratified = strata is not None
    columns: list[np.ndarray] = []
    rscales: list[float] = []
    for h in range(n_psu.size):
        f_h = fractions[h]
        if f_h >= 1:
            continue
        n_h = int(n_psu[h])
        if n_h == 1:
            if lonely_psu == "fail":
                raise ValueError(
                    f"strata: stratum number {h + 1} has a single PSU; expected at least 2 "
                    "(or lonely_psu='remove')"
                )
            continue
        in_h = strata_codes == h
        members = np.unique(psu_codes[in_h])
        for j in members:
            col = np.ones(n)
            col[in_h] = n_h / (n_h - 1)
            col[psu_codes == j] = 0.0
            columns.append(col)
            rscales.append((1 - f_h) * (n_h - 1) / n_h)
    if not columns:
        raise ValueError(
            "fpc: every stratum is sampled exhaustively or has a single PSU; "
            "the sampling variance is zero and there is nothing to replicate"
        )
    factors = np.column_stack(columns)
    r = np.asarray(rscales)
    if stratified:
        return ReplicateFactors(factors, 1.0, r, False, "JKn", None, {"lonely_psu": lonely_psu})
    # JK1: R puts the whole multiplier in ``scale`` and unit ``rscales``.
    return ReplicateFactors(factors, float(r[0]), np.ones(r.size), False, "JK1", None, {})
