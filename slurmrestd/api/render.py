"""Renderers as data: a table of (json name, source, converter) per object and version.

A source is a C field name of the record the libslurm binding produced, or a
function of the whole record (for values derived from several fields).  The
same converters serve every plugin version, so two versions differ only by
their tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Record = Mapping[str, Any]
Converter = Callable[[Any], Any]


class _Omit:
    """A converter's answer meaning "this key is not in the document"."""

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Any = _Omit()


def with_schema(schema: dict[str, Any]) -> Callable[[Converter], Converter]:
    """Declare the JSON schema of what a converter produces (for the OpenAPI document)."""

    def mark(convert: Converter) -> Converter:
        convert.schema = schema  # type: ignore[attr-defined]
        return convert

    return mark


STRING = {"type": "string"}
STRINGS = {"type": "array", "items": {"type": "string"}}


def same(value: Any) -> Any:
    return value


@with_schema(STRING)
def string(value: Any) -> str:
    """C strings: NULL renders as ""."""
    return "" if value is None else str(value)


@with_schema({"type": "boolean"})
def boolean(value: Any) -> bool:
    return bool(value)


def unset_as_null(*unset: int) -> Converter:
    """Numbers where a sentinel (NO_VAL, INFINITE, ...) means "not set": null."""
    sentinels = frozenset(unset)

    @with_schema({"type": "integer", "nullable": True})
    def convert(value: Any) -> Any:
        return None if value in sentinels else value

    return convert


def mapped(mapping: Mapping[int, Any], default: Any = None) -> Converter:
    @with_schema(STRING)
    def convert(value: Any) -> Any:
        return mapping.get(value, default)

    return convert


def bit_names(bits: Sequence[tuple[int, str]]) -> Converter:
    """A flag word as the list of names of the bits set, in table order."""

    @with_schema(STRINGS)
    def convert(value: Any) -> list[str]:
        return [name for bit, name in bits if value & bit]

    return convert


@with_schema(STRINGS)
def csv_list(value: Any) -> list[str]:
    return [item for item in (value or "").split(",") if item]


@dataclass(frozen=True)
class Field:
    json: str
    source: str | Callable[[Record], Any]
    convert: Converter = same


def render(table: Iterable[Field], rec: Record) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in table:
        raw = f.source(rec) if callable(f.source) else rec.get(f.source)
        value = f.convert(raw)
        if value is not OMIT:
            out[f.json] = value
    return out


def sources(table: Iterable[Field], *extra: str) -> frozenset[str]:
    """The C fields a table reads by name (so the binding converts only those)."""
    return frozenset([f.source for f in table if isinstance(f.source, str)] + list(extra))


def schema(table: Iterable[Field], c_types: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The JSON schema of a table's output: the converter's, else the C field's type."""
    properties: dict[str, Any] = {}
    for f in table:
        declared = getattr(f.convert, "schema", None)
        if declared is None and f.convert is same and isinstance(f.source, str):
            declared = c_types.get(f.source)
        properties[f.json] = dict(declared or {})
    return {"type": "object", "properties": properties}
