"""State shared by the CLI's commands: the database, verbosity, consoles and progress bars.

Every capability's command group (``intake``, ``plan``, ...) imports :data:`state` from here,
so the global ``--db``, ``--quiet`` and ``--verbose`` options reach all of them. Rich's
progress bars and the registry (SQLAlchemy, pandas) are imported only when a command uses
them, so that ``coopatlas --help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy import Engine

ProgressCallback = Callable[[int, int], None]


@dataclass
class State:
    db: str | None = None
    quiet: bool = False
    verbose: bool = False

    @property
    def out(self) -> Console:
        return Console(quiet=self.quiet, soft_wrap=True)

    @property
    def err(self) -> Console:
        return Console(stderr=True, quiet=self.quiet, soft_wrap=True)

    def engine(self, create: bool = False) -> Engine:
        """The registry's engine; a SQLite file is created only when *create* (``db init``)."""
        from coopatlas.registry.store import connect

        return connect(self.db, create=create)

    @property
    def live(self) -> bool:
        """Whether live progress (bars, spinners) can be shown: not quiet, stderr a terminal."""
        return not self.quiet and self.err.is_terminal

    @contextmanager
    def progress(self, label: str) -> Iterator[ProgressCallback]:
        """A progress bar on stderr; yields a ``(done, total)`` callback."""
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = self.err
        bar = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            # off a terminal a transient bar leaves only a blank line before the messages
            disable=self.quiet or not console.is_terminal,
        )
        task = bar.add_task(label, total=None)
        with bar:
            yield lambda done, total: bar.update(task, completed=done, total=total)


state = State()
