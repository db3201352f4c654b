"""Concurrent writers: two ``coopatlas import`` processes on one database.

On SQLite the second writer waits for the first (a line on stderr says so) and then
succeeds or says the database stayed locked; on PostgreSQL a clash on the same keys is
run again and reported in words. Nothing is lost or duplicated.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

ROWS = 30_000


def enterprises(path: Path, prefix: str, rows: int = ROWS) -> Path:
    frame = pd.DataFrame(
        {
            "id": [f"{prefix}-{i:06d}" for i in range(rows)],
            "name_en": [f"Plant {prefix} {i}" for i in range(rows)],
            "region": "BY-MI",
        }
    )
    frame.to_csv(path, index=False)
    return path


def start(db: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "coopatlas", "--db", db, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


def count(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as c:
        n = int(c.execute(sa.text("SELECT count(*) FROM enterprises")).scalar_one())
    engine.dispose()
    return n


@pytest.mark.slow
def test_two_imports_into_one_sqlite_file_both_store(sqlite_url: str, tmp_path: Path) -> None:
    a = enterprises(tmp_path / "a.csv", "a")
    b = enterprises(tmp_path / "b.csv", "b")
    first, second = (
        start(sqlite_url, "import", "enterprises", str(a)),
        start(sqlite_url, "import", "enterprises", str(b)),
    )
    results = [finish(first), finish(second)]
    for code, _, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    assert count(sqlite_url) == 2 * ROWS


@pytest.mark.slow
def test_the_same_file_imported_twice_at_once(db_url: str, tmp_path: Path) -> None:
    """One import stores the rows; the other ends with exit 0 (upsert) or a clear message."""
    a = enterprises(tmp_path / "a.csv", "same")
    runs = [start(db_url, "import", "enterprises", str(a)) for _ in range(2)]
    results = [finish(p) for p in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 1]), results
    for code, _, err in results:
        assert "Traceback" not in err
        if code == 1:
            assert err.startswith("error: ")
            assert "already in the database" in err or "at the same time" in err
    assert count(db_url) == ROWS
    upserts = [start(db_url, "import", "enterprises", str(a), "--upsert") for _ in range(2)]
    assert [finish(p)[0] for p in upserts] == [0, 0]
    assert count(db_url) == ROWS


def _hold_lock(path: str, release: threading.Event, held: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    held.set()
    release.wait(timeout=300)
    connection.execute("ROLLBACK")
    connection.close()


def _locked(sqlite_url: str) -> tuple[threading.Thread, threading.Event]:
    held, release = threading.Event(), threading.Event()
    path = sqlite_url.removeprefix("sqlite:///")
    holder = threading.Thread(target=_hold_lock, args=(path, release, held))
    holder.start()
    held.wait()
    return holder, release


def test_a_writer_waits_for_the_lock_then_succeeds(sqlite_url: str, tmp_path: Path) -> None:
    holder, release = _locked(sqlite_url)
    f = enterprises(tmp_path / "w.csv", "w", 10)
    process = start(sqlite_url, "import", "enterprises", str(f),
                    env={"COOPATLAS_LOCK_TIMEOUT": "300"})  # fmt: skip
    assert process.stderr is not None
    first_line = process.stderr.readline()  # blocks until the writer says it waits
    release.set()
    holder.join()
    code, _, err = finish(process)
    assert code == 0, first_line + err
    assert "locked by another writer; waiting" in first_line
    assert count(sqlite_url) == 10


def test_a_writer_gives_up_with_a_clear_message(sqlite_url: str, tmp_path: Path) -> None:
    holder, release = _locked(sqlite_url)
    f = enterprises(tmp_path / "w.csv", "w", 10)
    try:
        code, _, err = finish(start(sqlite_url, "import", "enterprises", str(f),
                                    env={"COOPATLAS_LOCK_TIMEOUT": "1"}))  # fmt: skip
    finally:
        release.set()
        holder.join()
    assert code == 1
    assert "still locked by another writer" in err and "nothing was stored" in err
    assert "Traceback" not in err
    assert count(sqlite_url) == 0


@pytest.mark.slow
def test_two_intake_adds_of_one_folder_at_once(db_url: str, tmp_path: Path) -> None:
    """Each article is stored once; the second run finds it stored (or waits for it)."""
    import shutil

    folder = tmp_path / "articles"
    folder.mkdir()
    source = Path(__file__).parent / "intake" / "articles"
    for article in sorted(source.glob("*.txt"))[:4]:
        shutil.copy(article, folder / article.name)
    runs = [start(db_url, "intake", "add", str(folder)) for _ in range(2)]
    results = [finish(p) for p in runs]
    for code, _, err in results:
        assert "Traceback" not in err
        assert code == 0 or err.startswith("error: "), err
    assert any(code == 0 for code, _, _ in results), results
    engine = sa.create_engine(db_url)
    with engine.connect() as c:
        documents = c.execute(sa.text("SELECT count(*) FROM documents")).scalar_one()
    engine.dispose()
    assert documents == 4
