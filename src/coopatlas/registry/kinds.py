"""The registry's import kinds, read from the schema tables in ``registry/schema/``.

Each kind (regions, enterprises, ...) has one CSV there with a row per column of its import
format. The validator, the exporter and docs/data-formats.md all read the same tables, so
the format is described in exactly one place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = (
    "regions",
    "products",
    "enterprises",
    "capabilities",
    "demands",
    "trade",
    "projects",
    "documents",
    "expansions",
    "plants",
)


@dataclass(frozen=True)
class Column:
    """One column of an import format."""

    name: str
    type: str
    required: bool
    key: bool
    default: str | None
    unit: str
    min: float | None
    max: float | None
    reference: str | None
    description: str

    @property
    def enum_values(self) -> tuple[str, ...]:
        if not self.type.startswith("enum:"):
            return ()
        return tuple(self.type.removeprefix("enum:").split("|"))


@dataclass(frozen=True)
class Kind:
    """An import kind: its columns in order and the columns that identify a row."""

    name: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def kind(name: str) -> Kind:
    """The import kind called *name* (one of :data:`KINDS`)."""
    if name not in KINDS:
        raise KeyError(name)
    text = (
        resources.files("coopatlas.registry").joinpath("schema", f"{name}.csv").read_text("utf-8")
    )
    rows = list(csv.DictReader(text.splitlines()))
    columns = tuple(
        Column(
            name=r["attribute"],
            type=r["type"],
            required=r["required"] in ("yes", "key"),
            key=r["required"] == "key",
            default=r["default"] or None,
            unit=r["unit"],
            min=_number(r["min"]),
            max=_number(r["max"]),
            reference=r["reference"] or None,
            description=r["description"],
        )
        for r in rows
    )
    return Kind(name, columns)


def formats_markdown() -> str:
    """The column tables of docs/data-formats.md, rendered from the schema tables."""
    parts = []
    for name in KINDS:
        spec = kind(name)
        parts += [
            f"### `{name}`",
            "",
            f"Key: {', '.join(f'`{k}`' for k in spec.key)}.",
            "",
            "| column | type | required | default | unit | allowed | description |",
            "|---|---|---|---|---|---|---|",
        ]
        for c in spec.columns:
            required = "key" if c.key else ("yes" if c.required else "")
            kind_text = "enum" if c.enum_values else c.type
            allowed = ", ".join(c.enum_values)
            if c.min is not None or c.max is not None:
                low = "" if c.min is None else f"{c.min:g}"
                high = "" if c.max is None else f"{c.max:g}"
                allowed = f"{low}..{high}"
            if c.reference:
                allowed = f"a `{c.reference}` in the registry"
            description = c.description.replace("|", "\\|")
            parts.append(
                f"| `{c.name}` | {kind_text} | {required} | {c.default or ''} | "
                f"{c.unit} | {allowed} | {description} |"
            )
        parts.append("")
    return "\n".join(parts)
