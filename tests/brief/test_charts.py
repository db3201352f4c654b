"""The charting layer: the tile grid's layout, each chart drawn offline to SVG."""

from __future__ import annotations

import re
from importlib import resources

import pandas as pd
import pytest

from coopatlas import charts
from coopatlas.brief.i18n import Formats
from coopatlas.brief.page import chart_text

TEXT = chart_text(Formats("en"))


def _regions() -> pd.DataFrame:
    path = resources.files("coopatlas") / "data" / "reference" / "regions.csv"
    with path.open("r", encoding="utf-8") as f:
        return pd.read_csv(f)


def test_tile_grid_has_one_cell_per_region() -> None:
    grid, regions = charts.tile_grid(), _regions()
    assert sorted(grid["code"]) == sorted(regions["code"])
    assert (grid["code"].str.startswith("RU-").sum(), grid["code"].str.startswith("BY-").sum()) == (
        83,
        7,
    )
    assert not grid.duplicated(["col", "row"]).any()
    assert grid["short_en"].is_unique and grid["short_ru"].is_unique


def test_tile_grid_is_laid_out_geographically() -> None:
    cell = charts.tile_grid().set_index("code")
    col, row = cell["col"], cell["row"]
    assert col["RU-KGD"] < col["RU-SMO"] < col["RU-MOW"] < col["RU-SVE"] < col["RU-NVS"]
    assert col["RU-CHU"] == col.max() or col["RU-CHU"] >= col["RU-KAM"]
    assert row["RU-MUR"] < row["RU-MOW"] < row["RU-KDA"]  # north to south
    assert row["RU-KHA"] < row["RU-PRI"]
    assert max(col[c] for c in col.index if c.startswith("BY-")) <= col["RU-SMO"]
    # the regions' centres agree with the grid: further east means a column no further west
    regions = _regions().set_index("code")
    rank = regions["lon"].rank()
    agree = rank.reindex(col.index).corr(col.rank(), method="spearman")
    assert agree > 0.9


def test_tile_map_draws_every_cell_and_marks_no_data() -> None:
    svg = charts.to_svg(
        charts.tile_map(
            {"RU-LIP": 334e6, "RU-MOW": 5e9}, {"RU-LIP": "Lipetsk Oblast"}, TEXT, "en", "RU-LIP"
        )
    )
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    grid = charts.tile_grid()
    assert set(grid["short_en"]) <= set(texts)
    assert svg.count("<path") >= 90  # a rect per cell
    assert "#e9ecef" in svg  # grey cells without figures


def test_flows_chart_draws_lines_and_empty_data_draws_nothing() -> None:
    series = pd.DataFrame(
        {
            "period": ["2021", "2022"],
            "turnover_usd": [315e6, 334e6],
            "export_usd": [70e6, 91e6],
            "import_usd": [245e6, 243e6],
            "balance_usd": [-175e6, -152e6],
        }
    )
    svg = charts.to_svg(charts.flows_over_time(series, TEXT))
    assert svg.startswith("<svg") and "Turnover" in svg and "334" in svg
    assert "−175" in charts.to_svg(charts.balance_bars(series, TEXT))
    empty = series.iloc[0:0]
    assert charts.flows_over_time(empty, TEXT) is None
    assert charts.balance_bars(empty, TEXT) is None


def test_axis_numbers_follow_the_language() -> None:
    series = pd.DataFrame({"period": ["2021", "2022"], "balance_usd": [-1.5e9, -2.25e9]})
    ru = charts.to_svg(charts.balance_bars(series, chart_text(Formats("ru"))), "ru")
    en = charts.to_svg(charts.balance_bars(series, TEXT), "en")
    assert "−2\u00a0250" in ru or "−2 250" in ru
    assert "−2,250" in en
    assert "Сальдо" in ru


def test_structure_and_complexity_charts() -> None:
    structure = pd.DataFrame(
        {
            "name": ["87 Vehicles", "84 Machinery"],
            "flow_name": ["Exports", "Exports"],
            "usd": [120e6, 80e6],
        }
    )
    assert "87 Vehicles" in charts.to_svg(charts.structure_bars(structure, TEXT))
    scatter = pd.DataFrame(
        {
            "name": ["8701 Tractors", "8429 Bulldozers"],
            "density": [0.3, 0.2],
            "pci": [1.2, 0.4],
            "cog": [0.5, 0.1],
        }
    )
    assert charts.to_svg(charts.complexity_scatter(scatter, TEXT)).count("<path") >= 2


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.line_chart([2025, 2026], [0.2, 0.6], "Share"),
        lambda: charts.bar_chart(["2025", "2026"], [1e6, 3e6], "Capital", ["#1971c2"] * 2),
        lambda: charts.hbar_chart(["a scenario", "another"], [2.0, 1.0], "Cost", "#1971c2"),
    ],
)
def test_planner_charts_come_from_the_same_layer(draw: object) -> None:
    svg = draw()  # type: ignore[operator]
    assert svg.startswith("<svg") and 'class="marks"' in svg and "<script" not in svg
    assert charts.line_chart([], [], "x") == "" and charts.bar_chart([], [], "x", []) == ""
