"""Benchmark: MCA + clustering + profile description on 34,875 rows × 25 questions.

Planted profiles (``phare.typology.planted_profiles``, 5 profiles, one row per commune of the
frame). Compared with

- FactoMineR 2.7 (``MCA`` + ``HCPC(kk = 100)``, without and with its description), through an
  ``Rscript`` subprocess when R is installed (timed inside R, CSV reading excluded);
- prince (MCA, randomised SVD) + scikit-learn (k-means pre-clustering with one k-means++ start,
  consolidation) + scipy (unweighted Ward on the 100 centres), without description.

Run: ``.venv/bin/python benchmarks/bench_typology.py [--rows 34875] [--repeat 3]``. Prints the
timings, the ratios to phare, the eigenvalue agreement and the ARI with the planted profiles.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from phare.typology import Typology, planted_profiles

R_SCRIPT = r"""
suppressMessages(library(FactoMineR))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
q <- grep("^q", names(d))
set.seed(1)
t0 <- proc.time()[["elapsed"]]
res <- MCA(d[, q], ncp = 5, graph = FALSE)
h <- suppressWarnings(HCPC(res, nb.clust = -1, kk = 100, graph = FALSE, description = FALSE))
t1 <- proc.time()[["elapsed"]]
res2 <- MCA(d[, q], ncp = 5, graph = FALSE)
h2 <- suppressWarnings(HCPC(res2, nb.clust = -1, kk = 100, graph = FALSE, description = TRUE))
t2 <- proc.time()[["elapsed"]]
cat(jsonlite::toJSON(list(
  without = t1 - t0, with = t2 - t1, eig = res$eig[, 1],
  clust = as.integer(h$data.clust$clust), k = nlevels(h$data.clust$clust)
), digits = NA, auto_unbox = TRUE))
"""


def _best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def run_phare(data, questions, describe: bool):
    return Typology(questions, ["region"], pre_clusters=100, describe=describe, random_state=1).fit(
        data
    )


def run_prince(data, questions, k: int):
    import prince

    mca = prince.MCA(n_components=5, random_state=1).fit(data[questions])
    coords = mca.row_coordinates(data[questions]).to_numpy()
    km = KMeans(100, n_init=1, random_state=1).fit(coords)  # one start, as phare
    tree = linkage(km.cluster_centers_, "ward")
    cut = fcluster(tree, k, criterion="maxclust")[km.labels_]
    centres = np.vstack([coords[cut == c].mean(axis=0) for c in np.unique(cut)])
    labels = KMeans(len(centres), init=centres, n_init=1).fit_predict(coords)
    return np.asarray(mca.eigenvalues_), labels


def run_r(data, questions) -> dict | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "bench.csv"
        data[questions].to_csv(csv, index=False)
        script = Path(tmp) / "bench.R"
        script.write_text(R_SCRIPT, encoding="utf-8")
        proc = subprocess.run(
            ["Rscript", str(script), str(csv)], capture_output=True, text=True, timeout=900
        )
    if proc.returncode != 0:
        print("R failed:", proc.stderr[-500:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=34875)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-r", action="store_true", help="skip FactoMineR")
    args = parser.parse_args()

    data, truth = planted_profiles(args.rows, n_questions=25, n_profiles=5, random_state=2017)
    questions = [c for c in data.columns if c.startswith("q")]
    print(f"{args.rows} rows × {len(questions)} questions, 5 planted profiles")

    t_without, fitted = _best(lambda: run_phare(data, questions, False), args.repeat)
    t_with, fitted = _best(lambda: run_phare(data, questions, True), args.repeat)
    eig = fitted.mca_.eigenvalues_
    print(
        f"phare: {t_without:.2f} s without description, {t_with:.2f} s with; "
        f"k = {fitted.n_clusters_} (suggested), ARI vs planted = "
        f"{adjusted_rand_score(truth, fitted.labels_):.3f}"
    )

    t_prince, (p_eig, p_labels) = _best(
        lambda: run_prince(data, questions, fitted.n_clusters_), args.repeat
    )
    print(
        f"prince + scipy + scikit-learn: {t_prince:.2f} s without description "
        f"(ratio to phare without: {t_prince / t_without:.1f}×); max rel. eigenvalue diff "
        f"{np.max(np.abs(p_eig[:5] - eig[:5]) / eig[:5]):.1e}; ARI vs planted "
        f"{adjusted_rand_score(truth, p_labels):.3f}"
    )

    r = None if args.no_r else run_r(data, questions)
    if r is None:
        print("FactoMineR: not run (no Rscript or --no-r)")
        return
    r_eig = np.asarray(r["eig"])[: len(eig)]
    print(
        f"FactoMineR: {r['without']:.2f} s without description "
        f"(ratio {r['without'] / t_without:.1f}×), {r['with']:.2f} s with "
        f"(ratio {r['with'] / t_with:.1f}×); max rel. eigenvalue diff "
        f"{np.max(np.abs(r_eig - eig) / r_eig):.1e}; k = {r['k']}, ARI vs planted "
        f"{adjusted_rand_score(truth, r['clust']):.3f}, ARI vs phare "
        f"{adjusted_rand_score(fitted.labels_, r['clust']):.3f}"
    )


if __name__ == "__main__":
    main()
