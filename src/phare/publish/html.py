"""The HTML report and the two-page summary, self-contained (inline CSS and SVG, no CDN).

Both exist in French and in English (``lang``): one template each, whose words come from the
catalogue of :mod:`phare.publish.i18n` and whose labels are the results' ``*_fr``/``*_en``.

The report has the shape French study teams expect: cover, synthèse (the seven key lessons),
fiche technique, detailed results by theme, by region and by size band, results by mayor
profile, the typology, the comparison with a previous wave when present, the claims the checker
reworded or flagged, and annexes (questionnaire, codebook, notes). Every chart carries
"Base : … (n = …)" and "Source : …" ("Base: …", "Source: …"); a simulated wave says "Données
simulées" ("Simulated data") on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from phare.publish.charts import bar_spec, choropleth_spec
from phare.publish.i18n import FR, Lang, lang_of
from phare.publish.svg import to_svg
from phare.publish.tables import by_table, groups_tables
from phare.study.results import (
    NATIONAL,
    EstimateRow,
    Flag,
    IndicatorInfo,
    WaveResults,
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


def _n_text(rows: Sequence[EstimateRow], lang: Lang = FR) -> str:
    ns = [r.n for r in rows]
    if not ns:
        return "n = 0"
    low, high = min(ns), max(ns)
    if low == high:
        return f"n = {lang.num(low)}"
    return lang.t("fig.n_range", low=lang.num(low), high=lang.num(high))


def _base_text(
    results: WaveResults, rows: Sequence[EstimateRow], by: str | None = None, lang: Lang = FR
) -> str:
    bases = {lang.label(results.indicator(r.variable), "base") for r in rows}
    base = bases.pop() if len(bases) == 1 else lang.t("fig.base_each")
    if by and by != NATIONAL:
        base += lang.t("fig.base_by", domain=lang.label(results.domain(by)).lower())
    return lang.t("fig.base", base=base[:1].lower() + base[1:], n=_n_text(rows, lang))


def _source(results: WaveResults, lang: Lang = FR) -> str:
    text = lang.t("fig.source", source=lang.label(results.metadata, "source"))
    if results.metadata.simulated and lang.t("sim.marker") not in text:
        text += lang.t("sim.sentence")
    return text


def bar_figure(
    results: WaveResults,
    rows: Sequence[EstimateRow],
    title: str,
    ids: _Counter,
    label_by: str = "indicator",
    lang: Lang = FR,
) -> Figure | None:
    rows = list(rows)
    if not rows:
        return None
    spec = bar_spec(results, rows, label_by=label_by, lang=lang.code)
    note = ""
    if any(r.flag == Flag.LOW_BASE for r in rows):
        note = lang.t("fig.low", n=results.metadata.settings.min_base_flag)
    if any(r.flag == Flag.SUPPRESSED for r in rows):
        note += lang.t("fig.np", n=results.metadata.settings.min_base_suppress)
    return Figure(
        title=title,
        svg=Markup(to_svg(spec, ids.next(), locale=lang.locale)),
        base=_base_text(results, rows, rows[0].by, lang),
        source=_source(results, lang),
        note=note.strip() + lang.t("fig.ci"),
    )


def map_figure(
    results: WaveResults, variable: str, title: str, ids: _Counter, lang: Lang = FR
) -> Figure | None:
    spec = choropleth_spec(results, variable, lang=lang.code)
    if spec is None:
        return None
    rows = results.rows(variable, "region")
    overseas = [
        lang.t(
            "fig.overseas_item",
            region=results.group_label("region", r.group, lang.code),
            value=lang.pct(r.estimate) if r.estimate is not None else lang.t("np"),
        )
        + ("*" if r.flag == Flag.LOW_BASE else "")
        for r in rows
        if r.group in {"01", "02", "03", "04", "06"}
    ]
    note = lang.t("fig.grey", n=results.metadata.settings.min_base_suppress)
    if overseas:
        # "… : n.p." ends with its own full stop
        items = lang.t("list_sep").join(overseas).removesuffix(".")
        note += lang.t("fig.overseas", items=items)
    return Figure(
        title=title,
        svg=Markup(to_svg(spec, ids.next(), locale=lang.locale)),
        base=_base_text(results, rows, "region", lang),
        source=_source(results, lang),
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


def _theme_block(
    results: WaveResults, theme: Any, ids: _Counter, lang: Lang = FR
) -> dict[str, Any]:
    infos = _indicators_of(results, theme.code)
    figures: list[Figure] = []
    simple = [i for i in infos if i.kind != "categorical"]
    label = lang.label(theme)
    if simple:
        rows = [r for i in simple for r in _national(results, i)]
        rows.sort(key=lambda r: -(r.estimate if r.estimate is not None else -1.0))
        fig = bar_figure(results, rows, lang.t("theme.all", theme=label), ids, lang=lang)
        if fig:
            figures.append(fig)
    for info in infos:
        if info.kind == "categorical":
            fig = bar_figure(
                results,
                _national(results, info),
                lang.label(info),
                ids,
                label_by="level",
                lang=lang,
            )
            if fig:
                figures.append(fig)
    tables = []
    if any(d.by == "taille" for d in results.domains) and infos:
        tables.append(
            by_table(results, infos, "taille", lang.t("theme.by_size", theme=label), lang)
        )
    if any(d.by == "region" for d in results.domains) and infos:
        chosen = infos
        more = ""
        if sum(len(i.levels) or 1 for i in infos) > 12:
            ranked = sorted(simple, key=lambda i: -_national_value(results, i))
            chosen = ranked[:6]
            more = lang.t("theme.six")
        tables += groups_tables(
            results, chosen, "region", lang.t("theme.by_region", theme=label, more=more), lang
        )
    return {"theme": theme, "figures": figures, "tables": tables}


def _lesson_figure(
    results: WaveResults, lesson: Any, ids: _Counter, lang: Lang = FR
) -> Figure | None:
    index = {r.id: r for r in results.estimates}
    rows = [index[i] for i in lesson.chart_rows if i in index]
    if not rows:
        return None
    label_by = "group" if len({r.by for r in rows}) == 1 and rows[0].by != NATIONAL else "indicator"
    if all(r.level is not None for r in rows) and len({r.variable for r in rows}) == 1:
        label_by = "level"
    return bar_figure(results, rows, lang.label(lesson, "title"), ids, label_by, lang)


def typology_context(results: WaveResults, lang: Lang = FR) -> dict[str, Any] | None:
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
                "share": lang.pct(row.estimate)
                if row is not None and row.estimate is not None
                else lang.t("np"),
                "ci": (
                    f"[{lang.pct(row.ci_low)}{lang.t('list_sep')}{lang.pct(row.ci_high)}]"
                    if row is not None and row.ci_low is not None and row.ci_high is not None
                    else ""
                ),
            }
        )
    items: list[dict[str, Any]] = []
    first = ty.profiles[0]
    for kind, entries in (("lever", first.levers), ("brake", first.brakes)):
        for entry in entries:
            cells = []
            for p in ty.profiles:
                match = [it for it in (p.levers + p.brakes) if it.variable == entry.variable]
                it = match[0] if match else None
                cells.append(
                    {
                        "value": lang.pct(it.share_in_profile) if it else "–",
                        "strong": bool(it and it.put_forward),
                    }
                )
            items.append(
                {
                    "order": kind,
                    "kind": lang.t(f"ty.{kind}"),
                    "label": lang.label(entry),
                    "cells": cells,
                    "overall": lang.pct(entry.share_overall),
                }
            )
    order = {"lever": 0, "brake": 1}
    items.sort(key=lambda d: order[d["order"]])
    if ty.n_clusters_source == "suggested":
        k_text = lang.t("ty.k_suggested", k=ty.n_clusters)
    elif ty.n_clusters_source == "settings":
        k_text = lang.t("ty.k_settings", k=ty.n_clusters, suggested=ty.n_clusters_suggested)
    else:
        k_text = lang.t("ty.k_model", k=ty.n_clusters, source=ty.model_source or "")
    ventilated = sorted(ty.ventilated)
    ventil_text = ""
    if ty.level_ventil is not None:
        ventil_text = lang.t(
            "ty.ventil",
            share=lang.num(100 * ty.level_ventil),
            questions=len(ventilated),
            missing=lang.num(ty.n_missing_answers),
        )
    stability_text = ""
    if ty.stability is not None:
        st = ty.stability
        stability_text = lang.t(
            "ty.stability",
            n=st.n_boot,
            ari=lang.num(st.ari, 2),
            ari_min=lang.num(st.ari_min, 2),
            low=lang.num(min(r.jaccard for r in st.profiles), 2),
            high=lang.num(max(r.jaccard for r in st.profiles), 2),
        )
    if ty.stability is None and ty.stability_at_fit is not None:
        st = ty.stability_at_fit
        stability_text = lang.t(
            "ty.stability_at_fit",
            n=st.n_boot,
            ari=lang.num(st.ari, 2),
            low=lang.num(min(r.jaccard for r in st.profiles), 2),
            high=lang.num(max(r.jaccard for r in st.profiles), 2),
        )
    assignment_text = ""
    if ty.assignment is not None:
        a = ty.assignment
        head = (
            lang.t("ty.assign_frozen")
            if ty.mode == "frozen"
            else lang.t("ty.assign_fitted")
            + (
                lang.t("ty.assign_agreement", share=lang.pct(a.agreement_with_fit, 1))
                if a.agreement_with_fit is not None
                else lang.t("ty.assign_colon")
            )
        )
        assignment_text = lang.t(
            "ty.assignment",
            head=head,
            m=lang.num(a.mean_membership, 2),
            clear=lang.pct(a.share_clear),
            ambiguous=lang.pct(a.share_ambiguous),
        )
    names_text = (
        lang.t("ty.names_team", file=f" ({ty.names_file})" if ty.names_file else "")
        if any(p.name_source == "team" for p in ty.profiles)
        else lang.t("ty.names_suggested")
    )
    return {
        "profiles": profiles,
        "lever_rows": items,
        "k_text": k_text,
        "ventil_text": ventil_text,
        "stability_text": stability_text,
        "assignment_text": assignment_text,
        "names_text": names_text,
    }


def trait_label(results: WaveResults, trait: Any, lang: Lang = FR) -> str:
    """A characteristic answer of a profile in ``lang``: "<item> : <answer>" (French),
    "<item>: <answer>" (English), the results' own label, else from the catalogue of
    indicators (results written before schema 1.1 keep the French label only)."""
    if lang.fr:
        return str(trait.label_fr)
    if getattr(trait, "label_en", None):
        return str(trait.label_en)
    info = next((i for i in results.indicators if i.variable == trait.variable), None)
    if info is None:
        return str(trait.label_fr)
    if trait.level is None:
        return str(lang.label(info))
    level = next((lv for lv in info.levels if lv.code == trait.level), None)
    if level is None:
        return str(trait.label_fr)
    return lang.t("tab.level", label=lang.label(info), level=lang.label(level))


def margin_of_error_label(results: WaveResults, moe: Any, lang: Lang = FR) -> str:
    """The base of a margin of error in ``lang`` (all mayors, or communes of a size band)."""
    if lang.fr:
        return str(moe.base_label_fr)
    if moe.base_label_fr == "Ensemble des maires":
        return lang.t("moe.all")
    for rr in results.technical.response_rates:
        if rr.by == "taille" and moe.base_label_fr == f"Communes de {rr.label_fr}":
            label = next(
                (
                    g.label_en
                    for d in results.domains
                    if d.by == "taille"
                    for g in d.groups
                    if g.code == rr.group
                ),
                None,
            )
            if label:
                return lang.t("moe.communes", band=label)
    return str(moe.base_label_fr)


def _common_context(results: WaveResults, build_date: str, lang: Lang) -> dict[str, Any]:
    """What both templates share: the results, the words and the number formats of ``lang``."""
    return {
        "r": results,
        "m": results.metadata,
        "s": results.metadata.settings,
        "t": results.technical,
        "w": results.weighting,
        "lang": lang.code,
        "tr": lang.m,
        "txt": lang.t,
        "label": lang.label,
        "build_date": build_date,
        "build_date_text": lang.date(build_date),
        "simulated": results.metadata.simulated,
        "pct": lang.pct,
        "num": lang.num,
        "pts": lang.pts,
        "date": lang.date,
    }


def report_context(results: WaveResults, build_date: str, lang: str | Lang = FR) -> dict[str, Any]:
    """Everything the report template shows, computed from the results only."""
    lang = lang_of(lang)
    ids = _Counter("fig")
    lessons = [
        {"lesson": lesson, "figure": _lesson_figure(results, lesson, ids, lang)}
        for lesson in results.lessons
    ]
    themes = [_theme_block(results, theme, ids, lang) for theme in results.themes]
    derived = [i for v in DERIVED_ORDER for i in results.indicators if i.variable == v]
    maps = []
    for variable in ("innov_agree", "coco_ancree_agree", "role_mairie_iaa"):
        if any(i.variable == variable for i in results.indicators):
            title = lang.label(results.indicator(variable))
            fig = map_figure(results, variable, title, ids, lang)
            if fig:
                maps.append(fig)
    region_tables = (
        groups_tables(results, derived, "region", lang.t("key.by_region"), lang)
        if derived and any(d.by == "region" for d in results.domains)
        else []
    )
    size_table = (
        by_table(results, derived, "taille", lang.t("key.by_size"), lang)
        if derived and any(d.by == "taille" for d in results.domains)
        else None
    )
    profile_tables = [
        tb
        for d in results.domains
        if d.by not in (NATIONAL, "region", "taille") and derived
        for tb in groups_tables(
            results, derived, d.by, lang.t("key.by", domain=lang.label(d).lower()), lang
        )
    ]
    significant = [t for t in results.group_tests if t.significant and t.level is None]
    comparison = None
    if results.comparison is not None:
        comparison = [
            {
                "label": lang.label(results.indicator(c.variable))
                if any(i.variable == c.variable for i in results.indicators)
                else c.variable,
                "from": lang.pct(c.estimate_from) if c.estimate_from is not None else lang.t("np"),
                "to": lang.pct(c.estimate_to) if c.estimate_to is not None else lang.t("np"),
                "diff": lang.pts(c.difference) if c.difference is not None else "–",
                "ci": (
                    f"[{lang.pts(c.ci_low)}{lang.t('list_sep')}{lang.pts(c.ci_high)}]"
                    if c.ci_low is not None and c.ci_high is not None
                    else ""
                ),
                "p": lang.num(c.q_value if c.q_value is not None else (c.p_value or 1.0), 3),
                "significant": c.significant,
            }
            for c in results.comparison.changes
            if c.by == NATIONAL and c.level is None
        ]
    return {
        **_common_context(results, build_date, lang),
        "lessons": lessons,
        "themes": themes,
        "maps": maps,
        "region_tables": region_tables,
        "size_table": size_table,
        "profile_tables": profile_tables,
        "typology": typology_context(results, lang),
        "significant": significant,
        "comparison": comparison,
        "flagged": results.flagged_claims(),
        "label_of": lambda v: (
            lang.label(results.indicator(v))
            if any(i.variable == v for i in results.indicators)
            else v
        ),
        "domain_label": lambda by: lang.label(results.domain(by)),
        "trait_label": lambda trait: trait_label(results, trait, lang),
        "moe_label": lambda moe: margin_of_error_label(results, moe, lang),
        "group_label": lambda by, code: next(
            (
                lang.label(g)
                for d in results.domains
                if d.by == by
                for g in d.groups
                if g.code == code
            ),
            None,
        ),
    }


def render_report_html(results: WaveResults, build_date: str, lang: str | Lang = FR) -> str:
    """The full report as one self-contained HTML page, in French (default) or English."""
    context = report_context(results, build_date, lang)
    return _env().get_template("report.html.j2").render(**context)


def summary_context(results: WaveResults, build_date: str, lang: str | Lang = FR) -> dict[str, Any]:
    """The two-page "en quelques mots" summary: the lessons, key figures and two charts."""
    lang = lang_of(lang)
    ids = _Counter("sum")
    index = {r.id: r for r in results.estimates}
    key_figures = []
    for variable, key in (
        ("innov_agree", "sum.kf_innov"),
        ("coco_ancree_agree", "sum.kf_coco"),
        ("role_mairie_iaa", "sum.kf_role"),
    ):
        row = index.get(row_id(variable, NATIONAL, "ensemble"))
        if row is not None and row.estimate is not None:
            key_figures.append({"value": lang.pct(row.estimate), "text": lang.t(key), "n": row.n})
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
        figure = bar_figure(results, part, lang.t("sum.fig_domains"), ids, lang=lang)
    region_map = None
    if any(i.variable == "innov_agree" for i in results.indicators):
        region_map = map_figure(results, "innov_agree", lang.t("sum.fig_map"), ids, lang)
    profiles = [
        index[p.share_row]
        for p in results.typology.profiles
        if p.share_row is not None and p.share_row in index
    ]
    profile_figure = (
        bar_figure(results, profiles, lang.t("sum.fig_profiles"), ids, label_by="level", lang=lang)
        if profiles
        else None
    )
    return {
        **_common_context(results, build_date, lang),
        "lessons": results.lessons,
        "key_figures": key_figures,
        "figure": figure,
        "region_map": region_map,
        "profile_figure": profile_figure,
    }


def render_summary_html(results: WaveResults, build_date: str, lang: str | Lang = FR) -> str:
    """The two-page summary as one self-contained HTML page, in French (default) or English."""
    context = summary_context(results, build_date, lang)
    return _env().get_template("summary.html.j2").render(**context)
