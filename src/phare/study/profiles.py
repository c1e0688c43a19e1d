"""The typology of mayors for a wave: MCA then clustering (``phare.typology``), weighted.

The active variables are the PHARE-Institutions default (Q7 role of the commune, Q8 means, Q9
aspirations, brakes and levers), the supplementary ones the frame's region, size band, mayor's
sex and age band. Rows are weighted by the calibrated weights (FactoMineR's ``row.w``).

* Rare answers (weighted share under ``typology_level_ventil``, 5 % by default) and missing
  answers are ventilated (FactoMineR's ``level.ventil``; ``missing="ventilate"`` of
  :mod:`phare.typology.encoding`): non-response never builds an axis nor a profile.
* The number of profiles is the one suggested by the inertia gains of the Ward hierarchy
  (HCPC's criterion) unless ``typology_clusters`` fixes it.
* Each profile gets a short suggested name — its strongest role of the commune and its
  strongest lever, brake or aspiration — unless the study team names it
  (``profile_names``); the long characterisation is its description.
* Levers and brakes: the weighted agreement share of each ``levier_*`` / ``frein_*`` item in
  the profile against the whole; an item is "put forward" when the profile agrees at least
  :data:`PUT_FORWARD_POINTS` points more than average.
* Stability: :func:`phare.typology.bootstrap_stability` (``typology_bootstrap`` seeded draws).
* The fitted :class:`~phare.typology.TypologyModel` is kept in the results (JSON), so that a
  later wave is assigned with the same profiles (``typology_model=``) instead of a refit; the
  clarity of the assignment (membership, ratio d₁/d₂) is summarised.

Each respondent's profile becomes the ``profil`` column of the design, so that every indicator
is estimated by profile like any breakdown, and the share of each profile is a published
estimate with its interval.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import yaml

from phare.frame import SIZE_BANDS
from phare.instrument import Instrument, load_instrument
from phare.stats import SurveyDesign
from phare.study.catalogue import PROFILE
from phare.study.results import (
    NATIONAL,
    AssignmentSummary,
    Note,
    Profile,
    ProfileItem,
    ProfileName,
    ProfileStabilityRow,
    ProfileTrait,
    StudySettings,
    TypologyResults,
    TypologyStability,
    row_id,
)
from phare.typology import (
    PHARE_ACTIVE_DEFAULT,
    PHARE_SUPPLEMENTARY_DEFAULT,
    CategoryEffect,
    ProfileDescription,
    Typology,
    TypologyError,
    TypologyModel,
    bootstrap_stability,
    describe_profiles,
)
from phare.typology.encoding import MISSING_LEVEL

PUT_FORWARD_POINTS = 0.10
"""A lever or brake is put forward by a profile agreeing this much more than average."""

CLEAR_MEMBERSHIP = 0.8
AMBIGUOUS_RATIO = 0.9
ROLE_PREFIXES = {"levier_": "leviers", "frein_": "freins"}
AGREE = ("1", "2")

METHOD_FR = (
    "Analyse des correspondances multiples pondérée (poids calés) sur les questions Q7 à Q9 "
    "(rôle de la commune, moyens, aspirations, freins et leviers), puis classification "
    "ascendante hiérarchique de Ward sur les premiers axes, consolidée par k-means "
    "(méthode HCPC de FactoMineR). Région, taille, sexe et âge du maire sont supplémentaires. "
    "Les réponses rares et les non-réponses sont ventilées : elles ne forment aucun profil."
)
METHOD_EN = (
    "Weighted multiple correspondence analysis of Q7-Q9, then Ward clustering on the first "
    "axes with k-means consolidation (FactoMineR's HCPC); frame variables supplementary; rare "
    "answers and non-response ventilated."
)
METHOD_FROZEN_FR = (
    "Les répondants sont affectés aux profils d'un modèle de typologie figé (ajusté sur une "
    "vague antérieure) : chacun est projeté sur les axes de l'ACM d'origine et rattaché au "
    "centre de profil le plus proche, sans nouvel ajustement ; les profils gardent ainsi leur "
    "sens d'une vague à l'autre."
)
METHOD_FROZEN_EN = (
    "Respondents assigned to the profiles of a frozen typology model (fitted on an earlier "
    "wave): projected on its MCA axes, nearest profile centre, no refit."
)

# Short wording of an agreement item, for names and lists: (fr, en).
_ITEM_SHORT: dict[str, tuple[str, str]] = {
    "att_pilotage": ("piloter soi-même", "steer itself"),
    "att_assos": ("confiance aux associations", "trust associations"),
    "att_entreprises": ("entreprises contributrices", "businesses contribute"),
    "att_citoyens": ("associer les habitants", "involve residents"),
    "att_experimenter": ("expérimenter", "experiment"),
    "frein_temps": ("manque de temps et de moyens", "short of time and means"),
    "frein_connaissance": ("acteurs mal connus", "actors little known"),
    "frein_cultures": ("cultures trop différentes", "cultures too different"),
    "levier_interco": ("miser sur l'intercommunalité", "rely on intermunicipality"),
    "levier_outils": ("besoin d'outils", "need for tools"),
}
# Role of the commune (Q7) in a name: (fr, en).
_ROLE_SHORT: dict[str, tuple[str, str]] = {
    "1": ("Impulser", "Initiate"),
    "2": ("Animer", "Facilitate"),
    "3": ("Accompagner", "Support"),
    "4": ("Financer", "Fund"),
    "5": ("Laisser faire", "Leave it to the actors"),
    "6": ("Aucun rôle pour la commune", "No role for the commune"),
}
_SUPPLEMENTARY_FR = {
    "taille": "taille",
    "region": "région",
    "maire_sexe": "sexe du maire",
    "maire_age": "âge du maire",
}
_SUPPLEMENTARY_EN = {
    "taille": "size band",
    "region": "region",
    "maire_sexe": "mayor's sex",
    "maire_age": "mayor's age",
}


@dataclass
class TypologyOutcome:
    results: TypologyResults
    design: SurveyDesign
    labels: np.ndarray | None
    groups: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    model: TypologyModel | None = None


def load_profile_names(path: str | Path) -> dict[int, ProfileName]:
    """Read the names chosen by the study team: YAML mapping class → name.

    A value is a French name, or a mapping with ``fr`` and optional ``en``::

        1: Bâtisseurs d'alliances
        2: {fr: Maires prudents, en: Cautious mayors}

    The same file is read by ``phare typology fit --names`` (French names).
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(
            f"profile names file {path}: expected a YAML mapping class → name, "
            f"got {type(data).__name__}"
        )
    names: dict[int, ProfileName] = {}
    for key, value in data.items():
        try:
            cluster = int(str(key).lstrip("Pp"))
        except ValueError:
            raise ValueError(
                f"profile names file {path}: key {key!r}: expected a class number (1, 2, …)"
            ) from None
        if isinstance(value, str) and value.strip():
            names[cluster] = ProfileName(fr=value.strip())
        elif isinstance(value, dict) and isinstance(value.get("fr"), str) and value["fr"].strip():
            en = value.get("en")
            names[cluster] = ProfileName(
                fr=value["fr"].strip(), en=en.strip() if isinstance(en, str) and en else None
            )
        else:
            raise ValueError(
                f"profile names file {path}, class {cluster}: expected a non-empty name or "
                f"{{fr: ..., en: ...}}, got {value!r}"
            )
    return names


