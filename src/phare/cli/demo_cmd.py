"""`phare demo`: simulate the 2017 wave, store it, calibrate it, compare with the 2017 figures.

Every output says that the data are SIMULATED. The steps:

1. ``phare.demo.simulate_wave`` draws a stratified sample of communes from the frame, applies
   non-response and simulates the answers;
2. ``phare.responses.Store.save_wave`` stores them through the normal intake (validation,
   quarantine, history), and ``load_wave`` reads them back;
3. the design weights :math:`d_i = N_h / r_h` (stratum size over respondents of the stratum,
   strata = size bands) are calibrated by raking (``phare.stats.calibrate``) to the frame's
   counts of communes with a mayor by region (overseas regions, and any region with fewer than
   10 respondents, pooled as "autres": too few communes to hold respondents in every sample),
   size band, mayor's sex and age band;
4. ``phare.stats.proportion`` gives each published share with its 95 % interval (logit,
   Taylor linearisation with the calibration residuals, strata and fpc), its unweighted base,
   and the unweighted share for contrast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from phare.demo import (
    SIMULATED_LABEL,
    TOP_MOYENS,
    TOP_ROLES,
    SimulatedWave,
    demo_model,
    published_2017,
    simulate_wave,
)
from phare.frame import load_regions
from phare.instrument import compute_indicators, load_instrument
from phare.stats import SurveyDesign, SurveyError, calibrate, mean, proportion

MARGINS = ("region_cal", "taille", "maire_sexe", "maire_age")
OVERSEAS = ("01", "02", "03", "04", "06")
DEFAULT_DB = "phare-data/phare.sqlite"
BANNER = (
    "DONNÉES SIMULÉES — aucun maire n'a répondu ; vague simulée pour reproduire les chiffres "
    "publiés en 2017. / SIMULATED DATA — no mayor answered; a wave simulated to reproduce the "
    "figures published in 2017."
)


def wave_label(seed: int) -> str:
    """The stored wave of a simulation: ``2017-simule-s<seed>`` (one wave per seed)."""
    return f"2017-simule-s{seed}"


MIN_REGION_RESPONDENTS = 10
ROUNDING = 0.005
"""Half a percentage point: the published figures are rounded to whole percentages."""


def _region_cal(region: pd.Series, small: set[str]) -> pd.Series:
    """Region for calibration: overseas regions and regions in `small` pooled as "autres"."""
    region = region.astype(str)
    return region.where(~region.isin(set(OVERSEAS) | small), "autres")


def calibrated_design(responses: pd.DataFrame, design: pd.DataFrame) -> SurveyDesign:
    """Join the frame and the sample design to `responses`, compute the indicators, calibrate.

    Parameters
    ----------
    responses : DataFrame
        Contract-format responses (e.g. read back from the store).
    design : DataFrame
        The sample design of the simulated wave (``commune``, ``stratum``, ``N_h``).

    Returns
    -------
    SurveyDesign
        Raked to the frame's margins (region with overseas pooled, size band, sex, age band);
        its data hold the contract columns plus the derived indicators.
    """
    units = demo_model().units
    frame_cols = units[["commune", "region", "taille", "maire_sexe", "maire_age"]].astype(str)
    df = responses.merge(frame_cols, on="commune", how="left", validate="one_to_one")
    if df["taille"].isna().any():
        missing = df.loc[df["taille"].isna(), "commune"].tolist()[:5]
        raise ValueError(f"responses.commune: not in the universe of the frame: {missing}")
    n_h = design.set_index("commune").loc[df["commune"], "N_h"].to_numpy(float)
    respondents = df.groupby("taille")["commune"].transform("size").to_numpy(float)
    df["N_h"] = n_h
    df["d"] = n_h / respondents
    counts = df["region"].value_counts()
    small = {str(r) for r, c in counts.items() if c < MIN_REGION_RESPONDENTS}
    small |= set(units["region"].astype(str)) - set(counts.index.astype(str))
    df["region_cal"] = _region_cal(df["region"], small)
    numeric = [v.name for v in load_instrument().asked_variables if v.type in ("binary", "code")]
    df[numeric] = df[numeric].apply(pd.to_numeric, errors="coerce").astype(float)
    df = pd.concat([df, compute_indicators(df)], axis=1)
    # A size band with a single respondent (tiny --n) is centred on the grand mean (R's
    # options(survey.lonely.psu = "adjust")) rather than refused.
    base = SurveyDesign.from_frame(df, weights="d", strata="taille", fpc="N_h", lonely_psu="adjust")
    pop = units.assign(region_cal=_region_cal(units["region"], small))
    margins = {m: pop[m].astype(str).value_counts().to_dict() for m in MARGINS}
    return calibrate(base, margins, method="raking")


def _level_one(table: Any) -> pd.DataFrame:
    frame = table.to_frame()
    return frame.loc[frame["level"].astype(str).isin(["1", "1.0"])]


def compare_with_published(cal: SurveyDesign) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The 11 published numbers beside the weighted estimates, and the rankings P10, P11.

    Returns
    -------
    figures : DataFrame
        ``figure, indicator, region, label_fr, label_en, published, estimate, se, ci_low,
        ci_high, n, unweighted, inside``; ``inside`` says whether the interval meets the
        published figure's rounding interval (± 0.5 point: the summary gives whole percents).
    rankings : list of dict
        For P10 and P11: published top variables, estimated top, and whether they agree.
    """
    pub = published_2017()
    numbers = pub.dropna(subset=["value"])
    national = sorted(set(numbers.loc[numbers["region"].isna(), "indicator"]))
    est = _level_one(proportion(cal, national, na_rm=True)).set_index("variable")
    regional = _level_one(proportion(cal, "innov_agree", by="region", na_rm=True))
    regional = regional.set_index("region")
    data = cal.data
    rows = []
    for _, p in numbers.iterrows():
        if p["region"] is None or (isinstance(p["region"], float) and np.isnan(p["region"])):
            e = est.loc[p["indicator"]]
            values = data[p["indicator"]]
        else:
            e = regional.loc[p["region"]]
            values = data.loc[data["region"] == p["region"], p["indicator"]]
        rows.append(
            {
                "figure": p["figure"],
                "indicator": p["indicator"],
                "region": p["region"] if isinstance(p["region"], str) else None,
                "label_fr": p["label_fr"],
                "label_en": p["label_en"],
                "published": float(p["value"]),
                "estimate": float(e["estimate"]),
                "se": float(e["se"]) if pd.notna(e["se"]) else None,
                "ci_low": float(e["ci_low"]) if pd.notna(e["ci_low"]) else None,
                "ci_high": float(e["ci_high"]) if pd.notna(e["ci_high"]) else None,
                "n": int(e["n"]),
                "unweighted": float(values.dropna().mean()),
            }
        )
    figures = pd.DataFrame(rows)
    lo = figures["ci_low"].fillna(figures["estimate"]) - 1e-9
    hi = figures["ci_high"].fillna(figures["estimate"]) + 1e-9
    # Published figures are whole percentages: 100 % stands for [99.5 %, 100 %].
    figures["inside"] = (figures["published"] + ROUNDING >= lo) & (
        figures["published"] - ROUNDING <= hi
    )

    rankings = []
    inst = load_instrument()
    groups = [("P10", inst.grid_variables("moyen"), list(TOP_MOYENS))]
    names = inst.grid_variables("role")
    for actor, domains in TOP_ROLES.items():
        groups.append(
            (
                "P11",
                [v for v in names if v.startswith(f"role_{actor}_")],
                [f"role_{actor}_{d}" for d in domains],
            )
        )
    for figure, variables, top in groups:
        means = mean(cal, variables, na_rm=True).to_frame().set_index("variable")["estimate"]
        best = list(means.sort_values(ascending=False).index[: len(top)])
        rankings.append(
            {
                "figure": figure,
                "published_top": top,
                "estimated_top": best,
                "estimates": {k: float(v) for k, v in means.items()},
                "holds": set(best) == set(top),
            }
        )
    return figures, rankings


