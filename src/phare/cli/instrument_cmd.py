"""`phare instrument` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="phare instrument", no_args_is_help=True)
