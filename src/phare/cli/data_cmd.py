"""`phare data` commands: import answers, quarantine, waves, history, exports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from phare.cli._common import fail, make_console, progress_steps

if TYPE_CHECKING:
    import pandas as pd

    from phare.responses import IntakeReport, Store

EXPORT_FORMATS = ("csv", "xlsx", "sav", "dta")
"""``phare.responses.EXPORT_FORMATS``, copied so that ``--help`` needs no heavy import
(tests/test_cli_startup.py checks they are equal)."""

app = typer.Typer(
    help="Réponses : import, quarantaine, vagues, export / responses: import, quarantine, "
    "waves, export.",
    no_args_is_help=True,
)
quarantine_app = typer.Typer(
    help="Lignes en quarantaine / quarantined rows.",
    no_args_is_help=True,
)
app.add_typer(quarantine_app, name="quarantine")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="PHARE_DB_URL",
        help="Base : fichier SQLite ou URL SQLAlchemy (défaut phare.db) / store: SQLite file or "
        "SQLAlchemy URL (default phare.db).",
    ),
]
WaveOption = Annotated[str, typer.Option("--wave", help="Vague, ex. 2026 / wave, e.g. 2026.")]


STEPS = {
    "read": "Lecture du fichier / reading the file",
    "check": "Contrôles / checks",
    "upgrade": "Schéma de la base / store schema",
    "import": "Lecture, contrôles et enregistrement / reading, checking and storing",
    "export": "Lecture de la vague et écriture / reading the wave and writing",
}
"""Label of each step of `phare data import` and `export`."""


def _store(db: str | None) -> Store:
    from phare.responses import Store

    return Store(db)


def _frame_table(df: pd.DataFrame, title: str) -> Table:
    import pandas as pd

    table = Table(title=title)
    for col in df.columns:
        table.add_column(str(col))
    for row in df.itertuples(index=False):
        table.add_row(*["" if pd.isna(v) else _short(str(v), 60) for v in row])
    return table


def _short(text: str, width: int) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= width else text[: width - 1] + "…"


def render_report(report: IntakeReport, console: Console, max_rows: int = 50) -> None:
    """Print an intake report: a summary line, then one table line per problem."""
    console.print(
        f"[bold]{report.file}[/] → vague/wave [bold]{report.wave}[/] · format {report.format}"
        + (f" · {report.encoding} « {report.separator} »" if report.encoding else ""),
        highlight=False,
    )
    console.print(
        f"lignes lues / rows in: {report.rows_in} · acceptées / accepted: "
        f"[green]{report.n_accepted}[/] · en quarantaine / quarantined: "
        f"[red]{report.n_quarantined}[/] · avertissements / warnings: {len(report.warnings)}",
        highlight=False,
    )
    if report.unknown_columns:
        console.print(
            "colonnes inconnues mises de côté / unknown columns kept aside: "
            + ", ".join(report.unknown_columns),
            highlight=False,
        )
    problems = report.problems
    if not problems:
        return
    table = Table(title=f"Problèmes / problems — {report.file}")
    table.add_column("niveau", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("ligne / row", justify="right", no_wrap=True)
    table.add_column("colonne / column", no_wrap=True)
    table.add_column("valeur / value", overflow="fold", max_width=30)
    table.add_column("attendu / expected", overflow="fold", max_width=30)
    table.add_column("message", overflow="fold")
    styles = {"error": "red", "warning": "yellow", "info": "dim"}
    for p in problems[:max_rows]:
        table.add_row(
            f"[{styles[p.severity]}]{p.severity}[/]",
            p.code,
            "" if p.row is None else str(p.row),
            p.column or "",
            _short(p.value or "", 60),
            _short(p.expected or "", 60),
            _short(p.message, 160),
        )
    console.print(table)
    if len(problems) > max_rows:
        console.print(
            f"… {len(problems) - max_rows} autres problèmes (voir --json) / more problems "
            "(see --json)"
        )


def _write_json(text: str, target: Path) -> None:
    if str(target) == "-":
        sys.stdout.write(text + "\n")
    else:
        target.write_text(text + "\n", encoding="utf-8")


@app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Crée ou met à jour les tables / create or migrate the store's tables."""
    store = _store(db)
    store.upgrade()
    typer.echo(f"schéma / schema {store.schema_revision()} : {store}")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, SAV ou DTA / CSV, XLSX, SAV or DTA.")],
    wave: Annotated[
        str | None,
        typer.Option(
            "--wave",
            help="Vague (défaut : la colonne « wave » du fichier) / wave (default: the file's "
            "'wave' column).",
        ),
    ] = None,
    db: DbOption = None,
    who: Annotated[
        str | None,
        typer.Option("--who", help="Auteur de l'import (défaut : login) / who imports."),
    ] = None,
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="Rapport JSON dans ce fichier (- : sortie) / JSON report."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Vérifier sans rien écrire / check, write nothing."),
    ] = False,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Lignes du tableau / problems shown.")
    ] = 50,
) -> None:
    """Importe un fichier de réponses / import a file of answers (atomic, idempotent)."""
    from phare.responses import IntakeError, StoreError, read_file, validate

    store = _store(db)
    console = make_console(stderr=json_out is not None and str(json_out) == "-")
    already: int | None = None
    try:
        with progress_steps(STEPS["read"], 2, labels=STEPS) as steps:
            if dry_run:
                steps.step("read")
                raw = read_file(file)
                steps.step("check")
                if store.schema_revision() is None:
                    report = validate(raw, store.instrument, wave)
                else:
                    report = store.check(raw, wave)
            else:
                steps.step("upgrade")
                store.upgrade()
                steps.step("import")
                outcome = store.import_file(file, wave, who=who)
                report = outcome.report
                if outcome.already_imported:
                    already = outcome.import_id
    except IntakeError as exc:
        if json_out is not None:
            _write_json(json.dumps({"refused": exc.to_dict()}, ensure_ascii=False), json_out)
        raise fail(f"{exc.file}: {exc.message}", code=2) from None
    except StoreError as exc:
        raise fail(str(exc), code=1) from None
    if dry_run:
        console.print("[bold]Vérification seule, rien n'est écrit / dry run, nothing written")
    elif already is not None:
        console.print(
            f"[yellow]Fichier déjà importé dans la vague (import {already}) : "
            f"rien n'a changé / file already imported into the wave, nothing changed"
        )
    render_report(report, console, max_rows)
    if json_out is not None:
        _write_json(report.to_json(), json_out)


