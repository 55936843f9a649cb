"""The data_parser versions' parsing of request bodies: C fields from JSON, with their reports.

design: a body is parsed the way the C data_parser parses it, field by field
in the table's order: a value of another JSON type than the field's OpenAPI
type is reported in warnings[] ("Expected OpenAPI type=... but got ..."),
then converted as Slurm's data_convert_type() does; a value that does not
convert either fails silently (the parse fails, errors[] stays empty) or is
reported in errors[] with its number, as each C parser does.  The first
failing field ends the parse; keys no field knows are reported afterwards in
warnings[] ("Ignoring unknown field ...").  Sources name the JSON path
("#/job/name/").  v0.0.41 on appends the value itself (compact JSON) to the
type warnings and to some errors (Ctx.show).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slurmrestd.slurm.constants import NO_VAL, NO_VAL16, NO_VAL64

# slurm_errno.h: the data_parser's error numbers
DATA_PATH_NOT_FOUND = 9200
DATA_CONV_FAILED = 9202
DATA_FLAGS_INVALID_TYPE = 9206
DATA_FLAGS_INVALID = 9207
DATA_EXPECTED_LIST = 9208
DATA_EXPECTED_DICT = 9209

# slurm_errno.c's texts of the data_parser's numbers, which 22.05's libslurm lacks.
_TEXTS = {
    9200: "Unable to resolve path",
    9201: "Data pointer is NULL",
    9202: "Unable to convert Data type",
    9203: "Unable to compile regex",
    9204: "MIME type is unknown to any loaded plugins",
    9205: "Data too large to handle",
    9206: "Data parser expects flags to be a list",
    9207: "Data parser unable to parse invalid flag",
    9208: "Data parser expected a list",
    9209: "Data parser expected a dictionary or object",
    9009: "Query requirements not met",  # ESLURM_REST_BAD_REQUEST (25.05 on)
}


def error_text(rc: int) -> str:
    """Slurm's text for an error number (the data_parser's from 24.11's table)."""
    from slurmrestd.openapi.common.errors import text

    if rc == 0:
        return "No error"
    return _TEXTS.get(rc) or text(rc)


# A parsed key naming an environment variable the job gets (rlimits, distribution).
SETENV = "setenv:"

# OpenAPI types (with their formats) the parsers expect.
STRING = ("string", None)
INT32 = ("integer", "int32")
INT64 = ("integer", "int64")
OBJECT = ("object", None)
ARRAY = ("array", None)
BOOLEAN = ("boolean", None)


def type_name(value: Any) -> str:
    """Slurm's name of a JSON value's data type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "64 bit integer"
    if isinstance(value, float):
        return "floating point number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "dictionary"


_OAS = {
    "null": None,
    "boolean": "boolean",
    "64 bit integer": "integer",
    "floating point number": "number",
    "string": "string",
    "list": "array",
    "dictionary": "object",
}
_SLURM_OF_OAS = {
    "string": "string",
    "integer": "64 bit integer",
    "object": "dictionary",
    "array": "list",
    "boolean": "boolean",
    "number": "floating point number",
}


def compact(value: Any) -> str:
    """A value as the C data_t printer (%pd) writes it: compact JSON, "/" escaped."""
    if isinstance(value, float):
        return repr(value) if value == value and not math.isinf(value) else "null"
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("/", "\\/")


class Failed(Exception):  # noqa: N818 - the outcome of a parse
    """A field did not parse: rc (0 never); its errors[] entries were made already."""

    def __init__(self, rc: int) -> None:
        super().__init__(rc)
        self.rc = rc


@dataclass
class Ctx:
    """One parse: the reports it makes and the version's way of writing them."""

    show: bool  # v0.0.41 on: warnings and some errors end with the value
    version: str = ""
    release: str = ""  # the release whose C daemon answers for the version
    # The C fields the object being parsed has so far (kinds that depend on others).
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def warn(self, source: str, description: str) -> None:
        self.warnings.append({"description": description, "source": source})

    def error(self, source: str, rc: int, description: str) -> Failed:
        self.errors.append(
            {
                "description": description,
                "error_number": rc,
                "error": error_text(rc),
                "source": source,
            }
        )
        return Failed(rc)

    def what(self, value: Any) -> str:
        """A value in an error text: its JSON (v0.0.41 on) or its type name (v0.0.40)."""
        return compact(value) if self.show else type_name(value)


