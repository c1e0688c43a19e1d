"""Run one benchmark task with one Python peer and print the timings as JSON.

Usage: ``python benchmarks/peers_python.py --peer phare|svy|weightipy --task rake|taylor|bootstrap
--data sample.csv --margins margins.json [--repeats 5] [--replicates 200]``

The in-process time covers only the call being compared (the design is built before), as the
median of ``--repeats`` runs; ``run.py`` measures the whole process (start, imports, reading the
CSV, the call) around a run with one repeat. ``check`` holds a few numbers to confirm that the
peers computed the same thing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import MARGINS, OUTCOMES  # noqa: E402

TOL = 1e-8


def _time(call: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times, result


def _misfit(data: pd.DataFrame, weights: np.ndarray, margins: dict[str, dict[str, float]]) -> float:
    worst = 0.0
    for name, targets in margins.items():
        sums = pd.Series(weights).groupby(data[name].astype(str).to_numpy()).sum()
        for level, target in targets.items():
            worst = max(worst, abs(sums[level] - target) / target)
    return worst


# ---------------------------------------------------------------------------------- phare
def run_phare(task: str, data: pd.DataFrame, margins: dict, repeats: int, reps: int) -> dict:
    from phare.stats import SurveyDesign
    from phare.stats.calibration import rake
    from phare.stats.estimates import mean
    from phare.stats.replicates import replicate_design

    # The margin variables as categoricals, as R keeps them as factors: coding them is data
    # preparation, done once when the design is built, not part of each calibration.
    data = data.astype({name: "category" for name in margins})
    design = SurveyDesign.from_frame(data, weights="w", strata="taille", fpc="fpc")
    if task == "rake":
        times, raked = _time(lambda: rake(design, margins, tol=TOL), repeats)
        return {"times": times, "check": {"misfit": _misfit(data, raked.weights, margins)}}
    raked = rake(design, margins, tol=TOL)
    if task == "taylor":
        times, table = _time(lambda: mean(raked, OUTCOMES, by="region", deff=False), repeats)
    else:

        def call() -> Any:
            again = rake(design, margins, tol=TOL)
            rep = replicate_design(again, "rao_wu", replicates=reps, seed=1)
            return mean(rep, OUTCOMES, by="region", deff=False)

        times, table = _time(call, repeats)
    frame = table.to_frame()
    first = frame[frame["variable"] == OUTCOMES[0]]
    return {"times": times, "check": {"se_y01": first["se"].tolist()}}


# ---------------------------------------------------------------------------------- svy
def run_svy(task: str, data: pd.DataFrame, margins: dict, repeats: int, reps: int) -> dict:
    import polars as pl
    import svy

    frame = pl.from_pandas(data)
    sample = svy.Sample(frame, svy.Design(stratum="taille", wgt="w", psu="id", pop_size="fpc"))
    if task == "rake":
        times, raked = _time(
            lambda: sample.weighting.rake(controls=margins, tol=TOL, max_iter=1000), repeats
        )
        weights = raked.data["rk_wgt"].to_numpy()
        return {"times": times, "check": {"misfit": _misfit(data, weights, margins)}}
    if task == "taylor":
        raked = sample.weighting.rake(controls=margins, tol=TOL, max_iter=1000)
        times, est = _time(lambda: raked.estimation.mean(OUTCOMES, by="region"), repeats)
    else:

        def call() -> Any:
            boot = sample.weighting.create_bs_wgts(reps, rstate=1)
            raked = boot.weighting.rake(controls=margins, tol=TOL, max_iter=1000)
            return raked.estimation.mean(OUTCOMES, by="region", method="replication")

        times, est = _time(call, repeats)
    first = est[0] if isinstance(est, list) else est
    return {"times": times, "check": {"se_y01": first.to_polars()["se"].to_list()}}


# ---------------------------------------------------------------------------------- weightipy
def run_weightipy(task: str, data: pd.DataFrame, margins: dict, repeats: int, reps: int) -> dict:
    import weightipy

    if task != "rake":
        return {"times": [], "check": {}, "skipped": "weightipy only rakes"}
    percents = {
        name: {level: 100.0 * v / sum(levels.values()) for level, v in levels.items()}
        for name, levels in margins.items()
    }
    frame = data[MARGINS].copy()
    scheme = weightipy.scheme_from_dict(percents, rim_params={"convcrit": TOL})
    times, weights = _time(lambda: weightipy.weight(frame, scheme), repeats)
    total = sum(next(iter(margins.values())).values())
    w = np.asarray(weights, dtype=float) * total / len(frame)
    return {
        "times": times,
        "check": {"misfit": _misfit(data, w, margins)},
        "note": "equal starting weights",
    }


PEERS = {"phare": run_phare, "svy": run_svy, "weightipy": run_weightipy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--peer", choices=sorted(PEERS), required=True)
    parser.add_argument("--task", choices=["rake", "taylor", "bootstrap"], required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--margins", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--replicates", type=int, default=200)
    args = parser.parse_args()
    data = pd.read_csv(args.data, dtype={"region": str})
    margins = json.loads(args.margins.read_text(encoding="utf-8"))
    out = PEERS[args.peer](args.task, data, margins, args.repeats, args.replicates)
    print(json.dumps({"peer": args.peer, "task": args.task, "n": len(data), **out}))


if __name__ == "__main__":
    main()
