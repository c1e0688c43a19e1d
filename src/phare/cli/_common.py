"""What every `phare` command shares: the console, the error exit, today's date."""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console

WIDTH = 160
"""Width of the tables printed by the commands (wide enough for the frame and codebook)."""


def make_console(stderr: bool = False) -> Console:
    """A Rich console of fixed width, on stdout or (for progress and errors) on stderr."""
    return Console(width=WIDTH, stderr=stderr)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``Erreur / error: <message>`` on stderr and return the exit to raise.

    Used as ``raise fail(...)``. Exit code 2 for a usage error (bad option or file), 1 for a
    failure of the work itself.
    """
    typer.echo(f"Erreur / error: {message}", err=True)
    return typer.Exit(code=code)


def today() -> str:
    """Today's date (UTC) in ISO format, the default build date of the outputs."""
    return dt.datetime.now(dt.UTC).date().isoformat()
