"""One charting layer for the whole product: Vega-Lite specs (altair), drawn offline.

Every chart is an altair chart built by a function here from a plain DataFrame; ``render``
turns it into static SVG (vl-convert, no browser, no network) or into an interactive block
for HTML that uses the Vega bundle shipped inside vl-convert (inlined, never a CDN).
"""

from coopatlas.charts.basic import bar_chart, hbar_chart, line_chart
from coopatlas.charts.render import LOCALES, embed_script, to_svg, vega_bundle
from coopatlas.charts.tilemap import tile_grid, tile_map
from coopatlas.charts.trade import (
    balance_bars,
    complexity_scatter,
    flows_over_time,
    structure_bars,
)

__all__ = [
    "LOCALES",
    "balance_bars",
    "bar_chart",
    "complexity_scatter",
    "embed_script",
    "flows_over_time",
    "hbar_chart",
    "line_chart",
    "structure_bars",
    "tile_grid",
    "tile_map",
    "to_svg",
    "vega_bundle",
]
