"""The typology of mayors for a wave: MCA then clustering (``phare.typology``), weighted.

The active variables are the PHARE-Institutions default (Q7 role of the commune, Q8 means, Q9
aspirations, brakes and levers), the supplementary ones the frame's region, size band, mayor's
sex and age band; a missing answer is its own category ("nr"). Rows are weighted by the
calibrated weights (FactoMineR's ``row.w``). Each respondent's profile becomes the ``profil``
column of the design, so that every indicator is estimated by profile like any breakdown, and
the share of each profile is a published estimate with its interval.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from phare.instrument import Instrument, load_instrument
from phare.stats import SurveyDesign
from phare.study.catalogue import PROFILE
from phare.study.results import NATIONAL, Note, Profile, ProfileTrait, TypologyResults, row_id
from phare.typology import (
    PHARE_ACTIVE_DEFAULT,
    PHARE_SUPPLEMENTARY_DEFAULT,
    Typology,
    TypologyError,
)

METHOD_FR = (
    "Analyse des correspondances multiples pondérée (poids calés) sur les questions Q7 à Q9 "
    "(rôle de la commune, moyens, aspirations, freins et leviers), puis classification "
    "ascendante hiérarchique de Ward sur les premiers axes, consolidée par k-means "
    "(méthode HCPC de FactoMineR). Région, taille, sexe et âge du maire sont supplémentaires."
)
METHOD_EN = (
    "Weighted multiple correspondence analysis of Q7-Q9, then Ward clustering on the first "
    "axes with k-means consolidation (FactoMineR's HCPC); frame variables supplementary."
)


@dataclass
class TypologyOutcome:
    results: TypologyResults
    design: SurveyDesign
    labels: np.ndarray | None
    groups: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _label(instrument: Instrument, variable: str, level: str) -> str:
    try:
        var = instrument.variable(variable)
    except KeyError:
        return f"{variable} = {level}"
    text = var.label.fr
    try:
        code = int(float(level))
    except ValueError:
        code = None
    if code is not None and code in var.codes:
        if var.type == "binary":
            return f"{text} : {'oui' if code == 1 else 'non'}"
        return f"{text} : {var.codes[code].fr}"
    if level == "nr":
        return f"{text} : sans réponse"
    return f"{text} : {level}"


_SHORT_FR = {
    "att_pilotage": "pilotage par la commune",
    "att_assos": "confiance aux associations",
    "att_entreprises": "entreprises utiles à l'intérêt général",
    "att_citoyens": "habitants associés aux décisions",
    "att_experimenter": "expérimenter",
    "frein_temps": "manque de temps et de moyens",
    "frein_connaissance": "acteurs mal connus",
    "frein_cultures": "cultures trop différentes",
    "levier_interco": "intercommunalité",
    "levier_outils": "besoin d'outils",
}


def _short(instrument: Instrument, variable: str, level: str) -> str:
    """A few words for a profile's name: the label of a characteristic answer."""
    try:
        var = instrument.variable(variable)
    except KeyError:
        return f"{variable} = {level}"
    if level == "nr":
        return f"sans réponse ({var.label.fr.lower()})"
    try:
        code = int(float(level))
    except ValueError:
        return f"{var.label.fr} : {level}"
    item = var.label.fr
    if var.type == "binary":
        return item if code == 1 else f"sans {item[:1].lower() + item[1:]}"
    if code in var.codes:
        answer = var.codes[code].fr
        if var.code_list == "agree4":
            short = _SHORT_FR.get(variable, item[:1].lower() + item[1:])
            return f"{short[:1].upper() + short[1:]} : {answer.lower()}"
        return answer
    return f"{item} : {level}"


def run_typology(
    design: SurveyDesign,
    *,
    seed: int,
    n_clusters: int | None = 5,
    instrument: Instrument | None = None,
) -> TypologyOutcome:
    """Fit the typology on the calibrated respondents and add ``profil`` to the design."""
    instrument = instrument or load_instrument()
    data = design.data
    active = [v for v in PHARE_ACTIVE_DEFAULT if v in data.columns]
    supplementary = [v for v in PHARE_SUPPLEMENTARY_DEFAULT if v in data.columns]
    if len(active) < 2:
        return TypologyOutcome(
            results=TypologyResults(
                available=False,
                method_fr=METHOD_FR,
                method_en=METHOD_EN,
                note_fr="Questions Q7 à Q9 absentes : pas de typologie.",
            ),
            design=design,
            labels=None,
        )
    X = pd.DataFrame(
        {v: data[v].astype("string").fillna("nr").astype(str) for v in active + supplementary}
    )
    weights = np.asarray(design.weights, dtype=float)
    try:
        model = Typology(active, supplementary, n_clusters=n_clusters, random_state=seed).fit(
            X, sample_weight=weights
        )
    except (TypologyError, ValueError, np.linalg.LinAlgError) as err:
        note = Note(
            code="typology.failed",
            message_fr=f"Typologie impossible : {err}",
            message_en=f"Typology failed: {err}",
        )
        return TypologyOutcome(
            results=TypologyResults(
                available=False, method_fr=METHOD_FR, method_en=METHOD_EN, note_fr=str(err)
            ),
            design=design,
            labels=None,
            notes=[note],
        )
    labels = np.asarray(model.labels_)
    description = model.description_
    if description is None:
        raise RuntimeError("typology: fitted model has no description")
    groups = []
    profiles = []
    for p in sorted(description.profiles, key=lambda p: p.cluster):
        code = f"P{p.cluster}"
        top = [_short(instrument, e.variable, e.level) for e in p.characteristic[:2]]
        name = " · ".join(top) if top else (p.name or code)
        groups.append((code, f"{code} — {name}", f"{code} — {name}"))
        traits = [
            ProfileTrait(
                variable=e.variable,
                level=e.level,
                label_fr=_label(instrument, e.variable, e.level),
                share_in_profile=e.share_in_profile / 100.0,
                share_overall=e.share_overall / 100.0,
            )
            for e in p.characteristic[:6]
        ]
        roles = p.roles or {}
        profiles.append(
            Profile(
                code=code,
                label_fr=f"{code} — {name}",
                label_en=f"{code} — {name}",
                name_fr=name,
                name_en=name,
                share_row=row_id(PROFILE, NATIONAL, "ensemble", code),
                description_fr=f"{p.n} répondants ; réponses les plus caractéristiques ci-dessous.",
                levers_fr=[
                    _label(instrument, e.variable, e.level) for e in roles.get("leviers", [])[:3]
                ],
                brakes_fr=[
                    _label(instrument, e.variable, e.level) for e in roles.get("freins", [])[:3]
                ],
                traits=traits,
            )
        )
    frame = data.copy()
    frame[PROFILE] = [f"P{int(k)}" for k in labels]
    new_design = dataclasses.replace(design, data=frame)
    return TypologyOutcome(
        results=TypologyResults(
            available=True,
            method_fr=METHOD_FR,
            method_en=METHOD_EN,
            variables=active,
            profiles=profiles,
        ),
        design=new_design,
        labels=labels,
        groups=groups,
    )
