"""The table engine: C records <-> JSON, one table per object and version, dump and parse.

design: a table lists (JSON path, C field, kind) per object; a path "a/b/c"
nests dicts the way the reference's dict paths do, in table order.  A kind
knows how to dump a C value to JSON and how to parse JSON back into a C
value; kinds that need Slurm's lists (TRES, QOS, associations) get them from
an Env loaded for the request (their prerequisites).  Parsing reports
problems as the reference does: entries in errors[] and a return code, with
each plugin version's rules (Rules) for missing and bad fields.  The OpenAPI
component schemas come from the same tables (schema()), and a version's
table is written as the differences from its parent's (replace(), drop()).
"""

from __future__ import annotations

import dataclasses
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slurmrestd.slurm.constants import (
    ESLURM_DATA_CONV_FAILED,
    ESLURM_REST_FAIL_PARSING,
    INFINITE,
    INFINITE16,
    INFINITE64,
    NO_VAL,
    NO_VAL16,
    NO_VAL64,
)


class ParseError(Exception):
    """A value cannot be parsed: rc is the reference's code for it."""

    def __init__(self, rc: int) -> None:
        super().__init__(rc)
        self.rc = rc


@dataclass
class Env:
    """slurmdbd's lists a dump or parse may need, loaded once per request."""

    tres: list[dict[str, Any]] = field(default_factory=list)
    qos: list[dict[str, Any]] = field(default_factory=list)
    assocs: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    strerror: Callable[[int], str] = str
    # Set by parse() from the version's Rules: unknown flag names are ignored.
    lenient: bool = False

    def error(self, rc: int, description: str | None, source: str | None) -> int:
        """An errors[] entry in the reference's shape (keys only when they are set)."""
        entry: dict[str, Any] = {}
        if description is not None:
            entry["description"] = description
        if rc:
            entry["error_number"] = rc
            entry["error"] = self.strerror(rc)
        if source is not None:
            entry["source"] = source
        self.errors.append(entry)
        return rc


class _Omit:
    """A kind's dump meaning "this key is not in the document"."""

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Any = _Omit()


class Kind:
    """How one C type is dumped to JSON and parsed from it.

    schema: the JSON schema of what dump gives, for the OpenAPI document; None
    means the C field's own type (the data_parser versions' kinds may give a
    slurmrestd.openapi.dataparser.schemas.Named).  reads: the C fields a whole-record kind
    (F(path, None, kind)) reads, so the binding converts them.
    """

    schema: Any = None
    reads: tuple[str, ...] = ()

    def dump(self, value: Any, env: Env) -> Any:
        return value

    def parse(self, value: Any, env: Env, key: str) -> Any:
        raise ParseError(ESLURM_REST_FAIL_PARSING)


@dataclass(frozen=True, slots=True)
class F:
    """One entry of a table: JSON path, C field (None: the whole record), kind."""

    path: str
    field: str | None
    kind: Kind
    required: bool = False
    # The path and field split once: dump() runs for every field of every record.
    heads: tuple[str, ...] = dataclasses.field(init=False, repr=False, compare=False, default=())
    key: str = dataclasses.field(init=False, repr=False, compare=False, default="")
    flat: bool = dataclasses.field(init=False, repr=False, compare=False, default=False)

    def __post_init__(self) -> None:
        *heads, key = self.path.split("/")
        object.__setattr__(self, "heads", tuple(heads))
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "flat", self.field is not None and "." not in self.field)


Table = Sequence[F]


def _get(rec: Mapping[str, Any], name: str) -> Any:
    value: Any = rec
    for part in name.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def dump(table: Table, rec: Mapping[str, Any], env: Env | None = None) -> dict[str, Any]:
    """A record as JSON; env only for kinds with prerequisites (slurmdbd's lists)."""
    if env is None:
        env = Env()
    out: dict[str, Any] = {}
    get, omit = rec.get, OMIT
    for f in table:
        if f.field is None:
            raw: Any = rec
        elif f.flat:
            raw = get(f.field)
        else:
            raw = _get(rec, f.field)
        value = f.kind.dump(raw, env)
        if value is omit:
            continue
        parent = out
        if f.heads:
            for head in f.heads:
                parent = parent.setdefault(head, {})
        parent[f.key] = value
    return out


