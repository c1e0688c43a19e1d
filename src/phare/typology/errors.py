"""Structured errors raised at the public entry points of `phare.typology`."""

from __future__ import annotations

from typing import Any


class TypologyError(ValueError):
    """An invalid argument: names the parameter, what was expected and what was received.

    Parameters
    ----------
    parameter : str
        Name of the offending parameter or column.
    expected : str
        What the entry point accepts.
    received : Any
        What it got (shortened in the message).
    """

    def __init__(self, parameter: str, expected: str, received: Any) -> None:
        self.parameter = parameter
        self.expected = expected
        self.received = received
        shown = repr(received)
        if len(shown) > 120:
            shown = shown[:117] + "..."
        super().__init__(f"{parameter}: expected {expected}, received {shown}")


class NotFittedError(RuntimeError):
    """A fitted attribute was read before `fit` was called."""


def check_weights(weights: Any, n_rows: int, parameter: str = "sample_weight") -> Any:
    """Return the weights as a float array of length `n_rows` (ones when None).

    Raises `TypologyError` when the length differs, a weight is negative or not finite, or
    all weights are zero.
    """
    import numpy as np

    if weights is None:
        return np.ones(n_rows)
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape[0] != n_rows:
        raise TypologyError(parameter, f"{n_rows} weights (one per row)", f"{w.shape[0]} weights")
    if not np.all(np.isfinite(w)):
        raise TypologyError(parameter, "finite weights", "a missing or infinite weight")
    if np.any(w < 0):
        raise TypologyError(parameter, "weights >= 0", float(w.min()))
    if not np.any(w > 0):
        raise TypologyError(parameter, "at least one positive weight", "all weights zero")
    return w
