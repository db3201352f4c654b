"""`coopatlas trade ...` end to end through the CLI: formats, messages, next products."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from coopatlas.cli import run
from coopatlas.trade import store
from coopatlas.trade.synth import write_statistics
from tests.trade.helpers import add_flows, flow


@pytest.fixture
def db(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv(store.ENV_VAR, raising=False)
    from coopatlas import registry

    engine = registry.connect(sqlite_url)
    add_flows(engine, [
        flow("RU-KLU", "2021-01-01", "2021-12-31", "turnover", 700e6, "https://f.example/1"),
        flow("RU-KLU", "2022-01-01", "2022-12-31", "turnover", 654e6, "https://f.example/2",
             qualifier="approx", growth_pct=-6, growth_basis="previous_period"),
    ], tmp_path)  # fmt: skip
    engine.dispose()
    return sqlite_url


def test_show_formats(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", db, "trade", "show", "RU-KLU", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["period"] for r in rows] == ["2021", "2022"]
    assert rows[1]["turnover_growth_pct"] == -6.6 and rows[1]["stated"]["turnover_growth_pct"] == -6
    assert rows[1]["sources"] == [{"address": "https://f.example/2", "title": "f.example",
                                   "date": None, "kind": "news"}]  # fmt: skip
    assert run(["--db", db, "trade", "show", "Kaluga Oblast", "--format", "csv"]) == 0
    csv = capsys.readouterr().out
    assert csv.splitlines()[0].startswith("period,period_start,period_end,turnover_usd")
    assert "f.example <https://f.example/2>" in csv
    out = tmp_path / "x.xlsx"
    assert run(["--db", db, "trade", "show", "RU-KLU", "--format", "xlsx", "--out", str(out)]) == 0
    assert pd.read_excel(out)["turnover_usd"].tolist() == [700e6, 654e6]
    assert run(["--db", db, "trade", "show", "RU-KLU"]) == 0
    table = capsys.readouterr().out
    assert "2022≈" in table and "[1] f.example <https://f.example/1>" in table
    assert "doc:" not in table


def test_messages(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        (
            ["trade", "show", "RU-KLY"],
            "error: unknown partner code 'RU-KLY'; did you mean RU-KLU or",
        ),
        (["trade", "show", "RU-KGD"], "error: no trade figures for RU-KGD"),
        (["trade", "show", "RU-KLU", "--by", "hs2"], "error: no statistics by HS code loaded"),
        (["trade", "next", "RU-KLU"], "error: no statistics loaded"),
        (["trade", "show", "RU-KLU", "--format", "xlsx"], "error: --format xlsx needs --out"),
    ]
    for args, message in cases:
        assert run(["--db", db, *args]) == 1, args
        err = capsys.readouterr().err
        assert err.startswith(message) and "Traceback" not in err, err
    empty = tmp_path / "empty.db"
    assert run(["--db", str(empty), "trade", "show", "RU-LIP"]) == 1
    assert "run `coopatlas db init`" in capsys.readouterr().err


def test_next_and_alerts_on_synthetic_statistics(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_statistics(tmp_path / "syn.csv", 60000, seed=1)
    assert run(["--db", db, "trade", "load", str(path)]) == 0
    capsys.readouterr()
    assert run(["--db", db, "trade", "next", "BY-MI", "--top", "5", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and all(r["rca"] < 1 for r in rows)
    assert all(r["year"] == 2024 for r in rows)  # the latest full year
    assert rows[0]["rank_score"] >= rows[-1]["rank_score"]
    assert run(["--db", db, "trade", "alerts", "--partner", "RU-KLU", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and all(a["numbers"] and a["sources"] for a in found)


@pytest.mark.parametrize("columns", [80, 160])
def test_show_table_keeps_every_number_whole_in_a_narrow_terminal(
    db: str, columns: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert run(["--db", db, "trade", "show", "RU-KLU"]) == 0
    out = capsys.readouterr().out
    assert "million USD" in out and "654.0" in out and "-6.6%" in out and "…" not in out
    assert "turnover about; turnover growth -6% as stated" in out  # stated −6, computed −6.6
    if columns == 80:  # the notes under the table, by period, with their sources
        assert "\n2022: turnover about; turnover growth -6% as stated; [2]" in out
