"""The seeded simulator of a wave of PHARE-Institutions: `simulate_wave`.

Steps (one ``numpy.random.Generator`` seeded by ``seed``, consumed in a fixed order):

1. sample design and non-response (`phare.demo.design`);
2. a latent profile for each respondent, drawn from P(profile | size band);
3. answers, item by item, from the probabilities of `phare.demo.model` and
   `phare.demo.profiles`; Q6 only when Q5 ∈ {1, 2};
4. item non-response completely at random (a few empty cells, whole grids left blank), which
   leaves every share's expectation unchanged (bases of the shares exclude empty cells).

The data are SIMULATED: no mayor answered them. Every output says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from phare.demo.codes import ACTORS, DOMAINS, MOYENS, Q9_ITEMS
from phare.demo.design import INTERVIEW_SHARE, RESPONSE_REGION, RESPONSE_TAILLE, draw_design
from phare.demo.model import (
    COCO_DISAGREE_SPLIT,
    COCO_STRONG,
    INNOV_DISAGREE_SPLIT,
    INNOV_STRONG,
    PREMIER_MANDAT_AGE,
    SAVOIR_DONT_KNOW,
    SOCIAL5,
    DemoModel,
)
from phare.demo.profiles import (
    MOYEN_PROBS,
    PROFILES,
    Q9_CENTRES,
    ROLE_IAA_SPLIT,
    ROLE_OTHER_SPLIT,
    q9_distribution,
)
from phare.demo.verbatims import BY_PROFILE, GENERIC
from phare.instrument import Instrument, load_instrument

SIMULATED_LABEL: Final[str] = "SIMULÉ / SIMULATED"
LATENT_COLUMN: Final[str] = "_profil_latent"

ITEM_NONRESPONSE: Final[float] = 0.015
"""P(empty) of each single item (Q4, Q5, Q6 when asked, Q7, Q9 items, Q11)."""
GRID_NONRESPONSE: Final[dict[str, float]] = {
    "frag": 0.02,
    "part": 0.01,
    "role": 0.03,
    "moyen": 0.02,
}
"""P(whole grid left empty); for Q3, per actor."""
VERBATIM_RATE: Final[float] = 0.35
PHONE_RATE: Final[dict[str, float]] = {"t1": 0.30, "t2": 0.25, "t3": 0.15, "t4": 0.10, "t5": 0.05}

_MODELS: dict[str, DemoModel] = {}


def demo_model() -> DemoModel:
    """The simulation model on the shipped frame (built once per process)."""
    if "default" not in _MODELS:
        from phare.frame import load_frame

        _MODELS["default"] = DemoModel.from_frame(load_frame())
    return _MODELS["default"]


@dataclass(frozen=True)
class SimulatedWave:
    """A simulated wave: responses, design, latent profiles and metadata.

    Attributes
    ----------
    responses : DataFrame
        One row per respondent, exactly the contract columns in ``instrument.column_order()``
        order (commune, wave, respondent_id, mode, Q1..Q11 items); codes as floats, empty = NaN.
    design : DataFrame
        One row per sampled commune: ``commune``, ``region``, ``taille``, ``stratum``, ``N_h``
        (fpc), ``n_h``, ``prob`` (inclusion probability), ``weight`` (design weight),
        ``propensity`` (true response propensity), ``responded``, ``respondent_id``.
    latent : DataFrame
        ``respondent_id``, ``commune`` and ``_profil_latent`` (profile code): the truth behind the
        answers, never part of the contract columns.
    metadata : dict
        ``label`` ("SIMULÉ / SIMULATED"), ``seed``, ``n_target``, ``wave``, ``options``, counts,
        frame version, model intercepts.
    """

    responses: pd.DataFrame
    design: pd.DataFrame
    latent: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)

    def responses_with_latent(self) -> pd.DataFrame:
        """The responses with the latent profile appended as ``_profil_latent``."""
        return self.responses.merge(
            self.latent[["respondent_id", LATENT_COLUMN]], on="respondent_id", how="left"
        )


def _categorical(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of `probs` (n, k): the index of the chosen column."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return np.minimum((u[:, None] >= cum).sum(axis=1), probs.shape[1] - 1)


def _pick(p: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Row-wise p[i, k[i]]."""
    return p[np.arange(len(k)), k]


