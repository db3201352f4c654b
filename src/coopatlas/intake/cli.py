"""`coopatlas intake ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Read official articles into dated, sourced facts.", no_args_is_help=True)
