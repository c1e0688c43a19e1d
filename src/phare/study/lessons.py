"""The seven key lessons of a wave, as checked claims built from the results.

The lessons follow the 2017 summary ("PHARE-Institutions, en quelques mots"): roles by actor,
partnerships by domain, partnerships and territorial development, alliances and innovation,
co-construction anchored but hard to animate, the mayor's role and means, the profiles of
mayors. Each statement is a :class:`~phare.study.results.Claim` over result rows; the choice of
rows is made here (e.g. the extreme regions among those with a sufficient base), and the claim
checker (:mod:`phare.study.claims`) verifies the choice independently before the text is
rendered. Small counts are written in words ("seize domaines", "cinq profils") so that every
figure of a lesson is a result.
"""

from __future__ import annotations

from collections.abc import Sequence

from phare.study.claims import check_claims
from phare.study.results import (
    NATIONAL,
    NBSP,
    Claim,
    EstimateRow,
    Lesson,
    WaveResults,
    row_id,
)

ACTORS = {
    "citoyens": ("Les citoyens sont attendus", "Citizens are expected"),
    "associations": ("Les associations sont attendues", "Associations are expected"),
    "entreprises": ("Les entreprises sont attendues", "Businesses are expected"),
}
_WORDS_FR = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
_WORDS_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _grid(results: WaveResults, question: str, theme: str | None = None) -> list[str]:
    """The 0/1 items of a grid question (``"Q2"`` → ``part_*``), in the instrument's order.

    Read from ``results.indicators``, which the study builds from the instrument: the codes of
    the domains, actors and means are written in one place, the instrument's YAML.
    """
    return [
        i.variable
        for i in results.indicators
        if i.question == question and i.kind == "binary" and theme in (None, i.theme)
    ]


def _nat(variable: str, level: str | None = None) -> str:
    return row_id(variable, NATIONAL, "ensemble", level)


def _present(results: WaveResults, ids: Sequence[str]) -> list[EstimateRow]:
    index = {r.id: r for r in results.estimates}
    return [index[i] for i in ids if i in index]


def _top(results: WaveResults, variables: Sequence[str], k: int) -> list[EstimateRow]:
    rows = [r for r in _present(results, [_nat(v) for v in variables]) if r.estimate is not None]
    return sorted(rows, key=lambda r: -(r.estimate or 0.0))[:k]


def _eligible(results: WaveResults, rows: Sequence[EstimateRow]) -> list[EstimateRow]:
    base = results.metadata.settings.extreme_base
    return [r for r in rows if r.estimate is not None and r.n >= base]


def _ranking_claim(
    cid: str,
    results: WaveResults,
    variables: Sequence[str],
    k: int,
    lead_fr: str,
    lead_en: str,
    tail_fr: str = "",
    tail_en: str = "",
) -> Claim | None:
    top = _top(results, variables, k)
    if len(top) < k:
        return None
    parts_fr = [f"{{{2 * i}}} ({{{2 * i + 1}}})" for i in range(k)]
    parts_en = list(parts_fr)
    joined_fr = ", ".join(parts_fr[:-1]) + " et " + parts_fr[-1]
    joined_en = ", ".join(parts_en[:-1]) + " and " + parts_en[-1]
    refs = [r.id for r in top for _ in (0, 1)]
    formats = ["label", "percent"] * k
    return Claim(
        id=cid,
        kind="ranking",
        template_fr=f"{lead_fr}{joined_fr}{tail_fr}.",
        template_en=f"{lead_en}{joined_en}{tail_en}.",
        refs=refs,
        formats=formats,  # type: ignore[arg-type]
        scope=[_nat(v) for v in variables],
    )


