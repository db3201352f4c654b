"""The tile-grid cartogram: one equal square per Russian federal subject and Belarusian region.

No package installable here ships Russian admin-1 boundaries under a usable licence, so the
map is a tile grid as Russian statistical atlases draw it; the layout is our own data file
``data/reference/tile_grid.csv`` (built by ``scripts/gen_tile_grid.py`` from the regions'
centres). Cells without a figure are grey and say "no data", never a zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

import altair as alt
import numpy as np
import pandas as pd

from coopatlas.charts.render import Chart

CELL = 34


@lru_cache(maxsize=1)
def tile_grid() -> pd.DataFrame:
    """code, col, row, short_en, short_ru: one row per region."""
    path = resources.files("coopatlas") / "data" / "reference" / "tile_grid.csv"
    with path.open("r", encoding="utf-8") as f:
        return pd.read_csv(f, dtype={"code": str, "short_en": str, "short_ru": str})


def tile_map(
    values: Mapping[str, float],
    names: Mapping[str, str],
    text: Mapping[str, str],
    lang: str = "en",
    highlight: str | None = None,
) -> Chart:
    """Cells shaded by *values* (USD by region code, log scale); *highlight* is outlined."""
    grid = tile_grid().copy()
    grid["name"] = grid["code"].map(names).fillna(grid["code"])
    grid["label"] = grid[f"short_{lang}" if f"short_{lang}" in grid else "short_en"]
    grid["musd"] = grid["code"].map(values).astype(float) / 1e6
    grid["shown"] = grid["musd"].map(lambda v: f"{v:,.1f}" if pd.notna(v) else text["no_data"])
    grid["is_highlight"] = grid["code"] == highlight
    logs = np.log(grid["musd"].where(grid["musd"] > 0))
    span = float(logs.max() - logs.min()) if logs.notna().any() else 0.0
    grid["dark"] = ((logs - logs.min()) / span > 0.55) if span > 0 else logs.notna()
    cols, rows = int(grid["col"].max()) + 1, int(grid["row"].max()) + 1
    x = alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(cols))))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(rows))))
    tooltip = [
        alt.Tooltip("name:N", title=text["region"]),
        alt.Tooltip("shown:N", title=text["musd"]),
    ]
    base = alt.Chart(grid, width=CELL * cols, height=CELL * rows, title=text["title_map"])
    empty = (
        base.transform_filter("!isValid(datum.musd)")
        .mark_rect(color="#e9ecef", stroke="white", strokeWidth=1.5)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    shaded = (
        base.transform_filter("isValid(datum.musd) && datum.musd > 0")
        .mark_rect(stroke="white", strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "musd:Q",
                title=text["musd"],
                scale=alt.Scale(type="log", scheme="blues"),
                legend=alt.Legend(orient="bottom", gradientLength=240, format=",.0f"),
            ),
            tooltip=tooltip,
        )
    )
    ring = (
        base.transform_filter("datum.is_highlight")
        .mark_rect(fill=None, stroke="#c92a2a", strokeWidth=3)
        .encode(x=x, y=y)
    )
    labels = base.mark_text(fontSize=8, baseline="middle").encode(
        x=x,
        y=y,
        text="label:N",
        color=alt.condition("datum.dark", alt.value("white"), alt.value("#212529")),
        tooltip=tooltip,
    )
    return empty + shaded + ring + labels
