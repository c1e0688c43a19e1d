"""The Excel workbook of a wave: one sheet per question, a metadata sheet, the lessons.

Each question sheet holds the "tris à plat" (national rows) and the "tris croisés" (by region,
size band, mayor's sex and age band, first term, profile) of its indicators as one long table:
estimate, 95 % interval, unweighted base, design effect and publication status. Suppressed rows
keep their base and status but no figure. Every text cell is written with ``write_string`` and
the workbook is opened with ``strings_to_formulas=False`` and ``strings_to_urls=False``, so no
answer text can become a formula or a link. The workbook's creation date is the build date, so
the same results give the same bytes. The workbook exists in French and in English (``lang``):
sheet names, headers, metadata and labels come from :mod:`phare.publish.i18n` and the results'
``*_fr``/``*_en`` fields.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import xlsxwriter

from phare.publish.i18n import FR, Lang, lang_of
from phare.study.results import Flag, WaveResults

_STATUS = {
    Flag.OK: "xl.status_ok",
    Flag.LOW_BASE: "xl.status_low",
    Flag.SUPPRESSED: "xl.status_np",
}
_HEADER = [
    "xl.variable",
    "xl.indicator",
    "xl.level",
    "xl.by",
    "xl.group",
    "xl.estimate",
    "xl.ci_low95",
    "xl.ci_high95",
    "xl.se",
    "xl.base",
    "xl.deff",
    "xl.status",
]


def _sheet_name(question: str, title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", f"{question} {title}").strip()[:31] or "Feuille"
    name = base
    k = 2
    while name.lower() in used:
        suffix = f" ({k})"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(name.lower())
    return name


def write_workbook(
    results: WaveResults, target: Path, build_date: str, lang: str | Lang = FR
) -> Path:
    """Write the workbook of ``results`` to ``target`` (``build_date``: ISO date).

    ``lang`` (``"fr"``, default, or ``"en"``) chooses the words and labels of the workbook.
    """
    L = lang_of(lang)
    created = dt.datetime.fromisoformat(build_date[:10])
    workbook = xlsxwriter.Workbook(
        str(target),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": False,
        },
    )
    workbook.set_properties(
        {
            "title": L.t(
                "xl.title", title=L.label(results.metadata, "title"), wave=results.metadata.wave
            ),
            "subject": L.t("xl.subject")
            + (L.t("doc.simulated_suffix") if results.metadata.simulated else ""),
            "author": "phare",
            "company": "",
            "comments": f"phare {results.metadata.phare_version}; schema {results.metadata.schema_version}",
            "created": created,
        }
    )
    bold = workbook.add_format({"bold": True})
    head = workbook.add_format(
        {"bold": True, "bg_color": "#E8EEF5", "text_wrap": True, "valign": "top"}
    )
    pct = workbook.add_format({"num_format": "0.0%"})
    num = workbook.add_format({"num_format": "0.000"})
    red = workbook.add_format({"bold": True, "font_color": "#B00020"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    used: set[str] = set()

    # metadata --------------------------------------------------------------------------------
    meta = workbook.add_worksheet(_sheet_name("", L.t("xl.sheet_meta"), used))
    m = results.metadata
    t = results.technical
    w = results.weighting
    s = m.settings
    lines: list[tuple[str, Any]] = [
        ("xl.study", L.label(m, "title")),
        ("xl.wave", m.wave),
        ("xl.data", L.t("xl.data_sim") if m.simulated else L.t("xl.data_real")),
        ("xl.source", L.label(m, "source")),
        ("xl.version", m.phare_version),
        ("xl.schema", m.schema_version),
        ("xl.seed", "" if m.seed is None else str(m.seed)),
        ("xl.date", build_date),
        ("xl.population", L.label(t, "population")),
        ("xl.population_size", t.population_size),
        ("xl.frame", L.label(t, "frame_source")),
        ("xl.frame_date", t.frame_date or ""),
        ("xl.design", L.label(t, "sample_design")),
        ("xl.sampled", "" if t.sampled is None else t.sampled),
        ("xl.respondents", t.respondents),
        ("xl.fieldwork", f"{t.fieldwork_start or ''} – {t.fieldwork_end or ''}"),
        (
            "xl.calibration",
            L.t("xl.bounds", method=w.method, bounds=w.bounds) if w.bounds else w.method,
        ),
        ("xl.margins", ", ".join(L.label(mg) for mg in w.margins)),
        (
            "xl.crossing",
            L.t("yes")
            if w.crossing_used
            else L.t("xl.crossing_no", reason=L.label(w, "fallback_reason") or ""),
        ),
        ("xl.kish", w.final.kish_deff),
        ("xl.estimation", L.label(t, "estimation")),
        ("xl.tests", L.label(t, "tests")),
        ("xl.min_flag", s.min_base_flag),
        ("xl.min_suppress", s.min_base_suppress),
        ("xl.level_ci", s.confidence_level),
        ("xl.alpha", s.alpha),
    ]
    meta.set_column(0, 0, 40)
    meta.set_column(1, 1, 100)
    meta.write_string(0, 0, L.t("xl.meta_head"), bold)
    for i, (key, value) in enumerate(lines, start=2):
        meta.write_string(i, 0, L.t(key), bold)
        if isinstance(value, int | float) and not isinstance(value, bool):
            meta.write_number(i, 1, float(value))
        else:
            meta.write_string(i, 1, str(value), red if key == "xl.data" and m.simulated else wrap)
    row = len(lines) + 4
    meta.write_string(row, 0, L.t("xl.notes"), bold)
    for note in [*results.notes]:
        row += 1
        meta.write_string(row, 0, note.code)
        meta.write_string(row, 1, L.label(note, "message"), wrap)

    # lessons -----------------------------------------------------------------------------------
    lessons = workbook.add_worksheet(_sheet_name("", L.t("xl.sheet_lessons"), used))
    lessons.set_column(0, 0, 6)
    lessons.set_column(1, 1, 50)
    lessons.set_column(2, 2, 110)
    lessons.write_string(0, 0, L.t("xl.number"), head)
    lessons.write_string(0, 1, L.t("xl.lesson"), head)
    lessons.write_string(0, 2, L.t("xl.text"), head)
    for i, lesson in enumerate(results.lessons, start=1):
        lessons.write_number(i, 0, lesson.number)
        lessons.write_string(i, 1, L.label(lesson, "title"), wrap)
        lessons.write_string(i, 2, L.label(lesson, "text"), wrap)
    r0 = len(results.lessons) + 3
    lessons.write_string(r0, 1, L.t("xl.flagged"), bold)
    for k, c in enumerate(results.flagged_claims(), start=1):
        lessons.write_string(r0 + k, 0, c.status.value)
        lessons.write_string(r0 + k, 1, c.claim.id)
        lessons.write_string(r0 + k, 2, L.t("list_sep").join(L.label(c, "reasons")), wrap)

    # tests ------------------------------------------------------------------------------------
    tests = workbook.add_worksheet(_sheet_name("", L.t("xl.sheet_tests"), used))
    header = [
        L.t("xl.variable"),
        L.t("xl.by"),
        L.t("xl.test"),
        L.t("xl.statistic"),
        L.t("xl.df_num"),
        L.t("xl.df_den"),
        "p",
        L.t("xl.q"),
        L.t("xl.significant"),
        "n",
        L.t("xl.note"),
    ]
    for j, h in enumerate(header):
        tests.write_string(0, j, h, head)
    tests.set_column(0, 1, 24)
    tests.set_column(2, 2, 34)
    tests.set_column(10, 10, 40)
    line = 1
    for g in results.group_tests:
        tests.write_string(line, 0, g.variable if g.level is None else f"{g.variable}={g.level}")
        tests.write_string(line, 1, g.by)
        tests.write_string(line, 2, g.test)
        for j, value in (
            (3, g.statistic),
            (4, g.df_num),
            (5, g.df_den),
            (6, g.p_value),
            (7, g.q_value),
        ):
            if value is None:
                tests.write_blank(line, j, None)
            else:
                tests.write_number(line, j, value)
        tests.write_string(line, 8, L.t("yes") if g.significant else L.t("no"))
        tests.write_number(line, 9, g.n)
        tests.write_string(line, 10, g.note)
        line += 1
    line += 1
    pair_header = [
        L.t("xl.row_a"),
        L.t("xl.row_b"),
        L.t("xl.test"),
        L.t("xl.difference"),
        L.t("xl.se"),
        L.t("xl.ci_low"),
        L.t("xl.ci_high"),
        "p",
        L.t("xl.q"),
        L.t("xl.significant"),
    ]
    for j, h in enumerate(pair_header):
        tests.write_string(line, j, h, head)
    for pt in results.pair_tests:
        line += 1
        tests.write_string(line, 0, pt.row_a)
        tests.write_string(line, 1, pt.row_b)
        tests.write_string(line, 2, pt.test if L.fr else (pt.test_en or pt.test))
        for j, value in (
            (3, pt.difference),
            (4, pt.se),
            (5, pt.ci_low),
            (6, pt.ci_high),
            (7, pt.p_value),
            (8, pt.q_value),
        ):
            if value is None:
                tests.write_blank(line, j, None)
            else:
                tests.write_number(line, j, value)
        tests.write_string(line, 9, L.t("yes") if pt.significant else L.t("no"))

    # profiles ---------------------------------------------------------------------------------
    ty = results.typology
    if ty.available and ty.profiles:
        prof = workbook.add_worksheet(_sheet_name("", L.t("xl.sheet_profiles"), used))
        how = {
            "suggested": L.t("xl.k_suggested"),
            "settings": L.t("xl.k_settings"),
            "model": L.t("xl.k_model"),
        }.get(ty.n_clusters_source or "", "")
        prof.write_string(
            0,
            0,
            L.t("xl.ty_head", k=ty.n_clusters, how=how)
            + (L.t("xl.ty_frozen", source=ty.model_source) if ty.mode == "frozen" else "")
            + (
                L.t("xl.ty_stability", n=ty.stability.n_boot, ari=f"{ty.stability.ari:.3f}")
                if ty.stability
                else ""
            ),
            bold,
        )
        estimates = {r.id: r for r in results.estimates}
        header = [
            L.t(key)
            for key in (
                "xl.profile",
                "xl.name",
                "xl.name_other",
                "xl.name_source",
                "xl.share",
                "xl.ci_low",
                "xl.ci_high",
                "xl.respondents",
                "xl.jaccard",
                "xl.membership",
                "xl.levers",
                "xl.brakes",
                "xl.description",
            )
        ]
        for j, h in enumerate(header):
            prof.write_string(2, j, h, head)
        prof.set_column(0, 0, 30)
        prof.set_column(1, 2, 36)
        prof.set_column(10, 11, 40)
        prof.set_column(12, 12, 100)
        origin = {
            "suggested": L.t("xl.origin_suggested"),
            "team": L.t("xl.origin_team"),
            "model": L.t("xl.origin_model"),
        }
        for i, p in enumerate(ty.profiles, start=3):
            est = estimates.get(p.share_row) if p.share_row else None
            prof.write_string(i, 0, p.code)
            prof.write_string(i, 1, L.label(p, "name"), wrap)
            prof.write_string(i, 2, p.name_en if L.fr else p.name_fr, wrap)
            prof.write_string(i, 3, origin.get(p.name_source, p.name_source))
            for j, value, fmt in (
                (4, est.estimate if est else None, pct),
                (5, est.ci_low if est else None, pct),
                (6, est.ci_high if est else None, pct),
                (7, p.n, None),
                (8, p.jaccard, num),
                (9, p.membership, num),
            ):
                if value is None:
                    prof.write_blank(i, j, None)
                else:
                    prof.write_number(i, j, value, fmt)
            prof.write_string(i, 10, ", ".join(L.label(p, "levers")), wrap)
            prof.write_string(i, 11, ", ".join(L.label(p, "brakes")), wrap)
            prof.write_string(i, 12, L.label(p, "description"), wrap)
        line = len(ty.profiles) + 5
        prof.write_string(line, 0, L.t("xl.agreement"), bold)
        line += 1
        prof.write_string(line, 0, L.t("xl.item"), head)
        for j, p in enumerate(ty.profiles, start=1):
            prof.write_string(line, j, p.code, head)
        prof.write_string(line, len(ty.profiles) + 1, L.t("xl.all"), head)
        for item in ty.profiles[0].levers + ty.profiles[0].brakes:
            line += 1
            prof.write_string(line, 0, L.label(item))
            for j, p in enumerate(ty.profiles, start=1):
                match = [it for it in p.levers + p.brakes if it.variable == item.variable]
                if match:
                    prof.write_number(line, j, match[0].share_in_profile, pct)
            prof.write_number(line, len(ty.profiles) + 1, item.share_overall, pct)

    # one sheet per question ----------------------------------------------------------------------
    domains = {d.by: d for d in results.domains}
    group_labels = {(d.by, g.code): L.label(g) for d in results.domains for g in d.groups}
    by_question: dict[str, list[Any]] = {}
    for info in results.indicators:
        by_question.setdefault(info.question or L.t("xl.sheet_other"), []).append(info)
    rows_by_var: dict[str, list[Any]] = {}
    for r in results.estimates:
        rows_by_var.setdefault(r.variable, []).append(r)
    themes = {th.code: L.label(th) for th in results.themes}
    for question, infos in by_question.items():
        title = themes.get(infos[0].theme, "")
        if len({i.theme for i in infos}) > 1:
            texts = {q.question: L.label(q, "text") for q in results.annex.questionnaire}
            title = texts.get(question, title)
        # the profiles' breakdown has no question number: its "question" is a French word
        shown = L.t("xl.q_typology") if question == "Typologie" else question
        sheet = workbook.add_worksheet(_sheet_name(shown, title, used))
        sheet.write_string(0, 0, f"{shown} — {title}", bold)
        sheet.write_string(
            1,
            0,
            L.t(
                "xl.sheet_note",
                source=L.label(m, "source"),
                flag=s.min_base_flag,
                suppress=s.min_base_suppress,
            ),
        )
        for j, h in enumerate(_HEADER):
            sheet.write_string(3, j, L.t(h), head)
        sheet.freeze_panes(4, 0)
        widths = [22, 48, 26, 20, 32, 11, 11, 11, 11, 11, 11, 22]
        for j, width in enumerate(widths):
            sheet.set_column(j, j, width)
        line = 4
        for info in infos:
            levels = {lv.code: L.label(lv) for lv in info.levels}
            for r in rows_by_var.get(info.variable, []):
                sheet.write_string(line, 0, info.variable)
                sheet.write_string(line, 1, L.label(info))
                sheet.write_string(line, 2, levels.get(r.level or "", "") if r.level else "")
                sheet.write_string(line, 3, L.label(domains[r.by]) if r.by in domains else r.by)
                sheet.write_string(line, 4, group_labels.get((r.by, r.group), r.group))
                for j, value, fmt in (
                    (5, r.estimate, pct),
                    (6, r.ci_low, pct),
                    (7, r.ci_high, pct),
                    (8, r.se, num),
                ):
                    if value is None:
                        sheet.write_blank(line, j, None)
                    else:
                        sheet.write_number(line, j, value, fmt)
                sheet.write_number(line, 9, r.n)
                if r.deff is None:
                    sheet.write_blank(line, 10, None)
                else:
                    sheet.write_number(line, 10, r.deff, num)
                sheet.write_string(line, 11, L.t(_STATUS[r.flag]))
                line += 1
        if line > 4:
            sheet.autofilter(3, 0, line - 1, len(_HEADER) - 1)
    workbook.close()
    return target
