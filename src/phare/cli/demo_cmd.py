"""`phare demo`: simulate the 2017 wave, store it, weight it, compare with the 2017 figures.

Every output says that the data are SIMULATED. The steps:

1. ``phare.demo.simulate_wave`` draws a stratified sample of communes from the frame, applies
   non-response and simulates the answers;
2. ``phare.responses.Store.save_wave`` stores them through the normal intake (validation,
   quarantine, history), and ``load_wave`` reads them back;
3. ``phare.study.estimate_wave`` weights the wave exactly as ``phare report`` does (design
   weights :math:`N_h / r_h`, calibration to the frame with the study's settings: bounded logit,
   region × size band when every cell allows it, empty levels merged) and estimates the
   national and regional rows, which therefore equal the report's rows;
4. the published figures are set beside those rows (estimate, 95 % logit interval, unweighted
   base) with the unweighted share for contrast.

With ``--report DIR`` the whole wave is also analysed (``phare.study.analyse_wave``) and the
full report written there (``phare.publish.write_report``, as ``phare report`` does).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from phare.cli._common import fail, progress_steps, today

if TYPE_CHECKING:
    import pandas as pd

    from phare.study import EstimateRow, WaveEstimates
    from phare.study.results import WeightingDiagnostics

DEFAULT_DB = "phare.db"
"""``phare.responses.engine.DEFAULT_DB``, copied so that ``--help`` needs no heavy import
(tests/test_cli_startup.py checks they are equal)."""
NATIONAL = "national"
"""``phare.study.results.NATIONAL`` (copied likewise)."""

BREAKDOWNS = (NATIONAL, "region")
"""The breakdowns the published figures need: national (P1–P5, P7–P11) and region (P6)."""
BANNER = (
    "DONNÉES SIMULÉES — aucun maire n'a répondu ; vague simulée pour reproduire les chiffres "
    "publiés en 2017. / SIMULATED DATA — no mayor answered; a wave simulated to reproduce the "
    "figures published in 2017."
)


def wave_label(seed: int) -> str:
    """The stored wave of a simulation: ``2017-simule-s<seed>`` (one wave per seed)."""
    return f"2017-simule-s{seed}"


ROUNDING = 0.005
"""Half a percentage point: the published figures are rounded to whole percentages."""


def estimate_simulated(responses: pd.DataFrame, design: pd.DataFrame) -> WaveEstimates:
    """Weight the simulated wave as ``phare report`` does and estimate its national and regional rows.

    Parameters
    ----------
    responses : DataFrame
        Contract-format responses (e.g. read back from the store).
    design : DataFrame
        The sample design of the simulated wave (``commune``, ``stratum``, ``N_h``).
    """
    from phare.study import estimate_wave

    return estimate_wave(responses, sample=design, breakdowns=BREAKDOWNS)


def _optional(value: float | None) -> float | None:
    return None if value is None else float(value)


def compare_with_published(
    rows: Sequence[EstimateRow], data: pd.DataFrame
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The 11 published numbers beside the weighted estimates, and the rankings P10, P11.

    Parameters
    ----------
    rows : sequence of EstimateRow
        The study's rows (from ``estimate_wave`` or ``analyse_wave``); the national and
        regional rows are read.
    data : DataFrame
        The prepared respondents (``WaveEstimates.data``), for the unweighted shares.

    Returns
    -------
    figures : DataFrame
        ``figure, indicator, region, label_fr, label_en, published, estimate, se, ci_low,
        ci_high, n, unweighted, inside``; ``inside`` says whether the interval meets the
        published figure's rounding interval (± 0.5 point: the summary gives whole percents).
        A row suppressed by the publication rules (base too small) has no estimate and is not
        inside.
    rankings : list of dict
        For P10 and P11: published top variables, estimated top, and whether they agree.
    """
    import pandas as pd

    from phare.demo import TOP_MOYENS, TOP_ROLES, published_2017
    from phare.instrument import load_instrument
    from phare.study.results import ALL, row_id

    index = {r.id: r for r in rows}
    out = []
    for _, p in published_2017().dropna(subset=["value"]).iterrows():
        region = p["region"] if isinstance(p["region"], str) else None
        by, group = (NATIONAL, ALL) if region is None else ("region", region)
        row = index[row_id(p["indicator"], by, group)]
        values = (
            data[p["indicator"]]
            if region is None
            else data.loc[data["region"] == region, p["indicator"]]
        )
        out.append(
            {
                "figure": p["figure"],
                "indicator": p["indicator"],
                "region": region,
                "label_fr": p["label_fr"],
                "label_en": p["label_en"],
                "published": float(p["value"]),
                "estimate": _optional(row.estimate),
                "se": _optional(row.se),
                "ci_low": _optional(row.ci_low),
                "ci_high": _optional(row.ci_high),
                "n": int(row.n),
                "unweighted": float(pd.to_numeric(values, errors="coerce").dropna().mean()),
            }
        )
    figures = pd.DataFrame(out)
    lo = figures["ci_low"].astype(float).fillna(figures["estimate"].astype(float)) - 1e-9
    hi = figures["ci_high"].astype(float).fillna(figures["estimate"].astype(float)) + 1e-9
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
        shares = {}
        for v in variables:
            national = index.get(row_id(v, NATIONAL, ALL))
            if national is not None and national.estimate is not None:
                shares[v] = float(national.estimate)
        best = sorted(shares, key=lambda v: -shares[v])[: len(top)]
        rankings.append(
            {
                "figure": figure,
                "published_top": top,
                "estimated_top": best,
                "estimates": shares,
                "holds": set(best) == set(top),
            }
        )
    return figures, rankings


