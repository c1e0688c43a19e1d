"""Synthetic categorical answers with planted profiles, for tests, benchmarks and docs.

Each of `n_profiles` latent profiles has, for every question, a preferred answer (drawn at
random, so profiles differ on most questions). A respondent of profile c answers question q
with c's preferred answer with probability `strength`, otherwise uniformly among the answers.
Profiles have unequal sizes (shares drawn from a Dirichlet(4, …, 4)).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def planted_profiles(
    n_rows: int,
    *,
    n_questions: int = 25,
    n_profiles: int = 5,
    n_levels: tuple[int, int] = (3, 5),
    strength: float = 0.6,
    random_state: int | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Draw `n_rows` respondents answering `n_questions` categorical questions.

    Returns
    -------
    data : DataFrame
        Columns ``q01``..``qNN`` (answers ``"a"``, ``"b"``, …) and ``region`` (a supplementary
        variable unrelated to the profiles, 13 levels).
    profile : ndarray of int, shape (n_rows,)
        The planted profile 1..n_profiles of each row.
    """
    rng = np.random.default_rng(random_state)
    shares = rng.dirichlet(np.full(n_profiles, 4.0))
    profile = rng.choice(n_profiles, size=n_rows, p=shares)
    data: dict[str, np.ndarray] = {}
    letters = np.array(list("abcdefghij"))
    for q in range(n_questions):
        n_lv = int(rng.integers(n_levels[0], n_levels[1] + 1))
        preferred = rng.integers(0, n_lv, size=n_profiles)
        follow = rng.random(n_rows) < strength
        answer = np.where(follow, preferred[profile], rng.integers(0, n_lv, size=n_rows))
        data[f"q{q + 1:02d}"] = letters[answer]
    data["region"] = np.array([f"r{r:02d}" for r in rng.integers(1, 14, size=n_rows)])
    return pd.DataFrame(data), profile + 1
