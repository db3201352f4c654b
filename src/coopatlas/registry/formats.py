"""Reading and writing the import formats: CSV, XLSX, JSON and Parquet.

Every reader returns a :class:`Table`: the cells as text (``None`` for empty) with the
1-based row number each came from, so the validator can parse every format alike and
name the row of every problem. CSV files saved by Russian Excel (cp1251, ``;`` as
delimiter, decimal comma, a UTF-8 byte-order mark) and UTF-16 text are recognised; cells
that Excel typed as dates or numbers read as their text.

Writing is safe for spreadsheets: text that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is written to ``.xlsx`` as a text
cell and to CSV with a leading ``'`` (as OWASP recommends), which the CSV reader removes
again, so every export imports back as the original text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coopatlas.errors import Problem, UserError

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".parquet": "parquet"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet run a cell as a formula (OWASP, "CSV injection")."""
XLSX_CELL_LIMIT = 32_767
"""The most characters an Excel cell holds."""


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
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file")
    fmt = format_of(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise FileRejected(path, "the file is empty (expected a header row)")
    if fmt == "csv":
        return _read_csv(path)
    if fmt == "xlsx":
        return _read_xlsx(path)
    if fmt == "json":
        return _read_json(path)
    return _read_parquet(path)


def _read_xlsx(path: Path) -> Table:
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # only an empty cell is missing: "NA", "None" or "null" are text (an enterprise, a source)
        frame = pd.read_excel(
            path, dtype=object, engine="openpyxl", keep_default_na=False, na_values=[""]
        )
    except (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError) as exc:
        raise FileRejected(
            path,
            f"not a readable .xlsx workbook ({exc or type(exc).__name__}); the file is "
            "truncated or of another type: save it again as .xlsx from the spreadsheet program",
        ) from exc
    except ValueError as exc:
        raise FileRejected(path, f"the workbook cannot be read as a table: {exc}") from exc
    return _from_frame(frame, first_row=2)


def _read_parquet(path: Path) -> Table:
    import pyarrow as pa

    try:
        frame = pd.read_parquet(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise FileRejected(
            path,
            f"not a readable Parquet file ({exc}); it is truncated or of another type: "
            "write it again",
        ) from exc
    return _from_frame(frame, first_row=1)


def _utf16(data: bytes) -> str | None:
    """The encoding of UTF-16 text (with or without a byte-order mark), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.4 * len(head[1::2]) and even == 0:
            return "utf-16-le"
        if even > 0.4 * len(head[0::2]) and odd == 0:
            return "utf-16-be"
    return None


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    wide = _utf16(data)
    if wide is not None:
        try:
            return data.decode(wide).lstrip("\ufeff"), wide
        except UnicodeDecodeError as exc:
            raise FileRejected(path, f"looks like UTF-16 text but does not decode ({exc})") from exc
    if b"\x00" in data[:4096]:
        raise FileRejected(
            path, "this is a binary file, not a CSV text file (save it as CSV, UTF-8)"
        )
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
    frame = frame.apply(lambda col: unneutralise(col.str.strip()))
    frame = frame.replace("", None).reset_index(drop=True)
    return Table(frame, rows, delimiter == ";", encoding)


def neutralise(values: pd.Series) -> pd.Series:
    """Text a spreadsheet would run gets a leading ``'``; so does text starting with ``'``,
    so that :func:`unneutralise` restores every value exactly."""
    text = values.map(lambda v: v if isinstance(v, str) else None)
    hit = text.str.startswith((*FORMULA_START, "'")).fillna(False).astype(bool)
    if not hit.any():
        return values
    out = values.astype(object).copy()
    out[hit] = "'" + text[hit]
    return out


def unneutralise(values: pd.Series) -> pd.Series:
    """Undo :func:`neutralise`: drop a ``'`` that stands before a formula start or a ``'``."""
    hit = values.str.match(r"'[=+\-@\t\r']").fillna(False).astype(bool)
    if not hit.any():
        return values
    out = values.copy()
    out[hit] = values[hit].str[1:]
    return out


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
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime):  # pd.Timestamp too: a date cell of Excel
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
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


def _json_default(value: Any) -> Any:
    """Dates as ISO text, numpy scalars as Python numbers (for :func:`json.dumps`)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as Python objects with None for every kind of missing value."""
    values = frame.astype(object)
    return values.where(frame.notna(), None)


def _check_cells(frame: pd.DataFrame, path: Path) -> None:
    """Refuse text an .xlsx cell cannot hold (too long, control characters), naming it,
    instead of letting it be cut or the workbook be broken."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    problems = []
    for column in frame.columns:
        text = frame[column].map(lambda v: v if isinstance(v, str) else None).astype(object)
        if text.isna().all():
            continue
        text = text.astype("string")
        long = (text.str.len() > XLSX_CELL_LIMIT).fillna(False).to_numpy(bool)
        control = text.str.contains(ILLEGAL_CHARACTERS_RE.pattern, regex=True)
        control = control.fillna(False).to_numpy(bool)
        for position in np.flatnonzero(long)[:50]:
            problems.append(
                Problem(
                    int(position) + 2,
                    str(column),
                    f"{len(text.iloc[position]):,} characters; an .xlsx cell holds at most "
                    f"{XLSX_CELL_LIMIT:,}: export to csv, json or parquet instead",
                )
            )
        for position in np.flatnonzero(control)[:50]:
            problems.append(
                Problem(
                    int(position) + 2,
                    str(column),
                    "holds a control character that .xlsx cannot store: export to csv, "
                    "json or parquet instead",
                )
            )
    if problems:
        raise FileRejected(
            path, "not written: some text cannot go into a spreadsheet cell", problems
        )


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """Text cells that look like formulas are written as text (quote prefix), never run;
    numbers and dates keep their types."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ERROR_CODES

    _check_cells(frame, path)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([str(c) for c in frame.columns])
    values = _plain(frame)
    for record in values.itertuples(index=False, name=None):
        sheet.append([v.item() if hasattr(v, "item") else v for v in record])
    for number, column in enumerate(frame.columns, start=1):
        text = values[column].map(lambda v: v if isinstance(v, str) else "")
        # openpyxl writes "#N/A" and its kind as error cells, which read back as missing
        risky = np.flatnonzero(
            (text.str.startswith(FORMULA_START) | text.isin(ERROR_CODES)).to_numpy(bool)
        )
        for position in risky:
            cell = sheet.cell(row=int(position) + 2, column=number)
            cell.value = text.iloc[position]
            cell.data_type = "s"
            cell.quotePrefix = True
    workbook.save(path)


def write_table(frame: pd.DataFrame, destination: Path | io.TextIOBase, fmt: str) -> None:
    """Write *frame* in *fmt* to a path, or to a text stream for CSV and JSON."""
    if isinstance(destination, Path):
        if destination.is_dir():
            raise UserError(f"{destination}: is a folder; give a file name to export to")
        if not destination.parent.exists():
            raise UserError(
                f"{destination}: the folder {destination.parent} does not exist; create it first"
            )
    if fmt == "csv":
        safe = frame.apply(
            lambda col: col if pd.api.types.is_numeric_dtype(col) else neutralise(col)
        )
        # the csv module leaves a lone carriage return unquoted when lines end in "\n"
        text_columns = [c for c in safe.columns if not pd.api.types.is_numeric_dtype(safe[c])]
        carriage = any(
            safe[c].astype("string").str.contains("\r", regex=False).fillna(False).any()
            for c in text_columns
        )
        safe.to_csv(
            destination,  # type: ignore[arg-type]
            index=False,
            lineterminator="\n",
            quoting=csv.QUOTE_ALL if carriage else csv.QUOTE_MINIMAL,
        )
    elif fmt == "json":
        records = _plain(frame).to_dict("records")
        text = json.dumps(records, ensure_ascii=False, indent=1, default=_json_default) + "\n"
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
        _write_xlsx(frame, destination)
    else:
        raise UserError(f"unknown format {fmt!r}; use csv, json, parquet or xlsx")
