r"""Rescaled bootstrap replicate weights that keep the finite population correction.

Rao–Wu rescaled bootstrap (``rao_wu_bootstrap``)
    In stratum :math:`h` with :math:`n_h` PSUs and sampling fraction :math:`f_h`, each
    replicate draws :math:`m_h = n_h - 1` PSUs with replacement; PSU :math:`i` drawn
    :math:`r_{hi}` times gets the factor

    .. math:: a_{hi} = 1 - \lambda_h + \lambda_h \frac{n_h}{m_h} r_{hi},
              \qquad \lambda_h = \sqrt{\frac{m_h (1 - f_h)}{n_h - 1}} = \sqrt{1 - f_h}.

    With :math:`m_h = n_h - 1` the factors are never negative, and for a linear estimator
    the bootstrap variance has expectation :math:`\sum_h n_h (1-f_h) s_{z,h}^2`, the usual
    unbiased variance of a stratified without-replacement design (Rao & Wu 1988; Rao, Wu &
    Yue 1992). A stratum sampled exhaustively (:math:`f_h = 1`) keeps factors of 1.

Preston multistage rescaled bootstrap (``preston_bootstrap``)
    At every stage and in every stratum of that stage (later-stage strata are nested in the
    previous stage's clusters), a replicate keeps :math:`n^*_h = \lfloor n_h/2 \rfloor` of the
    :math:`n_h` sampled clusters without replacement. The stage-:math:`k` contribution is
    :math:`\lambda_{hk}(\frac{n_h}{n^*_h}\delta_i - 1)` times the product of
    :math:`\sqrt{n/n^*}\,\delta` of the earlier stages, with
    :math:`\lambda_{hk} = \sqrt{F_{k-1}\, n^*_h (1-f_{hk})/(n_h - n^*_h)}` and :math:`F_{k-1}`
    the product of the sampling fractions of the earlier stages; the factor is one plus the
    sum of the stage contributions (Preston 2009). This is the algorithm of R ``survey``'s
    ``as.svrepdesign(type = "mrbbootstrap")``.

Both use ``scale`` :math:`= 1/(R-1)` and deviations around the replicate mean (``mse=False``).
Random draws come from a :class:`numpy.random.Generator` built from ``seed``; the seed is
recorded on the result.

References
----------
Rao, J. N. K. & Wu, C. F. J. (1988). Resampling inference with complex survey data.
*Journal of the American Statistical Association*, 83(401), 231-241.
Rao, J. N. K., Wu, C. F. J. & Yue, K. (1992). Some recent work on resampling methods for
complex surveys. *Survey Methodology*, 18(2), 209-217.
Preston, J. (2009). Rescaled bootstrap for stratified multistage sampling. *Survey
Methodology*, 35(2), 227-234.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from phare.stats.replicates._checks import (
    as_labels,
    nest_psu,
    positive_int,
    psu_counts,
    sampling_fractions,
)
from phare.stats.replicates.factors import ReplicateFactors


def _generator(seed: int | np.random.Generator | None) -> tuple[np.random.Generator, int | None]:
    if isinstance(seed, np.random.Generator):
        return seed, None
    if seed is None or isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValueError(
            f"seed: expected an integer or a numpy Generator (never the global RNG), "
            f"received {seed!r}"
        )
    return np.random.default_rng(int(seed)), int(seed)


def rao_wu_bootstrap(
    psu: ArrayLike,
    strata: ArrayLike | None = None,
    fpc: ArrayLike | None = None,
    *,
    replicates: int = 200,
    seed: int | np.random.Generator | None = None,
) -> ReplicateFactors:
    """Rao–Wu rescaled bootstrap factors with :math:`m_h = n_h - 1` and the fpc.

    Parameters
    ----------
    psu : array of shape (n,)
        Primary sampling unit of each unit (the unit's own id for element sampling).
    strata : array of shape (n,), optional
        Stratum of each unit; ``None`` for one stratum.
    fpc : array of shape (n,), optional
        Population number of PSUs of the unit's stratum (> 1) or sampling fraction (<= 1);
        ``None`` for sampling with replacement.
    replicates : int, default 200
        Number of replicates :math:`R` (at least 2).
    seed : int or numpy.random.Generator
        Source of randomness (required).

    Returns
    -------
    ReplicateFactors
        ``factors`` of shape (n, R), ``scale`` :math:`1/(R-1)`, method ``"rao_wu"``.
    """
    n_rep = positive_int(replicates, "replicates", minimum=2)
    rng, seed_value = _generator(seed)
    psu_codes = as_labels(psu, None, "psu")
    n = psu_codes.shape[0]
    strata_codes = as_labels(strata, n, "strata")
    psu_codes = nest_psu(strata_codes, psu_codes)
    fractions = sampling_fractions(fpc, strata_codes, psu_codes)
    n_psu = psu_counts(strata_codes, psu_codes)
    if (n_psu[fractions < 1] < 2).any():
        h = int(np.argmax((n_psu < 2) & (fractions < 1)))
        raise ValueError(
            f"strata: stratum number {h + 1} has a single PSU; expected at least 2 per stratum"
        )
    n_all = int(psu_codes.max()) + 1
    psu_stratum = np.empty(n_all, dtype=np.int64)
    psu_stratum[psu_codes] = strata_codes
    psu_factors = np.empty((n_all, n_rep))
    filled = np.zeros(n_all, dtype=bool)
    replicate_index = np.arange(n_rep, dtype=np.int64)[:, None]
    for h in range(n_psu.size):
        f_h = float(fractions[h])
        if f_h >= 1:
            continue
        members = np.flatnonzero(psu_stratum == h)
        n_h = members.size
        m_h = n_h - 1
        # key = drawn PSU * R + replicate, so the counts come out as (n_h, R) in C order
        draws = rng.integers(0, n_h, size=(n_rep, m_h))
        draws *= n_rep
        draws += replicate_index
        counts = np.bincount(draws.ravel(), minlength=n_h * n_rep).reshape(n_h, n_rep)
        lam = np.sqrt(m_h * (1.0 - f_h) / (n_h - 1))
        block = counts * (lam * n_h / m_h)
        block += 1.0 - lam
        psu_factors[members] = block
        filled[members] = True
    psu_factors[~filled] = 1.0
    identity = n_all == n and bool((psu_codes == np.arange(n)).all())
    return ReplicateFactors(
        psu_factors if identity else psu_factors[psu_codes],
        1.0 / (n_rep - 1),
        np.ones(n_rep),
        False,
        "rao_wu",
        seed_value,
        {"replicates": n_rep},
    )


def preston_bootstrap(
    clusters: ArrayLike | Sequence[ArrayLike],
    strata: ArrayLike | Sequence[ArrayLike | None] | None = None,
    fpc: ArrayLike | Sequence[ArrayLike] | None = None,
    *,
    replicates: int = 200,
    seed: int | np.random.Generator | None = None,
) -> ReplicateFactors:
    """Preston (2009) multistage rescaled bootstrap factors with the fpc of every stage.

    Parameters
    ----------
    clusters : array of shape (n,) or sequence of such arrays, one per stage
        Sampled cluster of each unit at each stage (first stage = PSU). Labels of a stage are
        taken as nested in the previous stage's clusters.
    strata : array or sequence of arrays/None, optional
        Strata of each stage; a later stage is always nested in the previous stage's cluster.
        ``None``: unstratified first stage.
    fpc : array or sequence of arrays, optional
        Population number of clusters (> 1) or sampling fraction (<= 1) at each stage, per
        unit. ``None``: first stage with replacement (later stages are then ignored, as R).
    replicates : int, default 200
        Number of replicates :math:`R` (at least 2).
    seed : int or numpy.random.Generator
        Source of randomness (required).

    Returns
    -------
    ReplicateFactors
        ``factors`` of shape (n, R), ``scale`` :math:`1/(R-1)`, method ``"preston"``.
    """
    n_rep = positive_int(replicates, "replicates", minimum=2)
    rng, seed_value = _generator(seed)
    stage_clusters = _stages(clusters, "clusters")
    n = np.asarray(stage_clusters[0]).shape[0]
    n_stages = len(stage_clusters)
    if fpc is None:
        n_stages = 1
        stage_fpc: list[ArrayLike | None] = [None]
    else:
        stage_fpc = list(_stages(fpc, "fpc"))
        if len(stage_fpc) != n_stages:
            raise ValueError(
                f"fpc: expected one vector per stage ({n_stages}), received {len(stage_fpc)}"
            )
    if strata is None:
        stage_strata: list[ArrayLike | None] = [None] * n_stages
    else:
        given = list(_stages(strata, "strata", allow_none=True))
        stage_strata = given + [None] * (n_stages - len(given))
    # Codes: stage-k strata nested in stage-(k-1) clusters, stage-k clusters nested in strata.
    strata_codes: list[NDArray[np.int64]] = []
    cluster_codes: list[NDArray[np.int64]] = []
    fractions: list[NDArray[np.float64]] = []
    parent = np.zeros(n, dtype=np.int64)
    for k in range(n_stages):
        own = as_labels(stage_strata[k], n, f"strata[{k}]")
        s = as_labels(parent * (int(own.max()) + 1) + own, None, f"strata[{k}]")
        c = nest_psu(s, as_labels(stage_clusters[k], n, f"clusters[{k}]"))
        frac = sampling_fractions(stage_fpc[k], s, c, f"fpc[{k}]")
        strata_codes.append(s)
        cluster_codes.append(c)
        fractions.append(frac[s])
        parent = c
    contrib = np.zeros((n, n_rep))
    multiplier = np.ones((n, n_rep))
    kept = np.ones((n, n_rep), dtype=bool)
    cumulative = np.ones(n)
    for k in range(n_stages):
        s, c = strata_codes[k], cluster_codes[k]
        for h in range(int(s.max()) + 1):
            rows = np.flatnonzero(s == h)
            local = as_labels(c[rows], None, "clusters")
            n_h = int(local.max()) + 1
            n_star = n_h // 2
            f = float(fractions[k][rows[0]])
            alive = kept[rows[0]]  # nested: a stratum is kept or dropped as a whole
            if n_star == 0:
                kept[rows] = False
                continue
            lam = np.sqrt(cumulative[rows[0]] * n_star * (1.0 - f) / (n_h - n_star))
            keys = rng.random((n_h, n_rep))
            chosen = np.argsort(np.argsort(keys, axis=0), axis=0) < n_star
            keep = chosen[local] & alive
            w_star = np.where(alive, -lam + lam * (n_h / n_star) * keep, 0.0)
            contrib[rows] += w_star * multiplier[rows]
            multiplier[rows] *= np.where(alive, np.sqrt(n_h / n_star) * keep, 1.0)
            kept[rows] &= keep
        cumulative = cumulative * fractions[k]
    return ReplicateFactors(
        1.0 + contrib,
        1.0 / (n_rep - 1),
        np.ones(n_rep),
        False,
        "preston",
        seed_value,
        {"replicates": n_rep, "stages": n_stages},
    )


def _stages(
    values: ArrayLike | Sequence[ArrayLike | None], name: str, allow_none: bool = False
) -> list[ArrayLike | None]:
    """Split a per-stage argument into a list (a single vector is one stage)."""
    if isinstance(values, list | tuple) and len(values) > 0 and not np.isscalar(values[0]):
        out = list(values)
    else:
        out = [values]
    for k, v in enumerate(out):
        if v is None and not allow_none:
            raise ValueError(f"{name}[{k}]: expected a vector, received None")
    return out
