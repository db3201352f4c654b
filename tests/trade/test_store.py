"""`trade load`: row-level checks with file, row and column, all-or-nothing, both formats."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopatlas.cli import run
from coopatlas.errors import ImportRejected, UserError
from coopatlas.trade import store
from coopatlas.trade.synth import synth_statistics, write_statistics
from tests.trade.helpers import stats_file

GOOD = ("BY", "RU-LIP", 2023, 1, "export", "840810", 100.0)


def test_a_bad_row_is_reported_and_nothing_is_stored(
    trade_engine: sa.Engine, tmp_path: Path
) -> None:
    good = stats_file(tmp_path / "good.csv", [GOOD])
    bad = stats_file(tmp_path / "bad.csv", [
        GOOD,
        ("BY", "RU-LIP", 2023, 13, "export", "840810", 1.0),
        ("BY", "RU-LIPP", 2023, 2, "export", "840810", 1.0),
        ("BY", "RU-LIP", 2023, 3, "exports", "8408", -5),
        GOOD,
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        store.load_files(trade_engine, [good, bad])
    text = str(caught.value)
    assert f"{bad}: row 3, column 'month': '13': must be a month number 1–12" in text
    assert "row 4, column 'partner': unknown code 'RU-LIPP' (did you mean RU-LIP?)" in text
    assert "row 5, column 'flow'" in text and "row 5, column 'hs'" in text
    assert "row 5, column 'value_usd'" in text
    assert "row 6: same key as row 2" in text
    assert not store.has_statistics(trade_engine)  # good.csv was not stored either
    assert not (store.store_dir(trade_engine) / "staging").exists()


def test_columns_empty_files_reloads(trade_engine: sa.Engine, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("reporter,partner,year,month,flow,hs,usd\nBY,RU-LIP,2023,1,export,840810,1\n")
    with pytest.raises(ImportRejected, match=r"missing column.s. value_usd; unknown column.s. usd"):
        store.load_files(trade_engine, [wrong])
    empty = stats_file(tmp_path / "empty.csv", [])
    with pytest.raises(UserError, match="no data rows"):
        store.load_files(trade_engine, [empty])
    with pytest.raises(UserError, match="no such file"):
        store.load_files(trade_engine, [tmp_path / "missing.csv"])
    good = stats_file(tmp_path / "good.csv", [GOOD])
    [item] = store.load_files(trade_engine, [good])
    assert item.rows == 1 and not item.synthetic
    with pytest.raises(UserError, match="already loaded"):
        store.load_files(trade_engine, [good])


def test_parquet_and_synthetic_files(trade_engine: sa.Engine, tmp_path: Path) -> None:
    path = write_statistics(tmp_path / "syn.parquet", 5000, seed=3)
    [item] = store.load_files(trade_engine, [path])
    assert item.synthetic and item.rows == 5000
    assert json.loads(Path(f"{path}.meta.json").read_text())["synthetic"] is True
    total = store.query(trade_engine, "SELECT sum(value_usd) AS v FROM stats")["v"].iloc[0]
    assert total == pytest.approx(pd.read_parquet(path)["value_usd"].sum())


def test_synthetic_statistics_are_deterministic_and_realistic() -> None:
    a, b = synth_statistics(20000, seed=7), synth_statistics(20000, seed=7)
    assert a.equals(b) and a.num_rows == 20000
    frame = a.to_pandas()
    key = ["reporter", "partner", "year", "month", "flow", "hs"]
    assert not frame.duplicated(key).any()
    by_partner = frame.groupby("partner")["value_usd"].sum().sort_values(ascending=False)
    assert by_partner.index[0] == "RU-MOW"  # the largest partner is the most populous
    assert by_partner.iloc[:5].sum() > 0.5 * by_partner.sum()  # Zipf: a few carry most
    assert frame["hs"].str.fullmatch(r"\d{6}").all()
    months = frame.groupby("month")["value_usd"].sum()
    assert months[12] > months[1]  # December peak, January dip


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(st.sampled_from(["BY", "BY-MI", "BY-HO"]),
                          st.sampled_from(["RU-LIP", "RU-MOW", "KZ"]),
                          st.integers(2019, 2024), st.integers(1, 12),
                          st.sampled_from(["export", "import"]),
                          st.sampled_from(["840810", "010121", "870421"]),
                          st.floats(0, 1e9, allow_nan=False)), min_size=1, max_size=40,
                unique_by=lambda r: r[:6]))  # fmt: skip
def test_any_valid_file_loads_with_the_same_totals(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[object, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("h")
    monkeypatch.setenv(store.ENV_VAR, str(folder / "stats"))
    engine = sa.create_engine("sqlite://")
    path = stats_file(folder / "s.csv", rows)
    store.load_files(engine, [path])
    got = store.query(engine, "SELECT partner, sum(value_usd) AS v FROM stats GROUP BY 1")
    want = pd.DataFrame(rows, columns=list(store.COLUMNS)).groupby("partner")["value_usd"].sum()
    for partner, value in zip(got["partner"], got["v"], strict=True):
        assert value == pytest.approx(want[partner])


def test_load_command(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.delenv(store.ENV_VAR, raising=False)
    bad = stats_file(tmp_path / "bad.csv", [(*GOOD[:3], 0, *GOOD[4:])])
    assert run(["--db", sqlite_url, "trade", "load", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"error: {bad}: import rejected, nothing was stored (1 bad row(s))" in err
    assert "row 2, column 'month'" in err and "Traceback" not in err
    good = stats_file(tmp_path / "good.csv", [GOOD])
    assert run(["--db", sqlite_url, "trade", "load", str(good)]) == 0
    assert (tmp_path / "coopatlas.db.trade" / "manifest.json").exists()