# --- labels ---------------------------------------------------------------------------------


def _label(instrument: Instrument, variable: str, level: str, lang: str = "fr") -> str:
    """A readable category: "Question : answer" (French), "Question: answer" (English)."""
    try:
        var = instrument.variable(variable)
    except KeyError:
        return f"{variable} = {level}"
    text = var.label.fr if lang == "fr" else var.label.en
    colon = " : " if lang == "fr" else ": "
    if level == MISSING_LEVEL:
        return f"{text}{colon}{'sans réponse' if lang == 'fr' else 'no answer'}"
    try:
        code = int(float(level))
    except ValueError:
        return f"{text}{colon}{level}"
    if code in var.codes:
        if var.type == "binary":
            yes, no = ("oui", "non") if lang == "fr" else ("yes", "no")
            return f"{text}{colon}{yes if code == 1 else no}"
        answer = var.codes[code].fr if lang == "fr" else var.codes[code].en
        return f"{text}{colon}{answer[:1].lower() + answer[1:]}"
    return f"{text} : {level}"


def _supplementary_label(
    variable: str, level: str, region_names: Mapping[str, str], lang: str = "fr"
) -> str:
    """A supplementary category over-represented in a profile, in ``lang`` ("fr" or "en")."""
    if lang == "en":
        return _supplementary_label_en(variable, level, region_names)
    if variable == "taille":
        bands = {
            "t1": "communes de moins de 500 habitants",
            "t2": "communes de 500 à 1 999 habitants",
            "t3": "communes de 2 000 à 9 999 habitants",
            "t4": "communes de 10 000 à 49 999 habitants",
            "t5": "communes de 50 000 habitants ou plus",
        }
        return bands.get(level, f"taille {level}")
    if variable == "region":
        return region_names.get(level, f"région {level}")
    if variable == "maire_sexe":
        return {"F": "maires femmes", "M": "maires hommes"}.get(level, level)
    if variable == "maire_age":
        return f"maires de {level} ans".replace("70+ ans", "70 ans ou plus").replace(
            "<40 ans", "moins de 40 ans"
        )
    return f"{_SUPPLEMENTARY_FR.get(variable, variable)} : {level}"


