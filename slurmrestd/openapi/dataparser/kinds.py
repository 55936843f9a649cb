"""The kinds of the data_parser versions: how they render C values, and parse them back.

design: the rules every data_parser version shares, as engine kinds:
numbers that may be NO_VAL or INFINITE are {"set", "infinite", "number"}
objects; a string never set is ""; flags and states are arrays of names.
A kind one object alone needs lives beside that object's table; a kind two
objects need lives here.
"""

from __future__ import annotations

import copy
import math
import pwd
from collections.abc import Mapping
from typing import Any

from slurmrestd.openapi.common.engine import Env, Kind, ParseError, to_int, to_str
from slurmrestd.openapi.dataparser import schemas
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

STRING: dict[str, Any] = {"type": "string"}
BOOLEAN: dict[str, Any] = {"type": "boolean"}
INTEGER: dict[str, Any] = {"type": "integer"}
NAMES: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def number_object(value: Any, *, no_val: int, infinite: int, zero: Any = 0) -> dict[str, Any]:
    if value is None or value == no_val:
        return {"set": False, "infinite": False, "number": zero}
    if value == infinite:
        return {"set": False, "infinite": True, "number": zero}
    return {"set": True, "infinite": False, "number": value}


class NoVal(Kind):
    """An unsigned (16, 32, 64 bits) or int64 integer that may be NO_VAL or INFINITE.

    name: the document's type ({u}int{bits}_no_val by default); a time_t stamp is an
    int64 the data_parser documents as a uint64_no_val (its TIMESTAMP_NO_VAL).
    """

    def __init__(self, bits: int, *, signed: bool = False, name: str | None = None) -> None:
        self.bits = bits
        self.signed = signed
        name = name or f"{'' if signed else 'u'}int{bits}_no_val"
        self.schema = schemas.no_val(name, schemas.integer(bits))
        self.no_val = {16: NO_VAL16, 32: NO_VAL, 64: NO_VAL64}[bits]
        self.infinite = {16: INFINITE16, 32: INFINITE, 64: INFINITE64}[bits]

    def dump(self, value: Any, env: Env) -> Any:
        if value is not None and self.signed:
            value &= INFINITE64
        out = number_object(value, no_val=self.no_val, infinite=self.infinite)
        # The reference's number is an int64 whatever the C field: a 64-bit value past
        # int64's range (a wrapped difference of times) comes out negative.
        if self.bits == 64 and out["set"] and out["number"] >= 1 << 63:
            out["number"] -= 1 << 64
        return out

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if value is None:
            return self.no_val
        if isinstance(value, Mapping):
            if value.get("infinite") is True:
                return self.infinite
            if value.get("set") is False:
                return self.no_val
            if "number" not in value:
                raise ParseError(ESLURM_DATA_CONV_FAILED)
            value = value["number"]
        if isinstance(value, float) and math.isinf(value):
            return self.infinite
        if isinstance(value, float) and math.isnan(value):
            return self.no_val
        number = to_int(value)
        if number < 0 and not self.signed:
            raise ParseError(ESLURM_DATA_CONV_FAILED)
        if number >> self.bits:
            raise ParseError(ESLURM_DATA_CONV_FAILED)
        return number


class NoValFloat(Kind):
    """A double that may be NO_VAL or INFINITE (compared as the C double of those values)."""

    schema = schemas.no_val("float64_no_val", schemas.DOUBLE)

    def dump(self, value: Any, env: Env) -> Any:
        if value is None or value == float(NO_VAL) or value != value:
            return {"set": False, "infinite": False, "number": 0.0}
        if value == float(INFINITE) or math.isinf(value):
            return {"set": False, "infinite": True, "number": 0.0}
        return {"set": True, "infinite": False, "number": float(value)}


U16_NO_VAL, U32_NO_VAL, U64_NO_VAL = NoVal(16), NoVal(32), NoVal(64)
# time_t stamps (the only int64 NO_VAL numbers the documents have), as uint64_no_val.
I64_NO_VAL = NoVal(64, signed=True, name="uint64_no_val")
F64_NO_VAL = NoValFloat()


