"""The catalogue of things a hostile or careless user does: every one ends in a clear message.

Each case builds its bad file or database state in a temporary folder, runs the real
``coopatlas`` command in a subprocess, and fails on a traceback anywhere on stderr. A
case says the exit code it expects and words the message must hold (the file, database or
argument it names, and what to do).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import write
from tests.plan.test_cli_plan import plan_dir

ENTERPRISES = "id,name_en,region\nmaz,Minsk Automobile Plant,BY-MI\n"
TRADE = "reporter,partner,period_start,period_end,flow,value_usd,source\n"


def coopatlas(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coopatlas", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {}), "COLUMNS": "200"},
    )


def free_port() -> int:
    """A local port where nothing listens (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class World:
    tmp: Path
    db: Path  # an initialised registry with one enterprise

    def file(self, name: str, content: str | bytes) -> str:
        path = self.tmp / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return str(path)

    def export(self, kind: str, name: str) -> Path:
        target = self.tmp / name
        done = coopatlas("export", kind, str(target), "--db", str(self.db))
        assert done.returncode == 0, done.stderr
        return target

    def truncated(self, kind: str, name: str) -> str:
        path = self.export(kind, name)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return str(path)

    def copy_db(self, name: str) -> str:
        target = self.tmp / name
        shutil.copy(self.db, target)
        return str(target)


@dataclass
class Case:
    name: str
    args: Callable[[World], list[str]]
    code: int
    says: tuple[str, ...]


def _spec(w: World, text: str) -> list[str]:
    return ["plan", "sweep", w.file("spec.yaml", text), "--dir", str(plan_dir(w.tmp))]


def _check_parallel(w: World, *extra: str) -> list[str]:
    return ["plan", "check-parallel", "--hs", "870410", "--region", "BY-MI",
            "--dir", str(plan_dir(w.tmp)), *extra]  # fmt: skip


CASES = [
    Case("xlsx that is not a zip",
         lambda w: ["import", "enterprises", w.file("bad.xlsx", "id,name\n"), "--db", str(w.db)],
         1, ("bad.xlsx", "not a readable .xlsx")),
    Case("truncated xlsx",
         lambda w: ["import", "enterprises", w.truncated("enterprises", "t.xlsx"),
                    "--db", str(w.db)], 1, ("t.xlsx", "not a readable .xlsx")),
    Case("truncated parquet",
         lambda w: ["import", "enterprises", w.truncated("enterprises", "t.parquet"),
                    "--db", str(w.db)], 1, ("t.parquet", "not a readable Parquet")),
    Case("binary csv",
         lambda w: ["import", "enterprises", w.file("b.csv", bytes(range(256)) * 4),
                    "--db", str(w.db)], 1, ("b.csv", "binary")),
    Case("UTF-16 csv imports",
         lambda w: ["import", "enterprises",
                    w.file("u.csv", ENTERPRISES.replace("maz", "mzkt").encode("utf-16")),
                    "--db", w.copy_db("u.db")], 0, ("1 enterprises rows imported",)),
    Case("invalid json",
         lambda w: ["import", "enterprises", w.file("j.json", "[{"), "--db", str(w.db)],
         1, ("j.json", "not valid JSON")),
    Case("unknown file type",
         lambda w: ["import", "enterprises", w.file("e.txt", ENTERPRISES), "--db", str(w.db)],
         1, ("e.txt", "unknown file type")),
    Case("a folder instead of a file",
         lambda w: ["import", "enterprises", str(w.tmp), "--db", str(w.db)],
         1, ("is a folder",)),
    Case("corrupt database: export",
         lambda w: ["export", "regions", "--db", w.file("c.db", b"\x13garbage" * 500)],
         1, ("c.db", "damaged")),
    Case("corrupt database: db init",
         lambda w: ["db", "init", "--db", w.file("c.db", b"\x13garbage" * 500)],
         1, ("c.db", "damaged")),
    Case("corrupt database: import",
         lambda w: ["import", "enterprises", w.file("e.csv", ENTERPRISES),
                    "--db", w.file("c.db", b"\x13garbage" * 500)], 1, ("c.db", "damaged")),
    Case("corrupt database: summary",
         lambda w: ["summary", "--db", w.file("c.db", b"\x13garbage" * 500)],
         1, ("c.db", "damaged")),
    Case("corrupt database: intake add",
         lambda w: ["intake", "add", w.file("a.txt", "Minsk, 1 March 2023. Trade grew."),
                    "--db", w.file("c.db", b"\x13garbage" * 500)], 1, ("c.db", "damaged")),
    Case("corrupt database: plan solve",
         lambda w: ["plan", "solve", "--db", w.file("c.db", b"\x13garbage" * 500),
                    "--out", str(w.tmp / "p")], 1, ("c.db", "damaged")),
    Case("read-only database: import",
         lambda w: ["import", "enterprises", w.file("e.csv", ENTERPRISES.replace("maz", "bmz")),
                    "--db", f"sqlite:///file:{w.copy_db('ro.db')}?mode=ro&uri=true"],
         1, ("read-only", "nothing was stored")),
    Case("read-only database: db init",
         lambda w: ["db", "init", "--db", f"sqlite:///file:{w.copy_db('ro.db')}?mode=ro&uri=true"],
         1, ("read-only",)),
    Case("db init in a missing folder",
         lambda w: ["db", "init", "--db", str(w.tmp / "no" / "such" / "x.db")],
         1, ("does not exist",)),
    Case("PostgreSQL port where nothing listens",
         lambda w: ["db", "init", "--db",
                    f"postgresql+psycopg://u:secret@127.0.0.1:{free_port()}/x"],
         1, ("cannot connect", "127.0.0.1")),
    Case("unknown database URL scheme",
         lambda w: ["db", "init", "--db", "nosuchdb://x/y"], 1, ("cannot open database",)),
    Case("read-only command on a missing database",
         lambda w: ["export", "regions", "--db", str(w.tmp / "missing.db")],
         1, ("missing.db", "no such file")),
    Case("uninitialised database",
         lambda w: ["export", "regions", "--db", w.file("empty.db", b"")],
         1, ("coopatlas db init",)),
    Case("export into a missing folder",
         lambda w: ["export", "regions", str(w.tmp / "nodir" / "r.csv"), "--db", str(w.db)],
         1, ("nodir", "does not exist")),
    Case("export to a folder",
         lambda w: ["export", "regions", str(w.tmp), "--db", str(w.db)], 1, ("is a folder",)),
    Case("trade partner that is no region",
         lambda w: ["import", "trade",
                    w.file("t.csv", TRADE + "BY,RU-XYZ,2022-01-01,2022-12-31,turnover,5,x\n"),
                    "--db", str(w.db)], 1, ("row 2", "'partner'", "RU-XYZ", "did you mean")),
    Case("name longer than the database holds",
         lambda w: ["import", "enterprises", w.file("l.csv", f"id,name_en,region\nbmz,{'B' * 300},"
                    "BY-HM\n"), "--db", str(w.db)], 1, ("row 2", "'name_en'", "at most 200")),
    Case("same id in other case",
         lambda w: ["import", "enterprises", w.file("m.csv", ENTERPRISES.upper().replace(
                    "ID,NAME_EN,REGION", "id,name_en,region")), "--db", str(w.db)],
         1, ("already in the database",)),
    Case("plan orlib on a binary file",
         lambda w: ["plan", "orlib", w.file("o.txt", bytes(range(256)) * 4)], 1, ("binary",)),
    Case("plan sweep on a binary file",
         lambda w: ["plan", "sweep", w.file("s.yaml", bytes(range(256)) * 4),
                    "--dir", str(plan_dir(w.tmp))], 1, ("s.yaml", "binary")),
    Case("sweep with a negative demand multiplier",
         lambda w: _spec(w, "grid: {demand_multiplier: [-1]}\n"),
         1, ("demand_multiplier", "out of range")),
    Case("sweep with a misspelt top-level key",
         lambda w: _spec(w, "scenarious: [{name: a}]\n"), 1, ("scenarious", "'scenarios'")),
    Case("sweep with a misspelt setting",
         lambda w: _spec(w, "scenarios: [{name: a, budjet: 5}]\n"), 1, ("budjet", "'budget'")),
    Case("empty sweep file", lambda w: _spec(w, ""), 1, ("empty",)),
    Case("sweep with a grid that is not a list",
         lambda w: _spec(w, "grid: {budget: 5}\n"), 1, ("list of values",)),
    Case("check-parallel for an HS code that does not exist",
         lambda w: ["plan", "check-parallel", "--hs", "999998", "--region", "BY-MI",
                    "--capacity", "5", "--dir", str(plan_dir(w.tmp))], 2, ("999998",)),
    Case("capacity nan", lambda w: _check_parallel(w, "--capacity", "nan"), 2, ("--capacity",)),
    Case("year 1800", lambda w: _check_parallel(w, "--capacity", "5", "--year", "1800"),
         2, ("--year",)),
    Case("region by name is accepted",
         lambda w: ["plan", "check-parallel", "--hs", "870410", "--region", "Minsk Oblast",
                    "--capacity", "5", "--dir", str(plan_dir(w.tmp))], 0, ("BY-MI",)),
    Case("unknown region suggests a code",
         lambda w: ["summary", "--region", "Lipetsk", "--db", str(w.db)],
         1, ("Lipetsk", "did you mean RU-LIP")),
    Case("budget -5",
         lambda w: ["plan", "solve", "--dir", str(plan_dir(w.tmp)), "--budget", "-5"],
         2, ("--budget",)),
    Case("gap -1",
         lambda w: ["plan", "solve", "--dir", str(plan_dir(w.tmp)), "--gap", "-1"],
         2, ("--gap",)),
    Case("threads 0",
         lambda w: ["plan", "solve", "--dir", str(plan_dir(w.tmp)), "--threads", "0"],
         2, ("--threads",)),
    Case("years out of range",
         lambda w: ["plan", "solve", "--dir", str(plan_dir(w.tmp)), "--years", "1800-1805"],
         1, ("1800",)),
    Case("plan from a missing folder",
         lambda w: ["plan", "solve", "--dir", str(w.tmp / "nowhere")], 1, ("nowhere",)),
    Case("intake add of a missing file",
         lambda w: ["intake", "add", str(w.tmp / "gone.txt"), "--db", str(w.db)],
         1, ("gone.txt",)),
]  # fmt: skip


@pytest.fixture(scope="module")
def template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("catalogue")
    db = folder / "world.db"
    shutil.copy(sqlite_template, db)
    done = coopatlas("import", "enterprises", str(write(folder / "e.csv", ENTERPRISES)),
                     "--db", str(db))  # fmt: skip
    assert done.returncode == 0, done.stderr
    return db


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_catalogue(case: Case, template: Path, tmp_path: Path) -> None:
    world = World(tmp_path, tmp_path / "world.db")
    shutil.copy(template, world.db)
    done = coopatlas(*case.args(world))
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    assert done.returncode == case.code, done.stdout + done.stderr
    text = done.stdout + done.stderr
    for words in case.says:
        assert words in text, text
    if case.code == 1:
        assert done.stderr.startswith("error: "), done.stderr


def test_read_only_command_creates_no_database(tmp_path: Path) -> None:
    target = tmp_path / "typo.db"
    for args in (["export", "regions"], ["summary"], ["intake", "conflicts"], ["plan", "solve"]):
        done = coopatlas(*args, "--db", str(target))
        assert done.returncode == 1 and "no such file" in done.stderr, done.stderr
    assert not target.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_read_only_file(template: Path, tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    shutil.copy(template, db)
    db.chmod(0o444)
    done = coopatlas("import", "enterprises", str(write(tmp_path / "e.csv", ENTERPRISES)),
                     "--db", str(db), "--upsert")  # fmt: skip
    assert done.returncode == 1 and "read-only" in done.stderr, done.stderr


def test_traceback_only_when_asked(tmp_path: Path) -> None:
    """A bug's traceback is shown with COOPATLAS_DEBUG=1 or --verbose, never otherwise."""
    bad = tmp_path / "c.db"
    bad.write_bytes(b"\x13garbage" * 500)
    quiet = coopatlas("export", "regions", "--db", str(bad))
    assert "Traceback" not in quiet.stderr
    loud = coopatlas("export", "regions", "--db", str(bad), env={"COOPATLAS_DEBUG": "1"})
    assert "Traceback" in loud.stderr and loud.stderr.rstrip().splitlines()[-1].startswith(
        "error: "
    )
    verbose = coopatlas("export", "regions", "--db", str(bad), "--verbose")
    assert "Traceback" in verbose.stderr


def test_verbose_logs_files_rows_and_transactions(template: Path, tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    shutil.copy(template, db)
    f = write(tmp_path / "e.csv", ENTERPRISES.replace("maz", "bmz"))
    done = coopatlas("import", "enterprises", str(f), "--verbose", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "read 1 rows" in done.stderr and "transaction" in done.stderr
    assert "committed" in done.stderr
    quiet = coopatlas("import", "enterprises", str(f), "--upsert", "--db", str(db))
    assert quiet.stderr == ""


def test_global_options_after_the_sub_command(template: Path, tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    shutil.copy(template, db)
    for args in (["--db", str(db), "export", "enterprises"],
                 ["export", "enterprises", "--db", str(db)],
                 ["export", "--db", str(db), "enterprises", "-", "--quiet"],
                 ["export", "enterprises", f"--db={db}", "-q"]):  # fmt: skip
        done = coopatlas(*args)
        assert done.returncode == 0, (args, done.stderr)
        assert "maz" in done.stdout


def test_ray_address_without_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from coopatlas.errors import UserError
    from coopatlas.plan.sweep import require_ray

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(UserError, match=r"coopatlas\[cluster\]"):
        require_ray()


def test_excel_typed_dates_and_numbers_are_read(template: Path, tmp_path: Path) -> None:
    """A workbook whose cells Excel typed (dates as dates, numbers as numbers) imports."""
    import datetime as dt

    from openpyxl import Workbook

    db = tmp_path / "x.db"
    shutil.copy(template, db)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["reporter", "partner", "period_start", "period_end", "flow", "hs",
                  "value_usd", "source"])  # fmt: skip
    sheet.append(["BY", "RU-LIP", dt.datetime(2022, 1, 1), dt.date(2022, 12, 31), "export",
                  8701, 1.5e6, "excel"])  # fmt: skip
    book.save(tmp_path / "t.xlsx")
    done = coopatlas("import", "trade", str(tmp_path / "t.xlsx"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    out = coopatlas("export", "trade", "--db", str(db), "--format", "json")
    row = pd.read_json(__import__("io").StringIO(out.stdout), dtype=False).iloc[0]
    assert (row["period_start"], row["period_end"]) == ("2022-01-01", "2022-12-31")
    assert row["hs"] == "8701" and row["value_usd"] == 1.5e6
