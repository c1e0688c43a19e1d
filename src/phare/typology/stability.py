"""Bootstrap stability of a typology's profiles.

For b = 1..B (seeded), rows are drawn with replacement (n out of n, each keeping its weight),
the whole typology (MCA + HCPC, with the number of profiles fixed to the fitted one) is refitted
on the draw, and **every original row** is assigned by the refitted model (projection as a
supplementary row, nearest centre). Comparing the original profiles C₁..C_k with the bootstrap
ones D₁..D_k on the n original rows:

- **global ARI**: adjusted Rand index of the two partitions (Hubert & Arabie 1985);
- **per-profile Jaccard**: ``J_b(C) = max_D |C ∩ D| / |C ∪ D|`` (Hennig 2007's clusterwise
  stability, here on all original rows);
- **per-profile ARI**: the adjusted Rand index of the two-class partitions {C, not C} and
  {D*, not D*}, D* the bootstrap class of best Jaccard with C.

Each is averaged over the B draws. Hennig's rule of thumb: a mean Jaccard under 0.5 means the
profile dissolves; above 0.75 it is stable; above 0.85 highly stable.

References
----------
Hubert, L. & Arabie, P. (1985). Comparing partitions. Journal of Classification 2, 193–218.
Hennig, C. (2007). Cluster-wise assessment of cluster stability. Computational Statistics &
    Data Analysis 52, 258–271.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict
from sklearn.metrics import adjusted_rand_score

from phare.typology.errors import NotFittedError, TypologyError, check_weights


class ProfileStability(BaseModel):
    """Stability of one profile over the bootstrap draws."""

    model_config = ConfigDict(frozen=True)

    cluster: int
    jaccard: float
    ari: float
    jaccard_min: float
    dissolved: float
    """Share of draws where the profile's best Jaccard is under 0.5."""


class StabilityResult(BaseModel):
    """Bootstrap stability of a typology (see module docstring)."""

    model_config = ConfigDict(frozen=True)

    n_boot: int
    seed: int | None
    ari: float
    """Mean global ARI."""
    ari_draws: list[float]
    profiles: list[ProfileStability]


def _one_vs_best(original: np.ndarray, boot: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per original class (labels 1..k): best Jaccard over bootstrap classes, and the ARI of the
    two-class partitions {C, not C} vs {D*, not D*}."""
    boot_classes, boot_idx = np.unique(boot, return_inverse=True)
    table = np.zeros((k, len(boot_classes)))
    np.add.at(table, (original - 1, boot_idx), 1)
    union = table.sum(axis=1)[:, None] + table.sum(axis=0)[None, :] - table
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.nan_to_num(table / union)
    best = jac.argmax(axis=1)
    jaccard = jac[np.arange(k), best]
    aris = np.array([adjusted_rand_score(original == c + 1, boot_idx == best[c]) for c in range(k)])
    return jaccard, aris


def bootstrap_stability(
    typology: Any,
    X: pd.DataFrame,
    sample_weight: Any = None,
    *,
    n_boot: int = 20,
    random_state: int | None = None,
    on_draw: Callable[[int], None] | None = None,
) -> StabilityResult:
    """Bootstrap the fitted `typology` on its data `X` (see module docstring).

    Parameters
    ----------
    typology : Typology
        A fitted :class:`~phare.typology.Typology`.
    X : DataFrame
        The data it was fitted on.
    sample_weight : array-like, optional
        The weights it was fitted with.
    n_boot : int, default 20
    random_state : int, optional
    on_draw : callable, optional
        Called as ``on_draw(b)`` after draw ``b`` (1..n_boot) is done, e.g. to advance a
        progress bar; it does not change the results.
    """
    from phare.typology.typology import Typology

    if not isinstance(typology, Typology) or not hasattr(typology, "labels_"):
        raise NotFittedError("bootstrap_stability needs a fitted Typology")
    if len(X) != len(typology.labels_):
        raise TypologyError(
            "X", f"the {len(typology.labels_)} rows the typology was fitted on", len(X)
        )
    if n_boot < 1:
        raise TypologyError("n_boot", "an integer >= 1", n_boot)
    w = check_weights(sample_weight, len(X))
    rng = np.random.default_rng(random_state)
    k = typology.n_clusters_
    original = typology.labels_
    params = typology.get_params()
    params.update(n_clusters=k, describe=False, names=None)
    draws = []
    jac = np.zeros((n_boot, k))
    aris = np.zeros((n_boot, k))
    n = len(X)
    for b in range(n_boot):
        idx = rng.integers(0, n, size=n)
        params["random_state"] = int(rng.integers(2**31 - 1))
        refit = Typology(**params).fit(X.iloc[idx], sample_weight=w[idx])
        boot = refit.model_.assign(X)["cluster"].to_numpy()
        draws.append(float(adjusted_rand_score(original, boot)))
        jac[b], aris[b] = _one_vs_best(original, boot, k)
        if on_draw is not None:
            on_draw(b + 1)
    profiles = [
        ProfileStability(
            cluster=c + 1,
            jaccard=float(jac[:, c].mean()),
            ari=float(aris[:, c].mean()),
            jaccard_min=float(jac[:, c].min()),
            dissolved=float((jac[:, c] < 0.5).mean()),
        )
        for c in range(k)
    ]
    return StabilityResult(
        n_boot=n_boot,
        seed=random_state,
        ari=float(np.mean(draws)),
        ari_draws=draws,
        profiles=profiles,
    )
