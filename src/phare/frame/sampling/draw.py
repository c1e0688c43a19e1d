"""Seeded stratified draw without replacement, invitation tokens and design columns.

Within stratum :math:`h`, :math:`n_h` of the :math:`N_h` units are drawn by simple random
sampling without replacement (SRSWOR), independently across strata, with a
``numpy.random.Generator`` seeded by ``seed``. Each selected unit has inclusion probability
:math:`\\pi_i = n_h / N_h` and design weight :math:`d_i = 1 / \\pi_i = N_h / n_h`; ``N_h`` is
the finite population correction to give the estimator (``fpc``), as in R ``survey``'s
``svydesign(ids = ~1, strata = ~stratum, fpc = ~N_h)``.

The selection is reproducible: the frame is sorted by commune code, strata are visited in
sorted order, so the same frame, allocation and seed give the same communes. The invitation
tokens are not: they come from :mod:`secrets` (192 random bits each), so that no one holding the
seed can rebuild them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from phare.frame.sampling.allocation import Allocation
from phare.frame.sampling.strata import check_frame, normalise_strata, stratum_labels

TOKEN_BYTES = 24  # 192 bits
INVITATION_COLUMNS: tuple[str, ...] = ("commune", "nom", "mairie_email", "token")
DESIGN_COLUMNS: tuple[str, ...] = ("stratum", "N_h", "n_h", "prob", "weight")


@dataclass(frozen=True)
class SampleDraw:
    """A stratified sample and its design.

    Attributes
    ----------
    units : pandas.DataFrame
        One row per selected commune: ``commune``, ``nom``, ``mairie_email``, ``token``, the
        strata columns, ``stratum``, ``N_h`` (fpc), ``n_h``, ``prob`` (inclusion probability
        :math:`n_h/N_h`) and ``weight`` (:math:`N_h/n_h`), sorted by commune.
    metadata : dict
        Seed, method, strata, allocation, date, frame version and fingerprint, design spec.
    """

    units: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def invitations(self) -> pd.DataFrame:
        """The invitation list: commune, name, mairie e-mail and token."""
        return self.units.loc[:, list(INVITATION_COLUMNS)].copy()

    @property
    def design(self) -> pd.DataFrame:
        """The design columns, keyed by commune (strata, fpc, inclusion probability, weight)."""
        return self.units.loc[:, ["commune", *DESIGN_COLUMNS]].copy()

    def to_csv(self, path: str | Path) -> Path:
        """Write the units (invitations and design columns) to ``path`` as UTF-8 CSV."""
        path = Path(path)
        self.units.to_csv(path, index=False, encoding="utf-8")
        return path

    def write_metadata(self, path: str | Path) -> Path:
        """Write :attr:`metadata` to ``path`` as JSON."""
        path = Path(path)
        path.write_text(
            json.dumps(self.metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return path


def frame_fingerprint(frame: pd.DataFrame, strata: Sequence[str]) -> str:
    """SHA-256 of the sorted commune codes with their strata values (detects a changed frame)."""
    cols = ["commune", *strata]
    text = frame.loc[:, cols].astype("string").fillna("").sort_values("commune").to_csv(index=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw_sample(
    frame: pd.DataFrame,
    allocation: Allocation | Mapping[str, int],
    *,
    strata: str | Sequence[str] | None = None,
    seed: int,
) -> SampleDraw:
    """Draw a stratified simple random sample without replacement.

    Parameters
    ----------
    frame : pandas.DataFrame
        The frame the allocation was computed on (``commune`` plus strata columns;
        ``nom`` and ``mairie_email`` are copied when present).
    allocation : Allocation or mapping
        An :class:`Allocation`, or ``{stratum label: n_h}`` (labels join the strata values
        with ``|``); strata absent from the mapping get 0.
    strata : str or sequence of str, optional
        Strata columns; defaults to the allocation's. Must agree with it when both are given.
    seed : int
        Seed of the ``numpy.random.Generator`` (recorded in the metadata).

    Returns
    -------
    SampleDraw

    Raises
    ------
    ValueError
        Strata disagreeing with the allocation, unknown stratum, ``n_h > N_h``, a frame whose
        stratum sizes differ from the allocation's, a non-integer seed.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed: expected an integer, got {seed!r}")
    if isinstance(allocation, Allocation):
        cols = allocation.strata if strata is None else normalise_strata(strata)
        if cols != allocation.strata:
            raise ValueError(
                f"strata: {list(cols)!r} differs from the allocation's {list(allocation.strata)!r}"
            )
        sizes = allocation.sizes()
        expected_N = dict(
            zip(allocation.table["stratum"].astype(str), allocation.table["N_h"], strict=True)
        )
        meta_alloc = allocation.metadata()
    elif isinstance(allocation, Mapping):
        if strata is None:
            raise ValueError("strata: required when allocation is a mapping of stratum sizes")
        cols = normalise_strata(strata)
        sizes = {str(k): int(v) for k, v in allocation.items()}
        expected_N = {}
        meta_alloc = {"strata": list(cols), "method": "given", "sizes": sizes}
    else:
        raise TypeError(
            f"allocation: expected an Allocation or a mapping, got {type(allocation).__name__}"
        )
    check_frame(frame, cols)

    ordered = frame.sort_values("commune", kind="stable").reset_index(drop=True)
    labels = stratum_labels(ordered, cols)
    ordered = ordered.loc[labels.notna()].copy()
    ordered["stratum"] = labels[labels.notna()].astype(str)
    counts = ordered["stratum"].value_counts().to_dict()
    unknown = sorted(set(sizes) - set(counts))
    if unknown:
        raise ValueError(f"allocation: stratum label(s) not in the frame: {unknown[:5]!r}")
    for label, n_h in sizes.items():
        if n_h < 0 or n_h > counts[label]:
            raise ValueError(
                f"allocation: stratum {label!r} needs 0 <= n_h <= N_h={counts[label]}, got {n_h}"
            )
        if expected_N and expected_N.get(label) != counts[label]:
            raise ValueError(
                f"frame: stratum {label!r} has {counts[label]} units, the allocation was computed "
                f"with N_h={expected_N.get(label)}; allocate again on this frame"
            )

    rng = np.random.default_rng(seed)
    picked: list[pd.DataFrame] = []
    for label in sorted(sizes):
        n_h = sizes[label]
        if n_h == 0:
            continue
        members = ordered.loc[ordered["stratum"] == label]
        rows = np.sort(rng.choice(len(members), size=n_h, replace=False))
        chosen = members.iloc[rows].copy()
        chosen["N_h"] = len(members)
        chosen["n_h"] = n_h
        picked.append(chosen)
    if not picked:
        raise ValueError("allocation: every stratum has n_h = 0, nothing to draw")
    units = pd.concat(picked).sort_values("commune", kind="stable").reset_index(drop=True)
    units["prob"] = units["n_h"] / units["N_h"]
    units["weight"] = units["N_h"] / units["n_h"]
    units["token"] = _tokens(len(units))
    for col in ("nom", "mairie_email"):
        if col not in units.columns:
            units[col] = ""
    units = units.loc[:, [*INVITATION_COLUMNS, *cols, *DESIGN_COLUMNS]]
    units["N_h"] = units["N_h"].astype("int64")
    units["n_h"] = units["n_h"].astype("int64")

    metadata = {
        "seed": int(seed),
        "method": meta_alloc.get("method"),
        "strata": list(cols),
        "n": len(units),
        "allocation": meta_alloc,
        "drawn_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "frame_version": frame.attrs.get("frame_version", "unknown"),
        "frame_fingerprint": frame_fingerprint(frame, cols),
        "numpy_version": np.__version__,
        "design": {
            "type": "stratified simple random sampling without replacement",
            "ids": "commune",
            "strata": "stratum",
            "fpc": "N_h",
            "prob": "prob",
            "weights": "weight",
        },
        "token_bits": TOKEN_BYTES * 8,
    }
    return SampleDraw(units=units, metadata=metadata)


def _tokens(k: int) -> list[str]:
    tokens: set[str] = set()
    out: list[str] = []
    while len(out) < k:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if token not in tokens:
            tokens.add(token)
            out.append(token)
    return out
