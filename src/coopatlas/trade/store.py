"""The bulk statistics store: customs statistics as Parquet files, queried with DuckDB.

Why not the registry database: ministries hold tens of millions of rows (region, partner, HS6,
month); the aggregates the monitor needs ran 35–80× faster in DuckDB over Parquet than in
SQLite (../shared/MEASUREMENTS.md). The store lives next to the registry: for a SQLite file
``x.db`` it is the folder ``x.db.trade/``; otherwise ``$COOPATLAS_TRADE_STORE`` or
``./coopatlas.trade/``. It holds one Parquet file per loaded file (sorted by partner and
period, so a partner's rows are a few row groups) and ``manifest.json`` naming each file's
source, row count, checksum and load time.

Loading is all-or-nothing: every file is checked first (types, codes, ranges, duplicate keys),
every problem is reported with file, row and column, and nothing is written unless all pass.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from coopatlas.errors import ImportRejected, Problem, UserError

ENV_VAR = "COOPATLAS_TRADE_STORE"
COLUMNS = ("reporter", "partner", "year", "month", "flow", "hs", "value_usd")
KEY = ("reporter", "partner", "year", "month", "flow", "hs")
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class LoadedFile:
    """One statistics file in the store."""

    id: int
    name: str
    path: str
    rows: int
    sha256: str
    loaded: str
    synthetic: bool = False

    def source(self) -> dict[str, Any]:
        title = f"customs statistics file {self.name} ({self.rows:,} rows)"
        if self.synthetic:
            title += ", synthetic"
        return {
            "address": self.path,
            "title": title,
            "date": self.loaded[:10],
            "kind": "statistics",
        }


def store_dir(engine: Engine) -> Path:
    """Where the statistics of this registry live (see the module docstring)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        return Path(f"{database}.trade")
    return Path("coopatlas.trade")


def manifest(engine: Engine) -> list[LoadedFile]:
    """The files loaded so far (empty when there is no store)."""
    path = store_dir(engine) / "manifest.json"
    if not path.exists():
        return []
    return [LoadedFile(**item) for item in json.loads(path.read_text("utf-8"))]


def has_statistics(engine: Engine) -> bool:
    return bool(manifest(engine))


@contextmanager
def _duck() -> Iterator[Any]:
    import duckdb

    con = duckdb.connect()
    try:
        yield con
    finally:
        con.close()


def _scan(engine: Engine) -> str:
    glob = (store_dir(engine) / "files" / "*.parquet").as_posix().replace("'", "''")
    return f"read_parquet('{glob}')"


