"""Alerts from small worlds: each fires on its pattern, with its numbers and sources."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from coopatlas.trade import store
from coopatlas.trade.alerts import alerts
from tests.trade.helpers import add_flows, flow, stats_file


def _year(partner: str, year: int, kind: str, usd: float, source: str) -> dict[str, object]:
    return flow(partner, f"{year}-01-01", f"{year}-12-31", kind, usd, source)


def test_falling_turnover_widening_deficit_and_growth_below_trend(
    trade_engine: sa.Engine, tmp_path: Path
) -> None:
    rows = [_year("RU-CHE", y, "turnover", v, "https://e.example/che")
            for y, v in ((2011, 400e6), (2012, 380e6), (2013, 350e6))]  # fmt: skip
    rows += [_year("RU-CHE", 2012, "export", 100e6, "https://e.example/che"),
             _year("RU-CHE", 2013, "export", 80e6, "https://e.example/che")]  # fmt: skip
    rows += [_year("RU-VLA", y, "turnover", v, "https://e.example/vla")
             for y, v in ((2018, 100e6), (2019, 130e6), (2020, 170e6), (2021, 175e6))]  # fmt: skip
    add_flows(trade_engine, rows, tmp_path)
    found = {(a.partner, a.kind): a for a in alerts(trade_engine)}
    down = found["RU-CHE", "turnover_down_two_years"]
    assert down.numbers == {"2011": 400e6, "2012": 380e6, "2013": 350e6}
    assert "$400.0m in 2011" in down.message
    assert down.sources[0]["address"] == "https://e.example/che"
    deficit = found["RU-CHE", "deficit_widening"]  # 2012: 100 − 280, 2013: 80 − 270
    assert deficit.numbers == {"balance_2012": -180e6, "balance_2013": -190e6}
    assert "derived" in deficit.message
    slow = found["RU-VLA", "growth_below_trend"]
    assert slow.numbers["growth_pct"] == 2.9 and slow.numbers["trend_cagr_pct"] == 30.4
    assert ("RU-VLA", "turnover_down_two_years") not in found
    stale = found["RU-CHE", "no_recent_data"]  # RU-VLA reaches 2021, RU-CHE stops in 2013
    assert stale.numbers["latest_overall"] == "2021-12-31"
    assert ("RU-VLA", "no_recent_data") not in found
    assert [a.kind for a in alerts(trade_engine, "RU-VLA")] == ["growth_below_trend"]
    kinds = [a.kind == "no_recent_data" for a in alerts(trade_engine)]
    assert kinds == sorted(kinds)  # what the trade did first, what the data lack last


def test_an_alert_speaks_of_the_partners_latest_year_not_of_its_history(
    trade_engine: sa.Engine, tmp_path: Path
) -> None:
    # RU-KGD fell 2015–2017 and grew again in 2018; its deficit widened 2016–2017, and 2018
    # has no export figure to tell the balance: neither is news in 2018
    rows = [_year("RU-KGD", y, "turnover", v, "https://e.example/kgd")
            for y, v in ((2015, 210e6), (2016, 190e6), (2017, 180e6), (2018, 200e6))]  # fmt: skip
    rows += [_year("RU-KGD", 2016, "export", 60e6, "https://e.example/kgd"),
             _year("RU-KGD", 2017, "export", 50e6, "https://e.example/kgd")]  # fmt: skip
    add_flows(trade_engine, rows, tmp_path)
    assert [a.kind for a in alerts(trade_engine, "RU-KGD")] == []
    add_flows(trade_engine, [_year("RU-KGD", 2019, "turnover", 150e6, "https://e.example/k2"),
                             _year("RU-KGD", 2020, "turnover", 140e6, "https://e.example/k2")],
              tmp_path)  # fmt: skip
    [down] = [a for a in alerts(trade_engine, "RU-KGD") if a.kind == "turnover_down_two_years"]
    assert down.numbers == {"2018": 200e6, "2019": 150e6, "2020": 140e6}


def test_main_export_losing_share_from_statistics(trade_engine: sa.Engine, tmp_path: Path) -> None:
    rows = [("BY", "RU-ORE", y, m, "export", hs, v) for m in range(1, 13)
            for y, hs, v in ((2023, "870421", 80), (2023, "040210", 20),
                             (2024, "870421", 50), (2024, "040210", 50))]  # fmt: skip
    rows += [("BY", "RU-ORE", y, m, "import", "310420", 10) for y in (2023, 2024)
             for m in range(1, 13)]  # fmt: skip
    store.load_files(trade_engine, [stats_file(tmp_path / "s.csv", rows)])
    [alert] = [a for a in alerts(trade_engine, "RU-ORE") if a.kind == "main_export_losing_share"]
    assert alert.numbers == {"hs": "8704", "share_2023_pct": 80.0, "share_2024_pct": 50.0}
    assert alert.sources[0]["kind"] == "statistics"
