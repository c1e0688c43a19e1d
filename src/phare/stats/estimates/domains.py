"""Domains (``by=``): codes, labels and per-domain degrees of freedom."""

from __future__ import annotations

import numpy as np

from phare.stats.design import SurveyDesign


def domain_degf(design: SurveyDesign, domain: np.ndarray, n_domains: int) -> np.ndarray:
    """PSUs minus strata holding at least one unit of each domain (R ``degf`` of the subset)."""
    keep = domain >= 0
    dom = domain[keep]
    psu_pairs = np.unique(dom * design.n_psus + design.psu[keep])
    strat_pairs = np.unique(dom * design.n_strata + design.stratum[keep])
    n_psu = np.bincount(psu_pairs // design.n_psus, minlength=n_domains)
    n_strata = np.bincount(strat_pairs // design.n_strata, minlength=n_domains)
    return (n_psu - n_strata).astype(float)
