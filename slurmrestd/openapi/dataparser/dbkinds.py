"""The accounting kinds of the data_parser versions (openapi/slurmdbd).

design: the objects slurmdbd sends name TRES and QOS by id; a dump shows
them as records and names from the lists loaded for the request (Env.tres,
Env.qos, all of them, deleted ones too, as the reference loads them).  A C
string never set is "" as everywhere in these versions.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from slurmrestd.openapi.common import dbparse
from slurmrestd.openapi.common.engine import Env, Kind, Table, dump
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.kinds import BOOLEAN, INTEGER, NAMES, NUMBER, STRING

RECORDS: dict[str, Any] = {"type": "array", "items": {"type": "object"}}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class DoubleBits(Kind):
    """A C double the reference dumps as a 64-bit integer: the double's bits read as one
    (slurmdb_stats_t.act_cpufreq, declared a UINT64 by the data_parser; 0.0 is 0)."""

    schema = NUMBER.schema  # an int64

    def dump(self, value: Any, env: Env) -> Any:
        return struct.unpack("<q", struct.pack("<d", float(value or 0)))[0]


class TresStr(Kind):
    """A TRES string "1=2,4=1" as [{type, name, id, count}] with the known TRES' names."""

    schema = schemas.array("tres_list", schemas.obj("tres", "accounting.TRES"))

    def dump(self, value: Any, env: Env) -> Any:
        out = []
        for tid, count in dbparse.tres_counts(value):
            known = next((t for t in env.tres if t["id"] == tid), {})
            out.append(
                {
                    "type": _text(known.get("type")),
                    "name": _text(known.get("name")),
                    "id": tid,
                    "count": count,
                }
            )
        return out


class QosName(Kind):
    """A QOS id shown by its name ("" when none or unknown)."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        if not value:
            return ""
        return next((_text(q["name"]) for q in env.qos if q["id"] == value), "")


class QosNames(Kind):
    """A list of QOS ids (strings, as slurmdbd sends them) shown as names, in list order."""

    schema = schemas.Named("qos_string_id_list", NAMES)

    def dump(self, value: Any, env: Env) -> Any:
        out = []
        for item in value or []:
            text = str(item).lstrip("+-")
            if not text.isdigit():
                continue
            name = next((q["name"] for q in env.qos if q["id"] == int(text)), None)
            if name is not None:
                out.append(name)
        return out


class PreemptNames(Kind):
    """The QOS a QOS may preempt (the bits of its preempt bitmap), by name."""

    schema = schemas.Named("qos_preempt_list", NAMES)

    def dump(self, value: Any, env: Env) -> Any:
        names = []
        for level in value or []:
            name = next((q["name"] for q in env.qos if q["id"] == level), None)
            if name is not None:
                names.append(name)
        return names


class Equal(Kind):
    """One name for the whole value (add_flag_equal): the names whose value it is.
    name: the data_parser's name of the type, for the document (admin_lvl)."""

    schema: Any = NAMES

    def __init__(self, *names: tuple[str, int], name: str | None = None) -> None:
        self.names = names
        if name:
            self.schema = schemas.flags(name, [n for n, _ in names])

    def dump(self, value: Any, env: Env) -> Any:
        return [n for n, v in self.names if v == (value or 0)]


class Record(Kind):
    """One nested record (a pointer) dumped with a table; null when there is none.
    schema: the document's (a named object: schemas.obj("assoc_short", ...))."""

    def __init__(self, table: Callable[[], Table], schema: Any = None) -> None:
        self.table = table
        if schema is not None:
            self.schema = schema

    def dump(self, value: Any, env: Env) -> Any:
        return None if value is None else dump(self.table(), value, env)


class List(Kind):
    """A list of records dumped with a table ([] when there is none).  schema: the
    document's (a named array: schemas.array("coord_list", ...))."""

    schema: Any = RECORDS

    def __init__(self, table: Callable[[], Table], schema: Any = None) -> None:
        self.table = table
        if schema is not None:
            self.schema = schema

    def dump(self, value: Any, env: Env) -> Any:
        return [dump(self.table(), rec, env) for rec in value or []]


class At(Kind):
    """Item i of a C array field, dumped with kind."""

    def __init__(self, index: int, kind: Kind) -> None:
        self.index, self.kind = index, kind
        self.schema = kind.schema

    def dump(self, value: Any, env: Env) -> Any:
        return self.kind.dump(None if value is None else value[self.index], env)


class Constant(Kind):
    """A value the reference always dumps the same (a lookup it never loads the list for)."""

    schema: Any = INTEGER

    def __init__(self, value: Any, schema: Any = None) -> None:
        self.value = value
        if schema is not None:
            self.schema = schema

    def dump(self, value: Any, env: Env) -> Any:
        return self.value


class UserName(Kind):
    """A uid shown as its user name."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return _text(dbparse.UserId().dump(value, env))


class RpcName(Kind):
    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return _text(dbparse.RpcName().dump(value, env))


Rollups = dbparse.Rollups


class Primary(Kind):
    """A slurmdbd ping's offset: whether it is the primary (offset 0)."""

    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return not value


class Status(Kind):
    """A return code as Slurm's text for it."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        from slurmrestd import slurm

        return slurm.strerror(value or 0)
