"""`phare frame` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="phare frame", no_args_is_help=True)
