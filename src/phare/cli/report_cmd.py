"""`phare report`: analyse a stored wave and write the report, summary, PDFs and workbook.

``phare report --wave 2017 --db phare.sqlite --out rapport/`` reads the wave from the store
(``phare.responses``), analyses it (``phare.study.analyse_wave``) and writes the outputs
(``phare.publish.write_report``), in French and in English by default (``--lang``). With
``--demo`` the 2017 wave is first simulated (``phare.demo``), stored through the normal intake
and read back; its outputs say "Données simulées" ("Simulated data") on every page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from phare.cli._common import progress_steps, today

if TYPE_CHECKING:
    import pandas as pd

    from phare.typology import TypologyModel

FORMATS = ("html", "pdf", "xlsx", "json", "specs")
"""``phare.publish.FORMATS``, copied so that ``--help`` needs no heavy import
(tests/test_cli_startup.py checks they are equal)."""

REPORT_STEPS = {
    "simulate": "Simulation de la vague 2017 / simulating the 2017 wave",
    "load": "Lecture de la vague / loading the wave",
    "weighting": "Pondération / weighting",
    "typology": "Typologie / typology",
    "estimates": "Estimations / estimates",
    "tests": "Tests de différences / difference tests",
    "comparison": "Comparaison des vagues / comparing the waves",
    "lessons": "Enseignements / key lessons",
    "html": "Rapport et synthèse HTML / HTML report and summary",
    "report_pdf": "PDF du rapport / report PDF",
    "summary_pdf": "PDF de la synthèse / summary PDF",
    "xlsx": "Classeur XLSX / XLSX workbook",
    "json": "Résultats JSON / results JSON",
    "specs": "Spécifications des graphiques / chart specs",
    "html_en": "Rapport et synthèse HTML en anglais / English HTML report and summary",
    "report_pdf_en": "PDF du rapport en anglais / English report PDF",
    "summary_pdf_en": "PDF de la synthèse en anglais / English summary PDF",
    "xlsx_en": "Classeur XLSX en anglais / English XLSX workbook",
}
"""Label of each step of `phare report` (names from analyse_wave and write_report)."""

LANG_CHOICES = {"fr": ("fr",), "en": ("en",), "both": ("fr", "en")}
"""``--lang``: the editions of the documents (French files keep their names, English ones end
in ``-en``)."""


def report(
    wave: Annotated[
        str | None,
        typer.Option("--wave", help="Vague à analyser / wave to analyse (e.g. 2017)."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Base : fichier SQLite ou URL SQLAlchemy / store file or URL."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Dossier de sortie / output directory.")
    ] = Path("rapport"),
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Simuler la vague 2017 d'abord / simulate the 2017 wave first."
        ),
    ] = False,
    seed: Annotated[
        int, typer.Option("--seed", help="Graine de la simulation et de la typologie / seed.")
    ] = 2017,
    sample: Annotated[
        Path | None,
        typer.Option(
            "--sample",
            help="CSV du plan de sondage (commune, stratum, N_h) / sample design CSV.",
        ),
    ] = None,
    simulated: Annotated[
        bool,
        typer.Option(
            "--simulated", help="Étiqueter « Données simulées » / label as simulated data."
        ),
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="Résultats JSON d'une vague antérieure à comparer / earlier results JSON.",
        ),
    ] = None,
    build_date: Annotated[
        str | None,
        typer.Option("--date", help="Date d'édition AAAA-MM-JJ / build date (default today)."),
    ] = None,
    formats: Annotated[
        str,
        typer.Option(
            "--formats", help=f"Sorties, séparées par des virgules / outputs among {FORMATS}."
        ),
    ] = ",".join(FORMATS),
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="Édition(s) des documents : fr, en ou both (défaut : les deux, fichiers anglais "
            "en -en) / editions of the documents: fr, en or both (default, English files -en).",
        ),
    ] = "both",
    fieldwork: Annotated[
        str | None,
        typer.Option(
            "--fieldwork",
            help="Dates de terrain DÉBUT,FIN (AAAA-MM-JJ) / fieldwork first,last day.",
        ),
    ] = None,
    no_typology: Annotated[
        bool, typer.Option("--no-typology", help="Sans typologie / skip the typology.")
    ] = False,
    profile_names: Annotated[
        Path | None,
        typer.Option(
            "--profile-names",
            help="YAML des noms de profils (classe: nom, ou {fr:, en:}) / profile names YAML.",
        ),
    ] = None,
    typology_model: Annotated[
        Path | None,
        typer.Option(
            "--typology-model",
            help="Modèle de typologie figé (phare-<vague>-typologie.json) : affecter sans "
            "réajuster / frozen typology model: assign, do not refit.",
        ),
    ] = None,
    typology_clusters: Annotated[
        int | None,
        typer.Option(
            "--typology-clusters",
            min=2,
            help="Nombre de profils imposé (défaut : suggéré) / fixed number of profiles.",
        ),
    ] = None,
) -> None:
    """Analyse une vague et écrit le rapport / analyse a wave and write the report."""
    import pandas as pd

    from phare.publish import write_report
    from phare.responses import IntakeError, Store, StoreError
    from phare.study import StudySettings, WaveResults, analyse_wave
    from phare.study.profiles import load_profile_names
    from phare.typology import TypologyError, TypologyModel

    console = Console(stderr=True)
    date = build_date or today()
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        console.print(f"--date: attendu AAAA-MM-JJ / expected YYYY-MM-DD, reçu / got {date!r}")
        raise typer.Exit(code=2) from None
    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    langs = LANG_CHOICES.get(lang.strip().lower())
    if langs is None:
        console.print(f"--lang: attendu / expected fr, en ou/or both, reçu / got {lang!r}")
        raise typer.Exit(code=2)
    dates: tuple[str, str] | None = None
    if fieldwork is not None:
        parts = [p.strip() for p in fieldwork.split(",")]
        try:
            if len(parts) != 2:
                raise ValueError(fieldwork)
            for part in parts:
                dt.date.fromisoformat(part)
        except ValueError:
            console.print(
                f"--fieldwork: attendu DÉBUT,FIN en AAAA-MM-JJ / expected FIRST,LAST as "
                f"YYYY-MM-DD, reçu / got {fieldwork!r}"
            )
            raise typer.Exit(code=2) from None
        dates = (parts[0], parts[1])
    design: pd.DataFrame | None = None
    if db is not None and "://" not in db:
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    n_steps = (
        (2 if demo else 1)
        + 4
        + (not no_typology)
        + (previous is not None)
        + len(langs)
        * (("html" in wanted or "pdf" in wanted) + 2 * ("pdf" in wanted) + ("xlsx" in wanted))
        + sum(f in wanted for f in ("json", "specs"))
    )
    with progress_steps(
        REPORT_STEPS["simulate" if demo else "load"], n_steps, labels=REPORT_STEPS, console=console
    ) as steps:
        store = Store(db)
        try:
            if demo:
                from phare.demo import simulate_wave

                steps.step("simulate")
                wave = wave or f"2017-simule-s{seed}"
                simulatedwave = simulate_wave(seed=seed, wave=wave)
                store.upgrade()
                store.save_wave(simulatedwave.responses, wave, source=f"phare demo seed {seed}")
                design = simulatedwave.design
                simulated = True
                console.print("[bold red]Données simulées / simulated data[/bold red]")
            if wave is None:
                console.print("--wave: une vague est requise / a wave is required (or --demo)")
                raise typer.Exit(code=2)
            steps.step("load")
            responses = store.load_wave(wave)
        except (StoreError, IntakeError) as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(code=1) from None
        if sample is not None:
            design = pd.read_csv(sample, dtype={"commune": str, "stratum": str})
        if not simulated and (
            "simul" in wave.lower()
            or responses.get("respondent_id", pd.Series(dtype=str))
            .astype(str)
            .str.startswith("SIM")
            .all()
        ):
            simulated = True
            console.print(
                "Vague reconnue comme simulée (nom ou identifiants SIM…) / wave recognised as "
                "simulated"
            )
        earlier = WaveResults.from_json(previous.read_text(encoding="utf-8")) if previous else None
        settings = StudySettings()
        frozen: TypologyModel | None = None
        try:
            if profile_names is not None:
                settings = settings.model_copy(
                    update={"profile_names": load_profile_names(profile_names)}
                )
            if typology_clusters is not None:
                settings = settings.model_copy(update={"typology_clusters": typology_clusters})
            if typology_model is not None:
                frozen = TypologyModel.load(typology_model)
        except (OSError, ValueError, TypologyError) as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(code=2) from None
        if responses.empty:
            console.print(
                f"[red]La vague {wave} n'a aucune réponse / wave {wave} has no response[/red]"
            )
            raise typer.Exit(code=1)
        try:
            results = analyse_wave(
                responses,
                wave=wave,
                sample=design,
                settings=settings,
                simulated=simulated,
                seed=seed,
                previous=earlier,
                typology=not no_typology,
                typology_model=frozen,
                typology_model_source=typology_model.name if typology_model else None,
                profile_names_file=profile_names.name if profile_names else None,
                fieldwork=dates,
                on_step=steps.step,
            )
        except ValueError as exc:  # e.g. a typology model whose questions the wave lacks
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(code=2) from None
        try:
            files = write_report(
                results, out, build_date=date, formats=wanted, on_step=steps.step, langs=langs
            )
        except ValueError as exc:
            console.print(f"--formats: {exc}")
            raise typer.Exit(code=2) from None
    flagged = results.flagged_claims()
    console.print(
        f"{len(results.estimates)} estimations, {len(results.lessons)} enseignements, "
        f"{len(flagged)} affirmation(s) reformulée(s) ou retirée(s)."
    )
    for path in files.all():
        typer.echo(str(path))