def query(engine: Engine, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run *sql* with ``stats`` standing for all loaded rows; empty frame without a store."""
    if not has_statistics(engine):
        return pd.DataFrame()
    with _duck() as con:
        con.execute(f"CREATE VIEW stats AS SELECT * FROM {_scan(engine)}")
        frame: pd.DataFrame = con.execute(sql, list(params)).df()
        return frame


def monthly_totals(engine: Engine, partner: str | None, reporter: str = "BY") -> pd.DataFrame:
    """Exports and imports with *partner* (every partner for None, with a ``partner``
    column) per month, all goods, and the files behind them.

    For reporter BY, rows of Belarusian regions (BY-MI, ...) count too, but where a month has
    country rows those win, so a file of country totals and one of regions never add up twice.
    """
    where = "" if partner is None else "partner = ? AND "
    frame = query(
        engine,
        "SELECT partner, flow, year, month, reporter = ? AS own, sum(value_usd) AS value_usd, "
        f"list(DISTINCT file) AS files FROM stats WHERE {where}"
        "(reporter = ? OR reporter LIKE ? || '-%') GROUP BY ALL",
        [reporter, *([partner] if partner else []), reporter, reporter],
    )
    if frame.empty:
        return pd.DataFrame(columns=["partner", "flow", "year", "month", "value_usd", "files"])
    key = ["partner", "flow", "year", "month"]
    frame = frame.sort_values("own", ascending=False).drop_duplicates(key)
    frame = frame.drop(columns="own").sort_values(key, ignore_index=True)
    return frame if partner is None else frame.drop(columns="partner")


def _names(path: Path) -> str:
    return path.as_posix().replace("'", "''")


def _reader(path: Path, fmt: str) -> str:
    if fmt == "parquet":
        return f"(SELECT COLUMNS(*)::VARCHAR FROM read_parquet('{_names(path)}'))"
    return f"read_csv('{_names(path)}', all_varchar = true, header = true)"


def _format_of(path: Path, fmt: str | None) -> str:
    name = fmt or path.suffix.lower().lstrip(".")
    if name not in ("csv", "parquet"):
        raise UserError(f"{path}: cannot tell the format; use --format csv or parquet")
    return name


def _known_places() -> set[str]:
    import pycountry

    from coopatlas.registry.synth import regions

    return set(regions()["code"]) | {c.alpha_2 for c in pycountry.countries}


def _suggest(value: str, known: set[str]) -> str:
    from rapidfuzz import process

    best = process.extractOne(value, sorted(known), score_cutoff=60)
    return f" (did you mean {best[0]}?)" if best else ""


CHECKS = (
    (
        "reporter",
        "reporter IS NULL OR NOT regexp_full_match(reporter, 'BY(-[A-Z]{2})?')",
        "must be BY or a Belarusian region code (BY-MI, ...)",
    ),
    (
        "partner",
        "partner IS NULL OR NOT regexp_full_match(partner, '[A-Z]{2}(-[A-Z0-9]{1,3})?')",
        "must be an ISO 3166 country (RU) or region (RU-LIP) code",
    ),
    (
        "year",
        "TRY_CAST(year AS INTEGER) IS NULL OR TRY_CAST(year AS INTEGER) NOT BETWEEN 1990 AND 2100",
        "must be a year between 1990 and 2100",
    ),
    (
        "month",
        "TRY_CAST(month AS INTEGER) IS NULL OR TRY_CAST(month AS INTEGER) NOT BETWEEN 1 AND 12",
        "must be a month number 1–12",
    ),
    ("flow", "flow IS NULL OR flow NOT IN ('export', 'import')", "must be export or import"),
    (
        "hs",
        "hs IS NULL OR NOT regexp_full_match(hs, '\\d{6}') OR substr(hs, 1, 2) IN ('00', "
        "'77', '98', '99')",
        "must be a six-digit HS code of chapters 01–97",
    ),
    (
        "value_usd",
        "TRY_CAST(value_usd AS DOUBLE) IS NULL OR TRY_CAST(value_usd AS DOUBLE) < 0 "
        "OR NOT isfinite(TRY_CAST(value_usd AS DOUBLE))",
        "must be a number of US dollars ≥ 0",
    ),
)


def _problems(con: Any, table: str, known: set[str]) -> tuple[list[Problem], int]:
    problems: list[Problem] = []
    bad_rows: set[int] = set()
    total_bad = 0
    for column, condition, why in CHECKS:
        count, rows, values = con.execute(
            f"SELECT count(*), list(_row ORDER BY _row)[1:{MAX_PROBLEMS}], "
            f"list({column} ORDER BY _row)[1:{MAX_PROBLEMS}] FROM {table} WHERE {condition}"
        ).fetchone()
        total_bad += count
        for row, value in zip(rows or [], values or [], strict=True):
            shown = "empty" if value in (None, "") else repr(value)
            problems.append(Problem(int(row), column, f"{shown}: {why}"))
            bad_rows.add(int(row))
    for column in ("reporter", "partner"):
        values = [v for (v,) in con.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()]
        unknown = sorted(v for v in values if v and v not in known)
        for value in unknown[:MAX_PROBLEMS]:
            count, first = con.execute(
                f"SELECT count(*), min(_row) FROM {table} WHERE {column} = ?", [value]
            ).fetchone()
            total_bad += count
            problems.append(
                Problem(
                    int(first),
                    column,
                    f"unknown code {value!r}{_suggest(value, known)}"
                    + (f" (and {count - 1} more rows)" if count > 1 else ""),
                )
            )
    key = ", ".join(KEY)
    dups = con.execute(
        f"SELECT {key}, list(_row ORDER BY _row) AS rows FROM {table} GROUP BY ALL "
        f"HAVING count(*) > 1 LIMIT {MAX_PROBLEMS}"
    ).fetchall()
    for dup in dups:
        rows = dup[-1]
        total_bad += len(rows) - 1
        problems.append(
            Problem(
                int(rows[1]),
                None,
                f"same key as row {rows[0]} ("
                + ", ".join(f"{k}={v}" for k, v in zip(KEY, dup, strict=False))
                + ")",
            )
        )
    return problems, total_bad


def _clean(con: Any, table: str, known: set[str]) -> bool:
    """One pass over the rows for every check, one for duplicate keys: the fast path."""
    counts = con.execute(
        "SELECT "
        + ", ".join(f"count_if({condition})" for _, condition, _ in CHECKS)
        + f" FROM {table}"
    ).fetchone()
    if any(counts):
        return False
    places = con.execute(f"SELECT DISTINCT reporter, partner FROM {table}").fetchall()
    if any(r not in known or p not in known for r, p in places):
        return False
    key = ", ".join(KEY)
    clashes = con.execute(
        f"SELECT count(*) FROM (SELECT hash({key}) AS h FROM {table} GROUP BY h "
        "HAVING count(*) > 1)"
    ).fetchone()[0]
    return (
        not clashes
        or not con.execute(
            f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0]
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def load_files(
    engine: Engine, paths: Sequence[Path], fmt: str | None = None, *, synthetic: bool = False
) -> list[LoadedFile]:
    """Check every file, then add all of them to the store, or none (see the module doc)."""
    if not paths:
        raise UserError("no statistics files given")
    known = _known_places()
    existing = manifest(engine)
    digests = {f.sha256: f for f in existing}
    folder = store_dir(engine)
    staged: list[tuple[Path, LoadedFile]] = []
    next_id = max((f.id for f in existing), default=0) + 1
    try:
        with _duck() as con:
            for path in paths:
                staged.append(_stage(con, path, fmt, next_id, known, digests, folder, synthetic))
                next_id += 1
    except BaseException:
        shutil.rmtree(folder / "staging", ignore_errors=True)
        raise
    (folder / "files").mkdir(parents=True, exist_ok=True)
    for target, _ in staged:
        target.replace(folder / "files" / target.name)
    shutil.rmtree(folder / "staging", ignore_errors=True)
    items = existing + [item for _, item in staged]
    (folder / "manifest.json").write_text(
        json.dumps([vars(i) for i in items], indent=1, ensure_ascii=False), "utf-8"
    )
    return [item for _, item in staged]


def _is_synthetic(path: Path) -> bool:
    meta = Path(f"{path}.meta.json")
    if not meta.exists():
        return False
    try:
        return bool(json.loads(meta.read_text("utf-8")).get("synthetic"))
    except (ValueError, AttributeError):
        return False


def _stage(
    con: Any,
    path: Path,
    fmt: str | None,
    next_id: int,
    known: set[str],
    digests: dict[str, LoadedFile],
    folder: Path,
    synthetic: bool,
) -> tuple[Path, LoadedFile]:
    """Check one file and write it to the staging folder as Parquet."""
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    kind = _format_of(path, fmt)
    digest = _sha256(path)
    if digest in digests:
        raise UserError(
            f"{path}: already loaded (as {digests[digest].name} on "
            f"{digests[digest].loaded[:10]}); nothing was stored"
        )
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM {_reader(path, kind)}")
    except Exception as exc:  # duckdb raises its own error classes
        raise UserError(f"{path}: cannot read as {kind}: {exc}") from exc
    names = [r[0] for r in con.execute("DESCRIBE raw").fetchall()]
    missing = [c for c in COLUMNS if c not in names]
    extra = [c for c in names if c not in COLUMNS]
    if missing or extra:
        what = []
        if missing:
            what.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            what.append(f"unknown column(s) {', '.join(extra)}")
        raise ImportRejected(
            str(path),
            [Problem(1, None, "; ".join(what) + f" (expected {', '.join(COLUMNS)})")],
            0,
        )
    if not _clean(con, "raw", known):
        # something is wrong: number the rows (file order) and say what, where
        first_row = 2 if kind == "csv" else 1
        con.execute(
            "CREATE OR REPLACE TEMP TABLE numbered AS SELECT row_number() OVER () + "
            f"{first_row - 1} AS _row, * FROM {_reader(path, kind)}"
        )
        problems, bad = _problems(con, "numbered", known)
        raise ImportRejected(str(path), problems, bad)
    rows = con.execute("SELECT count(*) FROM raw").fetchone()[0]
    if rows == 0:
        raise UserError(f"{path}: no data rows; nothing was stored")
    item = LoadedFile(
        next_id,
        path.name,
        str(path.resolve()),
        int(rows),
        digest,
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        synthetic or _is_synthetic(path),
    )
    (folder / "staging").mkdir(parents=True, exist_ok=True)
    target = folder / "staging" / f"{next_id:05d}.parquet"
    con.execute(
        "COPY (SELECT reporter, partner, year::SMALLINT AS year, month::TINYINT AS month,"
        " flow, hs, value_usd::DOUBLE AS value_usd, "
        f"{next_id}::INTEGER AS file FROM raw ORDER BY partner) "
        f"TO '{_names(target)}' (FORMAT parquet, COMPRESSION zstd)"
    )
    return target, item
