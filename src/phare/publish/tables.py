"""Tables of the report, as plain data (cells with text and a CSS class), from the results.

The same cells feed the HTML/PDF report; the workbook (:mod:`phare.publish.xlsx`) writes the
numbers themselves. Values are read from the results, never recomputed: a cell shows the rounded
share ("87 %"), an asterisk for a small base ("faible effectif") and "n.p." (non publié) when
the row is suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from phare.study.results import (
    NATIONAL,
    EstimateRow,
    Flag,
    IndicatorInfo,
    WaveResults,
    number_fr,
    percent_fr,
    row_id,
)


@dataclass(frozen=True)
class Cell:
    text: str
    css: str = ""


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)


def cell(row: EstimateRow | None) -> Cell:
    """The published text of one estimate row."""
    if row is None:
        return Cell("–", "np")
    if row.flag == Flag.SUPPRESSED or row.estimate is None:
        return Cell("n.p.", "np")
    text = percent_fr(row.estimate)
    if row.flag == Flag.LOW_BASE:
        return Cell(text + "*", "low")
    return Cell(text)


def series(info: IndicatorInfo) -> list[tuple[str, str | None]]:
    """(label, level) of the lines of an indicator: one line, or one per code."""
    if info.kind == "categorical":
        return [(f"{info.label_fr} : {lv.label_fr}", lv.code) for lv in info.levels]
    return [(info.item_fr or info.label_fr, None)]


def _test_cell(results: WaveResults, variable: str, by: str, level: str | None) -> Cell:
    test = results.group_test(variable, by, level)
    if test is None or test.p_value is None:
        return Cell("–", "np")
    q = test.q_value if test.q_value is not None else test.p_value
    q_text = "q < 0,001" if q < 0.001 else f"q = {number_fr(q, 3)}"
    if test.significant:
        return Cell(f"oui ({q_text})")
    return Cell(f"non ({q_text})", "np")


def by_table(
    results: WaveResults,
    indicators: Sequence[IndicatorInfo],
    by: str,
    caption: str,
) -> Table:
    """Indicators in lines, the groups of ``by`` in columns, then "Ensemble" and the test."""
    domain = results.domain(by)
    index = {r.id: r for r in results.estimates}
    header = ["Indicateur"] + [g.label_fr for g in domain.groups] + ["Ensemble", "Écart signif."]
    lines: list[list[Cell]] = []
    bases: list[Cell] = [Cell("Base (n, non pondéré)")]
    for g in domain.groups:
        ns = [
            index[i].n
            for info in indicators
            for _, level in series(info)
            if (i := row_id(info.variable, by, g.code, level)) in index
        ]
        bases.append(Cell(_n_range(ns), "np"))
    national_ns = [
        index[i].n
        for info in indicators
        for _, level in series(info)
        if (i := row_id(info.variable, NATIONAL, "ensemble", level)) in index
    ]
    bases += [Cell(_n_range(national_ns), "np"), Cell("")]
    for info in indicators:
        for label, level in series(info):
            line = [Cell(label)]
            for g in domain.groups:
                line.append(cell(index.get(row_id(info.variable, by, g.code, level))))
            line.append(cell(index.get(row_id(info.variable, NATIONAL, "ensemble", level))))
            line.append(_test_cell(results, info.variable, by, level))
            lines.append(line)
    lines.append(bases)
    return Table(caption=caption, header=header, rows=lines, notes=_notes(results))


def groups_table(
    results: WaveResults,
    indicators: Sequence[IndicatorInfo],
    by: str,
    caption: str,
) -> Table:
    """The groups of ``by`` in lines (e.g. regions), the indicators in columns, then the base."""
    domain = results.domain(by)
    index = {r.id: r for r in results.estimates}
    cols = [(info, label, level) for info in indicators for label, level in series(info)]
    header = [domain.label_fr] + [_short(info, label) for info, label, _ in cols] + ["n"]
    lines: list[list[Cell]] = []
    for g in domain.groups:
        line = [Cell(g.label_fr)]
        ns = []
        for info, _, level in cols:
            row = index.get(row_id(info.variable, by, g.code, level))
            line.append(cell(row))
            if row is not None:
                ns.append(row.n)
        line.append(Cell(_n_range(ns), "np"))
        lines.append(line)
    national = [Cell("Ensemble")]
    ns = []
    for info, _, level in cols:
        row = index.get(row_id(info.variable, NATIONAL, "ensemble", level))
        national.append(cell(row))
        if row is not None:
            ns.append(row.n)
    national.append(Cell(_n_range(ns), "np"))
    lines.append(national)
    tests = [Cell("Écart significatif")] + [
        _test_cell(results, info.variable, by, level) for info, _, level in cols
    ]
    lines.append(tests + [Cell("")])
    return Table(caption=caption, header=header, rows=lines, notes=_notes(results))


def _short(info: IndicatorInfo, label: str) -> str:
    if info.kind == "categorical":
        return label
    return info.item_fr or info.label_fr


def _n_range(ns: Sequence[int]) -> str:
    if not ns:
        return "–"
    low, high = min(ns), max(ns)
    return number_fr(low) if low == high else f"{number_fr(low)}–{number_fr(high)}"


def _notes(results: WaveResults) -> list[str]:
    s = results.metadata.settings
    return [
        f"* faible effectif (base inférieure à {s.min_base_flag}) ; n.p. : non publié (base "
        f"inférieure à {s.min_base_suppress}).",
        "Écart signif. : test de Rao–Scott d'indépendance entre l'indicateur et les groupes, "
        f"p-values ajustées par Benjamini–Hochberg (q) sur le tableau, seuil {number_fr(100 * s.alpha)} %.",
    ]
