"""Size bands of communes and age bands of mayors, with French and English labels."""

from __future__ import annotations

import math
from typing import Final, NamedTuple


class Band(NamedTuple):
    """One band: its code, its French label and its English label."""

    code: str
    label_fr: str
    label_en: str


SIZE_BANDS: Final[tuple[Band, ...]] = (
    Band("t1", "moins de 500 habitants", "under 500 inhabitants"),
    Band("t2", "500 à 1 999 habitants", "500 to 1,999 inhabitants"),
    Band("t3", "2 000 à 9 999 habitants", "2,000 to 9,999 inhabitants"),
    Band("t4", "10 000 à 49 999 habitants", "10,000 to 49,999 inhabitants"),
    Band("t5", "50 000 habitants ou plus", "50,000 inhabitants or more"),
)
"""Size bands by population municipale: <500, 500–1,999, 2,000–9,999, 10,000–49,999, ≥50,000."""

SIZE_BAND_LOWER_BOUNDS: Final[tuple[int, ...]] = (0, 500, 2_000, 10_000, 50_000)

AGE_BANDS: Final[tuple[Band, ...]] = (
    Band("<40", "moins de 40 ans", "under 40"),
    Band("40-49", "40 à 49 ans", "40 to 49"),
    Band("50-59", "50 à 59 ans", "50 to 59"),
    Band("60-69", "60 à 69 ans", "60 to 69"),
    Band("70+", "70 ans ou plus", "70 or over"),
)
"""Age bands of the mayor, computed at the reference date recorded in the provenance."""


def size_band(population: int | float | None) -> str | None:
    """Return the size band code (``"t1"``..``"t5"``) of a population municipale.

    Parameters
    ----------
    population : int, float or None
        Population municipale (a non-negative whole number). ``None`` or NaN gives ``None``.

    Returns
    -------
    str or None
        ``"t1"`` (< 500), ``"t2"`` (500–1,999), ``"t3"`` (2,000–9,999), ``"t4"``
        (10,000–49,999), ``"t5"`` (≥ 50,000), or ``None`` when the population is unknown.

    Raises
    ------
    ValueError
        If ``population`` is negative.
    """
    if population is None:
        return None
    try:
        if math.isnan(population):
            return None
    except TypeError:  # pandas.NA and other missing markers
        return None
    if population < 0:
        raise ValueError(f"population: expected a non-negative number, got {population!r}")
    code = SIZE_BANDS[0].code
    for band, lower in zip(SIZE_BANDS, SIZE_BAND_LOWER_BOUNDS, strict=True):
        if population >= lower:
            code = band.code
    return code