def schema(table: Table, c_types: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The JSON schema of a table's dump: each kind's, else its C field's type."""
    root: dict[str, Any] = {"type": "object", "properties": {}}
    for f in table:
        declared = f.kind.schema
        if declared is None and f.field is not None:
            declared = c_types.get(f.field)
        parent = root
        *heads, last = f.path.split("/")
        for head in heads:
            parent = parent["properties"].setdefault(head, {"type": "object", "properties": {}})
        parent["properties"][last] = dict(declared or {})
    return root


def sources(table: Table, *extra: str) -> frozenset[str]:
    """The C fields a table reads (so the binding converts only those), and extra ones."""
    names = [f.field.split(".")[0] for f in table if f.field is not None]
    names += [name for f in table for name in f.kind.reads]
    return frozenset(names + list(extra))


def replace(table: Table, *entries: F) -> Table:
    """A derived version's table: its parent's with the entries at these paths replaced."""
    new = {entry.path: entry for entry in entries}
    missing = set(new) - {f.path for f in table}
    if missing:
        raise KeyError(sorted(missing))
    return tuple(new.get(f.path, f) for f in table)


def drop(table: Table, *paths: str) -> Table:
    """A derived version's table: its parent's without the entries at paths."""
    missing = set(paths) - {f.path for f in table}
    if missing:
        raise KeyError(sorted(missing))
    return tuple(f for f in table if f.path not in paths)


def insert(table: Table, after: str | None, *entries: F) -> Table:
    """A derived version's table: its parent's with entries added after the entry at
    path after (None: first)."""
    paths = [f.path for f in table]
    if after is not None and after not in paths:
        raise KeyError(after)
    clash = {e.path for e in entries} & set(paths)
    if clash:
        raise KeyError(sorted(clash))
    at = 0 if after is None else paths.index(after) + 1
    return (*table[:at], *entries, *table[at:])


def _resolve(doc: Any, path: str) -> tuple[bool, Any]:
    value = doc
    for part in path.split("/"):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


@dataclass(frozen=True)
class Rules:
    """How a plugin version's parser treats missing and failing fields."""

    # v0.0.38: a missing required field is reported and ends the parse (without
    # failing it); any field that fails is reported and fails the parse.
    # v0.0.37: only a required field that fails is reported and fails the parse.
    strict: bool = True


def parse(table: Table, doc: Any, env: Env, rules: Rules) -> tuple[int, dict[str, Any]]:
    """The C fields a JSON object sets; rc != 0 when the reference's parse fails."""
    outer = env.lenient
    env.lenient = not rules.strict
    try:
        return _parse(table, doc, env, rules)
    finally:
        env.lenient = outer


def _parse(table: Table, doc: Any, env: Env, rules: Rules) -> tuple[int, dict[str, Any]]:
    values: dict[str, Any] = {}
    for f in table:
        if isinstance(f.kind, Unhandled):
            continue
        present, raw = _resolve(doc, f.path)
        rc = 0
        if present:
            try:
                parsed = f.kind.parse(raw, env, f.path)
                if f.field is None:
                    values.update(parsed)
                else:
                    values[f.field] = parsed
            except ParseError as exc:
                rc = exc.rc
        if rules.strict:
            if not present and f.required:
                env.error(0, f"Missing required field '{f.path}'", "_parser_run")
                return 0, values
            if rc:
                req = "required " if f.required else ""
                env.error(rc, f"Failed to parse {req}field '{f.path}'", "_parser_run")
                return rc, values
        elif rc and f.required:
            env.error(rc, "Required field failed to parse", f.path)
            return rc, values
    return 0, values


# --- JSON value conversions (the reference's data_convert_type) ------------------------


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) < 2**63:
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text, 0) if text.lower().startswith(("0x", "-0x")) else int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            raise ParseError(ESLURM_DATA_CONV_FAILED) from None
        if number != number or abs(number) >= 2**63:
            raise ParseError(ESLURM_DATA_CONV_FAILED)
        return int(number)
    raise ParseError(ESLURM_DATA_CONV_FAILED)


def to_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:f}"
    raise ParseError(ESLURM_DATA_CONV_FAILED)


def force_bool(value: Any) -> bool:
    """The reference's forced Boolean: a word it knows, else any non-empty string is true."""
    known = to_bool(value)
    if known is not None:
        return known
    return isinstance(value, str) and bool(value)