def _supplementary_label_en(variable: str, level: str, region_names: Mapping[str, str]) -> str:
    if variable == "taille":
        bands = {b.code: f"communes of {b.label_en}" for b in SIZE_BANDS}
        bands["t1"] = "communes under 500 inhabitants"
        return bands.get(level, f"size {level}")
    if variable == "region":
        return region_names.get(level, f"region {level}")
    if variable == "maire_sexe":
        return {"F": "women mayors", "M": "men mayors"}.get(level, level)
    if variable == "maire_age":
        age = {"<40": "under 40", "70+": "70 or over"}.get(level, level)
        return f"mayors aged {age}"
    return f"{_SUPPLEMENTARY_EN.get(variable, variable)}: {level}"


def _agrees(effect: CategoryEffect) -> bool:
    return effect.level in AGREE


def _name_parts(
    characteristic: list[CategoryEffect],
) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    """The role of the commune of a name, and the candidate second parts, best first."""
    role = next(
        (
            _ROLE_SHORT[e.level]
            for e in characteristic
            if e.variable == "role_mairie" and e.level in _ROLE_SHORT
        ),
        None,
    )
    levers_brakes = [
        _ITEM_SHORT[e.variable]
        for e in characteristic
        if e.variable.startswith(tuple(ROLE_PREFIXES)) and e.variable in _ITEM_SHORT and _agrees(e)
    ]
    aspirations = [
        _ITEM_SHORT[e.variable]
        for e in characteristic
        if e.variable.startswith("att_") and e.variable in _ITEM_SHORT and _agrees(e)
    ]
    return role, list(dict.fromkeys(levers_brakes + aspirations))


def _compose(role: tuple[str, str] | None, item: tuple[str, str] | None) -> tuple[str, str]:
    if role and item:
        return f"{role[0]}, {item[0]}", f"{role[1]}, {item[1]}"
    part = role or item
    if part is None:
        return ("Profil sans trait dominant", "Profile without a dominant trait")
    return part[0][:1].upper() + part[0][1:], part[1][:1].upper() + part[1][1:]


def suggest_short_names(
    characteristics: Mapping[int, list[CategoryEffect]],
) -> dict[int, tuple[str, str]]:
    """A few words per profile (French, English): its role of the commune and lever/brake.

    The role is the profile's most over-represented answer of Q7 (``role_mairie``); the second
    part its most over-represented agreement with a lever or brake item (``levier_*``,
    ``frein_*``), else with an aspiration (``att_*``), e.g. "Accompagner, besoin d'outils".
    When two profiles would get the same name, each takes instead its first candidate that
    does not characterise the other (e.g. "Accompagner, acteurs mal connus"); a remaining tie
    gets the profile's code.
    """
    parts = {k: _name_parts(c) for k, c in characteristics.items()}
    names = {k: _compose(role, cands[0] if cands else None) for k, (role, cands) in parts.items()}
    for _ in range(2):
        groups: dict[str, list[int]] = {}
        for k, (fr, _en) in names.items():
            groups.setdefault(fr, []).append(k)
        for members in groups.values():
            if len(members) < 2:
                continue
            for k in members:
                role, cands = parts[k]
                others = {c for m in members if m != k for c in parts[m][1]}
                distinct = [c for c in cands if c not in others]
                if distinct:
                    names[k] = _compose(role, distinct[0])
    groups = {}
    for k, (fr, _en) in names.items():
        groups.setdefault(fr, []).append(k)
    for members in groups.values():
        if len(members) > 1:
            for k in members:
                names[k] = (f"{names[k][0]} (P{k})", f"{names[k][1]} (P{k})")
    return names


