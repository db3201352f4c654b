"""Economic complexity on a real trade table against the Growth Lab's own Stata output.

The table (1995, ten European exporters, thirty HS92 headings) and the reference numbers are
facts from the Growth Lab's published test fixture (see ``data/growthlab_1995_stata.json``,
field ``source``): the numbers Stata's ``ecomplexity`` printed, which our vectorised
implementation must reproduce.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from coopatlas.trade.complexity import complexity

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def result() -> tuple[pd.DataFrame, dict]:  # type: ignore[type-arg]
    table = pd.read_csv(DATA / "growthlab_1995.csv", dtype={"hs92": str})
    expected = json.loads((DATA / "growthlab_1995_stata.json").read_text("utf-8"))
    out = complexity(table, time="year", loc="origin", prod="hs92", value="export_val")
    return out, expected


@pytest.mark.parametrize("measure", ["eci", "coi", "diversity"])
def test_location_measures_match_stata(result: tuple[pd.DataFrame, dict], measure: str) -> None:  # type: ignore[type-arg]
    out, expected = result
    by_location = out.groupby("origin")[measure].first()
    for location, value in expected[measure].items():
        assert by_location[location] == pytest.approx(value, abs=1e-9), location


@pytest.mark.parametrize("measure", ["pci", "ubiquity"])
def test_product_measures_match_stata(result: tuple[pd.DataFrame, dict], measure: str) -> None:  # type: ignore[type-arg]
    out, expected = result
    by_product = out.groupby("hs92")[measure].first()
    for product, value in expected[measure].items():
        assert by_product[product] == pytest.approx(value, abs=1e-9), product


@pytest.mark.parametrize(
    ("measure", "tolerance"), [("density", 1e-9), ("cog", 1e-9), ("rca", 1e-8)]
)
def test_cell_measures_match_stata(
    result: tuple[pd.DataFrame, dict],  # type: ignore[type-arg]
    measure: str,
    tolerance: float,
) -> None:
    """Density leaves a product's proximity to itself out, as Stata does (the PyPI package
    keeps it); RCA is as exact as the export values the fixture rounds."""
    out, expected = result
    austria = out[out["origin"] == "aut"].set_index("hs92")[measure]
    for product, value in expected["aut"][measure].items():
        assert austria[product] == pytest.approx(value, abs=tolerance), product
