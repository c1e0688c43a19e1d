"""Sample design and non-response of the simulated wave.

Stratified simple random sampling without replacement (SRSWOR) by size band ``taille``
(drawn by `phare.frame.sampling.draw_sample`), with
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

from phare.demo.codes import SIZE_CODES
from phare.frame.sampling import draw_sample

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
    """Draw the sample (with `phare.frame.sampling.draw_sample`) and the response flags.

    The draw's seed is taken from `rng`, so one seed reproduces the whole wave.

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
    frame = pd.DataFrame(
        {
            "commune": units["commune"].astype(str).to_numpy(),
            "taille": np.array(SIZE_CODES)[taille_idx],
        }
    )
    draw = draw_sample(
        frame,
        {code: n_h for code, (_, n_h) in sizes.items()},
        strata="taille",
        seed=int(rng.integers(0, 2**31 - 1)),
    )
    design = draw.design  # commune, stratum, N_h, n_h, prob, weight; sorted by commune
    position = pd.Series(np.arange(len(units)), index=frame["commune"])
    rows = position.loc[design["commune"]].to_numpy()
    responded = rng.random(len(rows)) < propensity[rows]
    return pd.DataFrame(
        {
            "unit": rows,
            "commune": design["commune"].to_numpy(),
            "region": region[rows],
            "taille": design["stratum"].astype(str).to_numpy(),
            "stratum": design["stratum"].astype(str).to_numpy(),
            "N_h": design["N_h"].to_numpy(),
            "n_h": design["n_h"].to_numpy(),
            "prob": design["prob"].to_numpy(float),
            "weight": design["weight"].to_numpy(float),
            "propensity": propensity[rows],
            "responded": responded,
        }
    )