# --- shares by profile ------------------------------------------------------------------------


def _agreement_items(
    data: pd.DataFrame,
    labels: np.ndarray,
    weights: np.ndarray,
    instrument: Instrument,
    prefix: str,
) -> dict[int, list[ProfileItem]]:
    """Weighted agreement with each item of `prefix`, by profile and overall."""
    out: dict[int, list[ProfileItem]] = {int(k): [] for k in np.unique(labels)}
    for variable in [c for c in PHARE_ACTIVE_DEFAULT if c.startswith(prefix)]:
        if variable not in data.columns:
            continue
        codes = pd.to_numeric(data[variable], errors="coerce").to_numpy(dtype=float)
        answered = ~np.isnan(codes)
        agree = np.isin(codes, (1, 2)) & answered
        base = weights * answered
        overall = float((weights * agree).sum() / base.sum()) if base.sum() > 0 else float("nan")
        try:
            var = instrument.variable(variable)
            label_fr, label_en = var.label.fr, var.label.en
        except KeyError:
            label_fr = label_en = variable
        short_fr, short_en = _ITEM_SHORT.get(variable, (label_fr, label_en))
        for k in out:
            mask = labels == k
            b = base[mask].sum()
            share = float((weights[mask] * agree[mask]).sum() / b) if b > 0 else float("nan")
            out[k].append(
                ProfileItem(
                    variable=variable,
                    label_fr=label_fr,
                    label_en=label_en,
                    short_fr=short_fr,
                    short_en=short_en,
                    share_in_profile=share,
                    share_overall=overall,
                    put_forward=bool(share - overall >= PUT_FORWARD_POINTS),
                )
            )
    for k in out:
        out[k].sort(key=lambda it: -(it.share_in_profile - it.share_overall))
    return out


def _percent(x: float) -> str:
    return f"{round(100 * x):d} %"


def _description(
    traits: list[ProfileTrait], traits_en: list[str], over: list[str], over_en: list[str]
) -> tuple[str, str]:
    """The long characterisation of a profile (French, English)."""
    if traits:
        fr = (
            "Réponses caractéristiques : "
            + " ; ".join(
                f"{t.label_fr} ({_percent(t.share_in_profile)} contre "
                f"{_percent(t.share_overall)} en moyenne)"
                for t in traits[:4]
            )
            + "."
        )
        en = (
            "Characteristic answers: "
            + "; ".join(
                f"{label} ({round(100 * t.share_in_profile)}% vs "
                f"{round(100 * t.share_overall)}% overall)"
                for t, label in zip(traits[:4], traits_en[:4], strict=False)
            )
            + "."
        )
    else:
        fr = "Aucune réponse ne caractérise nettement ce profil."
        en = "No answer clearly characterises this profile."
    if over:
        fr += " Plus fréquent qu'en moyenne : " + ", ".join(over[:3]) + "."
    if over_en:
        en += " More frequent than average: " + ", ".join(over_en[:3]) + "."
    return fr, en


# --- the typology -----------------------------------------------------------------------------


def _unavailable(note_fr: str, note_en: str) -> TypologyResults:
    return TypologyResults(
        available=False,
        method_fr=METHOD_FR,
        method_en=METHOD_EN,
        note_fr=note_fr,
        note_en=note_en,
    )


