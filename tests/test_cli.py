"""The `coopatlas` command end to end: exit codes, messages, and the registry contracts."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from coopatlas.cli import run
from tests.conftest import write

ROOT = Path(__file__).resolve().parents[1]
HEADER = "id,name_en,region,city\n"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "--help")
    assert code == 0 and "import" in out and "synth" in out
    assert cli(capsys, "no-such-command")[0] == 2
    assert cli(capsys, "import", "widgets", "x.csv")[0] == 2
    assert cli(capsys, "export")[0] == 2


def test_bad_row_3_rejects_the_whole_file(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    f = write(
        tmp_path / "F.csv",
        HEADER + "maz,Minsk Automobile Plant,BY-HM,Minsk\nlmz,Lipetsk Metal Works,RU-LPK,Lipetsk\n",
    )
    code, _, err = cli(capsys, "--db", sqlite_url, "import", "enterprises", str(f))
    assert code == 1
    assert "row 3" in err and "'region'" in err and "RU-LPK" in err
    assert "nothing was stored" in err
    code, out, _ = cli(capsys, "--db", sqlite_url, "export", "enterprises", "-")
    assert code == 0
    assert pd.read_csv(io.StringIO(out)).empty


def test_examples_import_into_a_fresh_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path}/fresh.db"
    assert cli(capsys, "--db", url, "db", "init")[0] == 0
    code, out, err = cli(
        capsys, "--db", url, "import", "enterprises", str(ROOT / "examples/enterprises.csv")
    )
    assert code == 0, err
    assert "rows imported" in out
    for kind in ("documents", "capabilities", "demands", "trade", "projects", "products"):
        code, _, err = cli(capsys, "--db", url, "import", kind, str(ROOT / f"examples/{kind}.csv"))
        assert code == 0, err
    code, _, err = cli(
        capsys, "--db", url, "import", "regions", str(ROOT / "examples/regions.csv"), "--upsert"
    )
    assert code == 0, err


def test_export_formats_round_trip(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    f = write(tmp_path / "e.csv", HEADER + "maz,MAZ,BY-HM,Minsk\nmtz,MTZ,BY-HM,Minsk\n")
    assert cli(capsys, "--db", sqlite_url, "import", "enterprises", str(f))[0] == 0
    for fmt in ("json", "parquet", "csv", "xlsx"):
        target = tmp_path / f"out.{fmt}"
        assert cli(capsys, "--db", sqlite_url, "export", "enterprises", str(target))[0] == 0
        code, out, err = cli(
            capsys, "--db", sqlite_url, "import", "enterprises", str(target), "--upsert"
        )
        assert code == 0, err
        assert "0 new, 2 replaced" in out
    code, out, _ = cli(capsys, "--db", sqlite_url, "export", "enterprises", "-", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["maz", "mtz"]


def test_database_from_environment(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPATLAS_DB", sqlite_url)
    code, out, _ = cli(capsys, "export", "regions", "-")
    assert code == 0 and len(pd.read_csv(io.StringIO(out))) == 90


def test_uninitialised_database_is_a_user_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = cli(capsys, "--db", f"sqlite:///{tmp_path}/none.db", "export", "regions")
    assert code == 1 and "coopatlas db init" in err


def test_missing_file_is_a_user_error(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, _, err = cli(capsys, "--db", sqlite_url, "import", "trade", "/nonexistent/t.csv")
    assert code == 1 and "no such file" in err


def test_console_script_runs(tmp_path: Path) -> None:
    exe = shutil.which("coopatlas", path=str(Path(sys.executable).parent)) or "coopatlas"
    done = subprocess.run(
        [exe, "--db", f"sqlite:///{tmp_path}/x.db", "db", "init"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "regions: 90" in done.stdout
