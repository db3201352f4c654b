"""Reading and writing the import formats: CSV, XLSX, JSON and Parquet.

Every reader returns a :class:`Table`: the cells as text (``None`` for empty) with the
1-based row number each came from, so the validator can parse every format alike and
name the row of every problem. CSV files saved by Russian Excel (cp1251, ``;`` as
delimiter, decimal comma, a UTF-8 byte-order mark) are recognised.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coopatlas.errors import Problem, UserError

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".parquet": "parquet"}


class FileRejected(UserError):
    """The file cannot be read as a table at all."""

    def __init__(self, path: Path | str, reason: str, problems: list[Problem] | None = None):
        self.path = str(path)
        self.problems = problems or []
        lines = [f"{path}: {reason}"] + [f"{path}: {p.describe()}" for p in self.problems[:50]]
        super().__init__("\n".join(lines))


@dataclass
class Table:
    """Cells as text, with the file row number of each record (the header is row 1)."""

    frame: pd.DataFrame
    rows: pd.Series
    decimal_comma: bool = False
    encoding: str = "utf-8"


def format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise UserError(f"{path}: unknown file type {path.suffix!r}; use one of {known}")
    return fmt


def read_table(path: Path) -> Table:
    """Read *path* into a :class:`Table`; the format comes from the extension."""
    fmt = format_of(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise FileRejected(path, "the file is empty (expected a header row)")
    if fmt == "csv":
        return _read_csv(path)
    if fmt == "xlsx":
        frame = pd.read_excel(path, dtype=object, engine="openpyxl")
        return _from_frame(frame, first_row=2)
    if fmt == "json":
        return _read_json(path)
    return _from_frame(pd.read_parquet(path), first_row=1)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise FileRejected(path, "this is a binary file, not a CSV text file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise FileRejected(
                path, f"not UTF-8 (bad byte at offset {exc.start}) and not cp1251 either"
            ) from exc
        return text, "cp1251"


def _read_csv(path: Path) -> Table:
    text, encoding = _decode(path, path.read_bytes())
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        raise FileRejected(path, "the first line is empty (expected a header row)")
    delimiter = max((";", ",", "\t"), key=header_line.count)
    header = [h.strip() for h in next(csv.reader([header_line], delimiter=delimiter))]
    problems = []
    for position, name in enumerate(header):
        if not name:
            problems.append(Problem(1, None, "a column has no name in the header"))
        elif name in header[:position]:
            problems.append(Problem(1, name, "the column appears twice in the header"))
    if problems:
        raise FileRejected(path, "the header is not usable", problems)
    frame = _read_csv_fast(text, delimiter, len(header))
    if frame is None:
        frame = _read_csv_checked(path, text, delimiter, len(header))
    frame.columns = header
    rows = pd.Series(frame.index + 2, dtype="int64")
    frame = frame[(frame != "").any(axis=1)]
    rows = rows[frame.index].reset_index(drop=True)
    frame = frame.apply(lambda col: col.str.strip()).replace("", None).reset_index(drop=True)
    return Table(frame, rows, delimiter == ";", encoding)


def _read_csv_fast(text: str, delimiter: str, width: int) -> pd.DataFrame | None:
    """pandas' C parser for plain files; None when the file has quotes, blank lines or lines
    of the wrong length, which the checked path then reads (and names)."""
    if '"' in text or "\n\n" in text or "\n\r\n" in text:
        return None
    counts = pd.Series(text.splitlines()).str.count(re.escape(delimiter))
    if (counts != width - 1).any():
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            header=0,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError):
        return None
    if frame.shape[1] != width or frame.isna().any().any():
        return None
    return frame.astype(object)


def _read_csv_checked(path: Path, text: str, delimiter: str, width: int) -> pd.DataFrame:
    """The csv module, record by record, naming every record of the wrong length.

    Blank lines are kept as empty records so that index + 2 stays the record's row number.
    """
    body, problems = [], []
    for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if number == 1:
            continue
        if not any(cell.strip() for cell in record):
            body.append([""] * width)
        elif len(record) != width:
            problems.append(
                Problem(number, None, f"has {len(record)} fields, the header has {width}")
            )
        else:
            body.append(record)
    if problems:
        raise FileRejected(path, "the file is not a well-formed table", problems)
    return pd.DataFrame(body, dtype=object)


def _read_json(path: Path) -> Table:
    try:
        data = json.loads(path.read_text("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileRejected(path, f"not valid JSON: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("records", data.get("data"))
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise FileRejected(path, 'expected a JSON array of objects (or {"records": [...]})')
    return _from_frame(pd.DataFrame.from_records(data), first_row=1)


def _cell_text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return str(value.date().isoformat())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value)
    text = str(value).strip()
    return text or None


def _from_frame(frame: pd.DataFrame, first_row: int) -> Table:
    frame = frame.astype(object).map(_cell_text)
    frame.columns = [str(c).strip() for c in frame.columns]
    rows = pd.Series(range(first_row, first_row + len(frame)), dtype="int64")
    frame = frame.reset_index(drop=True)
    return Table(frame, rows)


def write_table(frame: pd.DataFrame, destination: Path | io.TextIOBase, fmt: str) -> None:
    """Write *frame* in *fmt* to a path, or to a text stream for CSV and JSON."""
    if fmt == "csv":
        frame.to_csv(destination, index=False)  # type: ignore[arg-type]
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
        if isinstance(destination, Path):
            destination.write_text(text, "utf-8")
        else:
            destination.write(text)
    elif fmt == "parquet":
        if not isinstance(destination, Path):
            raise UserError("parquet cannot be written to standard output; give a FILE")
        frame.to_parquet(destination, index=False)
    elif fmt == "xlsx":
        if not isinstance(destination, Path):
            raise UserError("xlsx cannot be written to standard output; give a FILE")
        frame.to_excel(destination, index=False)
    else:
        raise UserError(f"unknown format {fmt!r}; use csv, json, parquet or xlsx")
