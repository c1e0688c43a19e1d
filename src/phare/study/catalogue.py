"""What a wave publishes: the indicators, their themes and labels, the breakdowns, the annexes.

Everything comes from the instrument (``phare.instrument``) and the frame's bands
(``phare.frame``), so a later wave that adds a question publishes it without code changes. Two
kinds of phrases are added here for the texts: the French phrase of a domain inside a sentence
("le développement économique") and the agreement share of each Q9 item (``<item>_accord`` =
codes 1 or 2 among those who answered, "ne sait pas" included, like the published
``innov_agree``).
"""

from __future__ import annotations

import pandas as pd

from phare.frame import AGE_BANDS, SIZE_BANDS, load_regions
from phare.instrument import Instrument
from phare.study.results import (
    NATIONAL,
    Annex,
    CodebookEntry,
    DomainInfo,
    GroupInfo,
    IndicatorInfo,
    LevelInfo,
    QuestionAnnex,
    ThemeInfo,
)

DOMAIN_PHRASES_FR = {
    "emploi": "l'emploi et l'insertion",
    "dev_eco": "le développement économique",
    "niveau_vie": "le niveau de vie",
    "pauvrete": "la pauvreté et la précarité",
    "logement": "le mal-logement",
    "diversite": "la diversité et le handicap",
    "intergen": "l'intergénérationnel",
    "lien_social": "le lien social",
    "education": "l'éducation",
    "sante": "la santé",
    "securite": "la sécurité",
    "mobilite": "la mobilité",
    "numerique": "l'accès au numérique",
    "culture": "la culture et les loisirs",
    "environnement": "l'environnement",
    "transition": "la transition énergétique",
}
MEANS_PHRASES_FR = {
    "communication": "la communication",
    "dialogue": "le dialogue et la concertation",
    "appel_projets": "les appels à projets",
    "mise_a_dispo": "la mise à disposition de locaux ou de moyens",
    "financement": "le financement",
    "formation": "la formation",
    "autre": "d'autres moyens",
}
AGREE_SUFFIX = "_accord"
MANDATE = "mandat"
"""The breakdown by first term (groups "1" first term, "2" re-elected), from ``premier_mandat``."""
PROFILE = "profil"
AGREE_CODES = (1, 2)

THEMES = [
    ThemeInfo(
        code="fragilites",
        label_fr="Fragilités prioritaires du territoire",
        label_en="Priority fragilities",
    ),
    ThemeInfo(
        code="partenariats",
        label_fr="Domaines où développer des partenariats",
        label_en="Domains for partnerships",
    ),
    ThemeInfo(
        code="innovation", label_fr="Alliances et innovation", label_en="Alliances and innovation"
    ),
    ThemeInfo(
        code="coconstruction",
        label_fr="Co-construction territoriale",
        label_en="Territorial co-construction",
    ),
    ThemeInfo(
        code="role_commune",
        label_fr="Rôle de la commune dans les alliances",
        label_en="Role of the commune",
    ),
    ThemeInfo(
        code="moyens", label_fr="Moyens pour engager les acteurs", label_en="Means to engage actors"
    ),
    ThemeInfo(
        code="attitudes",
        label_fr="Aspirations, méthodes, freins et leviers",
        label_en="Aspirations, methods, brakes and levers",
    ),
    ThemeInfo(code="mandat", label_fr="Mandat du maire", label_en="Mayor's term"),
    ThemeInfo(code="profils", label_fr="Profils de maires", label_en="Mayor profiles"),
]

_QUESTION_THEME = {
    "Q1": "fragilites",
    "Q2": "partenariats",
    "Q4": "innovation",
    "Q5": "coconstruction",
    "Q6": "coconstruction",
    "Q7": "role_commune",
    "Q8": "moyens",
    "Q9": "attitudes",
    "Q11": "mandat",
}
_INDICATOR_THEME = {
    "part_all16": "partenariats",
    "part_any_social5": "partenariats",
    "innov_agree": "innovation",
    "coco_ancree_agree": "coconstruction",
    "coco_ne_sait_pas_animer": "coconstruction",
    "role_mairie_iaa": "role_commune",
}
_GRID_PREFIX = {
    "Q1": ("Fragilité", "Fragility"),
    "Q2": ("Partenariats", "Partnerships"),
    "Q8": ("Moyen", "Means"),
}
_BASE_ANCREE_FR = "maires jugeant la co-construction ancrée dans leur territoire (Q5)"
_BASE_ANCREE_EN = "mayors who say co-construction is anchored in their territory (Q5)"


def _base(question: str | None) -> tuple[str, str]:
    if question == "Q6":
        return _BASE_ANCREE_FR, _BASE_ANCREE_EN
    return (
        "ensemble des maires ayant répondu à la question",
        "all mayors who answered the question",
    )


def agreement_items(instrument: Instrument) -> list[str]:
    """The Q9 items whose agreement share is published as ``<item>_accord``."""
    return [v.name for v in instrument.question("Q9").variables if v.code_list == "agree4"]


