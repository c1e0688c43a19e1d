"""Benjamini–Hochberg control of the false discovery rate when a whole table is scanned.

For :math:`m` p-values sorted :math:`p_{(1)} \\le \\dots \\le p_{(m)}`, the adjusted value is
:math:`q_{(i)} = \\min_{j \\ge i} \\min(1, m\\,p_{(j)} / j)` (R ``p.adjust(method = "BH")``);
rejecting :math:`q \\le \\alpha` controls the FDR at :math:`\\alpha` for independent or
positively dependent tests.

Reference: Benjamini, Y. & Hochberg, Y. (1995), *JRSS B* 57, 289–300.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def benjamini_hochberg(p_values: Sequence[float | None]) -> list[float | None]:
    """BH-adjusted p-values, ``None`` kept in place (and not counted in :math:`m`)."""
    index = [i for i, p in enumerate(p_values) if p is not None and np.isfinite(p)]
    out: list[float | None] = [None] * len(p_values)
    if not index:
        return out
    p = np.array([float(p_values[i]) for i in index])  # type: ignore[arg-type]
    m = len(p)
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.minimum(adjusted, 1.0)
    q = np.empty(m)
    q[order] = adjusted
    for k, i in enumerate(index):
        out[i] = float(q[k])
    return out