def _range_claim(
    cid: str,
    results: WaveResults,
    variable: str,
    by: str,
    lead_fr: str,
    lead_en: str,
    fallback_fr: str,
    fallback_en: str,
) -> Claim | None:
    """ "de x % (groupe) à y % (groupe)" over the groups of ``by`` with a sufficient base."""
    try:
        rows = results.rows(variable, by)
    except KeyError:
        return None
    eligible = _eligible(results, rows)
    if len(eligible) < 2:
        low = high = None
    else:
        low = min(eligible, key=lambda r: r.estimate or 0.0)
        high = max(eligible, key=lambda r: r.estimate or 0.0)
    refs = [low.id, low.id, high.id, high.id] if low and high else []
    return Claim(
        id=cid,
        kind="range",
        template_fr=lead_fr + "de {0} ({1}) à {2} ({3}).",
        template_en=lead_en + "from {0} ({1}) to {2} ({3}).",
        refs=refs,
        formats=["percent", "group_label", "percent", "group_label"] if refs else [],
        scope=[r.id for r in rows],
        test_ref=f"{variable}|{by}",
        fallback_fr=fallback_fr,
        fallback_en=fallback_en,
        fallback_refs=[_nat(variable)],
        fallback_formats=["percent"],
    )


def lesson_claims(results: WaveResults) -> list[tuple[str, str, str, list[Claim], list[str]]]:
    """The claims of the seven lessons: (code, French title, English title, claims, chart rows).

    Rows that a wave lacks (e.g. no typology) lead to a shorter lesson, never to a made-up
    figure.
    """
    lessons: list[tuple[str, str, str, list[Claim], list[str]]] = []

    # 1. Roles by actor -------------------------------------------------------------------
    claims: list[Claim] = []
    chart: list[str] = []
    for actor, (name_fr, name_en) in ACTORS.items():
        variables = _grid(results, "Q3", f"roles_{actor}")
        claim = _ranking_claim(
            f"roles_{actor}",
            results,
            variables,
            3,
            f"{name_fr} d'abord sur ",
            f"{name_en} first on ",
        )
        if claim is not None:
            claims.append(claim)
            chart += list(dict.fromkeys(claim.refs))
    lessons.append(
        (
            "roles",
            "Les maires répartissent les rôles de chaque acteur selon sa capacité à agir "
            "directement",
            "Mayors share out the roles of each actor according to its capacity to act directly",
            claims,
            chart,
        )
    )

    # 2. Partnerships by domain -----------------------------------------------------------
    claims = [
        Claim(
            id="part_all16",
            kind="value",
            template_fr="Pour {0}, les seize domaines proposés méritent de développer des "
            "partenariats.",
            template_en="For {0}, all sixteen proposed domains deserve partnerships.",
            refs=[_nat("part_all16")],
            formats=["out_of_ten"],
        )
    ]
    ranking = _ranking_claim(
        "part_top2",
        results,
        _grid(results, "Q2"),
        2,
        "",
        "",
        " apparaissent en tête des domaines où développer des partenariats",
        " lead the domains in which to develop partnerships",
    )
    if ranking is not None:
        ranking = ranking.model_copy(
            update={
                "formats": ["Label", "percent"] + list(ranking.formats[2:]),
            }
        )
        claims.append(ranking)
    claims.append(
        Claim(
            id="part_any_social5",
            kind="value",
            template_fr="L'environnement, la santé, le lien social, la mobilité ou la "
            "pauvreté : au moins l'un de ces domaines est cité par {0} des maires.",
            template_en="Environment, health, social ties, mobility or poverty: at least one of "
            "these domains is cited by {0} of mayors.",
            refs=[_nat("part_any_social5")],
            formats=["percent"],
        )
    )
    lessons.append(
        (
            "partenariats",
            "Le développement des partenariats va de pair avec le développement du territoire",
            "Developing partnerships goes hand in hand with developing the territory",
            claims,
            [r.id for r in _top(results, _grid(results, "Q2"), 16)],
        )
    )

    # 3. Partnerships and territorial development ------------------------------------------
    claims = []
    fragility = _ranking_claim(
        "frag_top3",
        results,
        _grid(results, "Q1"),
        3,
        "Les fragilités prioritaires les plus citées par les maires sont ",
        "The priority fragilities most cited by mayors are ",
    )
    if fragility is not None:
        claims.append(fragility)
    size = _range_claim(
        "part_dev_eco_taille",
        results,
        "part_dev_eco",
        "taille",
        "Le souhait de partenariats pour le développement économique varie avec la taille de "
        "la commune, ",
        "The wish for partnerships on economic development varies with the size of the commune, ",
        "Le souhait de partenariats pour le développement économique ({0}) ne varie pas "
        "significativement avec la taille de la commune.",
        "The wish for partnerships on economic development ({0}) does not vary significantly "
        "with the size of the commune.",
    )
    if size is not None:
        claims.append(size)
    lessons.append(
        (
            "developpement",
            "Des fragilités du territoire aux partenariats",
            "From the territory's fragilities to partnerships",
            claims,
            [r.id for r in _top(results, _grid(results, "Q1"), 16)],
        )
    )

    # 4. Alliances and innovation ----------------------------------------------------------
    claims = [
        Claim(
            id="innov_national",
            kind="value",
            template_fr="{0} des maires considèrent que les alliances entre associations, "
            "entreprises et collectivités territoriales sont source d'innovation.",
            template_en="{0} of mayors consider alliances between associations, businesses and "
            "local authorities a source of innovation.",
            refs=[_nat("innov_agree")],
            formats=["percent"],
        ),
        Claim(
            id="innov_taille",
            kind="no_difference",
            template_fr="Ce constat est valable quelle que soit la taille de la commune.",
            template_en="This holds whatever the size of the commune.",
            test_ref="innov_agree|taille",
            fallback_fr="Ce constat varie toutefois selon la taille de la commune.",
            fallback_en="This varies, however, with the size of the commune.",
            fallback_refs=[],
            fallback_formats=[],
        ),
    ]
    region = _range_claim(
        "innov_region",
        results,
        "innov_agree",
        "region",
        "Ce score national mérite d'être nuancé région par région, avec des taux d'adhésion "
        "allant ",
        "This national score should be qualified region by region, with rates ranging ",
        "Les écarts entre régions ne permettent pas de distinguer une région du score "
        "national ({0}).",
        "Differences between regions do not single out any region from the national score ({0}).",
    )
    if region is not None:
        claims.append(region)
    lessons.append(
        (
            "innovation",
            "Les maires à la recherche d'alliances porteuses d'innovation",
            "Mayors looking for alliances that bring innovation",
            claims,
            [r.id for r in results.rows("innov_agree", "taille")]
            if _has(results, "taille")
            else [],
        )
    )

    # 5. Co-construction ---------------------------------------------------------------------
    claims = [
        Claim(
            id="coco_ancree",
            kind="value",
            template_fr="{0} des maires perçoivent que la dynamique de co-construction est "
            "ancrée dans leur territoire.",
            template_en="{0} of mayors perceive that a co-construction dynamic is anchored in "
            "their territory.",
            refs=[_nat("coco_ancree_agree")],
            formats=["percent"],
        ),
        Claim(
            id="coco_animer",
            kind="value",
            template_fr="Néanmoins, {0} d'entre eux ne savent pas encore concrètement comment "
            "l'animer.",
            template_en="Yet {0} of them do not yet know in practice how to lead it.",
            refs=[_nat("coco_ne_sait_pas_animer")],
            formats=["percent"],
        ),
    ]
    lessons.append(
        (
            "coconstruction",
            "Une dynamique de co-construction territoriale déjà engagée",
            "A territorial co-construction dynamic already under way",
            claims,
            [_nat("coco_ancree_agree"), _nat("coco_ne_sait_pas_animer")],
        )
    )

    # 6. The mayor's role and means ---------------------------------------------------------
    claims = [
        Claim(
            id="role_mairie",
            kind="value",
            template_fr="{0} se donnent comme priorités d'impulser, d'animer et d'accompagner "
            "ces alliances.",
            template_en="{0} make it their priority to initiate, lead and support these alliances.",
            refs=[_nat("role_mairie_iaa")],
            formats=["out_of_ten"],
        )
    ]
    means = _ranking_claim(
        "moyens_top2",
        results,
        _grid(results, "Q8"),
        2,
        "Pour ce faire, les maires proposent d'abord ",
        "To do so, mayors first propose ",
    )
    if means is not None:
        claims.append(means)
    mandate = results.rows("role_mairie_iaa", "mandat") if _has(results, "mandat") else []
    if len(mandate) == 2:
        claims.append(
            Claim(
                id="role_mairie_mandat",
                kind="difference",
                template_fr="Cette priorité diffère entre les maires en premier mandat ({0}) et "
                "les maires réélus ({1}).",
                template_en="This priority differs between first-term mayors ({0}) and "
                "re-elected mayors ({1}).",
                refs=[mandate[0].id, mandate[1].id],
                formats=["percent", "percent"],
                test_ref="role_mairie_iaa|mandat",
                fallback_fr="Cette priorité ne diffère pas significativement entre les maires "
                "en premier mandat et les maires réélus.",
                fallback_en="This priority does not differ significantly between first-term "
                "and re-elected mayors.",
                fallback_refs=[],
                fallback_formats=[],
            )
        )
    lessons.append(
        (
            "role_maire",
            "Des maires impliqués dans le jeu d'alliances pour « faire ensemble »",
            "Mayors involved in alliances to 'act together'",
            claims,
            [_nat("role_mairie_iaa")] + [_nat(v) for v in _grid(results, "Q8")],
        )
    )

    # 7. Profiles ----------------------------------------------------------------------------
    claims = []
    chart = []
    typology = results.typology
    if typology.available and typology.profiles:
        k = len(typology.profiles)
        count_fr = _WORDS_FR[k] if k < len(_WORDS_FR) else str(k)
        count_en = _WORDS_EN[k] if k < len(_WORDS_EN) else str(k)
        frozen = typology.mode == "frozen"
        claims.append(
            Claim(
                id="profils_nombre",
                kind="text",
                template_fr=f"{count_fr.capitalize()} profils de maires "
                + ("(modèle de typologie figé) " if frozen else "")
                + "se dégagent selon leurs aspirations et leurs méthodes. L'ensemble de ces "
                "profils signale des leviers et des freins à la co-construction.",
                template_en=f"{count_en.capitalize()} profiles of mayors emerge from their "
                "aspirations and methods. Together they point to levers of and brakes on "
                "co-construction.",
            )
        )
        for profile in typology.profiles:
            if profile.share_row is None:
                continue
            name_fr = profile.name_fr or profile.label_fr
            name_en = profile.name_en or profile.label_en
            roles_fr = []
            roles_en = []
            if profile.levers_fr:
                roles_fr.append("leviers : " + ", ".join(profile.levers_fr))
                roles_en.append("levers: " + ", ".join(profile.levers_en or profile.levers_fr))
            if profile.brakes_fr:
                roles_fr.append("freins : " + ", ".join(profile.brakes_fr))
                roles_en.append("brakes: " + ", ".join(profile.brakes_en or profile.brakes_fr))
            if not roles_fr:
                roles_fr.append("ni levier ni frein au-dessus de la moyenne")
                roles_en.append("no lever or brake above average")
            claims.append(
                Claim(
                    id=f"profil_{profile.code}",
                    kind="value",
                    template_fr=f"«{NBSP}{name_fr}{NBSP}» ({{0}} des maires) : {' ; '.join(roles_fr)}.",
                    template_en=f"'{name_en}' ({{0}} of mayors): {'; '.join(roles_en)}.",
                    refs=[profile.share_row],
                    formats=["percent"],
                )
            )
            chart.append(profile.share_row)
    else:
        claims.append(
            Claim(
                id="profils_absents",
                kind="text",
                template_fr="La typologie des maires n'est pas disponible pour cette vague.",
                template_en="The typology of mayors is not available for this wave.",
            )
        )
    lessons.append(
        (
            "profils",
            "Au-delà des enjeux, des pratiques et des méthodes : des profils de maires",
            "Beyond the issues, practices and methods: profiles of mayors",
            claims,
            chart,
        )
    )
    return lessons


def _has(results: WaveResults, by: str) -> bool:
    return any(d.by == by for d in results.domains)


def build_lessons(results: WaveResults) -> list[Lesson]:
    """The seven key lessons, each claim checked against the results and rendered."""
    out = []
    for number, (code, title_fr, title_en, claims, chart) in enumerate(
        lesson_claims(results), start=1
    ):
        out.append(
            Lesson(
                number=number,
                code=code,
                title_fr=title_fr,
                title_en=title_en,
                claims=check_claims(results, claims),
                chart_rows=chart,
            )
        )
    return out