def _pct(x: float | None) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{100 * x:.1f}"


def _print_table(console: Console, figures: pd.DataFrame, rankings: list[dict[str, Any]]) -> None:
    table = Table(
        title="Chiffres publiés en 2017 et estimations phare sur la vague SIMULÉE (%)\n"
        "Published 2017 figures and phare's estimates on the SIMULATED wave (%)",
        caption="IC 95 % : logit, linéarisation avec résidus du calage / 95% CI: logit, "
        "linearisation with calibration residuals; n = base non pondérée / unweighted base; "
        "brut = part non pondérée / unweighted share; ∈ IC : l'IC rencontre le chiffre publié ± 0,5 "
        "point (arrondi) / the CI meets the published figure ± 0.5 point (rounding)",
    )
    for col in ("", "indicateur / indicator", "publié", "estimé", "IC 95 %", "n", "brut", "∈ IC"):
        table.add_column(col, justify="left" if col in ("", "indicateur / indicator") else "right")
    regions = load_regions().set_index("region")["region_nom"].astype(str).to_dict()
    for _, r in figures.iterrows():
        region = r["region"] if isinstance(r["region"], str) else None
        name = r["indicator"] + (f" : {regions.get(region, region)}" if region else "")
        table.add_row(
            r["figure"],
            name,
            _pct(r["published"]),
            _pct(r["estimate"]),
            "—" if pd.isna(r["ci_low"]) else f"{_pct(r['ci_low'])}–{_pct(r['ci_high'])}",
            str(r["n"]),
            _pct(r["unweighted"]),
            "oui" if r["inside"] else "[bold]non[/bold]",
        )
    console.print(table)
    inside = int(figures["inside"].sum())
    console.print(
        f"{inside} chiffres publiés sur {len(figures)} dans l'intervalle à 95 % / "
        f"{inside} of {len(figures)} published figures inside the 95% interval."
    )
    for r in rankings:
        status = "vérifié / holds" if r["holds"] else "NON vérifié / does NOT hold"
        top = ", ".join(
            v.split("_", 2)[-1] if r["figure"] == "P11" else v for v in r["estimated_top"]
        )
        console.print(f"{r['figure']} ({status}) : {top}")