def child(path: str, key: str) -> str:
    return f"{path}{key}/"


# --- data_convert_type ----------------------------------------------------------------

_INT = re.compile(r"^[+-]?[0-9]+$")


def as_int(value: Any) -> int | None:
    """data_convert_type(INT_64) with force: None when it does not convert."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value)  # lrint: to even
    if value is None:
        return 0
    if isinstance(value, str):
        if value[:2].lower() == "0x":
            try:
                return int(value, 16)
            except ValueError:
                return None
        text = value.lstrip()
        if _INT.match(text):
            return int(text)
    return None


def as_string(value: Any) -> str | None:
    """data_convert_type(STRING): None for a list or a dict."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, float):
        return f"{value:f}"
    return None


def _detect(value: str) -> Any:
    if not value or value[0] == "~" or value.lower() == "null":
        return None
    if value.isdigit():
        return int(value)
    try:
        return float(value)
    except ValueError:
        pass
    lower = value.lower()
    if lower in ("y", "yes", "t", "true", "on"):
        return True
    if lower in ("n", "no", "f", "false", "off"):
        return False
    return value


def as_bool(value: Any) -> bool | None:
    """data_convert_type(BOOL), which forces: None for a list or a dict."""
    if isinstance(value, str):
        value = _detect(value)
        if isinstance(value, str):
            return True
    if value is None:
        return False
    if isinstance(value, bool | int | float):
        return bool(value)
    return None


# --- kinds ----------------------------------------------------------------------------


class PKind:
    """How one field's JSON becomes C values.  openapi: the type checked first (or None)."""

    openapi: tuple[str, str | None] | None = None

    def check(self, value: Any, ctx: Ctx, src: str) -> None:
        if self.openapi is None or value is None:
            return
        found = _OAS[type_name(value)]
        if found == self.openapi[0]:
            return
        fmt = f" format={self.openapi[1]}" if self.openapi[1] else ""
        text = (
            f"Expected OpenAPI type={self.openapi[0]}{fmt} (Slurm type="
            f"{_SLURM_OF_OAS[self.openapi[0]]}) but got OpenAPI type={found} "
            f"(Slurm type={type_name(value)})"
        )
        if ctx.show:
            text += f": {compact(value)}"
        ctx.warn(src, text)

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        raise NotImplementedError

    def run(self, value: Any, ctx: Ctx, src: str) -> Any:
        self.check(value, ctx, src)
        return self.parse(value, ctx, src)


class Str(PKind):
    openapi = STRING

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return None
        text = as_string(value)
        if text is None:
            raise Failed(DATA_CONV_FAILED)
        return text


class Int(PKind):
    """UINT16, UINT32, UINT64: null is 0; UINT32 takes a negative number as NO_VAL."""

    def __init__(self, bits: int) -> None:
        self.bits = bits
        self.openapi = INT64 if bits == 64 else INT32

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        number = as_int(value)
        if number is None:
            raise Failed(DATA_CONV_FAILED)
        if self.bits == 32 and number & ~0xFFFFFFFF:
            return NO_VAL
        return number & ((1 << self.bits) - 1)


