"""Sample design and non-response of the simulated wave.

Stratified simple random sampling without replacement (SRSWOR) by size band ``taille``, with
many more interviews than proportional in the large communes; then each sampled mayor answers
with a propensity that depends on size band and region (multiplicatively, the structure raking
on those margins corrects):

.. math:: \\rho_c = \\min(0.95,\\ r_{t(c)} \\times f_{g(c)}).

Sample sizes are set so that the expected number of interviews in band :math:`h` is
``n_target × INTERVIEW_SHARE[h]``: :math:`n_h = \\min(N_h, \\operatorname{round}(m_h /
\\bar\\rho_h))`. Inclusion probabilities are :math:`\\pi_c = n_h / N_h`.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from phare.demo.profiles import SIZE_CODES

INTERVIEW_SHARE: Final[tuple[float, ...]] = (0.33, 0.28, 0.22, 0.12, 0.05)
"""Share of the interviews aimed at in each size band t1..t5 (the population has 52 % in t1)."""

RESPONSE_TAILLE: Final[tuple[float, ...]] = (0.30, 0.36, 0.44, 0.52, 0.62)
"""Baseline response propensity by size band t1..t5."""

RESPONSE_REGION: Final[dict[str, float]] = {
    "11": 0.85,
    "24": 1.05,
    "27": 1.00,
    "28": 0.95,
    "32": 0.90,
    "44": 1.00,
    "52": 1.10,
    "53": 1.15,
    "75": 1.05,
    "76": 1.10,
    "84": 0.95,
    "93": 0.85,
    "94": 0.80,
}
"""Regional factor of the response propensity (overseas regions: 0.70)."""

OVERSEAS_FACTOR: Final[float] = 0.70


def response_propensity(taille_idx: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Response propensity of each unit (size band index 0..4, region code)."""
    factor = np.array([RESPONSE_REGION.get(str(r), OVERSEAS_FACTOR) for r in region])
    return np.minimum(0.95, np.asarray(RESPONSE_TAILLE)[taille_idx] * factor)


def stratum_sizes(
    taille_idx: np.ndarray, propensity: np.ndarray, n_target: int
) -> dict[str, tuple[int, int]]:
    """{band: (N_h, n_h)} aiming at `n_target` interviews in expectation."""
    sizes: dict[str, tuple[int, int]] = {}
    for h, code in enumerate(SIZE_CODES):
        members = taille_idx == h
        big_n = int(members.sum())
        wanted = n_target * INTERVIEW_SHARE[h] / float(propensity[members].mean())
        sizes[code] = (big_n, int(min(big_n, max(2, round(wanted)))))
    return sizes


def draw_design(
    units: pd.DataFrame,
    taille_idx: np.ndarray,
    n_target: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Draw the sample and the response flags.

    Returns
    -------
    DataFrame
        One row per sampled commune, sorted by commune: ``unit`` (row of `units`), ``commune``,
        ``region``, ``taille``, ``stratum`` (= taille), ``N_h`` (fpc), ``n_h``, ``prob``
        (inclusion probability), ``weight`` (1 / prob), ``propensity`` (true response
        propensity, unknown in a real survey), ``responded`` (bool).
    """
    region = units["region"].astype(str).to_numpy()
    propensity = response_propensity(taille_idx, region)
    sizes = stratum_sizes(taille_idx, propensity, n_target)
    order = np.argsort(units["commune"].astype(str).to_numpy(), kind="stable")
    picked: list[np.ndarray] = []
    for h, code in enumerate(SIZE_CODES):
        members = order[taille_idx[order] == h]
        big_n, n_h = sizes[code]
        picked.append(np.sort(rng.choice(members, size=n_h, replace=False)))
    rows = np.concatenate(picked)
    rows = rows[np.argsort(units["commune"].astype(str).to_numpy()[rows], kind="stable")]
    strata = np.array(SIZE_CODES)[taille_idx[rows]]
    big = np.array([sizes[s][0] for s in strata])
    small = np.array([sizes[s][1] for s in strata])
    responded = rng.random(len(rows)) < propensity[rows]
    return pd.DataFrame(
        {
            "unit": rows,
            "commune": units["commune"].astype(str).to_numpy()[rows],
            "region": region[rows],
            "taille": strata,
            "stratum": strata,
            "N_h": big,
            "n_h": small,
            "prob": small / big,
            "weight": big / small,
            "propensity": propensity[rows],
            "responded": responded,
        }
    )
