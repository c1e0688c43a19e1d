"""A frozen typology: assign new respondents to the profiles without refitting.

The model keeps what the projection and the assignment need — the active variables and their
levels, the category coordinates G and eigenvalues λ of the axes used, the class centres, their
weights and names — in a versioned JSON file, so that a profile keeps its meaning from one wave
to the next.

A new row is projected as a supplementary individual (transition formula, see
:mod:`phare.typology.mca`): ``F_s = (1/(J sqrt λ_s)) Σ_j G_{k_j, s}``, where a level unseen when
the model was fitted, or ventilated, counts as the centre of its variable (0). Its class is the
nearest centre (Euclidean distance d_k in the space of the axes). How clear-cut this is:

- ``ratio = d₁ / d₂`` (nearest over second nearest): near 0 clear, near 1 between two profiles;
- ``membership_k = π_k exp(−d_k² / (2σ²)) / Σ_l π_l exp(−d_l² / (2σ²))``: the posterior of an
  isotropic Gaussian mixture with the class centres, the classes' weighted shares π_k and the
  pooled within-class variance per axis σ² = W / (Σw · S) (W the within inertia, S the number of
  axes), estimated when the model was fitted; ``membership`` is that of the assigned class.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from phare.typology.encoding import map_levels
from phare.typology.errors import TypologyError
from phare.typology.mca import project_codes

MODEL_FORMAT = "phare.typology.model"
MODEL_VERSION = 1


class ActiveVariable(BaseModel):
    """An active variable of the model: its levels (rows of the coordinates) and ventilated ones."""

    model_config = ConfigDict(frozen=True)

    name: str
    levels: list[str]
    ventilated: list[str] = []


class TypologyModel(BaseModel):
    """Everything needed to assign a new row to a profile (see module docstring)."""

    model_config = ConfigDict(frozen=True)

    format: str = MODEL_FORMAT
    version: int = MODEL_VERSION
    created_with: str = ""
    active: list[ActiveVariable]
    eigenvalues: list[float]
    """Eigenvalues of the axes used (n_components)."""
    all_eigenvalues: list[float]
    column_coordinates: list[list[float]]
    """One row per level of the active variables, in order, one column per axis."""
    centers: list[list[float]]
    cluster_weights: list[float]
    names: dict[int, str]
    within_variance: float
    """σ²: pooled within-class variance per axis."""
    metadata: dict[str, Any] = {}

    # ---------------------------------------------------------------- I/O
    def to_json(self) -> str:
        """The model as JSON text."""
        return self.model_dump_json(indent=1)

    def save(self, path: str | Path) -> None:
        """Write the model to `path` (JSON, UTF-8)."""
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> TypologyModel:
        """Read a model written by :meth:`save`; refuses another format or a newer version."""
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != MODEL_FORMAT:
            raise TypologyError(
                "model file", f'a JSON object with format "{MODEL_FORMAT}"', str(path)
            )
        if int(raw.get("version", 0)) > MODEL_VERSION:
            raise TypologyError("model version", f"<= {MODEL_VERSION}", raw.get("version"))
        return cls.model_validate(raw)

    # ---------------------------------------------------------------- use
    @property
    def variables(self) -> list[str]:
        """Names of the active variables."""
        return [v.name for v in self.active]

    @property
    def n_clusters(self) -> int:
        """Number of profiles."""
        return len(self.centers)

    def with_names(self, names: dict[int, str]) -> TypologyModel:
        """A copy whose profiles in `names` (class → name) take that name."""
        unknown = sorted(set(names) - set(self.names))
        if unknown:
            raise TypologyError("names", f"classes among {sorted(self.names)}", unknown)
        return self.model_copy(update={"names": {**self.names, **names}})

    def codes(self, data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Row index of each row's level in the coordinates (-1 if unknown), and unknown counts."""
        missing = [v for v in self.variables if v not in data.columns]
        if missing:
            raise TypologyError(
                "data", f"the model's active columns {self.variables}", f"missing {missing}"
            )
        codes = np.full((len(data), len(self.active)), -1, dtype=np.int64)
        unknown = np.zeros(len(data), dtype=np.int64)
        offset = 0
        for j, var in enumerate(self.active):
            col, seen = map_levels(data[var.name], var.levels, offset)
            unknown += (col < 0) & ~np.isin(seen, var.ventilated)
            codes[:, j] = col
            offset += len(var.levels)
        return codes, unknown

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Coordinates of the rows of `data` on the model's axes."""
        codes, _ = self.codes(data)
        f = project_codes(codes, np.asarray(self.column_coordinates), np.asarray(self.eigenvalues))
        return pd.DataFrame(
            f, index=data.index, columns=[f"Dim {s + 1}" for s in range(f.shape[1])]
        )

    def assign(self, data: pd.DataFrame) -> pd.DataFrame:
        """Assign each row of `data` to its nearest profile.

        Returns
        -------
        DataFrame indexed like `data` with columns ``cluster`` (1..k), ``name``, ``distance``
        (to the nearest centre), ``distance_second``, ``ratio`` (d₁/d₂), ``membership`` (of the
        assigned class), ``membership_<k>`` for each class, and ``n_unknown`` (levels not in
        the model, counted as the centre of their variable).
        """
        codes, unknown = self.codes(data)
        f = project_codes(codes, np.asarray(self.column_coordinates), np.asarray(self.eigenvalues))
        centers = np.asarray(self.centers)
        d2 = ((f[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
        order = np.argsort(d2, axis=1, kind="stable")
        nearest = order[:, 0]
        rows = np.arange(len(f))
        d1 = np.sqrt(d2[rows, nearest])
        dsec = np.sqrt(d2[rows, order[:, 1]]) if centers.shape[0] > 1 else np.full(len(f), np.inf)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(dsec > 0, d1 / dsec, 1.0)
        prior = np.asarray(self.cluster_weights) / np.sum(self.cluster_weights)
        logit = np.log(prior)[None, :] - d2 / (2 * self.within_variance)
        logit -= logit.max(axis=1, keepdims=True)
        member = np.exp(logit)
        member /= member.sum(axis=1, keepdims=True)
        clusters = nearest + 1
        out = pd.DataFrame(
            {
                "cluster": clusters,
                "name": [self.names.get(int(c), str(c)) for c in clusters],
                "distance": d1,
                "distance_second": dsec,
                "ratio": ratio,
                "membership": member[rows, nearest],
            },
            index=data.index,
        )
        for k in range(centers.shape[0]):
            out[f"membership_{k + 1}"] = member[:, k]
        out["n_unknown"] = unknown
        return out