def _records(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as JSON-ready dicts with full float precision (NaN as None)."""
    import numpy as np

    out = []
    for record in figures.to_dict(orient="records"):
        row: dict[str, Any] = {}
        for key, value in record.items():
            if isinstance(value, np.generic):
                value = value.item()
            row[str(key)] = None if isinstance(value, float) and np.isnan(value) else value
        out.append(row)
    return out


def _weighting_summary(diag: WeightingDiagnostics) -> dict[str, Any]:
    return {
        "method": diag.method,
        "bounds": list(diag.bounds) if diag.bounds is not None else None,
        "margins": [m.variable for m in diag.margins],
        "crossing_used": diag.crossing_used,
        "fallback_reason_fr": diag.fallback_reason_fr,
        "fallback_reason_en": diag.fallback_reason_en,
        "converged": diag.converged,
    }


def _pct(x: float | None) -> str:
    import numpy as np

    return "—" if x is None or not np.isfinite(x) else f"{100 * x:.1f}"


def _print_calibration(console: Console, calibration: dict[str, Any]) -> None:
    bounds = calibration["bounds"]
    method = calibration["method"] + (f" [{bounds[0]:g} ; {bounds[1]:g}]" if bounds else "")
    console.print(
        f"Calage comme `phare report` / weighting as `phare report`: {method}, marges / margins "
        f"{', '.join(calibration['margins'])}",
        highlight=False,
    )
    if calibration["fallback_reason_fr"]:
        console.print(f"  {calibration['fallback_reason_fr']}", highlight=False)


def _print_table(console: Console, figures: pd.DataFrame, rankings: list[dict[str, Any]]) -> None:
    import pandas as pd

    from phare.frame import load_regions

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


DEMO_STEPS = {
    "simulate": "Simulation de la vague / simulating the wave",
    "store": "Enregistrement et relecture / storing and reloading",
    "weighting": "Pondération et estimations / weighting",
    "comparison": "Comparaison / comparison",
    "report": "Rapport complet / full report",
}
"""Label of each step of `phare demo`."""


def run_demo(
    seed: int,
    n: int,
    db: str | None,
    console: Console,
    show_progress: bool,
    report_dir: Path | None = None,
) -> dict[str, Any]:
    """Run the whole demo and return its JSON-serialisable result.

    With `report_dir`, the wave is also analysed in full and its report written there.
    """
    from phare.demo import SIMULATED_LABEL, SimulatedWave, simulate_wave
    from phare.publish import write_report
    from phare.responses import Store
    from phare.study import analyse_wave

    wave = wave_label(seed)
    with progress_steps(
        DEMO_STEPS["simulate"],
        4 + (report_dir is not None),
        labels=DEMO_STEPS,
        enabled=show_progress,
    ) as steps:
        steps.step("simulate")
        sim: SimulatedWave = simulate_wave(seed=seed, n_target=n, wave=wave)
        steps.step("store")
        if db is not None and "://" not in db:
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        store = Store(db)
        try:
            store.upgrade()
            outcome = store.save_wave(sim.responses, wave=wave, source="phare demo (SIMULÉ)")
            stored = store.load_wave(wave)
        finally:
            store.dispose()
        steps.step("weighting")
        estimated = estimate_simulated(stored, sim.design)
        steps.step("comparison")
        figures, rankings = compare_with_published(estimated.estimates, estimated.data)
        files: list[str] = []
        if report_dir is not None:
            steps.step("report")
            results = analyse_wave(stored, wave=wave, sample=sim.design, simulated=True, seed=seed)
            written = write_report(results, report_dir, build_date=today(), langs=("fr", "en"))
            files = [str(path) for path in written.all()]
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
        "calibration": _weighting_summary(estimated.weighted.diagnostics),
        "figures": _records(figures),
        "rankings": rankings,
        "inside_ci": int(figures["inside"].sum()),
        "report_files": files,
    }


def demo(
    seed: Annotated[int, typer.Option("--seed", help="Graine du tirage / random seed.")] = 2017,
    n: Annotated[
        int, typer.Option("--n", help="Nombre visé d'entretiens / target interviews.")
    ] = 1000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=f"URL SQLAlchemy ou fichier SQLite (défaut : PHARE_DB_URL ou {DEFAULT_DB}, la "
            f"base de `phare report`) / database URL or file (default: PHARE_DB_URL or "
            f"{DEFAULT_DB}, the store of `phare report`).",
        ),
    ] = None,
    report_dir: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Écrire aussi le rapport complet (HTML, PDF, XLSX) dans ce dossier / also "
            "write the full report (HTML, PDF, XLSX) into this directory.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Sortie JSON / JSON output.")] = False,
) -> None:
    """Vague 2017 SIMULÉE de bout en bout / the SIMULATED 2017 wave end to end.

    Simule la vague, l'enregistre, la pondère comme `phare report` et compare les estimations
    aux chiffres publiés en 2017. / Simulates the wave, stores it, weights it as `phare report`
    does and compares the estimates with the figures published in 2017.
    """
    import pandas as pd

    from phare.demo import SIMULATED_LABEL
    from phare.stats import SurveyError

    if not 50 <= n <= 20_000:
        raise fail(f"--n : attendu entre 50 et 20000 / expected 50..20000, reçu / got {n}")
    console = Console(stderr=as_json)
    if not as_json:
        console.print(f"[bold red]{BANNER}[/bold red]")
    try:
        result = run_demo(seed, n, db, console, show_progress=not as_json, report_dir=report_dir)
    except SurveyError as exc:
        raise fail(
            f"Estimation impossible sur cet échantillon simulé (augmentez --n) / cannot estimate "
            f"on this simulated sample (increase --n): {exc}",
            code=1,
        ) from exc
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console.print(
        f"Vague / wave [bold]{result['wave']}[/bold] ({SIMULATED_LABEL}) : "
        f"{result['n_sampled']} communes tirées / sampled, {result['n_respondents']} "
        f"répondants / respondents, {result['n_stored']} enregistrés / stored in "
        f"{result['database']}"
    )
    _print_calibration(console, result["calibration"])
    _print_table(console, pd.DataFrame(result["figures"]), result["rankings"])
    if result["report_files"]:
        console.print("Rapport (données simulées) / report (simulated data):")
        for path in result["report_files"]:
            console.print(f"  {path}", highlight=False)
    console.print(f"[bold red]{SIMULATED_LABEL}[/bold red]")
