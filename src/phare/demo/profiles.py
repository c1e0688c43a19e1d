"""The five latent mayor profiles of the simulated wave and their answer tables.

The 2017 summary reports "5 profils de maires ... selon leurs aspirations et leurs méthodes",
each with levers and brakes, without naming them (P12). The names and tables below are ours:
they drive Q7 (role of the commune), Q8 (means) and Q9 (aspirations, brakes, levers) so that the
profiles are well separated on those items, and they shift the other answers a little.
Everything here is an assumption of the simulation, never a finding.
"""

from __future__ import annotations

from typing import Final

import numpy as np

PROFILES: Final[tuple[str, ...]] = ("pilote", "animateur", "partenaire", "demuni", "reserve")
"""Codes of the latent profiles, in the order of every table below."""

PROFILE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "pilote": (
        "Pilote : la commune impulse et pilote",
        "Steerer: the commune initiates and steers",
    ),
    "animateur": (
        "Animateur : associer habitants et associations",
        "Facilitator: involve residents and associations",
    ),
    "partenaire": (
        "Partenaire intercommunal : accompagner, financer, mutualiser",
        "Intercommunal partner: support, fund, pool",
    ),
    "demuni": (
        "En quête d'outils : manque de temps, de moyens, de connaissance des acteurs",
        "Looking for tools: short of time, resources, knowledge of the actors",
    ),
    "reserve": (
        "Réservé : laisser faire les acteurs",
        "Reserved: leave it to the actors",
    ),
}


PROFILE_MIX: Final[dict[str, tuple[float, ...]]] = {
    # P(profile | size band): small communes are more often short of tools, large ones steer.
    "t1": (0.10, 0.15, 0.25, 0.35, 0.15),
    "t2": (0.15, 0.20, 0.25, 0.25, 0.15),
    "t3": (0.22, 0.28, 0.22, 0.13, 0.15),
    "t4": (0.30, 0.32, 0.18, 0.05, 0.15),
    "t5": (0.35, 0.35, 0.15, 0.03, 0.12),
}


Q9_CENTRES: Final[dict[str, tuple[int, ...]]] = {
    # Modal agreement code (1 tout à fait .. 4 pas du tout) of each Q9 item, by profile.
    #              pil ass ent cit exp  tps con cul int out
    "pilote": (1, 2, 2, 3, 1, 4, 4, 3, 4, 4),
    "animateur": (4, 1, 3, 1, 1, 3, 4, 4, 2, 3),
    "partenaire": (4, 3, 1, 3, 2, 2, 3, 3, 1, 2),
    "demuni": (2, 2, 3, 2, 4, 1, 1, 2, 1, 1),
    "reserve": (3, 4, 4, 4, 4, 2, 2, 1, 4, 4),
}

Q9_SHARPNESS: Final[float] = 1.7
"""Decay of the agreement distribution around the modal code: P(k) ∝ exp(-1.7 |k - centre|)."""

Q9_DONT_KNOW: Final[float] = 0.03
"""P(9 = ne sait pas) on each Q9 item."""

ROLE_IAA_LOGIT: Final[tuple[float, ...]] = (2.6, 2.0, 0.4, -0.4, -2.4)
"""Profile effect on logit P(role_mairie in {1,2,3}); the intercept is solved for P9 (70 %)."""

ROLE_IAA_SPLIT: Final[dict[str, tuple[float, float, float]]] = {
    # P(1 impulser, 2 animer, 3 accompagner | role in {1,2,3}, profile)
    "pilote": (0.86, 0.09, 0.05),
    "animateur": (0.08, 0.84, 0.08),
    "partenaire": (0.06, 0.12, 0.82),
    "demuni": (0.15, 0.15, 0.70),
    "reserve": (0.30, 0.30, 0.40),
}

ROLE_OTHER_SPLIT: Final[dict[str, tuple[float, float, float, float]]] = {
    # P(4 financer, 5 laisser faire, 6 aucun rôle, 9 ne sait pas | role not in {1,2,3}, profile)
    "pilote": (0.50, 0.20, 0.10, 0.20),
    "animateur": (0.40, 0.30, 0.10, 0.20),
    "partenaire": (0.75, 0.10, 0.05, 0.10),
    "demuni": (0.25, 0.15, 0.10, 0.50),
    "reserve": (0.10, 0.60, 0.25, 0.05),
}


MOYEN_PROBS: Final[dict[str, tuple[float, ...]]] = {
    # P(moyen ticked | profile); communication and dialogue are the most cited overall (P10).
    #              com  dia  app  dis  fin  for  aut
    "pilote": (0.80, 0.45, 0.75, 0.15, 0.20, 0.10, 0.05),
    "animateur": (0.70, 0.90, 0.25, 0.30, 0.10, 0.45, 0.05),
    "partenaire": (0.50, 0.55, 0.20, 0.75, 0.70, 0.10, 0.05),
    "demuni": (0.65, 0.45, 0.05, 0.20, 0.35, 0.60, 0.05),
    "reserve": (0.45, 0.35, 0.05, 0.10, 0.45, 0.05, 0.10),
}


def q9_distribution(centre: int) -> np.ndarray:
    """P(code) over (1, 2, 3, 4, 9) for a Q9 item whose modal code is `centre`."""
    codes = np.arange(1, 5)
    w = np.exp(-Q9_SHARPNESS * np.abs(codes - centre))
    w = w / w.sum() * (1.0 - Q9_DONT_KNOW)
    return np.append(w, Q9_DONT_KNOW)