@app.command("waves")
def waves(db: DbOption = None) -> None:
    """Les vagues de la base / the waves in the store."""
    from phare.responses import StoreError

    try:
        df = _store(db).list_waves()
    except StoreError as exc:
        raise fail(str(exc), code=1) from None
    make_console().print(_frame_table(df, "Vagues / waves"))


@app.command("history")
def history(
    db: DbOption = None,
    wave: Annotated[
        str | None, typer.Option("--wave", help="Une seule vague / one wave only.")
    ] = None,
) -> None:
    """Historique des imports (qui, quand, empreinte, effectifs) / import history."""
    from phare.responses import StoreError

    try:
        df = _store(db).history(wave)
    except StoreError as exc:
        raise fail(str(exc), code=1) from None
    df["sha256"] = df["sha256"].str[:12]
    make_console().print(_frame_table(df, "Imports"))


@quarantine_app.command("list")
def quarantine_list(
    wave: WaveOption,
    db: DbOption = None,
    all_rows: Annotated[
        bool,
        typer.Option("--all", help="Y compris les lignes corrigées / include resolved rows."),
    ] = False,
) -> None:
    """Lignes en quarantaine et leurs motifs / quarantined rows and why."""
    from phare.responses import StoreError

    try:
        df = _store(db).quarantine(wave, include_resolved=all_rows)
    except (StoreError, ValueError) as exc:
        raise fail(str(exc), code=1) from None
    shown = df[[c for c in df.columns[:6]] + ([c for c in ("commune",) if c in df.columns])]
    make_console().print(_frame_table(shown, f"Quarantaine / quarantine — {wave} ({len(df)})"))


@quarantine_app.command("export")
def quarantine_export(
    wave: WaveOption,
    out: Annotated[Path, typer.Option("--out", help="Fichier CSV / CSV file.")],
    db: DbOption = None,
) -> None:
    """Exporte la quarantaine en CSV à corriger puis réimporter / export to correct and
    re-import."""
    from phare.responses import StoreError

    try:
        path = _store(db).export_quarantine(wave, out)
    except (StoreError, ValueError) as exc:
        raise fail(str(exc), code=1) from None
    typer.echo(f"écrit / written: {path}")


@app.command("export")
def export(
    wave: WaveOption,
    out: Annotated[Path, typer.Option("--out", help="Fichier à écrire / file to write.")],
    fmt: Annotated[
        str,
        typer.Option("--format", help=f"Format : {', '.join(EXPORT_FORMATS)}."),
    ] = "csv",
    db: DbOption = None,
    sep: Annotated[
        str, typer.Option("--sep", help="Séparateur CSV / CSV separator (; , or tab).")
    ] = ";",
) -> None:
    """Exporte une vague (CSV, XLSX, SAV, DTA avec libellés) / export a wave."""
    from phare.responses import StoreError

    if fmt not in EXPORT_FORMATS:
        raise fail(f"--format: attendu / expected {EXPORT_FORMATS}, reçu / got {fmt!r}", code=2)
    try:
        with progress_steps(STEPS["export"], 1, labels=STEPS) as steps:
            steps.step("export")
            path = _store(db).export_wave(
                wave, fmt, out, csv_separator="\t" if sep == "tab" else sep
            )
    except (StoreError, ValueError) as exc:
        raise fail(str(exc), code=1) from None
    typer.echo(f"écrit / written: {path}")
