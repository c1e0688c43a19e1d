"""`phare instrument` commands: summary, codebook, XLSForm out and back."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from phare.cli._common import fail

if TYPE_CHECKING:
    from phare.instrument import Instrument

app = typer.Typer(
    help="Questionnaire PHARE-Institutions / the PHARE-Institutions instrument.",
    no_args_is_help=True,
)

InstrumentOption = Annotated[
    Path | None,
    typer.Option(
        "--instrument",
        help="Fichier YAML d'un questionnaire (défaut : PHARE-Institutions) / instrument YAML.",
    ),
]


class CodebookFormat(StrEnum):
    md = "md"
    html = "html"


def _load(path: Path | None) -> Instrument:
    from phare.instrument import InstrumentError, load_instrument

    try:
        return load_instrument(path)
    except (InstrumentError, FileNotFoundError) as exc:
        raise fail(str(exc)) from exc


@app.command()
def show(instrument: InstrumentOption = None) -> None:
    """Résumé du questionnaire / summary of the instrument."""
    inst = _load(instrument)
    console = Console()
    console.print(f"[bold]{inst.title.fr}[/bold] — {inst.title.en}")
    console.print(f"{inst.id} version {inst.version}")
    table = Table("question", "type", "variables", "texte / text")
    for q in inst.questions:
        names = [v.name for v in q.variables]
        shown = ", ".join(names) if len(names) <= 3 else f"{names[0]} … {names[-1]} ({len(names)})"
        text = q.text.fr if q.asked_if is None else f"{q.text.fr} [si / if {q.asked_if.describe()}]"
        table.add_row(q.id, q.type, shown, text)
    console.print(table)
    console.print(
        f"{len(inst.asked_variables)} variables posées / asked, "
        f"{len(inst.respondent)} de répondant / respondent, "
        f"{len(inst.frame_variables)} de la base de sondage / from the frame, "
        f"{len(inst.indicators)} indicateurs dérivés / derived indicators: "
        + ", ".join(i.name for i in inst.indicators)
    )


@app.command()
def codebook(
    out: Annotated[Path, typer.Option("--out", help="Fichier de sortie / output file.")],
    fmt: Annotated[
        CodebookFormat, typer.Option("--format", help="md (Markdown) ou html / md or html.")
    ] = CodebookFormat.md,
    instrument: InstrumentOption = None,
) -> None:
    """Écrit le dictionnaire des variables / write the codebook."""
    from phare.instrument.codebook import codebook_html, codebook_markdown

    inst = _load(instrument)
    text = codebook_markdown(inst) if fmt is CodebookFormat.md else codebook_html(inst)
    out.write_text(text, encoding="utf-8")
    typer.echo(f"Dictionnaire écrit / codebook written: {out}")


@app.command()
def xlsform(
    out: Annotated[Path, typer.Option("--out", help="Fichier .xlsx de sortie / output .xlsx.")],
    instrument: InstrumentOption = None,
) -> None:
    """Écrit le questionnaire au format XLSForm (ODK, KoBo) / write the XLSForm."""
    from phare.instrument.xlsform import write_xlsform

    inst = _load(instrument)
    write_xlsform(inst, out)
    typer.echo(f"XLSForm écrit / written: {out}")


@app.command("check-xlsform")
def check_xlsform(
    file: Annotated[Path, typer.Argument(help="XLSForm (.xlsx) à vérifier / to check.")],
    instrument: InstrumentOption = None,
) -> None:
    """Lit un XLSForm et vérifie qu'il ne renomme ni ne recode rien / read an XLSForm and
    check it only adds to the instrument (no rename, no recode)."""
    from phare.instrument import InstrumentError, compatibility_problems
    from phare.instrument.xlsform import read_xlsform

    base = _load(instrument)
    try:
        new = read_xlsform(file)
    except (InstrumentError, FileNotFoundError, ValueError) as exc:
        typer.echo(f"XLSForm refusé / rejected: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    problems = compatibility_problems(new, base)
    if problems:
        typer.echo(
            f"XLSForm incompatible avec / incompatible with {base.id} {base.version}:", err=True
        )
        for p in problems:
            typer.echo(f"  - {p}", err=True)
        raise typer.Exit(code=1)
    added = [v.name for v in new.asked_variables if v.name not in set(base.column_order())]
    typer.echo(
        f"XLSForm conforme / compatible: {new.id} {new.version}, "
        f"{len(new.questions)} questions, {len(new.asked_variables)} variables"
        + (f"; ajoutées / added: {', '.join(added)}" if added else "")
    )