def to_bool(value: Any) -> bool | None:
    """A query or body Boolean; None when it does not convert."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "yes", "1", "t", "y"):
            return True
        if text in ("false", "no", "0", "f", "n", ""):
            return False
    return None


# --- kinds -------------------------------------------------------------------------


class String(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        return value

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return None if value is None else to_str(value)


class Unsigned(Kind):
    """uint16/uint32: NO_VAL and INFINITE dump as null; null parses as INFINITE."""

    def __init__(self, bits: int) -> None:
        self.bits = bits
        self.no_val = {16: NO_VAL16, 32: NO_VAL}[bits]
        self.infinite = {16: INFINITE16, 32: INFINITE}[bits]

    def dump(self, value: Any, env: Env) -> Any:
        # The reference reads the field's first bytes as this type, whatever the field is.
        if isinstance(value, float):
            value = struct.unpack("<Q", struct.pack("<d", value))[0]
        if value is None:
            return None
        value &= self.infinite
        return None if value in (self.no_val, self.infinite) else value

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if value is None:
            return self.infinite
        number = to_int(value)
        if number == NO_VAL64:
            return self.no_val
        if number == INFINITE64 or number == -1:
            return self.infinite if number == INFINITE64 else self._negative(number)
        if number < 0 or number >> self.bits:
            raise ParseError(ESLURM_DATA_CONV_FAILED)
        return number

    def _negative(self, number: int) -> int:
        raise ParseError(ESLURM_DATA_CONV_FAILED)


class Unsigned64(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        return None if value in (NO_VAL64, INFINITE64) else value

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return 0 if value is None else to_int(value) & INFINITE64


class Signed64(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        if value is None:
            return None
        value &= INFINITE64
        return None if value in (NO_VAL64, INFINITE64) else value

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return NO_VAL if value is None else to_int(value)


class Float(Kind):
    """double and long double: values that are NO_VAL or INFINITE as uint32 dump as null."""

    def dump(self, value: Any, env: Env) -> Any:
        as_u32 = int(value) & 0xFFFFFFFF if value == value and abs(value) < 2**64 else 0
        return None if as_u32 in (NO_VAL, INFINITE) else float(value)

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if value is None:
            return float(NO_VAL)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise ParseError(ESLURM_DATA_CONV_FAILED)


NAMES = {"type": "array", "items": {"type": "string"}}


@dataclass(frozen=True)
class Flag:
    name: str
    field: str
    bit: int | None = None  # None: a Boolean field set when the name is given


class Flags(Kind):
    """Names of set bits (and Booleans) of a record; parsing ORs them in."""

    schema = NAMES

    def __init__(self, *flags: Flag) -> None:
        self.flags = flags
        self.reads = tuple(dict.fromkeys(f.field for f in flags))

    def dump(self, rec: Any, env: Env) -> Any:
        out = []
        for f in self.flags:
            value = rec.get(f.field) or 0
            if (value & f.bit) if f.bit is not None else value:
                out.append(f.name)
        return out

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        fields: dict[str, int] = {}
        for item in value:
            if isinstance(item, dict | list) or item is None:
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            name = to_str(item).lower()
            matched = [f for f in self.flags if f.name.lower() == name]
            if not matched and env.lenient:  # dbv0.0.37 ignores names it does not know
                continue
            if not matched:
                env.error(ESLURM_REST_FAIL_PARSING, "Unknown flag", key)
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            for f in matched:
                fields[f.field] = fields.get(f.field, 0) | (f.bit if f.bit is not None else 1)
        return fields


class Records(Kind):
    """A list of records dumped (and parsed) with a table."""

    def __init__(self, table: Callable[[], Table], rules: Rules | None = None) -> None:
        self.table = table
        self.rules = rules or Rules()

    def dump(self, value: Any, env: Env) -> Any:
        return [dump(self.table(), rec, env) for rec in value or []]

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        out = []
        for item in value:
            if not isinstance(item, dict):
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            rc, rec = parse(self.table(), item, env, self.rules)
            if rc:
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            out.append(rec)
        return out


class Unhandled(Kind):
    """A type the reference's table names but has no dumper or parser for: always null."""

    def dump(self, value: Any, env: Env) -> Any:
        return None

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return None


STR, U16, U32, U64, I64, FLOAT = (
    String(),
    Unsigned(16),
    Unsigned(32),
    Unsigned64(),
    Signed64(),
    Float(),
)