class NoValInt(PKind):
    """UINT16/32/64_NO_VAL: a number, or a {set, infinite, number} object."""

    def __init__(self, bits: int, *, v40: bool) -> None:
        self.bits = bits
        self.v40 = v40
        self.openapi = OBJECT if v40 else None

    def number(self, value: Any, ctx: Ctx, src: str) -> int:
        """The 64-bit value (NO_VAL64, INFINITE64 or a number)."""
        if value is None:
            return NO_VAL64
        if isinstance(value, float):
            if math.isinf(value):
                return 0xFFFFFFFFFFFFFFFF
            if math.isnan(value):
                return NO_VAL64
            return int(value) & 0xFFFFFFFFFFFFFFFF
        if isinstance(value, str):
            converted = as_int(value)
            if converted is not None:
                value = converted
        if isinstance(value, int) and not isinstance(value, bool):
            return value & 0xFFFFFFFFFFFFFFFF
        if not isinstance(value, dict):
            if self.v40:
                raise ctx.error(
                    src, DATA_EXPECTED_DICT, f"Expected dictionary but got {type_name(value)}"
                )
            raise ctx.error(src, DATA_CONV_FAILED, f"Expected integer but got {compact(value)}")
        return self._object(value, ctx, src)

    def _object(self, value: dict[str, Any], ctx: Ctx, src: str) -> int:
        got = type_name(value)
        if "set" in value:
            is_set = as_bool(value["set"])
            if is_set is None:
                raise ctx.error(
                    src, DATA_CONV_FAILED, f'Expected bool for "set" field but got {got}'
                )
        else:
            is_set = False
        inf = False
        if "infinite" in value:
            converted = as_bool(value["infinite"])
            if converted is None:
                raise ctx.error(
                    src, DATA_CONV_FAILED, f'Expected bool for "infinite" field but got {got}'
                )
            inf = converted
        number = None
        if "number" in value:
            number = as_int(value["number"])
            if number is None:
                raise ctx.error(
                    src,
                    DATA_CONV_FAILED,
                    f'Expected integer number for "number" field but got {got}',
                )
        if inf:
            return 0xFFFFFFFFFFFFFFFF
        if not is_set:
            return NO_VAL64
        if number is None:
            raise ctx.error(
                src,
                DATA_CONV_FAILED,
                'Expected "number" field when "set"=True but field not present',
            )
        return number & 0xFFFFFFFFFFFFFFFF

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        num = self.number(value, ctx, src)
        if self.bits == 64:
            return num
        no_val = NO_VAL if self.bits == 32 else NO_VAL16
        if num == NO_VAL64:
            return no_val
        if num >= no_val:
            return no_val + 1  # INFINITE (INFINITE16)
        return num


class Bool(PKind):
    """BOOL, BOOL16 (and BOOL16_NO_VAL): any scalar, forced to true or false."""

    openapi = BOOLEAN

    def __init__(self, unset: int = 0) -> None:
        self.unset = unset

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return self.unset
        truth = as_bool(value)
        if truth is None:
            raise Failed(DATA_CONV_FAILED)
        return int(truth)


@dataclass(frozen=True)
class Flag:
    name: str
    value: int
    mask: int = 0  # 0: a bit of its own; else the value is "equal" within this mask


class Flags(PKind):
    """A flag array: names (any case) of bits; v0.0.40 adds a second error on failure."""

    def __init__(self, *flags: Flag, v40: bool, removed: Sequence[str] = ()) -> None:
        self.flags = flags
        self.v40 = v40
        self.removed = tuple(removed)

    def _one(self, item: Any, ctx: Ctx, src: str, out: list[int]) -> bool:
        name = item if isinstance(item, str) else None
        if name is not None and name.lower() in (r.lower() for r in self.removed):
            ctx.warn(src, f"Ignoring deprecated flag: {name}")
            return True
        for f in self.flags:
            if name is not None and name.lower() == f.name.lower():
                mask = f.mask or f.value
                out[0] = (out[0] & ~mask) | f.value
                return True
        ctx.error(src, DATA_FLAGS_INVALID, f'Unknown flag "{name}"')
        return False

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        out = [0]
        base = src[:-1]
        # v0.0.41 on report an unknown name and go on parsing (the request still fails).
        if isinstance(value, str):
            if not self._one(value, ctx, f"{base}[0]/", out) and self.v40:
                ctx.error(src, DATA_FLAGS_INVALID, f'Parsing single flag "{value}" failed')
                raise Failed(DATA_FLAGS_INVALID)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if not self._one(item, ctx, f"{base}[{i}]/", out) and self.v40:
                    ctx.error(src, DATA_FLAGS_INVALID, "Parsing flags failed")
                    raise Failed(DATA_FLAGS_INVALID)
        else:
            raise ctx.error(
                src, DATA_FLAGS_INVALID_TYPE, f"Expected a List but found a {type_name(value)}"
            )
        return out[0]


class StrList(PKind):
    """environment, argv, spank_environment: a list of strings (a dict is left alone)."""

    openapi = ARRAY

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None or isinstance(value, dict):
            return None
        if not isinstance(value, list):
            raise ctx.error(
                src, DATA_EXPECTED_LIST, f"expected a list of strings but got {ctx.what(value)}"
            )
        out = []
        for item in value:
            text = as_string(item)
            if text is None:
                raise Failed(DATA_CONV_FAILED)
            out.append(text)
        return out


