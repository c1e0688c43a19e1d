"""The codes the simulation is written in, read from the instrument and the frame (one source).

The probability tables of :mod:`phare.demo.model` and :mod:`phare.demo.profiles` are
positional: their columns follow these tuples, in the instrument's (and the frame's) order.
"""

from __future__ import annotations

from typing import Final

from phare.frame import SIZE_BANDS
from phare.instrument import load_instrument

_INSTRUMENT = load_instrument()

DOMAINS: Final[tuple[str, ...]] = tuple(i.code for i in _INSTRUMENT.item_lists["domains"])
"""The 16 domains of Q1–Q3 (``frag_<d>``, ``part_<d>``, ``role_<actor>_<d>``)."""
ACTORS: Final[tuple[str, ...]] = tuple(i.code for i in _INSTRUMENT.item_lists["actors"])
"""The actors of Q3: citoyens, associations, entreprises."""
MOYENS: Final[tuple[str, ...]] = tuple(i.code for i in _INSTRUMENT.item_lists["moyens"])
"""The means of Q8 (``moyen_<m>``)."""
Q9_ITEMS: Final[tuple[str, ...]] = tuple(v.name for v in _INSTRUMENT.question("Q9").variables)
"""The ten agreement items of Q9 (aspirations, brakes, levers)."""
SIZE_CODES: Final[tuple[str, ...]] = tuple(b.code for b in SIZE_BANDS)
"""The size bands t1..t5 of the frame."""