def indicators(instrument: Instrument) -> list[IndicatorInfo]:
    """Every published indicator, in questionnaire order: items, then derived indicators."""
    out: list[IndicatorInfo] = []
    derived = {ind.name: ind for ind in instrument.indicators}
    placed: set[str] = set()
    for question in instrument.questions:
        if question.type == "text":
            continue
        for var in question.variables:
            theme = _QUESTION_THEME.get(question.id, "autres")
            short_fr = short_en = item_fr = item_en = ""
            if question.id == "Q3" and var.actor:
                theme = f"roles_{var.actor}"
            if var.item:
                item_label = next(
                    (
                        it.label
                        for items in instrument.item_lists.values()
                        for it in items
                        if it.code == var.item
                    ),
                    None,
                )
                if item_label is not None:
                    item_fr, item_en = item_label.fr, item_label.en
                short_fr = DOMAIN_PHRASES_FR.get(var.item) or MEANS_PHRASES_FR.get(
                    var.item, item_fr.lower()
                )
                short_en = item_en.lower()
            base_fr, base_en = _base(question.id)
            label_fr, label_en = var.label.fr, var.label.en
            if var.item and item_fr:
                prefix_fr, prefix_en = _GRID_PREFIX.get(question.id, ("", ""))
                if question.id == "Q3" and var.actor:
                    prefix_fr, prefix_en = var.actor.capitalize(), var.actor.capitalize()
                if prefix_fr:
                    label_fr, label_en = f"{prefix_fr} : {item_fr}", f"{prefix_en}: {item_en}"
            if var.type == "binary":
                out.append(
                    IndicatorInfo(
                        variable=var.name,
                        kind="binary",
                        question=question.id,
                        theme=theme,
                        label_fr=label_fr,
                        label_en=label_en,
                        short_fr=short_fr,
                        short_en=short_en,
                        item_fr=item_fr,
                        item_en=item_en,
                        base_fr=base_fr,
                        base_en=base_en,
                    )
                )
            else:
                out.append(
                    IndicatorInfo(
                        variable=var.name,
                        kind="categorical",
                        question=question.id,
                        theme=theme,
                        label_fr=var.label.fr,
                        label_en=var.label.en,
                        base_fr=base_fr,
                        base_en=base_en,
                        levels=[
                            LevelInfo(code=str(code), label_fr=lab.fr, label_en=lab.en)
                            for code, lab in sorted(var.codes.items())
                        ],
                    )
                )
                if question.id == "Q9":
                    out.append(
                        IndicatorInfo(
                            variable=var.name + AGREE_SUFFIX,
                            kind="derived",
                            question=question.id,
                            theme=theme,
                            label_fr=f"{var.label.fr} (d'accord)",
                            label_en=f"{var.label.en} (agree)",
                            item_fr=var.label.fr,
                            item_en=var.label.en,
                            base_fr=base_fr,
                            base_en=base_en,
                        )
                    )
        for name, ind in derived.items():
            if name in placed or _INDICATOR_THEME.get(name) != _QUESTION_THEME.get(question.id):
                continue
            if question.id not in ("Q2", "Q4", "Q6", "Q7"):
                continue
            placed.add(name)
            base_fr, base_en = _base("Q6" if ind.among is not None else None)
            out.append(
                IndicatorInfo(
                    variable=name,
                    kind="derived",
                    question=question.id,
                    theme=_INDICATOR_THEME[name],
                    label_fr=ind.label.fr,
                    label_en=ind.label.en,
                    item_fr=ind.label.fr,
                    item_en=ind.label.en,
                    base_fr=base_fr,
                    base_en=base_en,
                )
            )
    for name, ind in derived.items():
        if name not in placed:
            out.append(
                IndicatorInfo(
                    variable=name,
                    kind="derived",
                    question="",
                    theme=_INDICATOR_THEME.get(name, "autres"),
                    label_fr=ind.label.fr,
                    label_en=ind.label.en,
                    item_fr=ind.label.fr,
                    item_en=ind.label.en,
                )
            )
    return out


def themes(infos: list[IndicatorInfo], instrument: Instrument) -> list[ThemeInfo]:
    """The themes of ``infos`` in publication order; one "roles_<actor>" theme per actor of Q3.

    The actors' themes follow the partnerships, named from the instrument's list of actors.
    """
    used = {i.theme for i in infos}
    ordered: list[ThemeInfo] = []
    for theme in THEMES:
        ordered.append(theme)
        if theme.code == "partenariats":
            ordered += [
                ThemeInfo(
                    code=f"roles_{actor.code}",
                    label_fr=f"Rôle attendu des {actor.label.fr.lower()}",
                    label_en=f"Expected role of {actor.label.en.lower()}",
                )
                for actor in instrument.item_lists["actors"]
            ]
    return [t for t in ordered if t.code in used]


