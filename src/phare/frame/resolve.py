"""Resolve a commune code as typed by a respondent or found in a file.

Rules (``docs/frame.md``, instrument contract):

* a current INSEE code is accepted as is (``"current"``);
* exactly 4 digits is a code whose leading zero a spreadsheet dropped: it is padded and accepted
  with a warning if the padded code resolves (``"padded"``);
* the code of a former commune (commune déléguée or associée) maps to its current commune, with
  a warning (``"former"``);
* a municipal arrondissement of Paris, Lyon or Marseille is not a commune
  (``"arrondissement"``, no code);
* anything else, postal codes included, does not resolve (``"unknown"``, no code). Nothing is
  ever guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pandas as pd

from phare.frame.register import _arrondissements, _former_codes, _frame, postal_codes

Status = Literal["current", "padded", "former", "arrondissement", "unknown"]


@dataclass(frozen=True, slots=True)
class CommuneResolution:
    """The outcome of :func:`resolve_commune`.

    Attributes
    ----------
    input : str
        The value given, as a string.
    code : str or None
        The current INSEE code of the commune, or ``None`` when the input is not a commune.
    status : {"current", "padded", "former", "arrondissement", "unknown"}
        How it was resolved.
    message : str
        French then English explanation; empty for ``"current"``.
    """

    input: str
    code: str | None
    status: Status
    message: str

    @property
    def resolved(self) -> bool:
        """True when ``code`` is a current commune (status current, padded or former)."""
        return self.code is not None

    @property
    def warning(self) -> bool:
        """True when the input was accepted with a warning (padded or former code)."""
        return self.status in ("padded", "former")


@cache
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    frame = _frame()
    names = dict(zip(frame["commune"], frame["nom"], strict=True))
    former_df = _former_codes()
    former = {
        c: (cur, nom)
        for c, cur, nom in zip(
            former_df["code"], former_df["commune"], former_df["nom"], strict=True
        )
    }
    arm_df = _arrondissements()
    arm = {
        c: (cur, nom)
        for c, cur, nom in zip(arm_df["code"], arm_df["commune"], arm_df["nom"], strict=True)
    }
    return names, former, arm


def _follow(code: str, former: dict[str, tuple[str, str]], names: dict[str, str]) -> str | None:
    seen: set[str] = set()
    while code not in names:
        if code in seen or code not in former:
            return None
        seen.add(code)
        code = former[code][0]
    return code


def resolve_commune(code: object) -> CommuneResolution:
    """Resolve ``code`` to a current commune, never guessing.

    Parameters
    ----------
    code : str or int
        An INSEE commune code (``"01001"``, ``"2A004"``, ``"97101"``); surrounding spaces are
        ignored and Corsican letters may be lower case. An ``int`` is read as its digits.

    Returns
    -------
    CommuneResolution
        ``status`` is ``"current"`` (a commune today), ``"padded"`` (4 digits, leading zero
        restored), ``"former"`` (a merged commune, mapped to its current commune),
        ``"arrondissement"`` (Paris, Lyon, Marseille: not a commune) or ``"unknown"``
        (postal codes and everything else). ``code`` is ``None`` for the last two.
    """
    raw = "" if code is None else str(code)
    text = raw.strip().upper()
    names, former, arm = _tables()

    def _current_or_former(c: str, padded: bool) -> CommuneResolution | None:
        if c in names:
            if not padded:
                return CommuneResolution(raw, c, "current", "")
            return CommuneResolution(
                raw,
                c,
                "padded",
                f"code à 4 chiffres complété par un zéro : {c} ({names[c]}) / "
                f"4-digit code padded with a leading zero: {c} ({names[c]})",
            )
        if c in former:
            target = _follow(c, former, names)
            if target is None:
                return None
            old = former[c][1]
            pad_fr = "code à 4 chiffres complété par un zéro, " if padded else ""
            pad_en = "4-digit code padded with a leading zero, " if padded else ""
            return CommuneResolution(
                raw,
                target,
                "padded" if padded else "former",
                f"{pad_fr}ancien code {c} ({old}) : commune actuelle {target} ({names[target]}) / "
                f"{pad_en}former code {c} ({old}): current commune {target} ({names[target]})",
            )
        return None

    found = _current_or_former(text, padded=False)
    if found is not None:
        return found
    if len(text) == 4 and text.isdigit():
        found = _current_or_former("0" + text, padded=True)
        if found is not None:
            return found
    if text in arm:
        parent, nom = arm[text]
        return CommuneResolution(
            raw,
            None,
            "arrondissement",
            f"{text} est un arrondissement municipal ({nom}), pas une commune : la commune est "
            f"{parent} ({names.get(parent, '')}), à confirmer / {text} is a municipal "
            f"arrondissement ({nom}), not a commune: the commune is {parent}, to be confirmed",
        )
    if text in postal_codes() or (
        len(text) == 4 and text.isdigit() and "0" + text in postal_codes()
    ):
        return CommuneResolution(
            raw,
            None,
            "unknown",
            f"{text} est un code postal, pas un code commune INSEE / "
            f"{text} is a postal code, not an INSEE commune code",
        )
    return CommuneResolution(
        raw,
        None,
        "unknown",
        f"code commune inconnu : {raw!r} / unknown commune code: {raw!r}",
    )


def resolve_communes(codes: Iterable[object]) -> pd.DataFrame:
    """Resolve many codes at once (each distinct value is resolved once).

    Returns
    -------
    pandas.DataFrame
        One row per input, in order: ``input``, ``code`` (NA when not a commune), ``status``,
        ``message``.
    """
    values = list(codes)
    cache: dict[str, CommuneResolution] = {}
    rows = []
    for value in values:
        key = "" if value is None else str(value)
        if key not in cache:
            cache[key] = resolve_commune(value)
        res = cache[key]
        rows.append((res.input, res.code, res.status, res.message))
    out = pd.DataFrame(rows, columns=["input", "code", "status", "message"])
    return out.astype("string")
