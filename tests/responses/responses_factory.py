"""A synthetic wave in the contract format, for the responses tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from phare.instrument import Instrument

# Characters every encoding of the contract can carry (Windows-1252 included).
ACCENTED = "éèêàâçôîûœŒ€’«»ÉÀ"


def make_wave(instrument: Instrument, communes: list[str], wave: str, seed: int) -> pd.DataFrame:
    """A synthetic wave in the contract format (codes as Int64, text as str), seeded.

    Answers respect the codes and the Q6 skip rule; some cells are empty; verbatims carry
    accents, quotes, separators, new lines and would-be formulas.
    """
    rng = np.random.default_rng(seed)
    n = len(communes)
    data: dict[str, object] = {
        "commune": pd.Series(communes, dtype=str),
        "wave": pd.Series([wave] * n, dtype=str),
        "respondent_id": pd.Series([f"R{seed}-{i:04d}" for i in range(n)], dtype=str),
        "mode": pd.Series(rng.choice(["web", "phone", "import", None], size=n), dtype=str),
    }
    snippets = [
        "Plus de moyens ; « co-construction », svp",
        'Des élus "formés", des €',
        '=HYPERLINK("http://exemple.invalid","clic")',
        "<script>alert('x')</script>",
        "Ligne 1\nLigne 2",
        "Œuvrer à l’échelle intercommunale, 1,5 ETP",
        ACCENTED,
    ]
    for var in instrument.asked_variables:
        if var.type == "text":
            values = [
                None if rng.random() < 0.3 else snippets[int(rng.integers(len(snippets)))]
                for _ in range(n)
            ]
            data[var.name] = pd.Series(values, dtype=str)
            continue
        codes = sorted(var.codes)
        values = [None if rng.random() < 0.1 else int(rng.choice(codes)) for _ in range(n)]
        data[var.name] = pd.array(values, dtype="Int64")
    df = pd.DataFrame(data)
    asked = df["coco_ancree"].isin([1, 2]).fillna(False).astype(bool)
    df.loc[~asked, "coco_savoir"] = pd.NA
    return df.sort_values("commune", ignore_index=True)