def domains(
    include_profiles: list[tuple[str, str, str]] | None = None,
) -> list[DomainInfo]:
    """The breakdowns of the estimates, in publication order.

    ``include_profiles`` gives the typology's (code, French label, English label) when a
    typology exists for the wave.
    """
    regions = load_regions()
    overseas = regions["region"].astype(str).isin(["01", "02", "03", "04", "06"])
    regions = pd.concat([regions[~overseas], regions[overseas]])
    out = [
        DomainInfo(
            by=NATIONAL,
            label_fr="Ensemble",
            label_en="All",
            groups=[GroupInfo(code="ensemble", label_fr="Ensemble", label_en="All")],
        ),
        DomainInfo(
            by="region",
            label_fr="Région",
            label_en="Region",
            groups=[
                GroupInfo(code=str(code), label_fr=str(name), label_en=str(name))
                for code, name in zip(regions["region"], regions["region_nom"], strict=True)
            ],
        ),
        DomainInfo(
            by="taille",
            label_fr="Taille de la commune",
            label_en="Size of the commune",
            groups=[
                GroupInfo(code=b.code, label_fr=b.label_fr, label_en=b.label_en) for b in SIZE_BANDS
            ],
        ),
        DomainInfo(
            by="maire_sexe",
            label_fr="Sexe du maire",
            label_en="Mayor's sex",
            groups=[
                GroupInfo(code="F", label_fr="Femmes maires", label_en="Women mayors"),
                GroupInfo(code="M", label_fr="Hommes maires", label_en="Men mayors"),
            ],
        ),
        DomainInfo(
            by="maire_age",
            label_fr="Âge du maire",
            label_en="Mayor's age",
            groups=[
                GroupInfo(code=b.code, label_fr=b.label_fr, label_en=b.label_en) for b in AGE_BANDS
            ],
        ),
        DomainInfo(
            by=MANDATE,
            label_fr="Premier mandat",
            label_en="First term",
            groups=[
                GroupInfo(code="1", label_fr="Premier mandat", label_en="First term"),
                GroupInfo(code="2", label_fr="Maire réélu", label_en="Re-elected mayor"),
            ],
        ),
    ]
    if include_profiles:
        out.append(
            DomainInfo(
                by=PROFILE,
                label_fr="Profil de maire",
                label_en="Mayor profile",
                groups=[
                    GroupInfo(code=c, label_fr=fr, label_en=en) for c, fr, en in include_profiles
                ],
            )
        )
    return out


def annex(instrument: Instrument) -> Annex:
    """The questionnaire and the codebook, for the report's annexes."""
    questions = []
    codebook = []
    for q in instrument.questions:
        codes: list[str] = []
        codes_en: list[str] = []
        first = q.variables[0]
        if first.codes:
            codes = [f"{c} {lab.fr}" for c, lab in sorted(first.codes.items())]
            codes_en = [f"{c} {lab.en}" for c, lab in sorted(first.codes.items())]
        asked = ", ".join(str(c) for c in q.asked_if.in_) if q.asked_if is not None else None
        questions.append(
            QuestionAnnex(
                question=q.id,
                text_fr=q.text.fr,
                text_en=q.text.en,
                type_fr={
                    "binary": "Cases à cocher (0/1)",
                    "code": "Choix unique",
                    "text": "Réponse libre",
                }.get(q.type, q.type),
                type_en={
                    "binary": "Check boxes (0/1)",
                    "code": "Single choice",
                    "text": "Free text",
                }.get(q.type, q.type),
                variables=[v.name for v in q.variables],
                codes_fr=codes if q.type != "binary" else [],
                codes_en=codes_en if q.type != "binary" else [],
                condition_fr=(
                    f"Posée si {q.asked_if.variable} ∈ {{{asked}}}"
                    if q.asked_if is not None
                    else None
                ),
                condition_en=(
                    f"Asked if {q.asked_if.variable} ∈ {{{asked}}}"
                    if q.asked_if is not None
                    else None
                ),
            )
        )
    for var in instrument.all_variables:
        codebook.append(
            CodebookEntry(
                variable=var.name,
                question=var.question or {"respondent": "—", "frame": "base"}.get(var.source, ""),
                label_fr=var.label.fr,
                label_en=var.label.en,
                type=var.type,
                codes_fr=", ".join(f"{c} = {lab.fr}" for c, lab in sorted(var.codes.items()))
                if var.codes and var.type != "binary"
                else ("0/1" if var.type == "binary" else ""),
                codes_en=", ".join(f"{c} = {lab.en}" for c, lab in sorted(var.codes.items()))
                if var.codes and var.type != "binary"
                else ("0/1" if var.type == "binary" else ""),
            )
        )
    return Annex(questionnaire=questions, codebook=codebook)


def profile_indicator(groups: list[tuple[str, str, str]]) -> IndicatorInfo:
    """The share of mayors in each profile of the typology (a categorical indicator)."""
    return IndicatorInfo(
        variable=PROFILE,
        kind="categorical",
        question="Typologie",
        theme="profils",
        label_fr="Profil de maire",
        label_en="Mayor profile",
        levels=[LevelInfo(code=c, label_fr=fr, label_en=en) for c, fr, en in groups],
    )
