"""The Excel workbook of a wave: one sheet per question, a metadata sheet, the lessons.

Each question sheet holds the "tris à plat" (national rows) and the "tris croisés" (by region,
size band, mayor's sex and age band, first term, profile) of its indicators as one long table:
estimate, 95 % interval, unweighted base, design effect and publication status. Suppressed rows
keep their base and status but no figure. Every text cell is written with ``write_string`` and
the workbook is opened with ``strings_to_formulas=False`` and ``strings_to_urls=False``, so no
answer text can become a formula or a link. The workbook's creation date is the build date, so
the same results give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import xlsxwriter

from phare.study.results import Flag, WaveResults

_STATUS = {
    Flag.OK: "publié",
    Flag.LOW_BASE: "faible effectif",
    Flag.SUPPRESSED: "non publié (effectif insuffisant)",
}
_HEADER = [
    "Variable",
    "Indicateur",
    "Modalité",
    "Découpage",
    "Groupe",
    "Estimation",
    "IC 95 % bas",
    "IC 95 % haut",
    "Erreur-type",
    "Base (n non pondéré)",
    "Effet de plan",
    "Statut",
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


def write_workbook(results: WaveResults, target: Path, build_date: str) -> Path:
    """Write the workbook of ``results`` to ``target`` (``build_date``: ISO date)."""
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
            "title": f"{results.metadata.title_fr} — vague {results.metadata.wave}",
            "subject": "Tableaux de résultats"
            + (" (données simulées)" if results.metadata.simulated else ""),
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
    meta = workbook.add_worksheet(_sheet_name("", "Métadonnées", used))
    m = results.metadata
    t = results.technical
    w = results.weighting
    s = m.settings
    lines: list[tuple[str, Any]] = [
        ("Étude", m.title_fr),
        ("Vague", m.wave),
        ("Données", "SIMULÉES — aucun maire n'a répondu" if m.simulated else "réelles"),
        ("Source", m.source_fr),
        ("Version de phare", m.phare_version),
        ("Version du schéma de résultats", m.schema_version),
        ("Graine", "" if m.seed is None else str(m.seed)),
        ("Date d'édition", build_date),
        ("Population", t.population_fr),
        ("Taille de la population", t.population_size),
        ("Base de sondage", t.frame_source_fr),
        ("Date de la base de sondage", t.frame_date or ""),
        ("Plan de sondage", t.sample_design_fr),
        ("Maires interrogés", "" if t.sampled is None else t.sampled),
        ("Répondants", t.respondents),
        ("Terrain", f"{t.fieldwork_start or ''} – {t.fieldwork_end or ''}"),
        ("Calage", f"{w.method}, bornes {w.bounds}" if w.bounds else w.method),
        ("Marges de calage", ", ".join(mg.label_fr for mg in w.margins)),
        (
            "Croisement région × taille",
            "oui" if w.crossing_used else f"non : {w.fallback_reason_fr or ''}",
        ),
        ("Effet de plan de pondération (Kish)", w.final.kish_deff),
        ("Estimation", t.estimation_fr),
        ("Tests", t.tests_fr),
        ("Seuil « faible effectif »", s.min_base_flag),
        ("Seuil de non-publication", s.min_base_suppress),
        ("Niveau des intervalles", s.confidence_level),
        ("Seuil des tests (après Benjamini–Hochberg)", s.alpha),
    ]
    meta.set_column(0, 0, 40)
    meta.set_column(1, 1, 100)
    meta.write_string(0, 0, "Métadonnées / metadata", bold)
    for i, (key, value) in enumerate(lines, start=2):
        meta.write_string(i, 0, key, bold)
        if isinstance(value, int | float) and not isinstance(value, bool):
            meta.write_number(i, 1, float(value))
        else:
            meta.write_string(i, 1, str(value), red if key == "Données" and m.simulated else wrap)
    row = len(lines) + 4
    meta.write_string(row, 0, "Notes", bold)
    for note in [*results.notes]:
        row += 1
        meta.write_string(row, 0, note.code)
        meta.write_string(row, 1, note.message_fr, wrap)

    # lessons -----------------------------------------------------------------------------------
    lessons = workbook.add_worksheet(_sheet_name("", "Enseignements", used))
    lessons.set_column(0, 0, 6)
    lessons.set_column(1, 1, 50)
    lessons.set_column(2, 2, 110)
    lessons.write_string(0, 0, "N°", head)
    lessons.write_string(0, 1, "Enseignement", head)
    lessons.write_string(0, 2, "Texte", head)
    for i, lesson in enumerate(results.lessons, start=1):
        lessons.write_number(i, 0, lesson.number)
        lessons.write_string(i, 1, lesson.title_fr, wrap)
        lessons.write_string(i, 2, lesson.text_fr, wrap)
    r0 = len(results.lessons) + 3
    lessons.write_string(r0, 1, "Affirmations reformulées ou retirées", bold)
    for k, c in enumerate(results.flagged_claims(), start=1):
        lessons.write_string(r0 + k, 0, c.status.value)
        lessons.write_string(r0 + k, 1, c.claim.id)
        lessons.write_string(r0 + k, 2, " ; ".join(c.reasons_fr), wrap)

    # tests ------------------------------------------------------------------------------------
    tests = workbook.add_worksheet(_sheet_name("", "Tests", used))
    header = [
        "Variable",
        "Découpage",
        "Test",
        "Statistique",
        "ddl num.",
        "ddl dén.",
        "p",
        "q (BH)",
        "Significatif",
        "n",
        "Note",
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
        tests.write_string(line, 8, "oui" if g.significant else "non")
        tests.write_number(line, 9, g.n)
        tests.write_string(line, 10, g.note)
        line += 1
    line += 1
    pair_header = [
        "Ligne A",
        "Ligne B",
        "Test",
        "Différence",
        "Erreur-type",
        "IC bas",
        "IC haut",
        "p",
        "q (BH)",
        "Significatif",
    ]
    for j, h in enumerate(pair_header):
        tests.write_string(line, j, h, head)
    for pt in results.pair_tests:
        line += 1
        tests.write_string(line, 0, pt.row_a)
        tests.write_string(line, 1, pt.row_b)
        tests.write_string(line, 2, pt.test)
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
        tests.write_string(line, 9, "oui" if pt.significant else "non")

    # profiles ---------------------------------------------------------------------------------
    ty = results.typology
    if ty.available and ty.profiles:
        prof = workbook.add_worksheet(_sheet_name("", "Profils", used))
        how = {
            "suggested": "suggéré par les gains d'inertie",
            "settings": "fixé par l'équipe d'étude",
            "model": "celui du modèle figé",
        }.get(ty.n_clusters_source or "", "")
        prof.write_string(
            0,
            0,
            f"Typologie des maires — {ty.n_clusters} profils ({how})"
            + (f" ; modèle figé : {ty.model_source}" if ty.mode == "frozen" else "")
            + (
                f" ; stabilité bootstrap ({ty.stability.n_boot} tirages) : ARI "
                f"{ty.stability.ari:.3f}"
                if ty.stability
                else ""
            ),
            bold,
        )
        estimates = {r.id: r for r in results.estimates}
        header = [
            "Profil",
            "Nom",
            "Nom (en)",
            "Origine du nom",
            "Part des maires",
            "IC bas",
            "IC haut",
            "Répondants",
            "Jaccard (bootstrap)",
            "Appartenance moyenne",
            "Leviers mis en avant",
            "Freins ressentis",
            "Description",
        ]
        for j, h in enumerate(header):
            prof.write_string(2, j, h, head)
        prof.set_column(0, 0, 30)
        prof.set_column(1, 2, 36)
        prof.set_column(10, 11, 40)
        prof.set_column(12, 12, 100)
        origin = {"suggested": "suggéré", "team": "équipe d'étude", "model": "modèle figé"}
        for i, p in enumerate(ty.profiles, start=3):
            est = estimates.get(p.share_row) if p.share_row else None
            prof.write_string(i, 0, p.code)
            prof.write_string(i, 1, p.name_fr, wrap)
            prof.write_string(i, 2, p.name_en, wrap)
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
            prof.write_string(i, 10, ", ".join(p.levers_fr), wrap)
            prof.write_string(i, 11, ", ".join(p.brakes_fr), wrap)
            prof.write_string(i, 12, p.description_fr, wrap)
        line = len(ty.profiles) + 5
        prof.write_string(line, 0, "Part des maires d'accord avec chaque levier et frein", bold)
        line += 1
        prof.write_string(line, 0, "Item", head)
        for j, p in enumerate(ty.profiles, start=1):
            prof.write_string(line, j, p.code, head)
        prof.write_string(line, len(ty.profiles) + 1, "Ensemble", head)
        for item in ty.profiles[0].levers + ty.profiles[0].brakes:
            line += 1
            prof.write_string(line, 0, item.label_fr)
            for j, p in enumerate(ty.profiles, start=1):
                match = [it for it in p.levers + p.brakes if it.variable == item.variable]
                if match:
                    prof.write_number(line, j, match[0].share_in_profile, pct)
            prof.write_number(line, len(ty.profiles) + 1, item.share_overall, pct)

    # one sheet per question ----------------------------------------------------------------------
    domains = {d.by: d for d in results.domains}
    group_labels = {(d.by, g.code): g.label_fr for d in results.domains for g in d.groups}
    by_question: dict[str, list[Any]] = {}
    for info in results.indicators:
        by_question.setdefault(info.question or "Autres", []).append(info)
    rows_by_var: dict[str, list[Any]] = {}
    for r in results.estimates:
        rows_by_var.setdefault(r.variable, []).append(r)
    themes = {th.code: th.label_fr for th in results.themes}
    for question, infos in by_question.items():
        title = themes.get(infos[0].theme, "")
        if len({i.theme for i in infos}) > 1:
            texts = {q.question: q.text_fr for q in results.annex.questionnaire}
            title = texts.get(question, title)
        sheet = workbook.add_worksheet(_sheet_name(question, title, used))
        sheet.write_string(0, 0, f"{question} — {title}", bold)
        sheet.write_string(
            1,
            0,
            f"Source : {m.source_fr}. Base : maires ayant répondu à la question. "
            f"Estimations pondérées ; statut « faible effectif » si n < {s.min_base_flag}, "
            f"non publié si n < {s.min_base_suppress}.",
        )
        for j, h in enumerate(_HEADER):
            sheet.write_string(3, j, h, head)
        sheet.freeze_panes(4, 0)
        widths = [22, 48, 26, 20, 32, 11, 11, 11, 11, 11, 11, 22]
        for j, width in enumerate(widths):
            sheet.set_column(j, j, width)
        line = 4
        for info in infos:
            levels = {lv.code: lv.label_fr for lv in info.levels}
            for r in rows_by_var.get(info.variable, []):
                sheet.write_string(line, 0, info.variable)
                sheet.write_string(line, 1, info.label_fr)
                sheet.write_string(line, 2, levels.get(r.level or "", "") if r.level else "")
                sheet.write_string(line, 3, domains[r.by].label_fr if r.by in domains else r.by)
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
                sheet.write_string(line, 11, _STATUS[r.flag])
                line += 1
        if line > 4:
            sheet.autofilter(3, 0, line - 1, len(_HEADER) - 1)
    workbook.close()
    return target
