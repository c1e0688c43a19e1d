"""The generative model of the simulated wave, and its exact population expectations.

Every answer of a mayor of commune ``c`` with latent profile ``k`` has a known probability;
the share of an indicator over the POPULATION of mayors is therefore known exactly:

.. math:: \\theta = \\frac{1}{N} \\sum_{c=1}^{N} \\sum_{k=1}^{5} \\pi_{ck}\\, p_{ck},

with :math:`\\pi_{ck}` = P(profile k | size band of c) and :math:`p_{ck}` the probability of the
event. A few intercepts are solved (Brent's method) on the frame so that :math:`\\theta` equals
the published 2017 figure; sampling with known inclusion probabilities, non-response that
depends on size band and region (the calibration variables) and calibration weighting then
estimate it without bias, up to the usual :math:`O(1/n)` of ratio estimators.

The universe is the communes of the frame that have a mayor (``maire_sexe`` known) and a size
band (population known; the 17 communes of Mayotte have none in the shipped frame): one cannot
interview the mayor of a commune without one, nor stratify a commune without a size band.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit, logit

from phare.demo.codes import ACTORS, DOMAINS, MOYENS, SIZE_CODES
from phare.demo.profiles import MOYEN_PROBS, PROFILE_MIX, PROFILES, ROLE_IAA_LOGIT
from phare.demo.published import NATIONAL_TARGETS

SOCIAL5: Final[tuple[str, ...]] = ("environnement", "sante", "lien_social", "mobilite", "pauvrete")

# --- Q2 partnerships: a share a_ck of mayors tick all 16 domains; the others tick a subset. ---
PART_ALL_TAILLE: Final[tuple[float, ...]] = (0.25, 0.0, -0.3, -0.6, -0.8)
"""Size-band effect on logit P(tick all 16): large communes are more selective."""
PART_ALL_PROFILE: Final[tuple[float, ...]] = (0.2, 0.3, 0.0, 0.1, -0.6)
PART_SUBSET_OTHER: Final[dict[str, float]] = {
    "niveau_vie": 0.08,
    "logement": 0.06,
    "diversite": 0.05,
    "intergen": 0.07,
    "education": 0.10,
    "securite": 0.09,
    "numerique": 0.08,
    "culture": 0.06,
    "transition": 0.07,
}
"""P(ticked | subset-ticker) of the domains not tied to a published figure."""

# --- Q4 innovation: by region only, flat across size bands ("quelle que soit la taille"). ---
INNOV_FIXED: Final[dict[str, float]] = {"28": 0.77, "84": 0.77, "76": 0.995}
"""Normandie and Auvergne-Rhône-Alpes at the published 77 %; Occitanie at 99.5 %, the lower end
of the published (rounded) 100 %."""
INNOV_REGION_OFFSET: Final[dict[str, float]] = {
    "11": -0.30,
    "24": 0.05,
    "27": 0.25,
    "32": -0.20,
    "44": 0.10,
    "52": 0.30,
    "53": 0.40,
    "75": -0.10,
    "93": 0.00,
    "94": 0.20,
}
"""Logit offsets of the other regions around a solved intercept (overseas regions: 0)."""
INNOV_STRONG: Final[tuple[float, ...]] = (0.50, 0.55, 0.40, 0.30, 0.20)
"""P(1 tout à fait | agree) by profile."""
INNOV_DISAGREE_SPLIT: Final[tuple[float, float, float]] = (0.55, 0.20, 0.25)
"""P(3, 4, 9 | not agree)."""

# --- Q5 / Q6 co-construction. ---
COCO_PROFILE: Final[tuple[float, ...]] = (1.0, 1.2, 0.3, -0.8, -0.7)
COCO_TAILLE: Final[tuple[float, ...]] = (-0.2, 0.0, 0.2, 0.4, 0.5)
COCO_STRONG: Final[float] = 0.35
"""P(1 | coco_ancree in {1,2})."""
COCO_DISAGREE_SPLIT: Final[tuple[float, float, float]] = (0.55, 0.30, 0.15)
SAVOIR_PROFILE: Final[tuple[float, ...]] = (-1.2, -0.8, 0.0, 1.5, 0.5)
SAVOIR_TAILLE: Final[tuple[float, ...]] = (0.3, 0.1, -0.1, -0.3, -0.4)
SAVOIR_DONT_KNOW: Final[float] = 0.15
"""P(9 | coco_savoir != 2)."""

# --- Q1 fragilities: base probability and size-band tilt (logit per band step from t3). ---
FRAG_BASE: Final[dict[str, tuple[float, float]]] = {
    "emploi": (0.55, 0.10),
    "dev_eco": (0.50, -0.05),
    "niveau_vie": (0.35, 0.05),
    "pauvrete": (0.30, 0.35),
    "logement": (0.20, 0.40),
    "diversite": (0.15, 0.20),
    "intergen": (0.30, -0.10),
    "lien_social": (0.40, 0.05),
    "education": (0.30, 0.10),
    "sante": (0.50, -0.20),
    "securite": (0.25, 0.45),
    "mobilite": (0.55, -0.35),
    "numerique": (0.45, -0.40),
    "culture": (0.20, 0.00),
    "environnement": (0.35, 0.05),
    "transition": (0.30, 0.10),
}

# --- Q3 roles of actors: base probability by actor x domain (P11: the top four are high). ---
ROLE_BASE: Final[dict[str, dict[str, float]]] = {
    "citoyens": {
        "environnement": 0.72,
        "education": 0.66,
        "lien_social": 0.70,
        "securite": 0.60,
        "intergen": 0.42,
        "mobilite": 0.30,
        "culture": 0.38,
        "sante": 0.28,
        "diversite": 0.30,
        "transition": 0.35,
        "numerique": 0.18,
        "logement": 0.12,
        "pauvrete": 0.25,
        "niveau_vie": 0.10,
        "emploi": 0.12,
        "dev_eco": 0.15,
    },
    "associations": {
        "lien_social": 0.80,
        "pauvrete": 0.70,
        "culture": 0.68,
        "education": 0.62,
        "intergen": 0.45,
        "diversite": 0.45,
        "sante": 0.35,
        "logement": 0.30,
        "environnement": 0.38,
        "securite": 0.12,
        "mobilite": 0.20,
        "numerique": 0.25,
        "emploi": 0.30,
        "niveau_vie": 0.15,
        "dev_eco": 0.12,
        "transition": 0.22,
    },
    "entreprises": {
        "dev_eco": 0.85,
        "emploi": 0.80,
        "environnement": 0.62,
        "transition": 0.60,
        "numerique": 0.40,
        "mobilite": 0.35,
        "niveau_vie": 0.38,
        "education": 0.15,
        "logement": 0.18,
        "diversite": 0.30,
        "sante": 0.15,
        "securite": 0.08,
        "lien_social": 0.08,
        "culture": 0.18,
        "pauvrete": 0.12,
        "intergen": 0.06,
    },
}
ROLE_ACTOR_PROFILE: Final[dict[str, tuple[float, ...]]] = {
    # logit shift of every domain of an actor, by profile
    "citoyens": (-0.1, 0.4, 0.0, 0.0, -0.3),
    "associations": (0.0, 0.4, 0.1, 0.0, -0.4),
    "entreprises": (0.1, -0.1, 0.4, 0.0, -0.3),
}
ROLE_ACTOR_TAILLE: Final[tuple[float, ...]] = (-0.15, -0.05, 0.05, 0.15, 0.20)

PREMIER_MANDAT_AGE: Final[dict[str, float]] = {
    "<40": 0.80,
    "40-49": 0.60,
    "50-59": 0.45,
    "60-69": 0.33,
    "70+": 0.18,
}


def _solve(f_target: float, mean_prob: object) -> float:
    """The intercept alpha with mean_prob(alpha) = f_target (monotone in alpha)."""
    return float(brentq(lambda a: mean_prob(a) - f_target, -20.0, 20.0, xtol=1e-12))  # type: ignore[operator]


@dataclass(frozen=True)
class DemoModel:
    """The simulation model over a frame, with the intercepts solved for the 2017 figures.

    Attributes
    ----------
    units : DataFrame
        The universe: one row per commune with a mayor (commune, region, taille, maire_sexe,
        maire_age, departement, population), index 0..N-1.
    taille_idx : ndarray of int
        Size band index 0..4 of each unit.
    profile_probs : ndarray (N, 5)
        P(profile k | commune).
    alpha_all16, alpha_innov, alpha_coco, alpha_savoir, alpha_iaa : float
        Solved intercepts (logit scale).
    part_subset : dict
        P(domain ticked | not ticking all 16), derived from P1–P4.
    """

    units: pd.DataFrame
    taille_idx: np.ndarray
    profile_probs: np.ndarray
    alpha_all16: float
    alpha_innov: float
    alpha_coco: float
    alpha_savoir: float
    alpha_iaa: float
    part_subset: dict[str, float]
    social5_one: float

    # ----- construction -------------------------------------------------------------------
    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> DemoModel:
        """Build the model on `frame` (``phare.frame.load_frame()``), solving the intercepts."""
        needed = {"commune", "region", "taille", "maire_sexe", "maire_age"}
        missing = sorted(needed - set(frame.columns))
        if missing:
            raise ValueError(f"frame: missing columns {missing}")
        keep = frame["maire_sexe"].notna() & frame["taille"].notna()
        units = frame.loc[keep].reset_index(drop=True)
        units.attrs = dict(frame.attrs)
        taille = units["taille"].astype(str).to_numpy()
        bad = sorted(set(taille) - set(SIZE_CODES))
        if bad:
            raise ValueError(f"frame.taille: unexpected values {bad}, expected {SIZE_CODES}")
        taille_idx = np.searchsorted(np.array(SIZE_CODES), taille)
        pi = np.array([PROFILE_MIX[t] for t in SIZE_CODES])[taille_idx]
        t = NATIONAL_TARGETS

        def mix(alpha: float, prof: tuple[float, ...], size: tuple[float, ...]) -> np.ndarray:
            return expit(alpha + np.asarray(prof)[None, :] + np.asarray(size)[taille_idx][:, None])

        def share(p: np.ndarray) -> float:
            return float((pi * p).sum(axis=1).mean())

        alpha_all = _solve(
            t["part_all16"], lambda a: share(mix(a, PART_ALL_PROFILE, PART_ALL_TAILLE))
        )
        rest = 1.0 - t["part_all16"]
        subset = {d: q for d, q in PART_SUBSET_OTHER.items()}
        subset["dev_eco"] = (t["part_dev_eco"] - t["part_all16"]) / rest
        subset["emploi"] = (t["part_emploi"] - t["part_all16"]) / rest
        # Subset-tickers tick exactly one of the five societal domains with probability s.
        s = (t["part_any_social5"] - t["part_all16"]) / rest
        for d in SOCIAL5:
            subset[d] = s / len(SOCIAL5)

        region = units["region"].astype(str).to_numpy()
        fixed = np.array([r in INNOV_FIXED for r in region])
        offsets = np.array([INNOV_REGION_OFFSET.get(r, 0.0) for r in region])
        fixed_p = np.array([INNOV_FIXED.get(r, np.nan) for r in region])

        def innov_share(a: float) -> float:
            p = np.where(fixed, fixed_p, expit(a + offsets))
            return float(p.mean())

        alpha_innov = _solve(t["innov_agree"], innov_share)
        alpha_coco = _solve(
            t["coco_ancree_agree"], lambda a: share(mix(a, COCO_PROFILE, COCO_TAILLE))
        )
        p_coco = mix(alpha_coco, COCO_PROFILE, COCO_TAILLE)

        def savoir_ratio(a: float) -> float:
            p_non = mix(a, SAVOIR_PROFILE, SAVOIR_TAILLE)
            return float((pi * p_coco * p_non).sum() / (pi * p_coco).sum())

        alpha_savoir = _solve(t["coco_ne_sait_pas_animer"], savoir_ratio)
        zeros = (0.0,) * 5
        alpha_iaa = _solve(t["role_mairie_iaa"], lambda a: share(mix(a, ROLE_IAA_LOGIT, zeros)))
        return cls(
            units=units,
            taille_idx=taille_idx,
            profile_probs=pi,
            alpha_all16=alpha_all,
            alpha_innov=alpha_innov,
            alpha_coco=alpha_coco,
            alpha_savoir=alpha_savoir,
            alpha_iaa=alpha_iaa,
            part_subset=subset,
            social5_one=s,
        )

    # ----- conditional probabilities, (n, 5) arrays for the units `idx` ------------------------
    def _mix(
        self, idx: np.ndarray, alpha: float, prof: tuple[float, ...], size: tuple[float, ...]
    ) -> np.ndarray:
        t = self.taille_idx[idx]
        return expit(alpha + np.asarray(prof)[None, :] + np.asarray(size)[t][:, None])

    def p_all16(self, idx: np.ndarray) -> np.ndarray:
        """P(tick all 16 partnership domains | unit, profile)."""
        return self._mix(idx, self.alpha_all16, PART_ALL_PROFILE, PART_ALL_TAILLE)

    def p_innov_agree(self, idx: np.ndarray) -> np.ndarray:
        """P(innov in {1,2} | unit), shape (n,): by region only."""
        region = self.units["region"].astype(str).to_numpy()[idx]
        offsets = np.array([INNOV_REGION_OFFSET.get(r, 0.0) for r in region])
        fixed_p = np.array([INNOV_FIXED.get(r, np.nan) for r in region])
        return np.where(np.isnan(fixed_p), expit(self.alpha_innov + offsets), fixed_p)

    def p_coco_agree(self, idx: np.ndarray) -> np.ndarray:
        """P(coco_ancree in {1,2} | unit, profile)."""
        return self._mix(idx, self.alpha_coco, COCO_PROFILE, COCO_TAILLE)

    def p_savoir_non(self, idx: np.ndarray) -> np.ndarray:
        """P(coco_savoir = 2 | coco_ancree in {1,2}, unit, profile)."""
        return self._mix(idx, self.alpha_savoir, SAVOIR_PROFILE, SAVOIR_TAILLE)

    def p_iaa(self, idx: np.ndarray) -> np.ndarray:
        """P(role_mairie in {1,2,3} | unit, profile)."""
        return self._mix(idx, self.alpha_iaa, ROLE_IAA_LOGIT, (0.0,) * 5)

    def p_frag(self, idx: np.ndarray) -> np.ndarray:
        """P(frag_<d> ticked | unit), shape (n, 16) in DOMAINS order."""
        t = self.taille_idx[idx].astype(float) - 2.0
        base = np.array([logit(FRAG_BASE[d][0]) for d in DOMAINS])
        tilt = np.array([FRAG_BASE[d][1] for d in DOMAINS])
        return expit(base[None, :] + t[:, None] * tilt[None, :])

    def p_role(self, idx: np.ndarray, actor: str) -> np.ndarray:
        """P(role_<actor>_<d> ticked | unit, profile), shape (n, 5, 16)."""
        base = np.array([logit(ROLE_BASE[actor][d]) for d in DOMAINS])
        prof = np.asarray(ROLE_ACTOR_PROFILE[actor])
        size = np.asarray(ROLE_ACTOR_TAILLE)[self.taille_idx[idx]]
        return expit(base[None, None, :] + prof[None, :, None] + size[:, None, None])

    # ----- population expectations ------------------------------------------------------------
    def expected_shares(self) -> dict[str, float]:
        """Exact population shares of the indicators and items driving P1–P11.

        Keys: the indicators of the instrument, ``part_<d>``, ``moyen_<m>``,
        ``role_<actor>_<d>``, and ``innov_agree@<region>`` for each region.
        """
        idx = np.arange(len(self.units))
        pi = self.profile_probs
        a = self.p_all16(idx)
        share_all = float((pi * a).sum(axis=1).mean())
        out: dict[str, float] = {"part_all16": share_all}
        for d in DOMAINS:
            out[f"part_{d}"] = share_all + (1 - share_all) * self.part_subset[d]
        out["part_any_social5"] = share_all + (1 - share_all) * self.social5_one
        innov = self.p_innov_agree(idx)
        out["innov_agree"] = float(innov.mean())
        region = self.units["region"].astype(str).to_numpy()
        for r in sorted(set(region)):
            out[f"innov_agree@{r}"] = float(innov[region == r].mean())
        coco = self.p_coco_agree(idx)
        out["coco_ancree_agree"] = float((pi * coco).sum(axis=1).mean())
        non = self.p_savoir_non(idx)
        out["coco_ne_sait_pas_animer"] = float((pi * coco * non).sum() / (pi * coco).sum())
        out["role_mairie_iaa"] = float((pi * self.p_iaa(idx)).sum(axis=1).mean())
        moy = np.array([MOYEN_PROBS[p] for p in PROFILES])  # (5, 7)
        for j, m in enumerate(MOYENS):
            out[f"moyen_{m}"] = float((pi * moy[:, j][None, :]).sum(axis=1).mean())
        for actor in ACTORS:
            pr = (pi[:, :, None] * self.p_role(idx, actor)).sum(axis=1).mean(axis=0)
            for j, d in enumerate(DOMAINS):
                out[f"role_{actor}_{d}"] = float(pr[j])
        return out
