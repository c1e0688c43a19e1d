"""phare.demo — the simulated 2017 wave of PHARE-Institutions (always labelled SIMULATED).

Public API
----------
``simulate_wave(seed=2017, n_target=1000, wave="2017") -> SimulatedWave``
    ``.responses`` (contract columns, empty = NaN), ``.design`` (sampled communes: stratum,
    N_h (fpc), n_h, prob, weight, propensity, responded, respondent_id), ``.latent``
    (respondent_id, commune, ``_profil_latent``), ``.metadata`` (label "SIMULÉ / SIMULATED",
    seed, options). ``.responses_with_latent()`` joins the latent profile.
``published_2017() -> DataFrame``
    The P1–P11 published figures as data (figure, indicator, region, value, top, labels).
``demo_model() -> DemoModel``
    The generative model on the shipped frame; ``.expected_shares()`` gives the exact
    population shares (no sampling) that the weighted estimates target.
"""

from phare.demo.model import DemoModel
from phare.demo.profiles import PROFILE_LABELS, PROFILES
from phare.demo.published import (
    NATIONAL_TARGETS,
    REGIONAL_INNOV,
    TOP_MOYENS,
    TOP_ROLES,
    published_2017,
)
from phare.demo.simulate import (
    LATENT_COLUMN,
    SIMULATED_LABEL,
    SimulatedWave,
    demo_model,
    simulate_wave,
)

__all__ = [
    "LATENT_COLUMN",
    "NATIONAL_TARGETS",
    "PROFILES",
    "PROFILE_LABELS",
    "REGIONAL_INNOV",
    "SIMULATED_LABEL",
    "TOP_MOYENS",
    "TOP_ROLES",
    "DemoModel",
    "SimulatedWave",
    "demo_model",
    "published_2017",
    "simulate_wave",
]
