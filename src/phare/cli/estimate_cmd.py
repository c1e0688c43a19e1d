"""`phare estimate` command."""

from __future__ import annotations

import typer


def estimate() -> None:
    """Not yet available / pas encore disponible."""
    typer.echo("phare estimate: not yet available", err=True)
    raise typer.Exit(code=2)
