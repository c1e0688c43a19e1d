"""The HTML report and the two-page summary, self-contained (inline CSS and SVG, no CDN).

The report has the shape French study teams expect: cover, synthèse (the seven key lessons),
fiche technique, detailed results by theme, by region and by size band, results by mayor
profile, the typology, the comparison with a previous wave when present, the claims the checker
reworded or flagged, and annexes (questionnaire, codebook, notes). Every chart carries
"Base : … (n = …)" and "Source : …"; a simulated wave says "Données simulées" on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from phare.publish.charts import bar_spec, choropleth_spec
from phare.publish.svg import to_svg
from phare.publish.tables import by_table, groups_table
from phare.study.results import (
    NATIONAL,
    EstimateRow,
    Flag,
    IndicatorInfo,
    WaveResults,
    date_fr,
    number_fr,
    percent_fr,
    points_fr,
    row_id,
)

DERIVED_ORDER = (
    "part_all16",
    "part_any_social5",
    "innov_agree",
    "coco_ancree_agree",
    "coco_ne_sait_pas_animer",
    "role_mairie_iaa",
)


@dataclass(frozen=True)
class Figure:
    """A chart with its title, base and source lines."""

    title: str
    svg: Markup
    base: str
    source: str
    note: str = ""


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("phare.publish", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


class _Counter:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.value = 0

    def next(self) -> str:
        self.value += 1
        return f"{self.prefix}{self.value}"


def _n_text(rows: Sequence[EstimateRow]) -> str:
    ns = [r.n for r in rows]
    if not ns:
        return "n = 0"
    low, high = min(ns), max(ns)
    if low == high:
        return f"n = {number_fr(low)}"
    return f"n = {number_fr(low)} à {number_fr(high)}"


def _base_text(results: WaveResults, rows: Sequence[EstimateRow], by: str | None = None) -> str:
    bases = {results.indicator(r.variable).base_fr for r in rows}
    base = bases.pop() if len(bases) == 1 else "Maires ayant répondu à chaque question"
    if by and by != NATIONAL:
        base += f", par {results.domain(by).label_fr.lower()}"
    return f"Base : {base[:1].lower() + base[1:]} ({_n_text(rows)})."


def _source(results: WaveResults) -> str:
    text = f"Source : {results.metadata.source_fr}."
    if results.metadata.simulated and "simulées" not in text:
        text += " Données simulées."
    return text


def bar_figure(
    results: WaveResults,
    rows: Sequence[EstimateRow],
    title: str,
    ids: _Counter,
    label_by: str = "indicator",
) -> Figure | None:
    rows = list(rows)
    if not rows:
        return None
    spec = bar_spec(results, rows, label_by=label_by)
    note = ""
    if any(r.flag == Flag.LOW_BASE for r in rows):
        note = f"* faible effectif (n < {results.metadata.settings.min_base_flag})."
    if any(r.flag == Flag.SUPPRESSED for r in rows):
        note += f" n.p. : non publié (n < {results.metadata.settings.min_base_suppress})."
    return Figure(
        title=title,
        svg=Markup(to_svg(spec, ids.next())),
        base=_base_text(results, rows, rows[0].by),
        source=_source(results),
        note=note.strip() + " Traits : intervalles de confiance à 95 %.",
    )


def map_figure(results: WaveResults, variable: str, title: str, ids: _Counter) -> Figure | None:
    spec = choropleth_spec(results, variable)
    if spec is None:
        return None
    rows = results.rows(variable, "region")
    overseas = [
        f"{results.group_label('region', r.group)} : "
        + (percent_fr(r.estimate) if r.estimate is not None else "n.p.")
        + ("*" if r.flag == Flag.LOW_BASE else "")
        for r in rows
        if r.group in {"01", "02", "03", "04", "06"}
    ]
    note = "En gris : région non publiée (effectif inférieur à "
    note += f"{results.metadata.settings.min_base_suppress})."
    if overseas:
        note += " Outre-mer : " + " ; ".join(overseas) + "."
    return Figure(
        title=title,
        svg=Markup(to_svg(spec, ids.next())),
        base=_base_text(results, rows, "region"),
        source=_source(results),
        note=note,
    )


def _indicators_of(results: WaveResults, theme: str) -> list[IndicatorInfo]:
    return [i for i in results.indicators if i.theme == theme]


def _national(results: WaveResults, info: IndicatorInfo) -> list[EstimateRow]:
    index = {r.id: r for r in results.estimates}
    if info.kind == "categorical":
        ids = [row_id(info.variable, NATIONAL, "ensemble", lv.code) for lv in info.levels]
    else:
        ids = [row_id(info.variable, NATIONAL, "ensemble")]
    return [index[i] for i in ids if i in index]


def _national_value(results: WaveResults, info: IndicatorInfo) -> float:
    rows = _national(results, info)
    return rows[0].estimate if rows and rows[0].estimate is not None else 0.0


def _theme_block(results: WaveResults, theme: Any, ids: _Counter) -> dict[str, Any]:
    infos = _indicators_of(results, theme.code)
    figures: list[Figure] = []
    simple = [i for i in infos if i.kind != "categorical"]
    if simple:
        rows = [r for i in simple for r in _national(results, i)]
        rows.sort(key=lambda r: -(r.estimate if r.estimate is not None else -1.0))
        fig = bar_figure(results, rows, f"{theme.label_fr} — ensemble des maires", ids)
        if fig:
            figures.append(fig)
    for info in infos:
        if info.kind == "categorical":
            fig = bar_figure(
                results, _national(results, info), info.label_fr, ids, label_by="level"
            )
            if fig:
                figures.append(fig)
    tables = []
    if any(d.by == "taille" for d in results.domains) and infos:
        tables.append(
            by_table(results, infos, "taille", f"{theme.label_fr} selon la taille de la commune")
        )
    if any(d.by == "region" for d in results.domains) and infos:
        chosen = infos
        more = ""
        if sum(len(i.levels) or 1 for i in infos) > 12:
            ranked = sorted(simple, key=lambda i: -_national_value(results, i))
            chosen = ranked[:6]
            more = " (les six items les plus cités ; tous les items dans le classeur Excel)"
        for start in range(0, len(chosen), 6):
            part = chosen[start : start + 6]
            tables.append(
                groups_table(results, part, "region", f"{theme.label_fr} par région{more}")
            )
    return {"theme": theme, "figures": figures, "tables": tables}


def _lesson_figure(results: WaveResults, lesson: Any, ids: _Counter) -> Figure | None:
    index = {r.id: r for r in results.estimates}
    rows = [index[i] for i in lesson.chart_rows if i in index]
    if not rows:
        return None
    label_by = "group" if len({r.by for r in rows}) == 1 and rows[0].by != NATIONAL else "indicator"
    if all(r.level is not None for r in rows) and len({r.variable for r in rows}) == 1:
        label_by = "level"
    return bar_figure(results, rows, lesson.title_fr, ids, label_by=label_by)


def typology_context(results: WaveResults) -> dict[str, Any] | None:
    """The typology chapter: profiles table, levers and brakes by profile, method sentences."""
    ty = results.typology
    if not ty.available or not ty.profiles:
        return None
    index = {r.id: r for r in results.estimates}
    profiles = []
    for p in ty.profiles:
        row = index.get(p.share_row) if p.share_row else None
        profiles.append(
            {
                "p": p,
                "share": percent_fr(row.estimate)
                if row is not None and row.estimate is not None
                else "n.p.",
                "ci": (
                    f"[{percent_fr(row.ci_low)} ; {percent_fr(row.ci_high)}]"
                    if row is not None and row.ci_low is not None and row.ci_high is not None
                    else ""
                ),
            }
        )
    items: list[dict[str, Any]] = []
    first = ty.profiles[0]
    for kind, entries in (("Levier", first.levers), ("Frein", first.brakes)):
        for entry in entries:
            cells = []
            for p in ty.profiles:
                match = [it for it in (p.levers + p.brakes) if it.variable == entry.variable]
                it = match[0] if match else None
                cells.append(
                    {
                        "value": percent_fr(it.share_in_profile) if it else "–",
                        "strong": bool(it and it.put_forward),
                    }
                )
            items.append(
                {
                    "kind": kind,
                    "label": entry.label_fr,
                    "cells": cells,
                    "overall": percent_fr(entry.share_overall),
                }
            )
    order = {"Levier": 0, "Frein": 1}
    items.sort(key=lambda d: order[d["kind"]])
    if ty.n_clusters_source == "suggested":
        k_fr = (
            f"Le nombre de profils ({ty.n_clusters}) n'est pas fixé à l'avance : c'est celui "
            "que suggèrent les gains d'inertie de la classification (critère de HCPC)."
        )
    elif ty.n_clusters_source == "settings":
        k_fr = (
            f"Le nombre de profils a été fixé à {ty.n_clusters} par l'équipe d'étude "
            f"(les gains d'inertie en suggéraient {ty.n_clusters_suggested})."
        )
    else:
        k_fr = f"Les {ty.n_clusters} profils sont ceux du modèle figé ({ty.model_source or ''})."
    ventilated = sorted(ty.ventilated)
    ventil_fr = ""
    if ty.level_ventil is not None:
        ventil_fr = (
            f"Réponses de moins de {number_fr(100 * ty.level_ventil)} % et non-réponses "
            f"ventilées au hasard (graine fixée) parmi les autres réponses de la question "
            f"({len(ventilated)} question(s) concernée(s) ; {number_fr(ty.n_missing_answers)} "
            "répondant(s) avec au moins une non-réponse) : aucun profil ne repose sur la "
            "non-réponse."
        )
    stability_fr = ""
    if ty.stability is not None:
        st = ty.stability
        stability_fr = (
            f"Stabilité (bootstrap, {st.n_boot} tirages) : indice de Rand ajusté moyen "
            f"{number_fr(st.ari, 2)} (minimum {number_fr(st.ari_min, 2)}) ; Jaccard par profil "
            "de "
            + number_fr(min(r.jaccard for r in st.profiles), 2)
            + " à "
            + number_fr(max(r.jaccard for r in st.profiles), 2)
            + " (au-dessus de 0,75 : profil stable ; sous 0,5 : profil qui se dissout)."
        )
    if ty.stability is None and ty.stability_at_fit is not None:
        st = ty.stability_at_fit
        stability_fr = (
            f"Stabilité mesurée à l'ajustement du modèle (bootstrap, {st.n_boot} tirages) : "
            f"indice de Rand ajusté moyen {number_fr(st.ari, 2)} ; Jaccard par profil de "
            + number_fr(min(r.jaccard for r in st.profiles), 2)
            + " à "
            + number_fr(max(r.jaccard for r in st.profiles), 2)
            + "."
        )
    assignment_fr = ""
    if ty.assignment is not None:
        a = ty.assignment
        head = (
            "Affectation par le modèle figé :"
            if ty.mode == "frozen"
            else "Modèle figé (fichier typologie.json, pour affecter les vagues suivantes)"
            + (
                f" : même profil que la classification pour {percent_fr(a.agreement_with_fit, 1)}"
                " des maires ;"
                if a.agreement_with_fit is not None
                else " :"
            )
        )
        assignment_fr = (
            f"{head} appartenance moyenne {number_fr(a.mean_membership, 2)}"
            f", {percent_fr(a.share_clear)} des maires nettement rattachés (appartenance ≥ 0,8), "
            f"{percent_fr(a.share_ambiguous)} entre deux profils (rapport des distances > 0,9)."
        )
    names_fr = (
        "Noms des profils choisis par l'équipe d'étude"
        + (f" ({ty.names_file})" if ty.names_file else "")
        + "."
        if any(p.name_source == "team" for p in ty.profiles)
        else "Noms suggérés à partir du rôle de la commune et du levier ou frein le plus "
        "caractéristique de chaque profil ; l'équipe d'étude peut les remplacer."
    )
    return {
        "profiles": profiles,
        "lever_rows": items,
        "k_fr": k_fr,
        "ventil_fr": ventil_fr,
        "stability_fr": stability_fr,
        "assignment_fr": assignment_fr,
        "names_fr": names_fr,
    }


def report_context(results: WaveResults, build_date: str) -> dict[str, Any]:
    """Everything the report template shows, computed from the results only."""
    ids = _Counter("fig")
    lessons = [
        {"lesson": lesson, "figure": _lesson_figure(results, lesson, ids)}
        for lesson in results.lessons
    ]
    themes = [_theme_block(results, theme, ids) for theme in results.themes]
    derived = [i for v in DERIVED_ORDER for i in results.indicators if i.variable == v]
    maps = []
    for variable in ("innov_agree", "coco_ancree_agree", "role_mairie_iaa"):
        if any(i.variable == variable for i in results.indicators):
            fig = map_figure(results, variable, results.indicator(variable).label_fr, ids)
            if fig:
                maps.append(fig)
    region_table = (
        groups_table(results, derived, "region", "Indicateurs clés par région")
        if derived and any(d.by == "region" for d in results.domains)
        else None
    )
    size_table = (
        by_table(results, derived, "taille", "Indicateurs clés selon la taille de la commune")
        if derived and any(d.by == "taille" for d in results.domains)
        else None
    )
    profile_tables = [
        groups_table(results, derived, d.by, f"Indicateurs clés selon : {d.label_fr.lower()}")
        for d in results.domains
        if d.by not in (NATIONAL, "region", "taille") and derived
    ]
    significant = [t for t in results.group_tests if t.significant and t.level is None]
    comparison = None
    if results.comparison is not None:
        comparison = [
            {
                "label": results.indicator(c.variable).label_fr
                if any(i.variable == c.variable for i in results.indicators)
                else c.variable,
                "from": percent_fr(c.estimate_from) if c.estimate_from is not None else "n.p.",
                "to": percent_fr(c.estimate_to) if c.estimate_to is not None else "n.p.",
                "diff": points_fr(c.difference) if c.difference is not None else "–",
                "ci": (
                    f"[{points_fr(c.ci_low)} ; {points_fr(c.ci_high)}]"
                    if c.ci_low is not None and c.ci_high is not None
                    else ""
                ),
                "p": number_fr(c.q_value if c.q_value is not None else (c.p_value or 1.0), 3),
                "significant": c.significant,
            }
            for c in results.comparison.changes
            if c.by == NATIONAL and c.level is None
        ]
    return {
        "r": results,
        "m": results.metadata,
        "s": results.metadata.settings,
        "t": results.technical,
        "w": results.weighting,
        "build_date": build_date,
        "build_date_fr": date_fr(build_date),
        "simulated": results.metadata.simulated,
        "lessons": lessons,
        "themes": themes,
        "maps": maps,
        "region_table": region_table,
        "size_table": size_table,
        "profile_tables": profile_tables,
        "typology": typology_context(results),
        "significant": significant,
        "comparison": comparison,
        "flagged": results.flagged_claims(),
        "pct": percent_fr,
        "num": number_fr,
        "pts": points_fr,
        "date_fr": date_fr,
        "label_of": lambda v: (
            results.indicator(v).label_fr if any(i.variable == v for i in results.indicators) else v
        ),
        "domain_label": lambda by: results.domain(by).label_fr,
    }


def render_report_html(results: WaveResults, build_date: str) -> str:
    """The full report as one self-contained HTML page."""
    return _env().get_template("report.html.j2").render(**report_context(results, build_date))


def summary_context(results: WaveResults, build_date: str) -> dict[str, Any]:
    """The two-page "en quelques mots" summary: the lessons, key figures and two charts."""
    ids = _Counter("sum")
    index = {r.id: r for r in results.estimates}
    key_figures = []
    for variable, text in (
        ("innov_agree", "des maires voient dans les alliances une source d'innovation"),
        ("coco_ancree_agree", "perçoivent une dynamique de co-construction ancrée"),
        ("role_mairie_iaa", "veulent impulser, animer ou accompagner les alliances"),
    ):
        row = index.get(row_id(variable, NATIONAL, "ensemble"))
        if row is not None and row.estimate is not None:
            key_figures.append({"value": percent_fr(row.estimate), "text": text, "n": row.n})
    figure = None
    part = [
        index[i]
        for i in (
            row_id(ind.variable, NATIONAL, "ensemble")
            for ind in results.indicators
            if ind.question == "Q2" and ind.kind == "binary"
        )
        if i in index
    ]
    if part:
        part.sort(key=lambda r: -(r.estimate or 0.0))
        figure = bar_figure(results, part, "Domaines où développer des partenariats", ids)
    region_map = None
    if any(i.variable == "innov_agree" for i in results.indicators):
        region_map = map_figure(
            results, "innov_agree", "Alliances source d'innovation, par région", ids
        )
    profiles = [
        index[p.share_row]
        for p in results.typology.profiles
        if p.share_row is not None and p.share_row in index
    ]
    profile_figure = (
        bar_figure(results, profiles, "Profils de maires", ids, label_by="level")
        if profiles
        else None
    )
    return {
        "r": results,
        "m": results.metadata,
        "s": results.metadata.settings,
        "t": results.technical,
        "simulated": results.metadata.simulated,
        "build_date": build_date,
        "build_date_fr": date_fr(build_date),
        "lessons": results.lessons,
        "key_figures": key_figures,
        "figure": figure,
        "region_map": region_map,
        "profile_figure": profile_figure,
        "num": number_fr,
        "date_fr": date_fr,
    }


def render_summary_html(results: WaveResults, build_date: str) -> str:
    """The two-page summary as one self-contained HTML page."""
    return _env().get_template("summary.html.j2").render(**summary_context(results, build_date))
