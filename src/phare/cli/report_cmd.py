"""`phare report` command."""

from __future__ import annotations

import typer


def report() -> None:
    """Not yet available / pas encore disponible."""
    typer.echo("phare report: not yet available", err=True)
    raise typer.Exit(code=2)
