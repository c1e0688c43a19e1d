"""XLSForm out of the instrument, and back.

The XLSForm (sheets ``survey``, ``choices``, ``settings``) runs in ODK / KoBoToolbox and converts
with ``pyxform``. Its shape keeps the data contract: every 0/1 item is its own
``select_one coche`` row (codes 0/1), so the collected columns are the contract's variables
(``part_emploi`` ...) rather than one ``select_multiple`` string; each question is a group
named by its id (``Q1`` .. ``Q11``) whose label is the question text; the Q6 skip rule is the
group's ``relevant``; the verbatim's length is a ``constraint``; frame variables are
``calculate`` rows reading the commune file with ``pulldata('communes', ...)``.

Columns prefixed ``phare_`` (ignored by pyxform) and two extra sheets, ``phare_indicators`` and
``phare_meta``, carry what ODK does not need, so that `read_xlsform` rebuilds the same
`Instrument`. A designer may add a question as a plain group of ``select_one`` / ``text`` rows
without ``phare_`` columns: its type is inferred (a list with codes {0, 1} is binary, a
``select_one`` otherwise a code, ``text`` a verbatim; code 9 is "ne sait pas").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl

from phare.instrument.loader import InstrumentError, instrument_from_dict
from phare.instrument.model import Condition, Instrument, Label, Variable

FR = "French (fr)"
EN = "English (en)"
SURVEY_COLUMNS: tuple[str, ...] = (
    "type",
    "name",
    f"label::{FR}",
    f"label::{EN}",
    "required",
    "relevant",
    "constraint",
    f"constraint_message::{FR}",
    f"constraint_message::{EN}",
    "calculation",
    "phare_source",
    "phare_type",
    "phare_dont_know",
    "phare_max_length",
    "phare_pattern",
    "phare_grid",
)
CHOICES_COLUMNS: tuple[str, ...] = ("list_name", "name", f"label::{FR}", f"label::{EN}")
INDICATOR_COLUMNS: tuple[str, ...] = (
    "name",
    "kind",
    "grid",
    "variables",
    "codes",
    "among_variable",
    "among_codes",
    f"label::{FR}",
    f"label::{EN}",
    "definition",
)
VALUES_PREFIX = "v_"


def _relevant(cond: Condition) -> str:
    return " or ".join(f"selected(${{{cond.variable}}}, '{c}')" for c in cond.in_)


_RELEVANT_TERM = re.compile(r"selected\(\$\{(\w+)\},\s*'(-?\d+)'\)|\$\{(\w+)\}\s*=\s*'?(-?\d+)'?")


def _parse_relevant(text: str, where: str) -> dict[str, Any] | None:
    if not text:
        return None
    variables, codes = set(), []
    for m in _RELEVANT_TERM.finditer(text):
        variables.add(m.group(1) or m.group(3))
        codes.append(int(m.group(2) or m.group(4)))
    if len(variables) != 1:
        raise InstrumentError(
            f"{where}.relevant: expected selected(${{var}}, 'code') terms joined by 'or', "
            f"got {text!r}"
        )
    return {"variable": variables.pop(), "in": codes}


def _row(**cells: Any) -> list[Any]:
    return [cells.get(c.replace("::", "__").replace(" ", "_"), "") for c in SURVEY_COLUMNS]


def _cells(label: Label, **extra: Any) -> dict[str, Any]:
    return {"label__French_(fr)": label.fr, "label__English_(en)": label.en, **extra}


def _variable_row(var: Variable, select: str | None) -> list[Any]:
    extra: dict[str, Any] = {"name": var.name, "phare_source": var.source, "phare_type": var.type}
    if var.source == "frame":
        extra["type"] = "calculate"
        extra["calculation"] = f"pulldata('communes', '{var.name}', 'commune', ${{commune}})"
    elif select:
        extra["type"] = f"select_one {select}"
    else:
        extra["type"] = "text"
    if var.values:
        extra["phare_grid"] = f"{VALUES_PREFIX}{var.name}"
    if var.required:
        extra["required"] = "yes"
    constraints = []
    if var.max_length is not None:
        constraints.append(f"string-length(.) <= {var.max_length}")
        extra["phare_max_length"] = var.max_length
    if var.pattern is not None:
        constraints.append(f"regex(., '{var.pattern}')")
        extra["phare_pattern"] = var.pattern
    if constraints and var.source != "frame":
        extra["constraint"] = " and ".join(constraints)
        extra["constraint_message__French_(fr)"] = f"Attendu / expected : {var.expected()}"
        extra["constraint_message__English_(en)"] = f"Expected: {var.expected()}"
    return _row(**_cells(var.label, **extra))


def _check_list_names(instrument: Instrument) -> None:
    names = list(instrument.code_lists) + list(instrument.item_lists)
    names += [f"{VALUES_PREFIX}{v.name}" for v in instrument.all_variables if v.values]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InstrumentError(f"xlsform: choice list names used twice: {duplicated}")
    for name in list(instrument.code_lists) + list(instrument.item_lists):
        if name.startswith(VALUES_PREFIX):
            raise InstrumentError(f"xlsform: list name {name!r} must not start with 'v_'")


def write_xlsform(instrument: Instrument, path: str | Path) -> Path:
    """Write the instrument as an XLSForm workbook (``.xlsx``) at `path`.

    Returns
    -------
    Path
        The path written. ``pyxform`` converts it to an XForm; `read_xlsform` reads it back
        into an equal `Instrument`.
    """
    _check_list_names(instrument)
    wb = openpyxl.Workbook()
    survey = wb.active
    assert survey is not None
    survey.title = "survey"
    survey.append(list(SURVEY_COLUMNS))
    for var in instrument.respondent:
        survey.append(_variable_row(var, f"{VALUES_PREFIX}{var.name}" if var.values else None))
    for q in instrument.questions:
        grid = ""
        if q.grid is not None:
            grid = " ".join(p for p in (q.grid.prefix, q.grid.items, q.grid.by) if p)
        group: dict[str, Any] = {
            "type": "begin_group",
            "name": q.id,
            "phare_source": "question",
            "phare_type": q.type,
            "phare_dont_know": "" if q.dont_know is None else q.dont_know,
            "phare_max_length": "" if q.max_length is None else q.max_length,
            "phare_grid": grid,
            "relevant": _relevant(q.asked_if) if q.asked_if else "",
        }
        survey.append(_row(**_cells(q.text, **group)))
        for var in q.variables:
            survey.append(_variable_row(var, q.code_list))
        survey.append(_row(type="end_group"))
    for var in instrument.frame_variables:
        survey.append(_variable_row(var, None))

    choices = wb.create_sheet("choices")
    choices.append(list(CHOICES_COLUMNS))
    for name, codes in instrument.code_lists.items():
        for code, label in codes.items():
            choices.append([name, code, label.fr, label.en])
    for name, items in instrument.item_lists.items():
        for item in items:
            choices.append([name, item.code, item.label.fr, item.label.en])
    for var in instrument.all_variables:
        for value, label in var.values.items():
            choices.append([f"{VALUES_PREFIX}{var.name}", value, label.fr, label.en])

    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([instrument.title.fr, instrument.id, instrument.version, FR])

    indicators = wb.create_sheet("phare_indicators")
    indicators.append(list(INDICATOR_COLUMNS))
    for ind in instrument.indicators:
        indicators.append(
            [
                ind.name,
                ind.kind,
                ind.grid or "",
                "" if ind.grid else " ".join(ind.variables),
                " ".join(str(c) for c in ind.codes),
                ind.among.variable if ind.among else "",
                " ".join(str(c) for c in ind.among.in_) if ind.among else "",
                ind.label.fr,
                ind.label.en,
                ind.definition,
            ]
        )
    meta = wb.create_sheet("phare_meta")
    meta.append(["key", "value"])
    for key, value in (
        ("id", instrument.id),
        ("version", instrument.version),
        ("title_fr", instrument.title.fr),
        ("title_en", instrument.title.en),
    ):
        meta.append([key, value])
    path = Path(path)
    wb.save(path)
    return path


# ----------------------------------------------------------------------------------------------
def _sheet_rows(wb: Any, name: str, required: bool = True) -> list[dict[str, Any]]:
    if name not in wb.sheetnames:
        if required:
            raise InstrumentError(f"xlsform: missing sheet {name!r}")
        return []
    rows = list(wb[name].iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for row in rows[1:]:
        if all(c is None or str(c).strip() == "" for c in row):
            continue
        out.append({h: ("" if c is None else c) for h, c in zip(header, row, strict=False) if h})
    return out


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key, "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _label_of(row: dict[str, Any], prefix: str = "label") -> dict[str, str]:
    fr = _text(row, f"{prefix}::{FR}") or _text(row, prefix)
    en = _text(row, f"{prefix}::{EN}") or fr
    return {"fr": fr, "en": en}


def _int_or_none(text: str) -> int | None:
    return int(float(text)) if text else None


def read_xlsform(path: str | Path) -> Instrument:
    """Read an XLSForm of the shape written by `write_xlsform` into an `Instrument`.

    Raises
    ------
    InstrumentError
        A missing sheet, an unknown choice list, a grid whose rows do not match its items, a
        ``relevant`` that is not a list of ``selected(${var}, 'code')`` terms.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"path: XLSForm file {p} does not exist")
    wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    survey = _sheet_rows(wb, "survey")
    choice_rows = _sheet_rows(wb, "choices")
    settings = _sheet_rows(wb, "settings", required=False)
    meta = {_text(r, "key"): _text(r, "value") for r in _sheet_rows(wb, "phare_meta", False)}
    indicator_rows = _sheet_rows(wb, "phare_indicators", required=False)
    wb.close()

    lists: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for row in choice_rows:
        lists.setdefault(_text(row, "list_name"), []).append((_text(row, "name"), _label_of(row)))
    code_lists: dict[str, dict[int, dict[str, str]]] = {}
    item_lists: dict[str, list[dict[str, Any]]] = {}
    for name, entries in lists.items():
        if name.startswith(VALUES_PREFIX):
            continue
        if all(re.fullmatch(r"-?\d+", code) for code, _ in entries):
            code_lists[name] = {int(code): label for code, label in entries}
        else:
            item_lists[name] = [{"code": code, "label": label} for code, label in entries]

    def simple(row: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": _text(row, "name"),
            "type": _text(row, "phare_type") or "string",
            "label": _label_of(row),
        }
        values = _text(row, "phare_grid")
        if not values and _text(row, "type").startswith("select_one "):
            values = _text(row, "type").split()[1]
        if values:
            if values not in lists:
                raise InstrumentError(f"survey.{out['name']}: unknown choice list {values!r}")
            out["values"] = {code: label for code, label in lists[values]}
        if _text(row, "phare_max_length"):
            out["max_length"] = int(float(_text(row, "phare_max_length")))
        if _text(row, "phare_pattern"):
            out["pattern"] = _text(row, "phare_pattern")
        if _text(row, "required").lower() in ("yes", "true", "1"):
            out["required"] = True
        return out

    respondent: list[dict[str, Any]] = []
    frame_variables: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    rows_of_current: list[dict[str, Any]] = []
    for row in survey:
        rtype = _text(row, "type")
        source = _text(row, "phare_source")
        if rtype in ("begin_group", "begin group"):
            current = {"group": row}
            rows_of_current = []
        elif rtype in ("end_group", "end group"):
            if current is None:
                raise InstrumentError("survey: end_group without begin_group")
            questions.append(_question_dict(current["group"], rows_of_current, code_lists))
            current = None
        elif current is not None:
            rows_of_current.append(row)
        elif source == "frame" or (
            rtype == "calculate" and "pulldata" in _text(row, "calculation")
        ):
            frame_variables.append(simple(row))
        elif rtype in ("start", "end", "today", "deviceid", "note"):
            continue
        else:
            respondent.append(simple(row))

    setting = settings[0] if settings else {}
    data: dict[str, Any] = {
        "id": meta.get("id") or _text(setting, "form_id"),
        "version": meta.get("version") or _text(setting, "version"),
        "title": {
            "fr": meta.get("title_fr") or _text(setting, "form_title"),
            "en": meta.get("title_en") or _text(setting, "form_title"),
        },
        "code_lists": code_lists,
        "item_lists": item_lists,
        "respondent": respondent,
        "questions": questions,
        "frame_variables": frame_variables,
        "indicators": [_indicator_dict(r) for r in indicator_rows],
    }
    grid_rows = {q["id"]: q.pop("_rows") for q in questions if "_rows" in q}
    instrument = instrument_from_dict(data)
    for qid, names in grid_rows.items():
        expanded = [v.name for v in instrument.question(qid).variables]
        if expanded != names:
            raise InstrumentError(
                f"survey.{qid}: the rows of the grid {names[:3]}... do not match its items "
                f"{expanded[:3]}... (same names, same order expected)"
            )
    return instrument


