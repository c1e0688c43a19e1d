"""Synthetic frame-like samples for the benchmarks (seeded, written once, read by every peer).

Units look like a sample of French communes: 18 regions of unequal size, five size bands
("t1".."t5", most communes small), the mayor's sex (2 levels) and age band (6 levels), design
weights that over-sample large communes (with a little non-response noise), the population
size of each band for the fpc, and 16 binary outcomes whose probabilities depend on those
characteristics. Margins for raking are the weighted sample margins tilted by a few percent,
all summing to the same population size.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

REGIONS = [f"{k:02d}" for k in (1, 2, 3, 4, 6, 11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 94)]
BANDS = ["t1", "t2", "t3", "t4", "t5"]
SEXES = ["F", "M"]
AGES = ["<40", "40-49", "50-59", "60-69", "70-79", "80+"]
N_OUTCOMES = 16
OUTCOMES = [f"y{k:02d}" for k in range(1, N_OUTCOMES + 1)]
MARGINS = ["region", "taille", "maire_sexe", "maire_age"]

_BAND_SHARE = np.array([0.54, 0.30, 0.12, 0.035, 0.005])
_SAMPLING_RATE = np.array([0.03, 0.06, 0.15, 0.40, 0.80])


def make_sample(n: int, seed: int = 2017) -> pd.DataFrame:
    """A synthetic sample of ``n`` units (see the module docstring)."""
    rng = np.random.default_rng(seed)
    region_share = rng.dirichlet(np.full(len(REGIONS), 4.0))
    region = rng.choice(len(REGIONS), size=n, p=region_share)
    taille = rng.choice(len(BANDS), size=n, p=_BAND_SHARE)
    sexe = (rng.random(n) < 0.20 + 0.03 * (taille < 2)).astype(int)  # 0 = F
    sexe = 1 - sexe
    age = np.minimum(rng.binomial(5, 0.55, size=n), 5)
    weights = (1.0 / _SAMPLING_RATE[taille]) * rng.uniform(0.85, 1.15, size=n)
    band_pop = np.bincount(taille, weights=weights, minlength=len(BANDS))
    band_n = np.bincount(taille, minlength=len(BANDS))
    fpc = np.maximum(np.round(band_pop), band_n)[taille]
    data = pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "region": np.array(REGIONS)[region],
            "taille": np.array(BANDS)[taille],
            "maire_sexe": np.array(SEXES)[sexe],
            "maire_age": np.array(AGES)[age],
            "w": weights,
            "fpc": fpc,
        }
    )
    region_effect = rng.normal(0, 0.3, size=len(REGIONS))
    for k, name in enumerate(OUTCOMES):
        base = -2.5 + 5.0 * k / (N_OUTCOMES - 1)  # from about 8% to 92%
        eta = base + region_effect[region] + 0.25 * (taille - 2) - 0.2 * sexe + 0.1 * (age - 2)
        data[name] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    return data


def make_margins(data: pd.DataFrame, seed: int = 2018) -> dict[str, dict[str, float]]:
    """Population margins: weighted sample shares tilted by up to 5%, one common total."""
    rng = np.random.default_rng(seed)
    total = float(data["w"].sum()) * 1.02
    margins: dict[str, dict[str, float]] = {}
    for name in MARGINS:
        shares = data.groupby(name)["w"].sum()
        shares = shares * rng.uniform(0.95, 1.05, size=len(shares))
        shares = shares / shares.sum() * total
        margins[name] = {str(k): float(v) for k, v in shares.items()}
    return margins


def write(n: int, folder: Path, seed: int = 2017) -> tuple[Path, Path]:
    """Write ``sample_<n>.csv`` and ``margins_<n>.json`` in ``folder``; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    data = make_sample(n, seed)
    csv = folder / f"sample_{n}.csv"
    margins = folder / f"margins_{n}.json"
    data.to_csv(csv, index=False)
    margins.write_text(json.dumps(make_margins(data)), encoding="utf-8")
    return csv, margins
