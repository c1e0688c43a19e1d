"""The typed model of a questionnaire: labels, variables, questions, indicators, instrument.

Every object is an immutable pydantic v2 model, so two instruments compare equal field by
field (used by the XLSForm round-trip) and serialise to JSON.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

VariableType = Literal["binary", "code", "text", "string", "integer"]
"""`binary` 0/1 item, `code` integer code list, `text` free text (verbatim), `string` short
string (identifiers, codes from the frame), `integer` count (frame only)."""

VariableSource = Literal["respondent", "question", "frame"]
"""`respondent`: who answered and when (commune, wave, ...); `question`: asked;
`frame`: taken from the frame of communes for the respondent's commune, never asked."""

IndicatorKind = Literal["in_codes", "all_in", "any_in"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Label(_Frozen):
    """A bilingual label, French first."""

    fr: str
    en: str

    def text(self, lang: str = "fr") -> str:
        """The label in `lang` (``"fr"`` or ``"en"``)."""
        if lang not in ("fr", "en"):
            raise ValueError(f"lang: expected 'fr' or 'en', got {lang!r}")
        return self.fr if lang == "fr" else self.en


class Item(_Frozen):
    """One element of an item list (a domain, an actor, a means)."""

    code: str
    label: Label


class Condition(_Frozen):
    """`variable` takes one of the codes `in_` (e.g. the Q6 skip rule)."""

    variable: str
    in_: tuple[int, ...] = Field(alias="in")

    def describe(self) -> str:
        """Human form, e.g. ``coco_ancree in {1, 2}``."""
        return f"{self.variable} in {{{', '.join(str(c) for c in self.in_)}}}"


class ValueCheck(_Frozen):
    """Result of checking one raw value against a variable.

    `ok` says whether the value is allowed; `value` is the normalised value (int for codes,
    str for text, None for empty); `expected` describes what is allowed, for error messages.
    """

    ok: bool
    value: int | str | None
    expected: str


def _is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    if isinstance(raw, str) and raw.strip() == "":
        return True
    try:
        import pandas as pd

        return bool(raw is pd.NA or raw is pd.NaT)
    except ImportError:  # pragma: no cover
        return False


def _as_int(raw: Any) -> int | None:
    """An integer from 1, 1.0, "1", " 1 ", "1.0"; None if it is not an integer."""
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int):
        return raw
    try:
        number = float(str(raw).strip().replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(number) or number != int(number):
        return None
    return int(number)


class Variable(_Frozen):
    """One column of the data contract."""

    name: str
    source: VariableSource
    type: VariableType
    label: Label
    question: str | None = None
    codes: dict[int, Label] = Field(default_factory=dict)
    code_list: str | None = None
    values: dict[str, Label] = Field(default_factory=dict)
    dont_know: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    required: bool = False
    asked_if: Condition | None = None
    item: str | None = None
    actor: str | None = None

    def expected(self) -> str:
        """What the variable accepts, for error messages (French / English)."""
        if self.codes:
            return "codes " + ", ".join(str(c) for c in sorted(self.codes))
        if self.values:
            return "valeurs / values " + ", ".join(self.values)
        if self.type == "integer":
            return "entier / integer"
        parts = ["texte / text"]
        if self.max_length is not None:
            parts.append(f"≤ {self.max_length} caractères / characters")
        if self.pattern is not None:
            parts.append(f"motif / pattern {self.pattern}")
        return ", ".join(parts)

    def check(self, raw: Any) -> ValueCheck:
        """Check one raw value (from a file, a form, a database) against this variable.

        Codes accept ``1``, ``1.0``, ``"1"`` and ``" 1 "``; an empty value (None, NaN, blank
        string) is allowed (out of the base) unless the variable is required.
        """
        expected = self.expected()
        if _is_empty(raw):
            return ValueCheck(ok=not self.required, value=None, expected=expected)
        if self.type in ("binary", "code", "integer"):
            number = _as_int(raw)
            if number is None:
                return ValueCheck(ok=False, value=None, expected=expected)
            ok = number in self.codes if self.codes else True
            return ValueCheck(ok=ok, value=number, expected=expected)
        text = raw if isinstance(raw, str) else str(raw)
        if self.type == "string":
            text = text.strip()
        ok = True
        if self.values and text not in self.values:
            ok = False
        if self.max_length is not None and len(text) > self.max_length:
            ok = False
        if self.pattern is not None and not re.fullmatch(self.pattern, text):
            ok = False
        return ValueCheck(ok=ok, value=text, expected=expected)


class Grid(_Frozen):
    """A grid of 0/1 items: `<prefix>_<item>` or `<prefix>_<by>_<item>`."""

    prefix: str
    items: str
    by: str | None = None


class Question(_Frozen):
    """One question (Q1..Q11) and the variables it produces, in order."""

    id: str
    type: VariableType
    text: Label
    variables: tuple[Variable, ...]
    code_list: str | None = None
    dont_know: int | None = None
    asked_if: Condition | None = None
    max_length: int | None = None
    grid: Grid | None = None


class Indicator(_Frozen):
    """A derived 0/1 indicator; see `phare.instrument.indicators` for the evaluation."""

    name: str
    kind: IndicatorKind
    variables: tuple[str, ...]
    codes: tuple[int, ...]
    label: Label
    definition: str
    among: Condition | None = None
    grid: str | None = None


class Instrument(_Frozen):
    """A whole questionnaire: who answered, the questions, the frame variables, indicators."""

    id: str
    version: str
    title: Label
    code_lists: dict[str, dict[int, Label]]
    item_lists: dict[str, tuple[Item, ...]]
    respondent: tuple[Variable, ...]
    questions: tuple[Question, ...]
    frame_variables: tuple[Variable, ...]
    indicators: tuple[Indicator, ...]

    @property
    def asked_variables(self) -> tuple[Variable, ...]:
        """The variables of the questions, in questionnaire order."""
        return tuple(v for q in self.questions for v in q.variables)

    @property
    def all_variables(self) -> tuple[Variable, ...]:
        """Respondent, asked and frame variables, in that order."""
        return (*self.respondent, *self.asked_variables, *self.frame_variables)

    def column_order(self, include_frame: bool = False) -> list[str]:
        """The header of the import/export format: respondent columns, then Q1..Q11.

        With ``include_frame=True`` the frame variables follow.
        """
        names = [v.name for v in self.respondent] + [v.name for v in self.asked_variables]
        if include_frame:
            names += [v.name for v in self.frame_variables]
        return names

    def variable(self, name: str) -> Variable:
        """The variable called `name` (any source); KeyError naming it otherwise."""
        for var in self.all_variables:
            if var.name == name:
                return var
        raise KeyError(f"variable {name!r} is not in instrument {self.id} {self.version}")

    def question(self, qid: str) -> Question:
        """The question `qid` (e.g. ``"Q6"``); KeyError otherwise."""
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"question {qid!r} is not in instrument {self.id} {self.version}")

    def indicator(self, name: str) -> Indicator:
        """The indicator `name`; KeyError otherwise."""
        for ind in self.indicators:
            if ind.name == name:
                return ind
        raise KeyError(f"indicator {name!r} is not in instrument {self.id} {self.version}")

    def grid_variables(self, prefix: str) -> list[str]:
        """Names of the grid variables starting with `prefix` (e.g. ``"part"``), in order."""
        for q in self.questions:
            if q.grid is not None and q.grid.prefix == prefix:
                return [v.name for v in q.variables]
        raise KeyError(f"no grid with prefix {prefix!r} in instrument {self.id}")

    def check_value(self, name: str, raw: Any) -> ValueCheck:
        """Check one raw value of variable `name`; see `Variable.check`."""
        return self.variable(name).check(raw)
