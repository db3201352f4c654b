"""Indicator arithmetic: the Lipetsk figures of the default dataset, partial periods, derived
values, duplicates from two paths, statistics against news, currencies without a rate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from coopatlas import registry
from coopatlas.cli import run
from coopatlas.errors import UserError
from coopatlas.registry.dataset import load_default_dataset
from coopatlas.trade import store
from coopatlas.trade.indicators import cagr, partner_series, records, structure
from tests.trade.helpers import add_flows, flow, stats_file

LIPETSK = "https://eng.belta.by/economics/view/key-avenues-of-cooperation-between-belarus-russias-lipetsk-oblast-identified-159316-2023/"
SHARED_SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="session")
def dataset_db(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dataset") / "dataset.db"
    shutil.copy(sqlite_template, path)
    engine = registry.connect(f"sqlite:///{path}")
    load_default_dataset(engine)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def dataset(dataset_db: Path, tmp_path: Path) -> sa.Engine:
    target = tmp_path / "coopatlas.db"
    shutil.copy(dataset_db, target)
    return registry.connect(f"sqlite:///{target}")


def _by_period(engine: sa.Engine, partner: str, **kw: object) -> dict[str, dict[str, object]]:
    return {r["period"]: r for r in records(partner_series(engine, partner, **kw))}


def check_lipetsk(rows: dict[str, dict[str, object]]) -> None:
    y21, y22, q1 = rows["2021"], rows["2022"], rows["2023-Q1"]
    assert y21["turnover_usd"] == 315e6 and y21["export_usd"] == 70e6
    assert y22["turnover_usd"] == pytest.approx(334e6) and y22["turnover_growth_pct"] == 6.0
    assert y22["export_usd"] == 91e6 and y22["stated"]["export_qualifier"] == "over"
    assert y22["export_growth_pct"] == 30.0 and y22["stated"]["export_growth_pct"] == 31
    assert y22["import_usd"] == 243e6 and "import_usd" in y22["derived"]
    assert y22["balance_usd"] == -152e6 and y22["approximate"] is True
    assert q1["turnover_usd"] == 68e6 and q1["turnover_growth_pct"] == 2.5
    q1_22 = rows["2022-Q1"]
    assert q1_22["turnover_usd"] == pytest.approx(66.3e6, rel=1e-3)
    assert q1_22["derived"] == ["turnover_usd"] and q1_22["approximate"] is True
    periods = [p for p in rows if p in ("2021", "2022-Q1", "2022", "2023-Q1")]
    assert periods == ["2021", "2022-Q1", "2022", "2023-Q1"]  # in time order, among others


def test_lipetsk_from_the_default_dataset(dataset: sa.Engine) -> None:
    rows = _by_period(dataset, "RU-LIP")
    check_lipetsk(rows)
    sources = {s["address"]: s for s in rows["2022"]["sources"]}
    source = sources[LIPETSK]  # the seed's article, beside the corpus articles restating it
    assert source["kind"] == "news" and all(s["kind"] == "news" for s in sources.values())
    assert (
        source["title"].startswith("Golovchenko meets Lipetsk") and source["date"] == "2023-06-01"
    )


def test_a_later_report_of_a_period_revises_an_earlier_one(dataset: sa.Engine) -> None:
    """Belarus–Russia 2020 in the default dataset: PrimePress gave "preliminary data" of
    $25.5bn in February 2021, Soyuznoe Veche $28.5bn (down almost 16%) in May."""
    y = _by_period(dataset, "RU")["2020"]
    assert y["turnover_usd"] == 28.5e9
    assert "souzveche.ru" in " ".join(s["address"] for s in y["sources"])
    [earlier] = [d for d in y["disagreements"] if d["flow"] == "turnover"]
    assert earlier["value_usd"] == 25.5e9 and "primepress" in earlier["sources"][0]["address"]


def test_show_json_after_intake_add_of_the_seeds_gives_each_figure_once(
    dataset: sa.Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    if not SHARED_SEEDS.exists():
        pytest.skip("the shared corpus (../shared/corpus/seeds) is not present")
    db = str(dataset.url)
    count = sa.text("SELECT count(*) FROM trade_flows WHERE partner = 'RU-LIP'")
    with dataset.connect() as c:
        before = c.execute(count).scalar()
    assert run(["--db", db, "intake", "add", str(SHARED_SEEDS)]) == 0
    with dataset.connect() as c:  # a figure the registry holds merges with its row
        assert c.execute(count).scalar() == before
    capsys.readouterr()
    assert run(["--db", db, "trade", "show", "RU-LIP", "--format", "json"]) == 0
    rows = {r["period"]: r for r in json.loads(capsys.readouterr().out)}
    check_lipetsk(rows)
    for period in ("2021", "2022", "2023-Q1"):
        sources = rows[period]["sources"]
        addresses = [s["address"] for s in sources]
        assert len(addresses) == len(set(addresses)) and rows[period]["disagreements"] == []
        assert LIPETSK in [s["address"] for s in sources]
        assert all(not str(s["title"]).startswith("doc:") for s in sources)


def test_partial_periods_compare_with_the_same_period_a_year_before(
    trade_engine: sa.Engine, tmp_path: Path
) -> None:
    add_flows(trade_engine, [
        flow("RU-SMO", "2022-01-01", "2022-05-31", "turnover", 100e6, "https://a.example/1"),
        flow("RU-SMO", "2023-01-01", "2023-05-31", "turnover", 120e6, "https://a.example/2"),
        flow("RU-SMO", "2023-01-01", "2023-12-31", "turnover", 300e6, "https://a.example/2"),
        flow("RU-SMO", "2023-01-01", "2023-09-30", "export", 90e6, "https://a.example/3",
             growth_pct=-10, growth_basis="same_period_last_year"),
    ], tmp_path)  # fmt: skip
    rows = _by_period(trade_engine, "RU-SMO")
    assert rows["2023 Jan–May"]["turnover_growth_pct"] == 20.0
    assert rows["2023"]["turnover_growth_pct"] is None  # no 2022 figure: a missing year
    nine = rows["2023 Jan–Sep"]
    assert nine["export_growth_pct"] == -10
    assert rows["2022 Jan–Sep"]["export_usd"] == pytest.approx(100e6)
    assert rows["2022 Jan–Sep"]["derived"] == ["export_usd"]
    with pytest.raises(UserError, match="--by"):
        partner_series(trade_engine, "RU-SMO", by="week")
    assert list(_by_period(trade_engine, "RU-SMO", start=2023, end=2023)) == [
        "2023 Jan–May", "2023 Jan–Sep", "2023"]  # fmt: skip


def test_zero_base_missing_partner_unknown_code_and_currency_without_rate(
    trade_engine: sa.Engine, tmp_path: Path
) -> None:
    add_flows(trade_engine, [
        flow("RU-TOM", "2021-01-01", "2021-12-31", "export", 0.0, "https://b.example/1"),
        flow("RU-TOM", "2022-01-01", "2022-12-31", "export", 5e6, "https://b.example/1"),
        flow("RU-TOM", "2022-01-01", "2022-12-31", "turnover", None, "https://b.example/2",
             value=9e9, currency="RUB"),
    ], tmp_path)  # fmt: skip
    rows = _by_period(trade_engine, "RU-TOM")
    assert rows["2022"]["export_growth_pct"] is None  # zero base: no growth rate
    assert rows["2022"]["turnover_usd"] is None and rows["2022"]["import_usd"] is None
    assert rows["2022"]["stated"]["turnover_currency"] == "RUB"
    assert rows["2022"]["stated"]["turnover_value"] == 9e9
    with pytest.raises(UserError, match="no trade figures for RU-KGD"):
        partner_series(trade_engine, "RU-KGD")
    with pytest.raises(UserError, match="did you mean RU-TOM"):
        partner_series(trade_engine, "RU-TOMM")


def test_statistics_win_and_a_disagreement_is_shown(
    trade_engine: sa.Engine, tmp_path: Path
) -> None:
    add_flows(trade_engine, [
        flow("RU-TVE", "2023-01-01", "2023-12-31", "turnover", 37e6, "https://c.example/1"),
        flow("RU-TVE", "2023-01-01", "2023-12-31", "import", 24.2e6, "https://c.example/2"),
        flow("RU-TVE", "2023-01-01", "2023-12-31", "export", 12.0e6, "https://c.example/1"),
    ], tmp_path)  # fmt: skip
    rows = [("BY", "RU-TVE", 2023, m, "export", "840810", 1e6) for m in range(1, 13)]
    rows += [("BY-MI", "RU-TVE", 2023, m, "import", "720851", 2e6) for m in range(1, 13)]
    rows += [
        ("BY", "RU-TVE", 2024, m, f, "840810", 1.5e6) for m in (1, 2) for f in ("export", "import")
    ]
    store.load_files(trade_engine, [stats_file(tmp_path / "s.csv", rows)])
    got = _by_period(trade_engine, "RU-TVE")
    y = got["2023"]
    assert (y["export_usd"], y["import_usd"], y["turnover_usd"]) == (12e6, 24e6, 36e6)
    assert "import_usd" not in y["derived"]
    # exports agree exactly and imports within 1% (24.2 vs 24): one figure with both sources
    addresses = {s["address"] for s in y["sources"]}
    assert {"https://c.example/1", "https://c.example/2"} <= addresses
    assert sorted({s["kind"] for s in y["sources"]}) == ["news", "statistics"]
    [off] = y["disagreements"]  # turnover: 37 stated, 36 in the statistics (2.7% apart)
    assert off["flow"] == "turnover" and off["value_usd"] == 37e6
    assert off["sources"][0]["address"] == "https://c.example/1"
    ytd = got["2024 Jan–Feb"]
    assert ytd["export_usd"] == 3e6 and ytd["export_growth_pct"] == 50.0
    by_q = _by_period(trade_engine, "RU-TVE", by="quarter")
    assert by_q["2023-Q4"]["turnover_usd"] == 9e6
    assert _by_period(trade_engine, "RU-TVE", by="month")["2024-02"]["import_usd"] == 1.5e6


def test_structure_needs_statistics(trade_engine: sa.Engine, tmp_path: Path) -> None:
    add_flows(trade_engine, [flow("RU-PSK", "2022-01-01", "2022-12-31", "turnover", 1e8,
                                  "https://d.example/1")], tmp_path)  # fmt: skip
    empty = structure(trade_engine, "RU-PSK")
    assert empty.empty and "no statistics" in empty.attrs["reason"]
    rows = [
        ("BY", "RU-PSK", y, 1, "export", hs, v)
        for y, hs, v in (
            (2022, "840810", 60),
            (2022, "870421", 40),
            (2023, "840810", 30),
            (2023, "870421", 70),
        )
    ]
    store.load_files(trade_engine, [stats_file(tmp_path / "s.csv", rows)])
    shares = structure(trade_engine, "RU-PSK", level=2).set_index("code")
    assert shares.loc["87", "share_pct"] == 70 and shares.loc["87", "change_pp"] == 30
    older = structure(trade_engine, "RU-PSK", level=2, period=2022, against=2021)
    assert older.attrs["against"] == 2021 and (older["previous_share_pct"] == 0).all()
    sections = structure(trade_engine, "RU-PSK", level=0)
    assert set(sections["code"]) == {"XVI", "XVII"}
    assert sections.set_index("code").loc["XVII", "name_en"].startswith("Vehicles")


def test_cagr() -> None:
    assert cagr(100, 121, 2) == pytest.approx(10.0)
    assert cagr(0, 5, 2) is None and cagr(100, 50, 0) is None


def test_all_partners_at_once_equal_one_at_a_time(trade_engine: sa.Engine, tmp_path: Path) -> None:
    from coopatlas.trade.indicators import all_series, turnover_by_partner
    from coopatlas.trade.synth import write_statistics

    add_flows(trade_engine, [
        flow("RU-MOW", "2023-01-01", "2023-12-31", "turnover", 9e9, "https://g.example/1"),
        flow("RU-LIP", "2022-01-01", "2022-12-31", "turnover", 334e6, "https://g.example/2"),
    ], tmp_path)  # fmt: skip
    store.load_files(trade_engine, [write_statistics(tmp_path / "s.csv", 30000, seed=4)])
    every = all_series(trade_engine)
    for partner in ("RU-MOW", "RU-LIP", "RU-SPE"):
        alone = partner_series(trade_engine, partner)
        assert records(every[partner]) == records(alone)
    by_partner = turnover_by_partner(trade_engine).set_index("partner")
    assert by_partner.loc["RU-MOW", "period"] == "2024"  # the latest full year
    assert by_partner.loc["RU-MOW", "name_ru"] == "Москва"
    assert by_partner["turnover_usd"].is_monotonic_decreasing


def test_turnover_by_partner_is_each_partners_latest_full_year(
    trade_engine: sa.Engine, tmp_path: Path
) -> None:
    """The map's figures equal the last full year of each partner's own series: statistics
    before news, turnover derived from exports and imports, a year the news alone give."""
    from coopatlas.trade.indicators import turnover_by_partner
    from coopatlas.trade.synth import write_statistics

    add_flows(trade_engine, [
        flow("RU-MOW", "2023-01-01", "2023-12-31", "turnover", 9e9, "https://g.example/1"),
        flow("RU-LIP", "2022-01-01", "2022-12-31", "turnover", 334e6, "https://g.example/2",
             qualifier="approx"),
        flow("RU-LIP", "2022-01-01", "2022-12-31", "turnover", 330e6, "https://g.example/3"),
        flow("KZ", "2021-01-01", "2021-12-31", "export", 20e6, "https://g.example/4"),
        flow("KZ", "2021-01-01", "2021-12-31", "import", 5e6, "https://g.example/4"),
        flow("KZ", "2022-01-01", "2022-06-30", "turnover", 40e6, "https://g.example/5"),
    ], tmp_path)  # fmt: skip
    store.load_files(trade_engine, [write_statistics(tmp_path / "s.csv", 20000, seed=5)])
    picked = turnover_by_partner(trade_engine).set_index("partner")
    for partner in ("RU-MOW", "RU-LIP", "RU-SPE", "KZ", "RU-CHE"):
        series = partner_series(trade_engine, partner)
        years = series[series["period"].str.fullmatch(r"\d{4}") & series["turnover_usd"].notna()]
        if years.empty:
            assert partner not in picked.index
            continue
        last = years.iloc[-1]
        assert picked.loc[partner, "period"] == last["period"], partner
        assert picked.loc[partner, "turnover_usd"] == pytest.approx(last["turnover_usd"])
        assert picked.loc[partner, "derived"] == ("turnover_usd" in last["derived"])
        assert picked.loc[partner, "approximate"] == last["approximate"]
        for source in picked.loc[partner, "sources"]:
            assert source in last["sources"]
    assert picked.loc["KZ", "period"] == "2021" and picked.loc["KZ", "derived"]
    assert picked.loc["KZ", "turnover_usd"] == 25e6
    assert (
        turnover_by_partner(trade_engine, 2021).set_index("partner").loc["KZ", "period"] == "2021"
    )


def test_share_of_russia_and_cagr(trade_engine: sa.Engine, tmp_path: Path) -> None:
    from coopatlas.trade.indicators import all_series

    add_flows(trade_engine, [
        flow("RU", "2022-01-01", "2022-12-31", "turnover", 50e9, "https://h.example/ru"),
        flow("RU-LIP", "2020-01-01", "2020-12-31", "turnover", 250e6, "https://h.example/1"),
        flow("RU-LIP", "2022-01-01", "2022-12-31", "turnover", 360e6, "https://h.example/1"),
    ], tmp_path)  # fmt: skip
    frame = partner_series(trade_engine, "RU-LIP")
    rows = {r["period"]: r for r in records(frame)}
    assert rows["2022"]["share_of_russia_pct"] == 0.72
    assert "share_of_russia_pct" in rows["2022"]["derived"]
    assert [s["address"] for s in rows["2022"]["share_sources"]] == ["https://h.example/ru"]
    assert [s["address"] for s in rows["2022"]["sources"]] == ["https://h.example/1"]
    assert rows["2020"]["share_of_russia_pct"] is None
    assert frame.attrs["cagr"]["turnover"] == {"from": "2020", "to": "2022", "pct": 20.0}
    assert records(all_series(trade_engine)["RU-LIP"]) == records(frame)
