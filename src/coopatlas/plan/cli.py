"""`coopatlas plan ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Plan localization to 2030 with HiGHS.", no_args_is_help=True)