def run_demo(seed: int, n: int, db: str, console: Console, show_progress: bool) -> dict[str, Any]:
    """Run the whole demo and return its JSON-serialisable result."""
    from phare.responses import Store

    wave = wave_label(seed)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("Simulation de la vague / simulating the wave", total=5)
        sim: SimulatedWave = simulate_wave(seed=seed, n_target=n, wave=wave)
        progress.update(task, advance=1, description="Enregistrement / storing")
        if "://" not in db:
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        store = Store(db)
        try:
            store.upgrade()
            outcome = store.save_wave(sim.responses, wave=wave, source="phare demo (SIMULÉ)")
            progress.update(task, advance=1, description="Relecture / reloading")
            stored = store.load_wave(wave)
        finally:
            store.dispose()
        progress.update(task, advance=1, description="Calage sur marges / calibration")
        cal = calibrated_design(stored, sim.design)
        progress.update(task, advance=1, description="Estimations / estimates")
        figures, rankings = compare_with_published(cal)
        progress.update(task, advance=1, description="Terminé / done")
    report = outcome.report
    return {
        "label": SIMULATED_LABEL,
        "notice": BANNER,
        "seed": seed,
        "n_target": n,
        "wave": wave,
        "database": store.engine.url.render_as_string(hide_password=True),
        "n_sampled": int(len(sim.design)),
        "n_respondents": int(len(sim.responses)),
        "n_stored": int(len(stored)),
        "already_imported": bool(outcome.already_imported),
        "n_quarantined": int(report.n_quarantined),
        "n_warnings": len(report.warnings),
        "calibration": {"method": "raking", "margins": list(MARGINS)},
        "figures": json.loads(figures.to_json(orient="records", force_ascii=False)),
        "rankings": rankings,
        "inside_ci": int(figures["inside"].sum()),
    }


def demo(
    seed: Annotated[int, typer.Option("--seed", help="Graine du tirage / random seed.")] = 2017,
    n: Annotated[
        int, typer.Option("--n", help="Nombre visé d'entretiens / target interviews.")
    ] = 1000,
    db: Annotated[
        str,
        typer.Option("--db", help="URL SQLAlchemy ou fichier SQLite / database URL or file."),
    ] = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON / JSON output.")] = False,
) -> None:
    """Vague 2017 SIMULÉE de bout en bout / the SIMULATED 2017 wave end to end.

    Simule la vague, l'enregistre, la cale sur la base de sondage et compare les estimations
    aux chiffres publiés en 2017. / Simulates the wave, stores it, calibrates it to the frame
    and compares the estimates with the figures published in 2017.
    """
    if not 50 <= n <= 20_000:
        typer.echo(
            f"--n : attendu entre 50 et 20000 / expected 50..20000, reçu / got {n}", err=True
        )
        raise typer.Exit(code=2)
    console = Console(stderr=as_json)
    if not as_json:
        console.print(f"[bold red]{BANNER}[/bold red]")
    try:
        result = run_demo(seed, n, db, console, show_progress=not as_json)
    except SurveyError as exc:
        typer.echo(
            f"Estimation impossible sur cet échantillon simulé (augmentez --n) / cannot estimate "
            f"on this simulated sample (increase --n): {exc}",
            err=True,
        )
        raise typer.Exit(code=1) from exc
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console.print(
        f"Vague / wave [bold]{result['wave']}[/bold] ({SIMULATED_LABEL}) : "
        f"{result['n_sampled']} communes tirées / sampled, {result['n_respondents']} "
        f"répondants / respondents, {result['n_stored']} enregistrés / stored in "
        f"{result['database']}"
    )
    _print_table(console, pd.DataFrame(result["figures"]), result["rankings"])
    console.print(f"[bold red]{SIMULATED_LABEL}[/bold red]")