class Text(Kind):
    """A C string: "" when it was never set."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return "" if value is None else value

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return None if value is None else to_str(value)


class Number(Kind):
    """A plain integer (no NO_VAL object): dumped as it is (the document's format: int64,
    or int32 for Number(32))."""

    def __init__(self, bits: int = 64) -> None:
        self.schema = schemas.integer(bits)

    def dump(self, value: Any, env: Env) -> Any:
        return 0 if value is None else value

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return to_int(value)


class Boolean(Kind):
    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return bool(value)


class Bits(Kind):
    """The names of the bits set in one integer field, in the table's order.

    A name with bit 0 names the field being 0 (its "none" state); a name whose
    bit has several bits is set only when all of them are.  name: the data_parser's
    name of the flag type, for the document (job_state); unnamed flags are written
    inline there.
    """

    def __init__(self, *names: tuple[str, int], name: str | None = None) -> None:
        self.names = names
        listed = [n for n, _ in names]
        self.schema: Any = schemas.flags(name, listed) if name else schemas.enum_array(listed)

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        return [
            n for n, bit in self.names if (bit and value & bit == bit) or (not bit and not value)
        ]

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list):
            value = [value]
        out = 0
        for item in value:
            if isinstance(item, dict | list) or item is None:
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            name = to_str(item).upper()
            for n, bit in self.names:
                if n.upper() == name:
                    out |= bit
                    break
            else:
                raise ParseError(ESLURM_REST_FAIL_PARSING)
        return out


class CsvList(Kind):
    """A comma-separated C string as an array of its items ([] when unset)."""

    schema = schemas.Named("csv_string", NAMES)

    def dump(self, value: Any, env: Env) -> Any:
        return [item for item in value.split(",") if item] if value else []

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if isinstance(value, list):
            return ",".join(to_str(v) for v in value)
        return None if value is None else to_str(value)


class Deprecated(Kind):
    """Another kind, its field marked deprecated in the document (dumped and parsed as
    that kind): reservation_info's watts, controller_ping's mode and pinged."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.reads = kind.reads
        self.schema = schemas.deprecated(kind.schema)

    def dump(self, value: Any, env: Env) -> Any:
        return self.kind.dump(value, env)

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return self.kind.parse(value, env, key)


TEXT, NUMBER, BOOL, CSV = Text(), Number(), Boolean(), CsvList()


# --- flag arrays, user names, removed fields (nodes, partitions, reservations) -----------


class FlagBits(Kind):
    """A flag array as the data_parser dumps one, in its table's order.

    Each entry is (name, value, mask, how): how "bit" names the entry when
    all of value's bits under mask are set (skipped once an "equal" entry
    matched bits of its mask); "equal" when the field's bits under mask are
    exactly value; "hidden" entries are parsed but never dumped.  For the document,
    an array of the names it dumps: named by the data_parser's name of the flag type
    (node_states), or unnamed and written inline.
    """

    def __init__(self, *entries: tuple[str, int, int, str], name: str | None = None) -> None:
        self.entries = entries
        # The document's enum: every name but the hidden ones (the data_parser's flag type,
        # by its name where the version names it: node_states).
        shown = [n for n, _, _, how in entries if how != "hidden"]
        self.schema: Any = schemas.flags(name, shown) if name else schemas.enum_array(shown)

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        used, out = 0, []
        for name, bits, mask, how in self.entries:
            want = bits & mask
            if how == "equal":
                if value & mask == want:
                    used |= mask
                    out.append(name)
            elif how == "bit" and want and not used & mask and value & want == want:
                out.append(name)
        return out

    def parse(self, value: Any, env: Env, key: str) -> Any:
        """Names (a list, or one name) to bits: each name found sets its bits."""
        items = value if isinstance(value, list) else [value]
        out = 0
        for item in items:
            if isinstance(item, dict | list) or item is None:
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            name = to_str(item).upper()
            found = [e for e in self.entries if e[0] == name and (e[1] or e[3] == "equal")]
            if not found:
                env.error(ESLURM_REST_FAIL_PARSING, f'Unknown flag "{item}"', key)
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            _, bits, mask, how = found[0]
            out = (out & ~mask) | (bits & mask) if how == "equal" else out | bits
        return out


def bit(name: str, value: int, mask: int = INFINITE64) -> tuple[str, int, int, str]:
    return (name, value, mask, "bit")


def equal(name: str, value: int, mask: int) -> tuple[str, int, int, str]:
    return (name, value, mask, "equal")


def hidden(name: str, value: int, mask: int = INFINITE64) -> tuple[str, int, int, str]:
    return (name, value, mask, "hidden")


class Documented(Kind):
    """Another kind as the document writes the data_parser's type of the field: the
    same values, the schema given (a time_t the binding reads signed, written as the
    data_parser's uint64_no_val)."""

    def __init__(self, kind: Kind, schema: Any) -> None:
        self.kind = kind
        self.schema = schema
        self.reads = kind.reads

    def dump(self, value: Any, env: Env) -> Any:
        return self.kind.dump(value, env)

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return self.kind.parse(value, env, key)


class UserId(Kind):
    """A uid as its user's name; "" when it names nobody (NO_VAL, an unknown uid)."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        if value is None or value in (NO_VAL, INFINITE):
            return ""
        try:
            return pwd.getpwuid(value).pw_name
        except (KeyError, OverflowError):
            return ""

    def parse(self, value: Any, env: Env, key: str) -> Any:
        """A user name or a uid."""
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = to_str(value)
        if text.isdigit():
            return int(text)
        try:
            return pwd.getpwnam(text).pw_uid
        except KeyError:
            raise ParseError(ESLURM_DATA_CONV_FAILED) from None


class Removed(Kind):
    """A field the version keeps in its documents after Slurm dropped it: a fixed value."""

    def __init__(self, value: Any, schema: Any = None) -> None:
        self.value = value
        self.schema = schema or {"type": "object"}

    def dump(self, value: Any, env: Env) -> Any:
        return copy.copy(self.value)

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return {}  # given or not, it sets nothing
