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

NO_VAL16 = 0xFFFE
NO_VAL = 0xFFFFFFFE
NO_VAL64 = 0xFFFFFFFFFFFFFFFE
INFINITE16 = 0xFFFF
INFINITE = 0xFFFFFFFF
INFINITE64 = 0xFFFFFFFFFFFFFFFF


class _Omit:
    """A converter's answer meaning "this key is not in the document"."""

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Any = _Omit()


def same(value: Any) -> Any:
    return value


def string(value: Any) -> str:
    """C strings: NULL renders as ""."""
    return "" if value is None else str(value)


def boolean(value: Any) -> bool:
    return bool(value)


def unset_as_null(*unset: int) -> Converter:
    """Numbers where a sentinel (NO_VAL, INFINITE, ...) means "not set": null."""
    sentinels = frozenset(unset)

    def convert(value: Any) -> Any:
        return None if value in sentinels else value

    return convert


def mapped(mapping: Mapping[int, Any], default: Any = None) -> Converter:
    def convert(value: Any) -> Any:
        return mapping.get(value, default)

    return convert


def bit_names(bits: Sequence[tuple[int, str]]) -> Converter:
    """A flag word as the list of names of the bits set, in table order."""

    def convert(value: Any) -> list[str]:
        return [name for bit, name in bits if value & bit]

    return convert


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