def run_typology(
    design: SurveyDesign,
    *,
    seed: int,
    settings: StudySettings | None = None,
    n_clusters: int | None = None,
    instrument: Instrument | None = None,
    model: TypologyModel | None = None,
    model_source: str | None = None,
    names_file: str | None = None,
    region_names: Mapping[str, str] | None = None,
) -> TypologyOutcome:
    """Fit the typology on the calibrated respondents (or assign them with a frozen `model`).

    Parameters
    ----------
    design : SurveyDesign
        Calibrated respondents.
    seed : int
        Seed of every random step (ventilation, consolidation, bootstrap).
    settings : StudySettings, optional
        ``typology_clusters``, ``typology_level_ventil``, ``typology_bootstrap``,
        ``profile_names``.
    n_clusters : int, optional
        Overrides ``settings.typology_clusters``.
    model : TypologyModel, optional
        A frozen model (e.g. of an earlier wave): respondents are assigned, nothing is refitted.
    model_source, names_file : str, optional
        Recorded in the results.
    region_names : mapping, optional
        Region code → name, to describe the profiles.
    """
    settings = settings or StudySettings()
    instrument = instrument or load_instrument()
    k_fixed = n_clusters if n_clusters is not None else settings.typology_clusters
    data = design.data
    active = [v for v in PHARE_ACTIVE_DEFAULT if v in data.columns]
    supplementary = [v for v in PHARE_SUPPLEMENTARY_DEFAULT if v in data.columns]
    if model is None and len(active) < 2:
        return TypologyOutcome(
            results=_unavailable(
                "Questions Q7 à Q9 absentes : pas de typologie.",
                "Questions Q7 to Q9 missing: no typology.",
            ),
            design=design,
            labels=None,
        )
    if model is not None:
        active = model.variables
        missing = [v for v in active if v not in data.columns]
        if missing:
            raise ValueError(
                f"typology_model: the wave lacks the model's active questions {missing}"
            )
    X = pd.DataFrame({v: data[v] for v in active + supplementary}, index=data.index)
    weights = np.asarray(design.weights, dtype=float)
    notes: list[Note] = []
    stability: TypologyStability | None = None
    fitted: Typology | None = None
    try:
        if model is None:
            fitted = Typology(
                active,
                supplementary,
                n_clusters=k_fixed,
                level_ventil=settings.typology_level_ventil,
                missing="ventilate",
                roles=ROLE_PREFIXES,
                random_state=seed,
            ).fit(X, sample_weight=weights)
            labels = np.asarray(fitted.labels_, dtype=int)
            description = fitted.description_
            frozen = fitted.model_
            if settings.typology_bootstrap > 0 and fitted.n_clusters_ > 1:
                stab = bootstrap_stability(
                    fitted, X, weights, n_boot=settings.typology_bootstrap, random_state=seed
                )
                stability = TypologyStability(
                    n_boot=stab.n_boot,
                    seed=stab.seed,
                    ari=stab.ari,
                    ari_min=float(min(stab.ari_draws)),
                    profiles=[
                        ProfileStabilityRow(
                            code=f"P{p.cluster}",
                            jaccard=p.jaccard,
                            ari=p.ari,
                            jaccard_min=p.jaccard_min,
                            dissolved=p.dissolved,
                        )
                        for p in stab.profiles
                    ],
                )
        else:
            frozen = model
            labels = model.assign(X)["cluster"].to_numpy(dtype=int)
            if len(np.unique(labels)) < 2:
                raise TypologyError(
                    "typology_model", "respondents in at least two profiles", "one profile"
                )
            description = describe_profiles(
                X,
                labels,
                active=active,
                supplementary=supplementary,
                sample_weight=weights,
                roles=ROLE_PREFIXES,
            )
    except (TypologyError, ValueError, np.linalg.LinAlgError) as err:
        if model is not None and isinstance(err, ValueError) and "typology_model" in str(err):
            raise
        notes.append(
            Note(
                code="typology.failed",
                message_fr=f"Typologie impossible : {err}",
                message_en=f"Typology failed: {err}",
            )
        )
        return TypologyOutcome(
            results=_unavailable(str(err), str(err)), design=design, labels=None, notes=notes
        )
    if description is None:
        raise RuntimeError("typology: fitted model has no description")
    return _outcome(
        design=design,
        X=X,
        weights=weights,
        labels=labels,
        description=description,
        frozen=frozen,
        fitted=fitted,
        stability=stability,
        settings=settings,
        instrument=instrument,
        k_fixed=k_fixed,
        model_given=model is not None,
        model_source=model_source,
        names_file=names_file,
        region_names=dict(region_names or {}),
        notes=notes,
    )


