"""Sectors and cities in Russian: every one the default dataset and ``synth`` write has its
Russian, a compound sector is put together from its parts, and an unknown part keeps the
whole as stored."""

from __future__ import annotations

import csv
from importlib import resources

from coopatlas.registry.labels import city_label, sector_label
from coopatlas.registry.synth import SECTORS

DATASET = resources.files("coopatlas") / "data" / "union-state-2023"


def _column(table: str, column: str) -> set[str]:
    with (DATASET / f"{table}.csv").open(encoding="utf-8") as f:
        return {row[column] for row in csv.DictReader(f) if row[column]}


def test_every_sector_and_city_of_the_dataset_and_synth_has_its_russian() -> None:
    sectors = _column("enterprises", "sector") | _column("projects", "sector")
    sectors |= {s.name for s in SECTORS}
    assert len(sectors) > 40
    assert [s for s in sorted(sectors) if sector_label(s, "ru") == s] == []
    assert [c for c in sorted(_column("enterprises", "city")) if city_label(c, "ru") == c] == []


def test_a_compound_sector_is_read_part_by_part_and_never_half_translated() -> None:
    assert sector_label("automotive (trucks, buses)", "ru") == (
        "автомобилестроение (грузовые автомобили, автобусы)"
    )
    assert sector_label("machine tools / metallurgy", "ru") == "станкостроение / металлургия"
    assert sector_label("automotive (hovercraft)", "ru") == "automotive (hovercraft)"
    assert sector_label("agricultural machinery (tractors)", "en") == (
        "agricultural machinery (tractors)"
    )
    assert city_label("Lipetsk", "ru") == "Липецк" and city_label("Atlantis", "ru") == "Atlantis"
    assert sector_label(None, "ru") == "" and city_label("", "ru") == ""
