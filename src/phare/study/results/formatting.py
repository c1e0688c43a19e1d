"""French (and English) number formatting for published figures.

One rounding rule for every figure that a reader sees: half away from zero on the decimal value
(``Decimal.quantize`` with ``ROUND_HALF_UP``), so "86.5 %" is "87 %" in a text, a table and a
chart alike. French typography: a no-break space before "%", a narrow no-break space between
thousands, a comma as decimal mark ("1 234,5").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
NNBSP = "\u202f"


def round_half_up(value: float, digits: int = 0) -> float:
    """Round ``value`` to ``digits`` decimals, halves away from zero (not banker's rounding)."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def percent_value(share: float, digits: int = 0) -> float:
    """The percentage printed for a share in [0, 1], rounded as published."""
    return round_half_up(100.0 * share, digits)


def number_fr(value: float, digits: int = 0) -> str:
    """Format a number the French way: ``1 234,5`` (narrow no-break space, decimal comma)."""
    rounded = round_half_up(value, digits)
    text = f"{abs(rounded):,.{digits}f}".replace(",", NNBSP).replace(".", ",")
    return ("-" if rounded < 0 else "") + text


def number_en(value: float, digits: int = 0) -> str:
    """Format a number the English way: ``1,234.5``."""
    return f"{round_half_up(value, digits):,.{digits}f}"


def percent_fr(share: float, digits: int = 0) -> str:
    """A share in [0, 1] as a French percentage: ``0.8655 -> "87 %"`` (no-break space)."""
    return f"{number_fr(100.0 * share, digits)}{NBSP}%"


def percent_en(share: float, digits: int = 0) -> str:
    """A share in [0, 1] as an English percentage: ``0.8655 -> "87%"``."""
    return f"{number_en(100.0 * share, digits)}%"


def points_fr(diff: float, digits: int = 0) -> str:
    """A difference of shares in percentage points, signed: ``+4 points``."""
    value = round_half_up(100.0 * diff, digits)
    sign = "+" if value > 0 else ""
    return f"{sign}{number_fr(value, digits)}{NBSP}point{'s' if abs(value) >= 2 else ''}"


def points_en(diff: float, digits: int = 0) -> str:
    """A difference of shares in percentage points, signed: ``+4 points``."""
    value = round_half_up(100.0 * diff, digits)
    sign = "+" if value > 0 else ""
    return f"{sign}{number_en(value, digits)} point{'s' if abs(value) != 1 else ''}"


def out_of_ten(share: float) -> int:
    """The "x out of 10" figure of a share: ``0.8 -> 8`` (rounded half up)."""
    return int(round_half_up(10.0 * share, 0))


def out_of_ten_fr(share: float, noun: str = "maires") -> str:
    """``0.8 -> "8 maires sur 10"``."""
    return f"{out_of_ten(share)} {noun} sur 10"


def out_of_ten_en(share: float, noun: str = "mayors") -> str:
    """``0.8 -> "8 mayors out of 10"``."""
    return f"{out_of_ten(share)} {noun} out of 10"


def date_fr(iso_date: str) -> str:
    """``"2017-08-01" -> "1er août 2017"``; any other text is returned as is."""
    months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    try:
        year, month, day = (int(part) for part in iso_date[:10].split("-"))
    except ValueError:
        return iso_date
    if not 1 <= month <= 12:
        return iso_date
    day_text = "1er" if day == 1 else str(day)
    return f"{day_text} {months[month - 1]} {year}"
