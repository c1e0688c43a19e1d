"""`phare typology` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="phare typology", no_args_is_help=True)
