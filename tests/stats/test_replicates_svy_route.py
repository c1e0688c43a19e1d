"""Two routes to one answer: phare and svy given the same replicate weights.

svy's own replicate generators drop the finite population correction, so the routes are
compared where their conventions agree: the same replicate weight columns (R's bootstrap
replicates of the stratified api sample) and the same variance coefficients, deviations
around the replicate mean. Domain means and their SEs must agree to 1e-10.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import svy

from phare.stats import SurveyDesign
from phare.stats.estimates import mean
from phare.stats.replicates import given_replicates

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "reference" / "survey_variance" / "replicates.json"
DATA = ROOT / "data" / "api"


def test_svy_and_phare_agree_on_replicate_domain_means() -> None:
    with GOLDEN.open(encoding="utf-8") as handle:
        case = json.load(handle)["cases"]["bootstrap_apistrat"]
    data = pd.read_csv(DATA / "apistrat.csv", dtype={"cds": str})
    factors = np.asarray(case["repweights"], dtype=float)
    n_reps = factors.shape[1]
    coefficients = [case["scale"] * r for r in np.atleast_1d(case["rscales"])]

    design = given_replicates(
        SurveyDesign.from_frame(data, weights="pw", strata="stype", fpc="fpc"),
        factors,
        scale=case["scale"],
        rscales=np.atleast_1d(case["rscales"]),
    )
    ours = mean(design, "api00", by="stype", deff=False).to_frame()

    frame = data[["stype", "api00", "pw"]].copy()
    for r in range(n_reps):
        frame[f"rw{r + 1}"] = data["pw"].to_numpy() * factors[:, r]
    rep = svy.BootstrapWgts(prefix="rw", n_reps=n_reps, scale=coefficients)
    sample = svy.Sample(pl.from_pandas(frame), svy.Design(wgt="pw", rep_wgts=rep))
    theirs = sample.estimation.mean("api00", by="stype", method="replication").to_polars()
    theirs = theirs.sort("stype").to_pandas()

    np.testing.assert_allclose(ours["estimate"], theirs["est"], rtol=1e-10)
    np.testing.assert_allclose(ours["se"], theirs["se"], rtol=1e-10)
    np.testing.assert_allclose(ours["se"], case["estimates"]["domain_mean_api00"]["se"], rtol=1e-8)
