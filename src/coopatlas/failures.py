"""Every failure a user can cause, said in one ``error:`` line (or a short block).

:func:`describe` turns an exception that escaped a command into that text and its exit
code. A :class:`~coopatlas.errors.UserError` already says what to do; database, file-system
and interrupt errors are translated here, naming the database or file. Anything else is a
bug: one line that says so, and the traceback only with ``--verbose`` or ``COOPATLAS_DEBUG=1``.
Heavy libraries are imported only when the exception is one of theirs.
"""

from __future__ import annotations

import sys

from coopatlas.errors import UserError


def _database(db: str | None) -> str:
    from coopatlas.registry.store import resolve_url, sqlite_path

    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    if "@" in url:  # hide a password
        scheme, rest = url.split("://", 1)
        url = f"{scheme}://{rest.rsplit('@', 1)[1]}"
    return url


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _sql(exc: BaseException, db: str | None) -> str | None:
    """The message for a SQLAlchemy error, or None when *exc* is not one."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy import exc as sa_exc

    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    name = _database(db)
    orig = _first_line(exc.orig) if exc.orig is not None else _first_line(exc)
    low = orig.lower()
    if isinstance(exc, sa_exc.IntegrityError):
        return (
            f"database {name}: another writer stored the same rows at the same time "
            f"({orig}); nothing of this command was stored. Run it again "
            "(with --upsert to replace the rows)"
        )
    if "locked" in low or "busy" in low:
        return (
            f"database {name}: still locked by another writer; nothing was stored. "
            "Try again when the other command has finished"
        )
    if "readonly" in low or "read-only" in low:
        return (
            f"database {name} is read-only (file or folder permissions); nothing was stored. "
            "Make it writable, or copy it somewhere you may write"
        )
    if "not a database" in low or "malformed" in low or "file is encrypted" in low:
        return (
            f"database {name} is not a coopatlas database or is damaged ({orig}). "
            "Restore it from a backup, or create a new one with `coopatlas db init --db NEW`"
        )
    if "unable to open database" in low:
        return (
            f"database {name}: cannot open the file (the folder is missing or not readable); "
            "check the --db path"
        )
    if "connection refused" in low or "could not connect" in low or "connection failed" in low:
        return (
            f"database {name}: cannot connect ({orig}); is the PostgreSQL server running and "
            "is the address right?"
        )
    if "password authentication failed" in low or "does not exist" in low:
        return f"database {name}: {orig}; check the --db URL"
    return f"database {name}: {orig}"


def _file(exc: BaseException) -> str | None:
    if isinstance(exc, OSError) and exc.filename is not None:
        reason = exc.strerror or _first_line(exc)
        hint = ""
        if isinstance(exc, FileNotFoundError):
            hint = "; check the path (a folder for an output must exist)"
        elif isinstance(exc, PermissionError):
            hint = "; check the file's permissions"
        elif isinstance(exc, IsADirectoryError):
            hint = "; give a file, not a folder"
        return f"{exc.filename}: {reason}{hint}"
    if isinstance(exc, OSError):
        return f"{_first_line(exc)} (a file or the network could not be used)"
    return None


def describe(exc: BaseException, db: str | None) -> tuple[str, int, bool]:
    """``(message, exit code, is a bug)`` for an exception that escaped a command."""
    if isinstance(exc, UserError):
        return str(exc), 1, False
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted; what was not committed was not stored", 130, False
    if isinstance(exc, MemoryError):
        return "out of memory; try a smaller file or a machine with more memory", 1, False
    message = _sql(exc, db) or _file(exc)
    if message is not None:
        return message, 1, False
    return (
        f"internal error ({type(exc).__name__}: {_first_line(exc)}); this is a bug in "
        "coopatlas. Run again with --verbose for the details and report them",
        1,
        True,
    )