def _answers(
    model: DemoModel, idx: np.ndarray, profile: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    n = len(idx)
    out: dict[str, np.ndarray] = {}
    # Q1 fragilities
    frag = rng.random((n, len(DOMAINS))) < model.p_frag(idx)
    for j, d in enumerate(DOMAINS):
        out[f"frag_{d}"] = frag[:, j].astype(float)
    # Q2 partnerships
    all16 = rng.random(n) < _pick(model.p_all16(idx), profile)
    ticks = np.zeros((n, len(DOMAINS)), dtype=bool)
    for j, d in enumerate(DOMAINS):
        if d not in SOCIAL5:
            ticks[:, j] = rng.random(n) < model.part_subset[d]
    social_any = rng.random(n) < model.social5_one
    social_pick = rng.integers(0, len(SOCIAL5), size=n)
    for s_i, d in enumerate(SOCIAL5):
        ticks[:, DOMAINS.index(d)] = social_any & (social_pick == s_i)
    ticks[all16] = True
    for j, d in enumerate(DOMAINS):
        out[f"part_{d}"] = ticks[:, j].astype(float)
    # Q3 roles of actors
    for actor in ACTORS:
        p = model.p_role(idx, actor)[np.arange(n), profile]  # (n, 16)
        roles = rng.random(p.shape) < p
        for j, d in enumerate(DOMAINS):
            out[f"role_{actor}_{d}"] = roles[:, j].astype(float)
    # Q4 innovation (region only; strength by profile)
    agree = rng.random(n) < model.p_innov_agree(idx)
    strong = rng.random(n) < np.asarray(INNOV_STRONG)[profile]
    disagree = np.array([3, 4, 9])[_categorical(rng, np.tile(INNOV_DISAGREE_SPLIT, (n, 1)))]
    out["innov"] = np.where(agree, np.where(strong, 1, 2), disagree).astype(float)
    # Q5 / Q6 co-construction
    coco = rng.random(n) < _pick(model.p_coco_agree(idx), profile)
    strong = rng.random(n) < COCO_STRONG
    disagree = np.array([3, 4, 9])[_categorical(rng, np.tile(COCO_DISAGREE_SPLIT, (n, 1)))]
    out["coco_ancree"] = np.where(coco, np.where(strong, 1, 2), disagree).astype(float)
    non = rng.random(n) < _pick(model.p_savoir_non(idx), profile)
    dont_know = rng.random(n) < SAVOIR_DONT_KNOW
    out["coco_savoir"] = np.where(non, 2, np.where(dont_know, 9, 1)).astype(float)
    # Q7 role of the commune
    iaa = rng.random(n) < _pick(model.p_iaa(idx), profile)
    split_iaa = np.array([ROLE_IAA_SPLIT[p] for p in PROFILES])[profile]
    split_other = np.array([ROLE_OTHER_SPLIT[p] for p in PROFILES])[profile]
    code_iaa = np.array([1, 2, 3])[_categorical(rng, split_iaa)]
    code_other = np.array([4, 5, 6, 9])[_categorical(rng, split_other)]
    out["role_mairie"] = np.where(iaa, code_iaa, code_other).astype(float)
    # Q8 means
    moy = np.array([MOYEN_PROBS[p] for p in PROFILES])[profile]
    ticked = rng.random(moy.shape) < moy
    for j, m in enumerate(MOYENS):
        out[f"moyen_{m}"] = ticked[:, j].astype(float)
    # Q9 aspirations, brakes, levers
    codes = np.array([1, 2, 3, 4, 9])
    for j, item in enumerate(Q9_ITEMS):
        dist = np.array([q9_distribution(Q9_CENTRES[p][j]) for p in PROFILES])[profile]
        out[item] = codes[_categorical(rng, dist)].astype(float)
    return out


def _apply_nonresponse(out: dict[str, np.ndarray], rng: np.random.Generator, n: int) -> None:
    for prefix, rate in GRID_NONRESPONSE.items():
        groups = [f"{prefix}_{a}_" for a in ACTORS] if prefix == "role" else [f"{prefix}_"]
        for g in groups:
            blank = rng.random(n) < rate
            for name in out:
                if name.startswith(g):
                    out[name][blank] = np.nan
    singles = ["innov", "coco_ancree", "coco_savoir", "role_mairie", *Q9_ITEMS, "premier_mandat"]
    for name in singles:
        out[name][rng.random(n) < ITEM_NONRESPONSE] = np.nan
    # Q6 is asked only when Q5 in {1, 2} (skip rule of the instrument).
    out["coco_savoir"][~np.isin(out["coco_ancree"], (1.0, 2.0))] = np.nan


def simulate_wave(
    seed: int = 2017,
    n_target: int = 1000,
    wave: str = "2017",
    instrument: Instrument | None = None,
) -> SimulatedWave:
    """Simulate one wave of PHARE-Institutions on the real frame of communes.

    Parameters
    ----------
    seed : int, default 2017
        Seed of the ``numpy.random.Generator``; the same seed gives the same wave.
    n_target : int, default 1000
        Expected number of interviews (between 50 and 20,000).
    wave : str, default "2017"
        Value of the ``wave`` column.
    instrument : Instrument, optional
        Defaults to ``load_instrument()``; gives the column order of the responses.

    Returns
    -------
    SimulatedWave
        Responses in the contract format, sample design, latent profiles and metadata.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed: expected an integer, got {seed!r}")
    if isinstance(n_target, bool) or not isinstance(n_target, int | np.integer):
        raise TypeError(f"n_target: expected an integer, got {n_target!r}")
    if not 50 <= n_target <= 20_000:
        raise ValueError(f"n_target: expected 50 <= n_target <= 20000, got {n_target}")
    if not isinstance(wave, str) or not wave:
        raise ValueError(f"wave: expected a non-empty string, got {wave!r}")
    instrument = instrument or load_instrument()
    model = demo_model()
    rng = np.random.default_rng(seed)

    design = draw_design(model.units, model.taille_idx, int(n_target), rng)
    resp = design.loc[design["responded"]].reset_index(drop=True)
    idx = resp["unit"].to_numpy()
    n = len(idx)
    profile = _categorical(rng, model.profile_probs[idx])
    out = _answers(model, idx, profile, rng)
    age = model.units["maire_age"].astype(str).to_numpy()[idx]
    p_first = np.array([PREMIER_MANDAT_AGE.get(a, 0.4) for a in age])
    out["premier_mandat"] = np.where(rng.random(n) < p_first, 1.0, 2.0)
    _apply_nonresponse(out, rng, n)
    # Q10 verbatim and respondent columns
    says = rng.random(n) < VERBATIM_RATE
    generic = rng.random(n) < 0.3
    choice = rng.integers(0, 3, size=n)
    verbatim = [
        (GENERIC[c] if g else BY_PROFILE[PROFILES[k]][c]) if s else None
        for s, g, c, k in zip(says, generic, choice, profile, strict=True)
    ]
    phone = rng.random(n) < resp["taille"].map(PHONE_RATE).to_numpy(float)
    respondent_id = [f"SIM{wave}-{i + 1:05d}" for i in range(n)]
    data: dict[str, Any] = {
        "commune": resp["commune"].to_numpy(),
        "wave": wave,
        "respondent_id": respondent_id,
        "mode": np.where(phone, "phone", "web"),
        **out,
        "verbatim": verbatim,
    }
    responses = pd.DataFrame(data)
    responses["verbatim"] = responses["verbatim"].astype(object)
    responses = responses.loc[:, instrument.column_order()]
    design = design.drop(columns=["unit"])
    design["respondent_id"] = None
    design.loc[design["responded"], "respondent_id"] = respondent_id
    latent = pd.DataFrame(
        {
            "respondent_id": respondent_id,
            "commune": responses["commune"],
            LATENT_COLUMN: np.array(PROFILES)[profile],
        }
    )
    metadata = {
        "label": SIMULATED_LABEL,
        "description": (
            "Vague simulée à partir des chiffres publiés en 2017 ; aucun maire n'a répondu. / "
            "Simulated wave reproducing the published 2017 figures; no mayor answered."
        ),
        "seed": int(seed),
        "n_target": int(n_target),
        "wave": wave,
        "n_sampled": len(design),
        "n_respondents": n,
        "universe": "communes with a mayor and a size band in the frame",
        "universe_size": len(model.units),
        "frame_version": model.units.attrs.get("frame_version", "unknown"),
        "options": {
            "interview_share": list(INTERVIEW_SHARE),
            "response_taille": list(RESPONSE_TAILLE),
            "response_region": dict(RESPONSE_REGION),
            "item_nonresponse": ITEM_NONRESPONSE,
            "grid_nonresponse": dict(GRID_NONRESPONSE),
        },
        "intercepts": {
            "all16": model.alpha_all16,
            "innov": model.alpha_innov,
            "coco": model.alpha_coco,
            "savoir": model.alpha_savoir,
            "iaa": model.alpha_iaa,
        },
        "instrument": f"{instrument.id} {instrument.version}",
    }
    return SimulatedWave(responses=responses, design=design, latent=latent, metadata=metadata)
