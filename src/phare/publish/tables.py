"""Tables of the report, as plain data (cells with text and a CSS class), from the results.

The same cells feed the HTML/PDF report; the workbook (:mod:`phare.publish.xlsx`) writes the
numbers themselves. Values are read from the results, never recomputed: a cell shows the rounded
share ("87 %"), an asterisk for a small base ("faible effectif") and "n.p." (non publié) when
the row is suppressed. The words come from :mod:`phare.publish.i18n` (``lang``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from phare.publish.i18n import FR, Lang
from phare.study.results import (
    NATIONAL,
    DomainInfo,
    EstimateRow,
    Flag,
    IndicatorInfo,
    WaveResults,
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


def cell(row: EstimateRow | None, lang: Lang = FR) -> Cell:
    """The published text of one estimate row."""
    if row is None:
        return Cell("–", "np")
    if row.flag == Flag.SUPPRESSED or row.estimate is None:
        return Cell(lang.t("np"), "np")
    text = lang.pct(row.estimate)
    if row.flag == Flag.LOW_BASE:
        return Cell(text + "*", "low")
    return Cell(text)


def series(info: IndicatorInfo, lang: Lang = FR) -> list[tuple[str, str | None]]:
    """(label, level) of the lines of an indicator: one line, or one per code."""
    if info.kind == "categorical":
        return [
            (lang.t("tab.level", label=lang.label(info), level=lang.label(lv)), lv.code)
            for lv in info.levels
        ]
    return [(lang.label(info, "item") or lang.label(info), None)]


def _test_cell(
    results: WaveResults, variable: str, by: str, level: str | None, lang: Lang = FR
) -> Cell:
    test = results.group_test(variable, by, level)
    if test is None or test.p_value is None:
        return Cell("–", "np")
    q = test.q_value if test.q_value is not None else test.p_value
    q_text = lang.t("tab.q_small") if q < 0.001 else lang.t("tab.q", q=lang.num(q, 3))
    if test.significant:
        return Cell(lang.t("tab.yes_q", q=q_text))
    return Cell(lang.t("tab.no_q", q=q_text), "np")


def by_table(
    results: WaveResults,
    indicators: Sequence[IndicatorInfo],
    by: str,
    caption: str,
    lang: Lang = FR,
) -> Table:
    """Indicators in lines, the groups of ``by`` in columns, then "Ensemble" and the test."""
    domain = results.domain(by)
    index = {r.id: r for r in results.estimates}
    header = (
        [lang.t("tab.indicator")]
        + [lang.label(g) for g in domain.groups]
        + [lang.t("tab.all"), lang.t("tab.signif_short")]
    )
    lines: list[list[Cell]] = []
    bases: list[Cell] = [Cell(lang.t("tab.base"))]
    for g in domain.groups:
        ns = [
            index[i].n
            for info in indicators
            for _, level in series(info)
            if (i := row_id(info.variable, by, g.code, level)) in index
        ]
        bases.append(Cell(_n_range(ns, lang), "np"))
    national_ns = [
        index[i].n
        for info in indicators
        for _, level in series(info)
        if (i := row_id(info.variable, NATIONAL, "ensemble", level)) in index
    ]
    bases += [Cell(_n_range(national_ns, lang), "np"), Cell("")]
    for info in indicators:
        for label, level in series(info, lang):
            line = [Cell(label)]
            for g in domain.groups:
                line.append(cell(index.get(row_id(info.variable, by, g.code, level)), lang))
            line.append(cell(index.get(row_id(info.variable, NATIONAL, "ensemble", level)), lang))
            line.append(_test_cell(results, info.variable, by, level, lang))
            lines.append(line)
    lines.append(bases)
    return Table(caption=caption, header=header, rows=lines, notes=_notes(results, lang))


MAX_GROUP_COLUMNS = 6
"""Most indicator columns in one table with the groups in lines (an A4 page's width at 8 pt)."""


def groups_table(
    results: WaveResults,
    indicators: Sequence[IndicatorInfo],
    by: str,
    caption: str,
    lang: Lang = FR,
) -> Table:
    """The groups of ``by`` in lines (e.g. regions), the indicators in columns, then the base.

    One table with every column, however many: :func:`groups_tables` splits it to fit a page.
    """
    domain = results.domain(by)
    cols = [(info, label, level) for info in indicators for label, level in series(info, lang)]
    return _groups_table(results, cols, domain, caption, lang)


def groups_tables(
    results: WaveResults,
    indicators: Sequence[IndicatorInfo],
    by: str,
    caption: str,
    lang: Lang = FR,
    max_columns: int = MAX_GROUP_COLUMNS,
) -> list[Table]:
    """:func:`groups_table` split into tables of at most ``max_columns`` indicator columns.

    Each part repeats the groups' column and has its own base column; the parts after the first
    have the caption followed by "(suite)" / "(continued)".
    """
    if max_columns < 1:
        raise ValueError(f"max_columns must be at least 1, got {max_columns}")
    domain = results.domain(by)
    cols = [(info, label, level) for info in indicators for label, level in series(info, lang)]
    parts = [cols[i : i + max_columns] for i in range(0, len(cols), max_columns)] or [[]]
    return [
        _groups_table(
            results,
            part,
            domain,
            caption if k == 0 else lang.t("tab.continued", caption=caption),
            lang,
        )
        for k, part in enumerate(parts)
    ]


def _groups_table(
    results: WaveResults,
    cols: Sequence[tuple[IndicatorInfo, str, str | None]],
    domain: DomainInfo,
    caption: str,
    lang: Lang = FR,
) -> Table:
    by = domain.by
    index = {r.id: r for r in results.estimates}
    header = [lang.label(domain)] + [_short(info, label, lang) for info, label, _ in cols] + ["n"]
    lines: list[list[Cell]] = []
    for g in domain.groups:
        line = [Cell(lang.label(g))]
        ns = []
        for info, _, level in cols:
            row = index.get(row_id(info.variable, by, g.code, level))
            line.append(cell(row, lang))
            if row is not None:
                ns.append(row.n)
        line.append(Cell(_n_range(ns, lang), "np"))
        lines.append(line)
    national = [Cell(lang.t("tab.all"))]
    ns = []
    for info, _, level in cols:
        row = index.get(row_id(info.variable, NATIONAL, "ensemble", level))
        national.append(cell(row, lang))
        if row is not None:
            ns.append(row.n)
    national.append(Cell(_n_range(ns, lang), "np"))
    lines.append(national)
    tests = [Cell(lang.t("tab.signif"))] + [
        _test_cell(results, info.variable, by, level, lang) for info, _, level in cols
    ]
    lines.append(tests + [Cell("")])
    return Table(caption=caption, header=header, rows=lines, notes=_notes(results, lang))


def _short(info: IndicatorInfo, label: str, lang: Lang = FR) -> str:
    if info.kind == "categorical":
        return label
    return str(lang.label(info, "item") or lang.label(info))


def _n_range(ns: Sequence[int], lang: Lang = FR) -> str:
    if not ns:
        return "–"
    low, high = min(ns), max(ns)
    return lang.num(low) if low == high else f"{lang.num(low)}–{lang.num(high)}"


def _notes(results: WaveResults, lang: Lang = FR) -> list[str]:
    s = results.metadata.settings
    return [
        lang.t("tab.note_bases", flag=s.min_base_flag, suppress=s.min_base_suppress),
        lang.t("tab.note_test", alpha=lang.num(100 * s.alpha)),
    ]