def _question_dict(
    group: dict[str, Any],
    rows: list[dict[str, Any]],
    code_lists: dict[str, dict[int, dict[str, str]]],
) -> dict[str, Any]:
    qid = _text(group, "name")
    if not rows:
        raise InstrumentError(f"survey.{qid}: a question group without variables")
    first = _text(rows[0], "type")
    code_list = first.split()[1] if first.startswith("select_one ") else None
    if code_list is not None and code_list not in code_lists:
        raise InstrumentError(f"survey.{qid}: unknown code list {code_list!r}")
    qtype = _text(group, "phare_type")
    if not qtype:
        if code_list is None:
            qtype = "text"
        elif set(code_lists[code_list]) == {0, 1}:
            qtype = "binary"
        else:
            qtype = "code"
    q: dict[str, Any] = {"id": qid, "type": qtype, "text": _label_of(group)}
    if code_list is not None:
        q["codes"] = code_list
    dont_know = _int_or_none(_text(group, "phare_dont_know"))
    if dont_know is None and not _text(group, "phare_type") and code_list is not None:
        dont_know = 9 if 9 in code_lists[code_list] else None
    if dont_know is not None:
        q["dont_know"] = dont_know
    max_length = _int_or_none(_text(group, "phare_max_length"))
    if max_length is None:
        m = re.search(r"string-length\(\.\)\s*<=\s*(\d+)", _text(rows[0], "constraint"))
        max_length = int(m.group(1)) if m else None
    if max_length is not None:
        q["max_length"] = max_length
    asked_if = _parse_relevant(_text(group, "relevant"), f"survey.{qid}")
    if asked_if is not None:
        q["asked_if"] = asked_if
    grid = _text(group, "phare_grid").split()
    if grid:
        q["grid"] = {"prefix": grid[0], "items": grid[1]}
        if len(grid) > 2:
            q["grid"]["by"] = grid[2]
        q["_rows"] = [_text(r, "name") for r in rows]
    else:
        q["variables"] = [{"name": _text(r, "name"), "label": _label_of(r)} for r in rows]
    return q


def _indicator_dict(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": _text(row, "name"),
        "kind": _text(row, "kind"),
        "codes": [int(c) for c in _text(row, "codes").split()],
        "label": _label_of(row),
        "definition": _text(row, "definition"),
    }
    if _text(row, "grid"):
        out["grid"] = _text(row, "grid")
    else:
        out["variables"] = _text(row, "variables").split()
    if _text(row, "among_variable"):
        out["among"] = {
            "variable": _text(row, "among_variable"),
            "in": [int(c) for c in _text(row, "among_codes").split()],
        }
    return out
