"""The `phare` command line: thin Typer commands over the packages.

Each group of commands lives in its own module of `phare.cli` and is registered here.
"""

from __future__ import annotations

import typer

from phare import __version__
from phare.cli import (
    data_cmd,
    demo_cmd,
    estimate_cmd,
    frame_cmd,
    instrument_cmd,
    report_cmd,
    typology_cmd,
)

app = typer.Typer(
    name="phare",
    help="phare — enquête auprès des maires de France / survey of the mayors of France.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """phare: base de sondage, questionnaire, collecte, statistiques, typologie, publication."""


@app.command()
def version() -> None:
    """Affiche la version / print the version."""
    typer.echo(__version__)


app.add_typer(frame_cmd.app, name="frame")
app.command(name="estimate")(estimate_cmd.estimate)
app.add_typer(instrument_cmd.app, name="instrument")
app.add_typer(data_cmd.app, name="data")
app.command(name="demo")(demo_cmd.demo)
app.command(name="report")(report_cmd.report)
app.add_typer(typology_cmd.app, name="typology")
