"""Write ``data/reference/tile_grid.csv``: one square cell per region, laid out geographically.

Russian statistical atlases draw the federal subjects as a tile grid: each subject one equal
cell, neighbours next to each other, Kaliningrad far west, Chukotka far east. This script
builds such a layout from the regions' centres in ``regions.csv`` (Belarus's regions too, west
of Russia) by an optimal assignment of regions to grid cells (Hungarian method, scipy): the
coordinates are first spread by rank, so dense European Russia gets room and sparse Siberia
does not take half the map. The result is a data file that may be edited by hand; rerun with
``python scripts/gen_tile_grid.py`` to rebuild it.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

REFERENCE = Path(__file__).resolve().parents[1] / "src" / "coopatlas" / "data" / "reference"
COLUMNS, ROWS = 20, 10
RANK_WEIGHT_X, RANK_WEIGHT_Y = 0.75, 0.5
GENERIC = {
    "republic", "oblast", "krai", "autonomous", "okrug", "of", "the", "city",
    "north", "республика", "северная", "область", "край", "автономный", "автономная", "округ",
    "город",
}  # fmt: skip
# Where the rule below gives two regions one label, or a label nobody reads (Saint ...).
OWN_SHORT = {
    "Saint Petersburg": "St P.", "Санкт-Петербург": "СПб",
    "Minsk Oblast": "Mn. Obl.", "Минская область": "Мин. обл.",
    "Altai Krai": "Alt. Kr.", "Алтайский край": "Алт. кр.",
    "Altai Republic": "Alt. R.", "Республика Алтай": "Алт. Р.",
    "Krasnodar Krai": "Krdr.", "Краснодарский край": "Кр-дар",
    "Krasnoyarsk Krai": "Krsk.", "Красноярский край": "Кр-ярск",
    "Sakhalin Oblast": "Skhl.", "Сахалинская область": "Сахал.",
}  # fmt: skip


def short_name(name: str, city: bool) -> str:
    """A cell label: the name's first distinctive word, cut to four letters unless short."""
    if name in OWN_SHORT:
        return OWN_SHORT[name]
    words = [w for w in re.split(r"[\s()–—]+", name) if w and w.lower() not in GENERIC]
    word = words[0].split("-")[0] if words else name
    return word if city or len(word) <= 5 else word[:4] + "."


def _spread(values: np.ndarray, rank_weight: float) -> np.ndarray:
    """Blend of linear position and rank position, both scaled to 0..1."""
    linear = (values - values.min()) / (values.max() - values.min())
    rank = values.argsort().argsort() / (len(values) - 1)
    return rank_weight * rank + (1 - rank_weight) * linear


def layout() -> list[dict[str, object]]:
    with (REFERENCE / "regions.csv").open(encoding="utf-8") as f:
        regions = list(csv.DictReader(f))
    lat = np.array([float(r["lat"]) for r in regions])
    lon = np.array([float(r["lon"]) for r in regions])
    x = _spread(lon, RANK_WEIGHT_X) * (COLUMNS - 1)
    y = (1 - _spread(lat, RANK_WEIGHT_Y)) * (ROWS - 1)  # row 0 is the north
    cols, rows = np.meshgrid(np.arange(COLUMNS), np.arange(ROWS))
    cells = np.column_stack([cols.ravel(), rows.ravel()])
    cost = (x[:, None] - cells[None, :, 0]) ** 2 + (y[:, None] - cells[None, :, 1]) ** 2
    chosen, cell = linear_sum_assignment(cost)
    out = [
        {
            "code": regions[i]["code"],
            "col": int(cells[c, 0]),
            "row": int(cells[c, 1]),
            "short_en": short_name(regions[i]["name_en"], "city" in regions[i]["kind"]),
            "short_ru": short_name(regions[i]["name_ru"], "city" in regions[i]["kind"]),
        }
        for i, c in zip(chosen, cell, strict=True)
    ]
    return sorted(out, key=lambda r: (r["row"], r["col"]))


def main() -> None:
    rows = layout()
    path = REFERENCE / "tile_grid.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["code", "col", "row", "short_en", "short_ru"])
        writer.writeheader()
        writer.writerows(rows)
    grid = [["   .  "] * COLUMNS for _ in range(ROWS)]
    for r in rows:
        grid[int(r["row"])][int(r["col"])] = f"{r['short_en']!s:^6}"  # type: ignore[call-overload]
    print("\n".join("".join(line) for line in grid))
    print(f"{path}: {len(rows)} cells")


if __name__ == "__main__":
    main()
