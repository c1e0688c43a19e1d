"""Read an instrument YAML file into the typed model, expanding grids and code-list names."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from phare.instrument.model import (
    Condition,
    Grid,
    Indicator,
    Instrument,
    Item,
    Label,
    Question,
    Variable,
)

DEFAULT_INSTRUMENT = "phare_institutions.yaml"


class InstrumentError(ValueError):
    """An instrument file that does not follow the expected structure."""


def _label(raw: Any, where: str) -> Label:
    if not isinstance(raw, dict) or "fr" not in raw or "en" not in raw:
        raise InstrumentError(f"{where}: expected a label {{fr: ..., en: ...}}, got {raw!r}")
    return Label(fr=str(raw["fr"]), en=str(raw["en"]))


def _code_map(raw: Any, where: str) -> dict[int, Label]:
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: expected a mapping code -> label, got {raw!r}")
    return {int(k): _label(v, f"{where}.{k}") for k, v in raw.items()}


def _condition(raw: Any, where: str) -> Condition | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"variable", "in"}:
        raise InstrumentError(f"{where}: expected {{variable: ..., in: [...]}}, got {raw!r}")
    return Condition.model_validate(
        {"variable": str(raw["variable"]), "in": tuple(int(c) for c in raw["in"])}
    )


def _simple_variable(raw: dict[str, Any], source: str, where: str) -> Variable:
    name = raw.get("name")
    if not name:
        raise InstrumentError(f"{where}: a variable needs a name, got {raw!r}")
    values = {str(k): _label(v, f"{where}.{name}.{k}") for k, v in raw.get("values", {}).items()}
    return Variable(
        name=str(name),
        source=source,  # type: ignore[arg-type]
        type=raw.get("type", "string"),
        label=_label(raw.get("label"), f"{where}.{name}.label"),
        values=values,
        max_length=raw.get("max_length"),
        pattern=raw.get("pattern"),
        required=bool(raw.get("required", False)),
    )


def _question(
    raw: dict[str, Any],
    code_lists: dict[str, dict[int, Label]],
    item_lists: dict[str, tuple[Item, ...]],
) -> Question:
    qid = raw.get("id")
    where = f"questions.{qid}"
    qtype = raw.get("type")
    if qtype not in ("binary", "code", "text", "string"):
        raise InstrumentError(f"{where}.type: expected binary|code|text|string, got {qtype!r}")
    code_list = raw.get("codes")
    codes: dict[int, Label] = {}
    if code_list is not None:
        if code_list not in code_lists:
            raise InstrumentError(f"{where}.codes: unknown code list {code_list!r}")
        codes = code_lists[code_list]
    elif qtype in ("binary", "code"):
        raise InstrumentError(f"{where}.codes: a {qtype} question needs a code list")
    dont_know = raw.get("dont_know")
    if dont_know is not None and int(dont_know) not in codes:
        raise InstrumentError(f"{where}.dont_know: {dont_know} is not one of the codes")
    asked_if = _condition(raw.get("asked_if"), f"{where}.asked_if")
    text = _label(raw.get("text"), f"{where}.text")
    common: dict[str, Any] = {
        "source": "question",
        "type": qtype,
        "question": qid,
        "codes": codes,
        "code_list": code_list,
        "dont_know": dont_know,
        "max_length": raw.get("max_length"),
        "asked_if": asked_if,
    }
    grid = None
    variables: list[Variable] = []
    if "grid" in raw:
        g = raw["grid"]
        grid = Grid(prefix=g["prefix"], items=g["items"], by=g.get("by"))
        if grid.items not in item_lists or (grid.by and grid.by not in item_lists):
            raise InstrumentError(f"{where}.grid: unknown item list in {g!r}")
        outer: tuple[Item | None, ...] = item_lists[grid.by] if grid.by else (None,)
        for actor in outer:
            for item in item_lists[grid.items]:
                if actor is None:
                    name, label = f"{grid.prefix}_{item.code}", item.label
                else:
                    name = f"{grid.prefix}_{actor.code}_{item.code}"
                    label = Label(
                        fr=f"{actor.label.fr} : {item.label.fr}",
                        en=f"{actor.label.en}: {item.label.en}",
                    )
                variables.append(
                    Variable(
                        name=name,
                        label=label,
                        item=item.code,
                        actor=actor.code if actor else None,
                        **common,
                    )
                )
    else:
        for v in raw.get("variables", []):
            variables.append(
                Variable(name=v["name"], label=_label(v.get("label"), f"{where}.label"), **common)
            )
    if not variables:
        raise InstrumentError(f"{where}: a question needs `grid` or `variables`")
    return Question(
        id=str(qid),
        type=qtype,
        text=text,
        variables=tuple(variables),
        code_list=code_list,
        dont_know=dont_know,
        asked_if=asked_if,
        max_length=raw.get("max_length"),
        grid=grid,
    )


def _indicator(raw: dict[str, Any], questions: tuple[Question, ...]) -> Indicator:
    name = raw.get("name")
    where = f"indicators.{name}"
    grid = raw.get("grid")
    if grid is not None:
        found = [q for q in questions if q.grid is not None and q.grid.prefix == grid]
        if not found:
            raise InstrumentError(f"{where}.grid: no grid with prefix {grid!r}")
        variables = tuple(v.name for v in found[0].variables)
    else:
        variables = tuple(str(v) for v in raw.get("variables", []))
    kind = raw.get("kind")
    if kind not in ("in_codes", "all_in", "any_in"):
        raise InstrumentError(f"{where}.kind: expected in_codes|all_in|any_in, got {kind!r}")
    return Indicator(
        name=str(name),
        kind=kind,
        variables=variables,
        codes=tuple(int(c) for c in raw.get("codes", [])),
        label=_label(raw.get("label"), f"{where}.label"),
        definition=str(raw.get("definition", "")),
        among=_condition(raw.get("among"), f"{where}.among"),
        grid=grid,
    )


def instrument_from_dict(data: dict[str, Any]) -> Instrument:
    """Build the typed instrument from the parsed YAML structure (see the default file)."""
    for key in ("id", "version", "title", "questions"):
        if key not in data:
            raise InstrumentError(f"instrument: missing top-level key {key!r}")
    code_lists = {
        str(name): _code_map(codes, f"code_lists.{name}")
        for name, codes in data.get("code_lists", {}).items()
    }
    item_lists = {
        str(name): tuple(
            Item(code=str(i["code"]), label=_label(i.get("label"), f"item_lists.{name}"))
            for i in items
        )
        for name, items in data.get("item_lists", {}).items()
    }
    questions = tuple(_question(q, code_lists, item_lists) for q in data["questions"])
    instrument = Instrument(
        id=str(data["id"]),
        version=str(data["version"]),
        title=_label(data["title"], "title"),
        code_lists=code_lists,
        item_lists=item_lists,
        respondent=tuple(
            _simple_variable(v, "respondent", "respondent") for v in data.get("respondent", [])
        ),
        questions=questions,
        frame_variables=tuple(
            _simple_variable(v, "frame", "frame_variables") for v in data.get("frame_variables", [])
        ),
        indicators=tuple(_indicator(i, questions) for i in data.get("indicators", [])),
    )
    _check_consistency(instrument)
    return instrument


def _check_consistency(instrument: Instrument) -> None:
    names = [v.name for v in instrument.all_variables]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InstrumentError(f"instrument: duplicated variable names {duplicates}")
    known = set(names)
    for var in instrument.asked_variables:
        if var.asked_if is not None and var.asked_if.variable not in known:
            raise InstrumentError(f"{var.name}.asked_if: unknown variable {var.asked_if.variable}")
    for ind in instrument.indicators:
        missing = [v for v in ind.variables if v not in known]
        if ind.among is not None and ind.among.variable not in known:
            missing.append(ind.among.variable)
        if missing:
            raise InstrumentError(f"indicator {ind.name}: unknown variables {missing}")


@functools.cache
def _default_instrument() -> Instrument:
    text = resources.files("phare.instrument").joinpath(DEFAULT_INSTRUMENT).read_text("utf-8")
    return _from_text(text)


def _from_text(text: str) -> Instrument:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise InstrumentError("instrument: the YAML file must hold a mapping")
    return instrument_from_dict(data)


def load_instrument(path: str | Path | None = None) -> Instrument:
    """Load an instrument YAML file; by default the shipped PHARE-Institutions instrument.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with the structure of ``phare/instrument/phare_institutions.yaml``.

    Returns
    -------
    Instrument
        The typed, immutable model (grids expanded into their variables). The shipped
        instrument is read once per process (it is immutable).
    """
    if path is None:
        return _default_instrument()
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"path: instrument file {p} does not exist")
    return _from_text(p.read_text(encoding="utf-8"))
