"""Domains (``by=``): codes, labels and per-domain degrees of freedom."""

from __future__ import annotations

import numpy as np

from phare.stats.design import SurveyDesign


def domain_degf(design: SurveyDesign, domain: np.ndarray, n_domains: int) -> np.ndarray:
    """PSUs minus strata holding at least one unit of each domain (R ``degf`` of the subset)."""
    keep = domain >= 0
    dom = domain[keep]
    n_psu = _distinct_per_domain(dom, design.psu[keep], design.n_psus, n_domains)
    n_strata = _distinct_per_domain(dom, design.stratum[keep], design.n_strata, n_domains)
    return (n_psu - n_strata).astype(float)


def _distinct_per_domain(
    dom: np.ndarray, code: np.ndarray, n_codes: int, n_domains: int
) -> np.ndarray:
    pairs = dom.astype(np.int64) * n_codes + code
    if n_domains * n_codes <= 50_000_000:
        present = np.flatnonzero(np.bincount(pairs, minlength=n_domains * n_codes))
    else:
        present = np.unique(pairs)
    return np.bincount(present // n_codes, minlength=n_domains)