class Ignored(PKind):
    """A field the C parser reads but that never reaches the job (a warning at most)."""

    def __init__(self, warning: str | None = None, openapi: Any = None) -> None:
        self.warning = warning
        self.openapi = openapi

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if self.warning:
            ctx.warn(src, self.warning)
        return None


@dataclass(frozen=True)
class P:
    """One field of a parse table: its JSON key ("a/b" nests), its C field, its kind.

    A kind that sets several C fields (or none) returns a dict with c_field None.
    """

    key: str
    c_field: str | None
    kind: PKind


def _resolve(doc: Mapping[str, Any], key: str) -> tuple[bool, Any]:
    value: Any = doc
    for part in key.split("/"):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _unknown(
    table: Sequence[P], doc: Mapping[str, Any], ctx: Ctx, src: str, type_string: str
) -> None:
    keys = [tuple(p.key.split("/")) for p in table]

    def walk(obj: Mapping[str, Any], prefix: tuple[str, ...], path: str) -> None:
        for key, value in obj.items():
            here = (*prefix, key)
            if here in keys:
                continue
            if isinstance(value, dict):
                walk(value, here, child(path, key))
                continue
            ctx.warn(
                child(path, key),
                f'Ignoring unknown field "{key}" of type {type_name(value)} in {type_string}',
            )

    walk(doc, (), src)


def parse_object(
    table: Sequence[P], doc: Any, ctx: Ctx, src: str, type_string: str
) -> dict[str, Any]:
    """The C fields a JSON object sets; raises Failed after the unknown-key warnings."""
    if not isinstance(doc, dict):
        raise ctx.error(
            src, DATA_EXPECTED_DICT, f"Rejecting {type_name(doc)} when dictionary expected"
        )
    values: dict[str, Any] = {}
    failed: Failed | None = None
    outer, ctx.values = ctx.values, values
    try:
        failed = _fields(table, doc, ctx, src, values)
    finally:
        ctx.values = outer
    _unknown(table, doc, ctx, src, type_string)
    if failed is not None:
        raise failed
    return values


def _fields(
    table: Sequence[P], doc: Mapping[str, Any], ctx: Ctx, src: str, values: dict[str, Any]
) -> Failed | None:
    failed: Failed | None = None
    for p in table:
        present, raw = _resolve(doc, p.key)
        if not present:
            continue
        try:
            parsed = p.kind.run(raw, ctx, child(src, p.key))
        except Failed as exc:
            failed = exc
            break
        if p.c_field is None:
            if parsed:
                for name, v in parsed.items():
                    if name == "bitflags":
                        values[name] = values.get(name, 0) | v
                    else:
                        values[name] = v
        elif parsed is not None:
            values[p.c_field] = parsed
    return failed


# --- a later version's table, as its differences ------------------------------------------


def later(kind: PKind) -> PKind:
    """A kind as v0.0.41 on read it: values shown in reports, numbers without the object."""
    import copy

    new = copy.copy(kind)
    for name in ("numeric",):
        inner = getattr(new, name, None)
        if isinstance(inner, PKind):
            setattr(new, name, later(inner))
    if hasattr(new, "v40"):
        new.v40 = False
        if isinstance(new, NoValInt):
            new.openapi = None
    return new


def relax(table: Sequence[P]) -> tuple[P, ...]:
    return tuple(P(p.key, p.c_field, later(p.kind)) for p in table)


def drop(table: Sequence[P], *keys: str) -> tuple[P, ...]:
    missing = set(keys) - {p.key for p in table}
    if missing:
        raise KeyError(sorted(missing))
    return tuple(p for p in table if p.key not in keys)


def insert(table: Sequence[P], after: str, *entries: P) -> tuple[P, ...]:
    keys = [p.key for p in table]
    at = keys.index(after) + 1
    return (*table[:at], *entries, *table[at:])


def replace(table: Sequence[P], *entries: P) -> tuple[P, ...]:
    new = {p.key: p for p in entries}
    missing = set(new) - {p.key for p in table}
    if missing:
        raise KeyError(sorted(missing))
    return tuple(new.get(p.key, p) for p in table)
