"""Property tests for the table readers and the number parser."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from coopatlas.registry.formats import read_table
from coopatlas.registry.validate import _parse_number

cell = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n\x85\u2028\u2029"
    ),
    max_size=12,
).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_csv_cells_survive_any_delimiter(
    tmp_path_factory: object, rows: list[tuple[str, str, str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["alpha", "beta", "gamma"])
    writer.writerows(rows)
    path = Path(str(tmp_path_factory.mktemp("csv"))) / "t.csv"  # type: ignore[attr-defined]
    path.write_bytes(buffer.getvalue().encode(encoding))
    table = read_table(path)
    kept = [r for r in rows if any(r)]
    assert len(table.frame) == len(kept)
    assert list(table.frame.columns) == ["alpha", "beta", "gamma"]
    for got, want in zip(table.frame.itertuples(index=False), kept, strict=True):
        assert tuple(v or "" for v in got) == want


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda v: round(v, 2)))
def test_decimal_comma_numbers(value: float) -> None:
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",")
    parsed = _parse_number(pd.Series([text], dtype=object), decimal_comma=True)
    assert parsed.iloc[0] == round(value, 2)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_plain_numbers(value: float) -> None:
    parsed = _parse_number(pd.Series([repr(value)], dtype=object), decimal_comma=False)
    assert parsed.iloc[0] == value


def test_cp1251_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("name;город\nМАЗ;Минск\n".encode("cp1251"))
    table = read_table(path)
    assert table.encoding == "cp1251" and table.decimal_comma
    assert table.frame.iloc[0].tolist() == ["МАЗ", "Минск"]


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    import pytest

    from coopatlas.errors import UserError

    path = tmp_path / "t.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(UserError, match="binary"):
        read_table(path)
