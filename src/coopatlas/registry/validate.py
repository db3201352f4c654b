"""Validation of an import table against its kind's schema and the database's contents.

Checks run column by column over the whole table (pandas, no loop over rows), collect every
problem with its file row and column, and return the parsed, typed table. Nothing here
writes; :mod:`coopatlas.registry.importer` stores a table only when it has no problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pycountry
from rapidfuzz import fuzz, process

from coopatlas.errors import Problem
from coopatlas.registry.formats import Table
from coopatlas.registry.kinds import Column, Kind, kind

TRUE = {"true", "1", "yes", "y", "t", "да", "истина"}
FALSE = {"false", "0", "no", "n", "f", "нет", "ложь"}
SLUG = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"
REGION = r"(BY|RU)-[A-Z0-9]{1,3}"


@cache
def countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@dataclass
class Context:
    """What the database already holds that a table may refer to."""

    regions: set[str] = field(default_factory=set)
    region_names: dict[str, str] = field(default_factory=dict)
    products: set[str] = field(default_factory=set)
    enterprise_regions: dict[str, str] = field(default_factory=dict)
    existing_keys: pd.DataFrame | None = None
    # unique columns besides the key: column -> {stored value: key of the row holding it}
    unique_values: dict[str, dict[str, str]] = field(default_factory=dict)

    def reference_set(self, reference: str) -> set[str]:
        table = reference.split(".")[0]
        if table == "regions":
            return self.regions
        if table == "products":
            return self.products
        return set(self.enterprise_regions)


@dataclass
class Validated:
    """A parsed table, the problems found in it, and which rows replace stored ones."""

    kind: Kind
    frame: pd.DataFrame
    problems: list[Problem]
    bad_rows: int
    exists: pd.Series


class _Problems:
    """Collects problems as (position, column, message) blocks, one block per check."""

    def __init__(self, rows: pd.Series):
        self.rows = rows
        self.blocks: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, column: str | None, message: str | pd.Series) -> None:
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        positions = np.flatnonzero(mask.to_numpy())
        text = message.reindex(mask.index)[mask] if isinstance(message, pd.Series) else message
        self.blocks.append(
            pd.DataFrame(
                {"pos": positions, "column": column, "message": np.asarray(text, dtype=object)}
            )
        )

    def cells(self, mask: pd.Series, column: str, values: pd.Series, reason: str) -> None:
        """Problems whose message quotes the offending cell; built only for flagged rows."""
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            self.add(mask, column, "'" + values[mask].astype(str) + "' " + reason)

    def flagged(self, column: str) -> np.ndarray:
        """Positions that already have a problem in *column*."""
        hits = [b["pos"].to_numpy() for b in self.blocks if (b["column"] == column).any()]
        return np.concatenate(hits) if hits else np.zeros(0, dtype=int)

    def result(self, order: tuple[str, ...]) -> tuple[list[Problem], int, np.ndarray]:
        if not self.blocks:
            return [], 0, np.zeros(0, dtype=int)
        found = pd.concat(self.blocks, ignore_index=True)
        rank = {name: i for i, name in enumerate(order)}
        found["rank"] = found["column"].map(rank).fillna(len(rank))
        found = found.sort_values(["pos", "rank"], kind="stable")
        positions = found["pos"].unique()
        listed = found[found["pos"].isin(positions[:50])]
        problems = [
            Problem(int(self.rows.iloc[pos]), col, msg)
            for pos, col, msg in zip(
                listed["pos"], listed["column"], listed["message"], strict=True
            )
        ]
        return problems, len(positions), positions


def _matches(s: pd.Series, pattern: str) -> pd.Series:
    return s.str.fullmatch(pattern).fillna(False).astype(bool)


def _parse_number(s: pd.Series, decimal_comma: bool) -> pd.Series:
    """Numbers from text; spaces between thousands and (if allowed) decimal commas."""
    number = pd.to_numeric(s, errors="coerce").astype("float64")
    retry = s.notna() & number.isna()
    if retry.any():
        text = s[retry].str.replace(r"[\s\u00a0\u202f]", "", regex=True)
        if decimal_comma:
            text = text.str.replace(",", ".", regex=False)
        number[retry] = pd.to_numeric(text, errors="coerce")
    return number.where(np.isfinite(number))


def _parse_hs(s: pd.Series) -> pd.Series:
    digits = s.str.replace(r"[\s.]", "", regex=True)
    odd = digits.str.len().isin([1, 3, 5, 9])  # a leading zero lost in a spreadsheet
    return digits.where(~odd, "0" + digits)


def _parse_column(col: Column, s: pd.Series, table: Table, found: _Problems) -> pd.Series:
    """Parse one column to its type, recording cells that do not parse."""
    present = s.notna()
    name = col.name
    if col.type in ("float", "int"):
        number = _parse_number(s, table.decimal_comma)
        found.cells(present & number.isna(), name, s, "is not a number")
        if col.type == "int":
            fractional = number.notna() & (number % 1 != 0)
            found.cells(fractional, name, s, "is not a whole number")
        if col.min is not None:
            low = number < col.min
            reason = "is negative" if col.min == 0 else f"is below the minimum {col.min:g}"
            found.cells(low, name, s, reason)
        if col.max is not None:
            found.cells(number > col.max, name, s, f"is above the maximum {col.max:g}")
        if col.type == "int":
            return number.where(number % 1 == 0).astype("Int64")
        return number.astype("float64")
    if col.type == "date":
        iso = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
        russian = pd.to_datetime(s, format="%d.%m.%Y", errors="coerce")
        value = iso.fillna(russian)
        found.cells(present & value.isna(), name, s, "is not a date (YYYY-MM-DD)")
        return value.dt.date.astype(object).where(value.notna(), None)
    if col.type == "bool":
        low = s.str.lower()
        ok = low.isin(TRUE | FALSE)
        found.cells(present & ~ok, name, s, "is not true or false")
        return low.isin(TRUE)
    if col.type.startswith("enum:"):
        low = s.str.lower()
        allowed = col.enum_values
        if all(v.isupper() for v in allowed):
            low = s.str.upper()
        found.cells(present & ~low.isin(allowed), name, s, f"is not one of {', '.join(allowed)}")
        return low
    if col.type == "list":
        lowercase = col.reference == "enterprises.id"  # ids are lowercase slugs
        return (
            s.fillna("")
            .str.split("|")
            .map(
                lambda items: [
                    i.strip().lower() if lowercase else i.strip() for i in items if i.strip()
                ]
            )
        )
    if col.type == "slug":
        found.cells(
            present & ~_matches(s, SLUG),
            name,
            s,
            "is not an identifier (letters, digits, '.', '_', '-', at most 64)",
        )
        return s.str.lower()  # ids are lowercase slugs: MTZ and mtz are one enterprise
    if col.type == "region_code":
        up = s.str.upper()
        if col.reference:  # the reference check names the region and suggests one
            return up
        found.cells(
            present & ~_matches(up, REGION),
            name,
            s,
            "is not an ISO 3166-2 code of a Belarusian or Russian region",
        )
        return up
    if col.type in ("hs_code", "hs_or_total"):
        total = s.str.upper() == "TOTAL"
        hs = _parse_hs(s)
        ok = _matches(hs, r"\d{2}|\d{4}|\d{6}|\d{10}")
        if col.type == "hs_or_total":
            ok |= total
            hs = hs.where(~total, "TOTAL")
        found.cells(present & ~ok, name, s, "is not an HS code (2, 4, 6 or 10 digits)")
        return hs
    if col.type == "place_code":  # known regions are checked in _check_places
        up = s.str.upper()
        is_country = up.isin(countries())
        is_region = _matches(up, REGION)
        found.cells(
            present & ~(is_country | is_region),
            name,
            s,
            "is not an ISO 3166-2 region code or an ISO 3166-1 country code",
        )
        return up
    if col.type == "country_code":
        up = s.str.upper()
        found.cells(present & ~up.isin(countries()), name, s, "is not an ISO 3166-1 country code")
        return up
    if col.type == "currency":
        up = s.str.upper()
        found.cells(present & ~up.isin(currencies()), name, s, "is not an ISO 4217 currency")
        return up
    return s


def suggest(value: str, pool: list[str], names: dict[str, str] | None = None) -> str:
    """' (did you mean X?)' for an unknown reference, or '' when nothing is close.

    A region's name or alias (``Lipetsk Oblast``) suggests its code; otherwise the closest
    spelling among *pool*.
    """
    if names:
        hit = names.get(value.strip().lower())
        if hit:
            return f" (did you mean {hit}?)"
    if not pool:
        return ""
    match = process.extractOne(value.upper(), pool, scorer=fuzz.ratio, processor=str.upper)
    if match and match[1] >= 60:
        return f" (did you mean {match[0]}?)"
    return ""


def _check_references(
    col: Column, value: pd.Series, own: set[str], context: Context, found: _Problems
) -> None:
    assert col.reference
    known = context.reference_set(col.reference) | own
    noun = {"regions": "region", "products": "HS code", "enterprises": "enterprise"}[
        col.reference.split(".")[0]
    ]
    names = context.region_names if noun == "region" else None
    pool = sorted(known)
    if col.type == "list":
        exploded = value.explode().dropna()
        missing = exploded[~exploded.isin(known)]
        first = missing.groupby(level=0).first()
        mask = pd.Series(False, index=value.index)
        mask[first.index] = True
        messages = pd.Series("", index=value.index, dtype=object)
        hints = {v: suggest(v, pool, names) for v in first.unique()[:50]}
        messages[first.index] = [f"unknown {noun} {v!r}{hints.get(v, '')}" for v in first]
        found.add(mask, col.name, messages)
        return
    missing = value.notna() & ~value.isin(known)
    if col.type == "hs_or_total":
        missing &= value != "TOTAL"
    missing.iloc[found.flagged(col.name)] = False
    if not missing.any():
        return
    unknown = value[missing]
    hints = {v: suggest(v, pool, names) for v in unknown.unique()[:50]}
    messages = unknown.map(lambda v: f"unknown {noun} {v!r}{hints.get(v, '')}")
    found.add(missing, col.name, messages.reindex(value.index))


def _check_places(col: Column, value: pd.Series, context: Context, found: _Problems) -> None:
    """A place that looks like a region code must be a region the registry knows."""
    if not context.regions:
        return
    region_like = _matches(value.fillna(""), REGION) & ~value.isin(countries())
    missing = value.notna() & region_like & ~value.isin(context.regions)
    missing.iloc[found.flagged(col.name)] = False
    if not missing.any():
        return
    pool = sorted(context.regions)
    unknown = value[missing]
    hints = {v: suggest(v, pool, context.region_names) for v in unknown.unique()[:50]}
    messages = unknown.map(
        lambda v: (
            f"unknown region {v!r}{hints.get(v, '')}; a partner or reporter is a region "
            "in the registry or an ISO 3166-1 country"
        )
    )
    found.add(missing, col.name, messages.reindex(value.index))


def _check_lengths(spec: Kind, frame: pd.DataFrame, found: _Problems) -> None:
    """Text longer than its database column holds is refused, never cut."""
    from coopatlas.registry.models import TABLE_OF_KIND

    table = TABLE_OF_KIND[spec.name]
    for col in spec.columns:
        if col.name not in table.c or col.type not in ("str", "slug"):
            continue
        limit = getattr(table.c[col.name].type, "length", None)
        if not limit:
            continue
        lengths = frame[col.name].astype("string").str.len()
        too_long = (lengths > limit).fillna(False).astype(bool)
        too_long.iloc[found.flagged(col.name)] = False
        found.add(
            too_long,
            col.name,
            lengths.astype("Int64").astype(str) + f" characters; at most {limit} fit",
        )


def _check_unique(
    spec: Kind, frame: pd.DataFrame, rows: pd.Series, context: Context, found: _Problems
) -> None:
    """A column the database keeps unique (a document's sha256) may not repeat, in the file
    or against another stored row."""
    key = spec.key[0]
    for name, stored in context.unique_values.items():
        value = frame[name]
        present = value.notna()
        repeat = present & value.duplicated(keep="first")
        if repeat.any():
            first_row = rows.groupby(value.to_numpy()).transform("first").astype("Int64")
            found.add(repeat, name, "duplicate of row " + first_row.astype(str) + f" (same {name})")
        owner = value.astype(str).map(stored).where(present)
        clash = present & owner.notna() & (owner != frame[key].astype(str))
        found.add(
            clash,
            name,
            f"the same {name} is stored for {spec.name} row " + owner.astype(str),
        )


def _rules_capabilities(frame: pd.DataFrame, found: _Problems, context: Context) -> None:
    over = frame["output"] > frame["capacity"]
    found.add(over, "output", "output " + frame["output"].astype(str) + " exceeds the capacity")


def _rules_demands(frame: pd.DataFrame, found: _Problems, context: Context) -> None:
    found.add(frame["quantity"] <= 0, "quantity", "quantity must be greater than zero")
    neither = frame["buyer_enterprise"].isna() & frame["buyer_region"].isna()
    found.add(neither, "buyer_region", "give buyer_enterprise or buyer_region")
    from_enterprise = frame["buyer_enterprise"].map(context.enterprise_regions)
    clash = frame["buyer_region"].notna() & from_enterprise.notna()
    clash &= frame["buyer_region"] != from_enterprise
    found.add(
        clash,
        "buyer_region",
        "buyer_region differs from the buyer enterprise's region " + from_enterprise.astype(str),
    )
    frame["buyer_region"] = frame["buyer_region"].fillna(from_enterprise)


def _rules_trade(frame: pd.DataFrame, found: _Problems, context: Context) -> None:
    start, end = pd.to_datetime(frame["period_start"]), pd.to_datetime(frame["period_end"])
    found.add(end < start, "period_end", "period_end is before period_start")
    found.add(
        frame["value_usd"].isna() & frame["value"].isna(),
        "value_usd",
        "give value_usd or value with currency",
    )
    found.add(
        frame["value"].notna() & frame["currency"].isna(),
        "currency",
        "value is given without its currency",
    )
    usd = (frame["currency"] == "USD") & frame["value_usd"].isna()
    frame.loc[usd, "value_usd"] = frame.loc[usd, "value"]


def _rules_regions(frame: pd.DataFrame, found: _Problems, context: Context) -> None:
    prefix = frame["code"].str[:2]
    found.add(
        frame["code"].notna() & frame["country"].notna() & (prefix != frame["country"]),
        "country",
        "country does not match the code's prefix",
    )


def _rules_products(frame: pd.DataFrame, found: _Problems, context: Context) -> None:
    code = frame["code"].fillna("")
    derived = code.str.len().map({4: 2, 6: 4, 10: 6})
    implied = pd.Series(
        [c[: int(n)] if n == n else None for c, n in zip(code, derived, strict=True)],
        index=frame.index,
        dtype=object,
    )
    frame["parent"] = frame["parent"].fillna(implied)
    wrong = frame["parent"].notna() & implied.notna() & (frame["parent"] != implied)
    found.add(wrong, "parent", "parent is not the code's own prefix")
    frame["level"] = code.str.len()


RULES: dict[str, Callable[[pd.DataFrame, _Problems, Context], None]] = {
    "capabilities": _rules_capabilities,
    "demands": _rules_demands,
    "trade": _rules_trade,
    "regions": _rules_regions,
    "products": _rules_products,
}


def _key_text(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """The key columns joined into one string per row, for set lookups."""
    text = frame[key[0]].astype(str)
    for name in key[1:]:
        text = text + "\x1f" + frame[name].astype(str)
    return text


def validate(kind_name: str, table: Table, context: Context, upsert: bool = False) -> Validated:
    """Parse and check *table* as rows of *kind_name*."""
    spec = kind(kind_name)
    source = table.frame
    found = _Problems(table.rows)
    header: list[Problem] = []
    for unknown in [c for c in source.columns if c not in spec.names]:
        hint = process.extractOne(unknown, spec.names, scorer=fuzz.ratio)
        extra = f" (did you mean {hint[0]!r}?)" if hint and hint[1] >= 60 else ""
        header.append(Problem(1, unknown, f"unknown column{extra}"))
    header += [
        Problem(1, c.name, "required column is missing")
        for c in spec.columns
        if c.required and c.default is None and c.name not in source.columns
    ]
    if not header and source.empty:
        header = [Problem(None, None, "the file has a header but no data rows")]
    if header:
        return Validated(spec, source, header, 1, pd.Series(dtype=bool))

    frame = pd.DataFrame(index=source.index)
    for col in spec.columns:
        raw = (
            source[col.name]
            if col.name in source.columns
            else pd.Series(None, index=source.index, dtype=object)
        )
        raw = raw.astype(object)
        if col.default is not None:
            raw = raw.fillna(col.default)
        if col.required and col.type != "list":
            found.add(raw.isna(), col.name, "a value is required")
        frame[col.name] = _parse_column(col, raw, table, found)

    rule = RULES.get(spec.name)
    if rule:
        rule(frame, found, context)

    _check_lengths(spec, frame, found)
    _check_unique(spec, frame, table.rows, context, found)
    own_keys = set(frame[spec.key[0]].dropna()) if len(spec.key) == 1 else set()
    for col in spec.columns:
        if col.type == "place_code":
            _check_places(col, frame[col.name], context, found)
        if col.reference:
            self_reference = col.reference.split(".")[0] == spec.name
            _check_references(
                col, frame[col.name], own_keys if self_reference else set(), context, found
            )

    keys = _key_text(frame, spec.key)
    duplicate = keys.duplicated(keep="first")
    if duplicate.any():
        first_row = table.rows.groupby(keys.to_numpy()).transform("first")
        found.add(
            duplicate,
            spec.key[0],
            "duplicate of row " + first_row.astype(str) + f" (same {', '.join(spec.key)})",
        )
    exists = pd.Series(False, index=frame.index)
    if context.existing_keys is not None and len(context.existing_keys):
        stored = set(_key_text(context.existing_keys, spec.key))
        exists = keys.isin(stored)
        if not upsert:
            found.add(exists, spec.key[0], "already in the database (use --upsert to replace it)")
    problems, bad, _ = found.result(spec.names)
    return Validated(spec, frame, problems, bad, exists)
