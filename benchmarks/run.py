"""Benchmark phare's statistics against its peers, in the same run, and print the ratios.

Tasks (synthetic frame-like data from ``synthetic.py``):

* ``rake``: raking n = 1,000 / 34,875 / 1,000,000 units to four margins of 18, 5, 2 and 6
  levels (region, size band, mayor's sex, mayor's age band);
* ``taylor``: SEs of 16 proportions in each of 18 regions (n = 34,875, strata = size band,
  raked design) by Taylor linearisation;
* ``bootstrap``: the same table with 200 bootstrap replicates, re-raked in each replicate
  (generating the replicates, raking them and estimating are all timed).

Peers: svy and weightipy (Python, raking only for weightipy) and R ``survey`` through
``Rscript`` when R and the package are installed. For each task and peer two times are
reported: the in-process time of the call (median of ``--repeats`` runs, the design built
before) and the whole-process wall time of a fresh process that starts, imports, reads the
CSV and makes the call once. Ratios are peer / phare (above 1: phare is faster).

Usage: ``.venv/bin/python benchmarks/run.py [--sizes 1000 34875 1000000] [--repeats 3]
[--replicates 200] [--peers phare svy weightipy r] [--out benchmarks/results/latest.json]``.
Not part of the test gate.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

#: phare's targets (seconds, in-process) from the issue; "never slower than the fastest peer".
TARGETS = {("rake", 1_000_000): 0.05, ("taylor", 34_875): 0.1, ("bootstrap", 34_875): 0.25}
TABLE_N = 34_875


def _r_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    probe = subprocess.run(
        ["Rscript", "-e", "suppressPackageStartupMessages(library(survey)); library(jsonlite)"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def _command(peer: str, task: str, csv: Path, margins: Path, repeats: int, reps: int) -> list[str]:
    if peer == "r":
        return [
            "Rscript",
            str(HERE / "peer_r.R"),
            task,
            str(csv),
            str(margins),
            str(repeats),
            str(reps),
        ]
    return [
        sys.executable,
        str(HERE / "peers_python.py"),
        "--peer",
        peer,
        "--task",
        task,
        "--data",
        str(csv),
        "--margins",
        str(margins),
        "--repeats",
        str(repeats),
        "--replicates",
        str(reps),
    ]


#: One BLAS thread for every peer: on a small shared machine, thread pools fighting for cores
#: measure the machine's load, not the algorithms (R's reference BLAS is single-threaded).
ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _run(command: list[str], timeout: float) -> tuple[dict[str, Any] | None, float, str]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, env=ENV
        )
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - start, f"timeout after {timeout:.0f} s"
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return None, wall, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
    line = done.stdout.strip().splitlines()[-1]
    return json.loads(line), wall, ""


def _median(times: Any) -> float | None:
    values = [float(t) for t in (times if isinstance(times, list) else [times])]
    return statistics.median(values) if values else None


def measure(peer: str, task: str, n: int, folder: Path, repeats: int, reps: int) -> dict[str, Any]:
    """In-process median and whole-process time of one peer on one task."""
    csv, margins = folder / f"sample_{n}.csv", folder / f"margins_{n}.json"
    record: dict[str, Any] = {"peer": peer, "task": task, "n": n}
    result, _, error = _run(_command(peer, task, csv, margins, repeats, reps), timeout=900)
    if result is None:
        record["error"] = error
        return record
    if result.get("skipped"):
        record["skipped"] = result["skipped"]
        return record
    record["in_process"] = _median(result["times"])
    record["in_process_runs"] = result["times"]
    record["check"] = result.get("check", {})
    if "note" in result:
        record["note"] = result["note"]
    whole, wall, error = _run(_command(peer, task, csv, margins, 1, reps), timeout=900)
    record["whole_process"] = wall if whole is not None else None
    if error:
        record["error"] = error
    return record


def _ratios(records: list[dict[str, Any]]) -> None:
    for record in records:
        base = next(
            (
                r
                for r in records
                if r["peer"] == "phare" and r["task"] == record["task"] and r["n"] == record["n"]
            ),
            None,
        )
        for key in ("in_process", "whole_process"):
            mine = base.get(key) if base else None
            theirs = record.get(key)
            record[f"ratio_{key}"] = theirs / mine if mine and theirs else None


def _verdicts(records: list[dict[str, Any]]) -> list[str]:
    lines = []
    for (task, n), target in TARGETS.items():
        mine = next(
            (r for r in records if r["peer"] == "phare" and r["task"] == task and r["n"] == n), None
        )
        if mine and mine.get("in_process") is not None:
            ok = "OK" if mine["in_process"] <= target else "MISSED"
            lines.append(f"target {task} n={n}: {mine['in_process']:.3f} s <= {target} s: {ok}")
    for task, n in sorted({(r["task"], r["n"]) for r in records}):
        group = [r for r in records if r["task"] == task and r["n"] == n]
        peers = [r["in_process"] for r in group if r["peer"] != "phare" and r.get("in_process")]
        mine = [r["in_process"] for r in group if r["peer"] == "phare" and r.get("in_process")]
        if peers and mine:
            ok = "OK" if mine[0] <= min(peers) else "SLOWER"
            lines.append(
                f"fastest peer {task} n={n}: phare {mine[0]:.3f} s vs {min(peers):.3f} s: {ok}"
            )
    return lines


def _print(records: list[dict[str, Any]], verdicts: list[str]) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is a dependency of phare
        for r in records:
            print(r)
        return
    table = Table(title="phare vs peers (seconds; ratio = peer / phare)")
    for column in ("task", "n", "peer", "in-process", "ratio", "whole process", "ratio", "note"):
        table.add_column(
            column, justify="right" if column not in ("task", "peer", "note") else "left"
        )

    def fmt(value: float | None, digits: int = 3) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    for r in records:
        table.add_row(
            r["task"],
            f"{r['n']:,}",
            r["peer"],
            fmt(r.get("in_process")),
            fmt(r.get("ratio_in_process"), 1),
            fmt(r.get("whole_process"), 2),
            fmt(r.get("ratio_whole_process"), 1),
            r.get("error") or r.get("skipped") or r.get("note") or "",
        )
    console = Console(width=120)
    console.print(table)
    for line in verdicts:
        console.print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, TABLE_N, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--peers", nargs="+", default=["phare", "svy", "weightipy", "r"])
    parser.add_argument("--tasks", nargs="+", default=["rake", "taylor", "bootstrap"])
    parser.add_argument("--data-dir", type=Path, default=HERE / "results" / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    args = parser.parse_args()

    peers = list(args.peers)
    if "r" in peers and not _r_available():
        print("R survey not found: R is left out / R survey introuvable : R est omis")
        peers.remove("r")
    sizes = sorted(
        set(args.sizes) | ({TABLE_N} if {"taylor", "bootstrap"} & set(args.tasks) else set())
    )
    for n in sizes:
        if not (args.data_dir / f"sample_{n}.csv").exists():
            synthetic.write(n, args.data_dir)

    plan = [("rake", n) for n in sorted(set(args.sizes)) if "rake" in args.tasks]
    plan += [(task, TABLE_N) for task in ("taylor", "bootstrap") if task in args.tasks]
    records = []
    for task, n in plan:
        for peer in peers:
            print(f"... {task} n={n:,} {peer}", flush=True)
            records.append(measure(peer, task, n, args.data_dir, args.repeats, args.replicates))
    _ratios(records)
    verdicts = _verdicts(records)
    _print(records, verdicts)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "blas_threads": ENV["OPENBLAS_NUM_THREADS"],
        },
        "options": {"repeats": args.repeats, "replicates": args.replicates, "peers": peers},
        "targets": {f"{t}:{n}": s for (t, n), s in TARGETS.items()},
        "verdicts": verdicts,
        "records": records,
    }
    args.out.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    print(f"JSON: {args.out}")


if __name__ == "__main__":
    main()
