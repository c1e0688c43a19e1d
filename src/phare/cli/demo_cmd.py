"""`phare demo` command."""

from __future__ import annotations

import typer


def demo() -> None:
    """Not yet available / pas encore disponible."""
    typer.echo("phare demo: not yet available", err=True)
    raise typer.Exit(code=2)
