"""`coopatlas user add`, `token create`, `serve` refusing a database without a schema, `demo`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from coopatlas import registry
from coopatlas.cli import run
from coopatlas.web import accounts


def test_user_add_and_token_create(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            [
                "--db",
                sqlite_url,
                "user",
                "add",
                "ana",
                "--role",
                "analyst",
                "--password",
                "long enough",
            ]
        )
        == 0
    )
    assert "ana (analyst) created" in capsys.readouterr().out
    assert (
        run(
            [
                "--db",
                sqlite_url,
                "user",
                "add",
                "ana",
                "--role",
                "analyst",
                "--password",
                "long enough",
            ]
        )
        == 1
    )
    assert "exists already" in capsys.readouterr().err
    assert (
        run(
            ["--db", sqlite_url, "user", "add", "bo", "--role", "boss", "--password", "long enough"]
        )
        == 1
    )
    assert "unknown role 'boss'" in capsys.readouterr().err
    assert run(["--db", sqlite_url, "token", "create", "ana"]) == 0
    token = capsys.readouterr().out.strip()
    engine = registry.connect(sqlite_url)
    found = accounts.token_account(engine, token)
    assert found is not None and found.name == "ana" and found.role == "analyst"
    assert accounts.authenticate(engine, "ana", "long enough") is not None
    assert accounts.authenticate(engine, "ana", "wrong one") is None
    engine.dispose()
    assert run(["--db", sqlite_url, "token", "create", "nobody"]) == 1


def test_serve_needs_a_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", f"sqlite:///{tmp_path / 'empty.db'}", "serve"]) == 1
    assert "db init" in capsys.readouterr().err


def test_help_is_fast() -> None:
    import subprocess
    import sys

    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "coopatlas", "--help"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert "serve" in out.stdout
    for heavy in ("fastapi", "uvicorn", "starlette", "argon2", "babel", "jinja2"):
        assert f" {heavy}\n" not in out.stderr, f"{heavy} imported by --help"
    assert time.perf_counter() - start < 30
