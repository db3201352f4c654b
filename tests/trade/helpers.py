"""Small trade worlds for the trade tests: registry figures through the real importer,
statistics files through the real loader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from coopatlas import registry
from coopatlas.trade import store

TRADE_COLUMNS = ["reporter", "partner", "period_start", "period_end", "flow", "hs", "value_usd",
                 "value", "currency", "qualifier", "growth_pct", "growth_basis", "source",
                 "synthetic"]  # fmt: skip


def flow(partner: str, start: str, end: str, flow: str, usd: float | None, source: str,
         **kw: Any) -> dict[str, Any]:  # fmt: skip
    return {"reporter": "BY", "partner": partner, "period_start": start, "period_end": end,
            "flow": flow, "hs": "TOTAL", "value_usd": usd, "source": source, **kw}  # fmt: skip


def add_flows(engine: sa.Engine, rows: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / f"trade-{len(list(tmp_path.glob('trade-*.csv')))}.csv"
    pd.DataFrame(rows).reindex(columns=TRADE_COLUMNS).to_csv(path, index=False)
    registry.import_file(engine, "trade", path, False, None)


def stats_file(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    """A statistics CSV from (reporter, partner, year, month, flow, hs, value_usd) tuples."""
    pd.DataFrame(rows, columns=list(store.COLUMNS)).to_csv(path, index=False)
    return path


@pytest.fixture
def trade_engine(
    engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[sa.Engine]:
    """The registry on both databases, with its statistics store in this test's folder."""
    monkeypatch.setenv(store.ENV_VAR, str(tmp_path / "stats"))
    yield engine