def _outcome(
    *,
    design: SurveyDesign,
    X: pd.DataFrame,
    weights: np.ndarray,
    labels: np.ndarray,
    description: ProfileDescription,
    frozen: TypologyModel,
    fitted: Typology | None,
    stability: TypologyStability | None,
    settings: StudySettings,
    instrument: Instrument,
    k_fixed: int | None,
    model_given: bool,
    model_source: str | None,
    names_file: str | None,
    region_names: dict[str, str],
    notes: list[Note],
) -> TypologyOutcome:
    data = design.data
    present = sorted(p.cluster for p in description.profiles)
    unknown = sorted(set(settings.profile_names) - set(range(1, frozen.n_clusters + 1)))
    if unknown:
        raise ValueError(
            f"profile_names: class(es) {unknown} not among the profiles "
            f"1..{frozen.n_clusters} of this typology"
        )
    levers = _agreement_items(data, labels, weights, instrument, "levier_")
    brakes = _agreement_items(data, labels, weights, instrument, "frein_")
    suggested = suggest_short_names(
        {
            p.cluster: [e for e in p.characteristic if e.level != MISSING_LEVEL]
            for p in description.profiles
        }
    )
    names_en_model = frozen.metadata.get("names_en", {}) if model_given else {}
    assigned = frozen.assign(X)
    stab_rows = {r.code: r for r in stability.profiles} if stability else {}
    groups: list[tuple[str, str, str]] = []
    profiles: list[Profile] = []
    source: Literal["suggested", "team", "model"]
    for p in sorted(description.profiles, key=lambda p: p.cluster):
        code = f"P{p.cluster}"
        sug_fr, sug_en = suggested[p.cluster]
        if p.cluster in settings.profile_names:
            chosen = settings.profile_names[p.cluster]
            name_fr, name_en, source = chosen.fr, chosen.en or chosen.fr, "team"
        elif (
            model_given
            and frozen.names.get(p.cluster, "").strip()
            and not frozen.names[p.cluster].startswith("Profil ")
        ):
            name_fr = frozen.names[p.cluster]
            name_en = str(names_en_model.get(str(p.cluster), name_fr))
            source = "model"
        else:
            name_fr, name_en, source = sug_fr, sug_en, "suggested"
        groups.append((code, f"{code} — {name_fr}", f"{code} — {name_en}"))
        characteristic = [e for e in p.characteristic if e.level != MISSING_LEVEL]
        traits = [
            ProfileTrait(
                variable=e.variable,
                level=e.level,
                label_fr=_label(instrument, e.variable, e.level),
                label_en=_label(instrument, e.variable, e.level, "en"),
                share_in_profile=e.share_in_profile / 100.0,
                share_overall=e.share_overall / 100.0,
            )
            for e in characteristic[:6]
        ]
        over = [
            _supplementary_label(e.variable, e.level, region_names) for e in p.supplementary[:3]
        ]
        over_en = [
            _supplementary_label(e.variable, e.level, region_names, "en")
            for e in p.supplementary[:3]
        ]
        lv, br = levers.get(p.cluster, []), brakes.get(p.cluster, [])
        description_fr, description_en = _description(
            traits,
            [_label(instrument, e.variable, e.level, "en") for e in characteristic[:6]],
            over,
            over_en,
        )
        mask = labels == p.cluster
        stab = stab_rows.get(code)
        profiles.append(
            Profile(
                code=code,
                label_fr=f"{code} — {name_fr}",
                label_en=f"{code} — {name_en}",
                name_fr=name_fr,
                name_en=name_en,
                name_source=source,
                suggested_name_fr=sug_fr,
                share_row=row_id(PROFILE, NATIONAL, "ensemble", code),
                n=int(mask.sum()),
                description_fr=description_fr,
                description_en=description_en,
                levers_fr=[it.short_fr for it in lv if it.put_forward],
                brakes_fr=[it.short_fr for it in br if it.put_forward],
                levers_en=[it.short_en for it in lv if it.put_forward],
                brakes_en=[it.short_en for it in br if it.put_forward],
                levers=lv,
                brakes=br,
                traits=traits,
                over_represented_fr=over,
                over_represented_en=over_en,
                jaccard=stab.jaccard if stab else None,
                ari=stab.ari if stab else None,
                dissolved=stab.dissolved if stab else None,
                membership=float(assigned["membership"].to_numpy()[mask].mean())
                if mask.any()
                else None,
            )
        )
    names_fr = {int(g[0][1:]): g[1].split(" — ", 1)[1] for g in groups}
    names_en = {str(g[0][1:]): g[2].split(" — ", 1)[1] for g in groups}
    frozen = frozen.with_names({k: v for k, v in names_fr.items() if k in frozen.names})
    metadata = {**frozen.metadata, "names_en": names_en}
    if not model_given:
        metadata["wave_fitted"] = model_source or ""
        if stability is not None:
            metadata["stability"] = stability.model_dump()
    frozen = frozen.model_copy(update={"metadata": metadata})
    ratio = assigned["ratio"].to_numpy(dtype=float)
    membership = assigned["membership"].to_numpy(dtype=float)
    assignment = AssignmentSummary(
        n=len(assigned),
        mean_membership=float(np.average(membership, weights=weights)),
        share_clear=float(np.average(membership >= CLEAR_MEMBERSHIP, weights=weights)),
        median_ratio=float(np.median(ratio)),
        share_ambiguous=float(np.average(ratio > AMBIGUOUS_RATIO, weights=weights)),
        n_unknown=int((assigned["n_unknown"].to_numpy() > 0).sum()),
        agreement_with_fit=(
            float((assigned["cluster"].to_numpy() == labels).mean()) if fitted else None
        ),
    )
    n_missing = int(X[[v.name for v in frozen.active]].isna().any(axis=1).sum())
    if fitted is not None:
        hcpc = fitted.hcpc_
        gains = np.asarray(hcpc.inertia_gains_, dtype=float) / float(hcpc.total_inertia_)
        ventilated = dict(fitted.mca_.encoding_.ventilated)
        suggested_k: int | None = int(hcpc.suggested_n_clusters_)
        k_source: Literal["suggested", "settings", "model"] = (
            "settings" if k_fixed is not None else "suggested"
        )
        method_fr, method_en = METHOD_FR, METHOD_EN
    else:
        gains = None
        ventilated = {v.name: list(v.ventilated) for v in frozen.active if v.ventilated}
        suggested_k = frozen.metadata.get("suggested_n_clusters")
        k_source = "model"
        method_fr, method_en = METHOD_FROZEN_FR, METHOD_FROZEN_EN
    if len(present) < frozen.n_clusters:
        notes.append(
            Note(
                code="typology.empty_profile",
                message_fr=f"Aucun répondant de cette vague dans le(s) profil(s) "
                f"{sorted(set(range(1, frozen.n_clusters + 1)) - set(present))} du modèle.",
                message_en="Some profiles of the frozen model have no respondent in this wave.",
            )
        )
    frame = data.copy()
    frame[PROFILE] = [f"P{int(k)}" for k in labels]
    results = TypologyResults(
        available=True,
        method_fr=method_fr,
        method_en=method_en,
        variables=[v.name for v in frozen.active],
        profiles=profiles,
        mode="frozen" if model_given else "fitted",
        n_clusters=frozen.n_clusters,
        n_clusters_suggested=suggested_k,
        n_clusters_source=k_source,
        inertia_gains=[float(x) for x in gains[:10]] if gains is not None else [],
        level_ventil=settings.typology_level_ventil if not model_given else None,
        ventilated=ventilated,
        n_missing_answers=n_missing,
        stability=stability,
        stability_at_fit=(
            TypologyStability.model_validate(frozen.metadata["stability"])
            if model_given and isinstance(frozen.metadata.get("stability"), dict)
            else None
        ),
        assignment=assignment,
        names_file=names_file,
        model_source=model_source,
        model=json.loads(frozen.to_json()),
    )
    return TypologyOutcome(
        results=results,
        design=dataclasses.replace(design, data=frame),
        labels=labels,
        groups=groups,
        notes=notes,
        model=frozen,
    )


def model_from_results(results: TypologyResults) -> TypologyModel | None:
    """The frozen model kept in typology results (``None`` when there is none)."""
    if results.model is None:
        return None
    return TypologyModel.model_validate(results.model)
