"""Errors a user can act on.

The CLI prints a :class:`UserError` on stderr and exits 1; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """Something the user can fix: bad input, a missing file, an unknown database."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one row) of an input file."""

    row: int | None
    column: str | None
    message: str

    def describe(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRejected(UserError):
    """An import found bad rows; nothing was stored."""

    max_listed = 50

    def __init__(self, path: str, problems: list[Problem], total_bad_rows: int | None = None):
        self.path = path
        self.problems = problems
        self.total_bad_rows = total_bad_rows
        super().__init__(self.render())

    def render(self) -> str:
        shown = self.problems[: self.max_listed]
        bad_rows = self.total_bad_rows
        if bad_rows is None:
            bad_rows = len({p.row for p in self.problems})
        lines = [f"{self.path}: import rejected, nothing was stored ({bad_rows} bad row(s))"]
        lines += [f"{self.path}: {p.describe()}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"... and {len(self.problems) - len(shown)} more problem(s) not listed")
        return "\n".join(lines)
