"""One accounting request of openapi/slurmdbd (v0.0.40 on): its slurmdbd connection,
the condition read from its query, and its errors[] and warnings[].

design: a handler runs inside one slurmdbd connection opened under the
request's identity (slurmrestd.slurm.db.connect, always closed).  The query
becomes the condition as the reference's data_parser reads it: known keys
set the condition; a Boolean written as text is still read, with the
reference's warning; an unknown key is ignored with a warning.  A list call
that finds nothing is a warning; one that fails is an error and a 500.  The
connection is named in those messages by its address, as the reference does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.dbparse import AdminLevel
from slurmrestd.openapi.common.engine import Env, ParseError, force_bool, to_bool
from slurmrestd.openapi.common.errors import BAD_REQUEST, FAILED, NOT_MODIFIED, OK, fail, text
from slurmrestd.openapi.content import DP, Param
from slurmrestd.openapi.dataparser import VERSIONS
from slurmrestd.openapi.dataparser import envelope as dp_envelope
from slurmrestd.slurm import constants
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.constants import (
    ESLURM_DATA_PATH_NOT_FOUND,
    ESLURM_DB_CONNECTION,
    ESLURM_REST_FAIL_PARSING,
    ESLURM_REST_INVALID_JOBS_DESC,
    ESLURM_REST_INVALID_QUERY,
    SLURM_NO_CHANGE_IN_DATA,
)

TITLE = "Slurm OpenAPI slurmdbd"
# "More than one record where one was asked for"; 22.05 has no such numbers: there the
# nearest it has, an invalid query.
AMBIGUOUS_MODIFY = constants.ESLURM_DATA_AMBIGUOUS_MODIFY or ESLURM_REST_INVALID_QUERY
AMBIGUOUS_QUERY = constants.ESLURM_DATA_AMBIGUOUS_QUERY or ESLURM_REST_INVALID_QUERY

# 26.05's daemon answers a failure with the status its error number maps to
# (src/common/http.c http_status_from_error); 24.11's (and ours on 22.05) with 500.
UNPROCESSABLE = "422 UNPROCESSABLE CONTENT"
_STATUS_2605 = {
    0: OK,
    ESLURM_REST_INVALID_QUERY: UNPROCESSABLE,
    ESLURM_REST_FAIL_PARSING: BAD_REQUEST,
    ESLURM_REST_INVALID_JOBS_DESC: BAD_REQUEST,
    ESLURM_DATA_PATH_NOT_FOUND: UNPROCESSABLE,
    ESLURM_DB_CONNECTION: "502 BAD GATEWAY",
    1: "403 FORBIDDEN",  # EPERM
}


# 24.11's daemon answers a failure with 500 but for a few numbers.
_STATUS_2411 = {
    ESLURM_REST_INVALID_QUERY: UNPROCESSABLE,
    ESLURM_REST_FAIL_PARSING: BAD_REQUEST,
    ESLURM_REST_INVALID_JOBS_DESC: BAD_REQUEST,
    ESLURM_DB_CONNECTION: "502 BAD GATEWAY",
}


def behaves_as(version: str) -> str:
    """The release whose daemon we answer as: the one we run on where its daemon serves the
    version; elsewhere (22.05; 24.11 from v0.0.43) the newest that serves it (24.11 for
    v0.0.40 and v0.0.41, 26.05 from v0.0.42), whose answers tests/dpgolden records."""
    release = slurm.release().name
    if release == "26.05" or (release == "24.11" and version <= "v0.0.42"):
        return release
    return "24.11" if version in ("v0.0.40", "v0.0.41") else "26.05"


def status_of(rc: int, version: str) -> str:
    """The HTTP status of a request that failed with rc, as the release's daemon answers."""
    if behaves_as(version) != "26.05":
        # 24.11's operations.c: these numbers have statuses of their own, any other is 500.
        return _STATUS_2411.get(rc, FAILED)
    if rc in _STATUS_2605:
        return _STATUS_2605[rc]
    # slurmctld's and slurmdbd's own errors: the request was well formed.
    if 2000 <= rc <= 2185 or 7000 <= rc <= 7013:
        return UNPROCESSABLE
    return FAILED


def _pointer_named(version: str) -> bool:
    """Whether messages name the slurmdbd connection by its address (26.05 no longer)."""
    return behaves_as(version) != "26.05"


@dataclass(frozen=True)
class Key:
    """One query key of a condition: how its value sets the condition's field."""

    name: str
    field: str
    # "bool" (a Boolean), "flag" (set by its name, whatever its value), "list" (a comma
    # list), "text", "number", "admin" (an administrator level's name), "skip" (known,
    # but the binding has no such field: ignored)
    kind: str
    # For the document: the names the value takes (a flag field's, an enumeration's), or
    # "module.NAME" of the version's package naming them (content.Param.enum).
    enum: tuple[str, ...] | str = ()
    # A flag the document lists though it sets nothing here (kind "skip"): given by its
    # name alone.
    flag: bool = False


# "format" (a condition's list of fields to show, which no handler reads): the versions
# that list it, the last two marking it deprecated; v0.0.45 dropped it.
FORMAT_UNTIL = "v0.0.44"
FORMAT_DEPRECATED = ("v0.0.43", "v0.0.44")


def params(
    keys: tuple[Key, ...], since: str = VERSIONS[0], until: str = VERSIONS[-1]
) -> tuple[Param, ...]:
    """The document's parameters of a condition's keys, for the versions since..until:
    a Boolean or a flag may be given by its name alone (allowEmptyValue), a field of
    names lists them (enum), "format" as the versions list it."""
    out = []
    for key in keys:
        last = until
        deprecated: tuple[str, ...] = ()
        if key.name == "format":
            last = min(until, FORMAT_UNTIL, key=VERSIONS.index)
            deprecated = FORMAT_DEPRECATED
        if VERSIONS.index(since) > VERSIONS.index(last):
            continue
        out.append(
            Param(
                key.name,
                enum=key.enum,
                allow_empty=key.flag or key.kind in ("bool", "flag"),
                since=since,
                until=last,
                deprecated=deprecated,
            )
        )
    return tuple(out)


class Req:
    """One request: its connection, the lists dumps need, its errors and warnings."""

    def __init__(self, dp: DP, call: Call, db: slurmdb.Db) -> None:
        self.dp, self.call, self.db = dp, call, db
        self.t = dp.tables.accounting
        self.env = Env(strerror=text)
        self.warnings: list[dict[str, Any]] = []
        self.payload: dict[str, Any] = {}

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.env.errors

    def status(self) -> str:
        """The status of the request: its first error's."""
        if not self.errors:
            return OK
        return status_of(int(self.errors[0].get("error_number", -1)), self.dp.version)

    def warn(self, description: str, source: str) -> None:
        self.warnings.append({"description": description, "source": source})

    def error(self, rc: int, description: str, source: str) -> None:
        self.env.error(rc, description, source)

    def address(self) -> str:
        """The connection as the reference prints its pointer (%p)."""
        try:
            conn = self.db.conn("openapi_get_db_conn")
        except slurm.SlurmError:
            return "(nil)"
        return hex(int(self.db.ffi.cast("uintptr_t", conn)))

    def get(
        self, what: str, cond: Mapping[str, Any] | None, item: str, source: str
    ) -> list[dict[str, Any]] | None:
        """slurmdb_<what>_get: the records; None (an errors[] entry) when it failed."""
        func = f"slurmdb_{what}_get"
        try:
            records = self.db.get(what, cond, item)
        except slurm.SlurmError as exc:
            self.error(exc.errno, self.failed(func), source)
            return None
        if not records:
            self.warn(self.nothing(func), source)
        return records

    def remove(
        self, func: str, cond_type: str, cond: Mapping[str, Any], source: str
    ) -> list[str] | None:
        """A slurmdb remove call (func): the names removed; None (an errors[] entry) when
        it failed.  Nothing removed is a warning."""
        try:
            names = self.db.names(func, cond_type, cond)
        except slurm.SlurmError as exc:
            self.error(exc.errno, self.failed(func), source)
            return None
        if names is None:
            self.error(ESLURM_REST_INVALID_QUERY, self.failed(func), source)
            return None
        if not names:
            self.warn(self.nothing(func), source)
        return list(names)

    def commit(self, source: str) -> None:
        """The changes of the request committed (only once it all succeeded)."""
        try:
            rc = self.db.commit()
        except slurm.SlurmError as exc:
            rc = exc.errno
        if rc:
            address = f"({self.address()})" if _pointer_named(self.dp.version) else "()"
            self.error(rc, f"slurmdb_connection_commit{address} failed", source)

    def failed_call(self, func: str) -> str:
        """A failed add or modify call (26.05 writes these "func() failed")."""
        named = _pointer_named(self.dp.version)
        return f"{func}({self.address() if named else ''}) failed"

    def failed(self, func: str) -> str:
        named = _pointer_named(self.dp.version)
        return f"{func}({self.address()}) failed" if named else f"{func} failed"

    def nothing(self, func: str) -> str:
        address = self.address() if _pointer_named(self.dp.version) else ""
        return f"{func}({address}) found nothing"

    def lists(self, tres: bool = True, qos: bool = True) -> None:
        """The TRES and QOS lists names are taken from (deleted ones too)."""
        self._take(self._ask(tres, qos))

    def listed(
        self,
        what: str,
        cond: Mapping[str, Any] | None,
        item: str,
        source: str,
        tres: bool = True,
        qos: bool = True,
    ) -> list[dict[str, Any]] | None:
        """lists() and get(), the lists fetched while slurmdbd answers the get."""
        pending = self._ask(tres, qos)
        found = self.get(what, cond, item, source)
        self._take(pending)
        return found

    def _ask(self, tres: bool, qos: bool) -> tuple[list[slurmdb.ListCall], slurmdb.Lookups]:
        calls: list[slurmdb.ListCall] = []
        if tres:
            calls.append(("tres", {"with_deleted": 1}, "slurmdb_tres_rec_t"))
        if qos:
            calls.append(("qos", {"with_deleted": 1}, "slurmdb_qos_rec_t"))
        return calls, slurmdb.Lookups(self.call.identity, calls, self.db)

    def _take(self, pending: tuple[list[slurmdb.ListCall], slurmdb.Lookups]) -> None:
        # As the reference, which asks for one after the other, a failure leaves that list
        # and the ones after it unset.
        calls, lookups = pending
        for (what, _, _), found in zip(calls, lookups.results(), strict=True):
            if isinstance(found, slurm.SlurmError):
                break
            setattr(self.env, what, found)

    def condition(self, parser: str, keys: tuple[Key, ...]) -> dict[str, Any]:
        """The condition the query sets (the reference's DATA_PARSER_<parser>)."""
        cond: dict[str, Any] = {}
        known = {k.name: k for k in keys}
        for name, value in self.call.query.items():
            key = known.get(name)
            given = "boolean" if value in (None, True) else "string"
            if key is None:
                self.warn(
                    f'Ignoring unknown field "{name}" of type {given} in DATA_PARSER_{parser}',
                    f"#/{name}/",
                )
                continue
            if key.kind == "skip":
                continue
            if key.kind == "flag":
                if value is None or force_bool(value):
                    cond[key.field] = 1
            elif key.kind == "bool":
                cond[key.field] = int(self._boolean(name, value))
            elif key.kind == "list":
                items = value if isinstance(value, list) else [value]
                out: list[str] = []
                for item in items:
                    out += slurmdb.char_list(str(item))[1]
                cond[key.field] = out
            elif key.kind == "admin":
                try:
                    cond[key.field] = AdminLevel().parse(value, self.env, name)
                except ParseError:
                    cond[key.field] = 0
            elif key.kind == "number":
                try:
                    cond[key.field] = int(str(value))
                except ValueError:
                    cond[key.field] = 0
            else:
                cond[key.field] = None if value is None else str(value)
        return cond

    def _boolean(self, name: str, value: Any) -> bool:
        if value in (None, True):
            return True
        detail = f': "{value}"' if self.dp.at_least("v0.0.41") else ""
        self.warn(
            "Expected OpenAPI type=boolean (Slurm type=boolean) but got OpenAPI "
            f"type=string (Slurm type=string){detail}",
            f"#/{name}/",
        )
        return bool(to_bool(value))


Body = Callable[[Req], None]


def run(dp: DP, call: Call, handler: Body) -> tuple[str, dict[str, Any]]:
    """One request: handler inside its slurmdbd connection; errors[] make it a 500."""
    with slurmdb.connect(call.identity) as db:
        req = Req(dp, call, db)
        handler(req)
    if any(e.get("error_number") == SLURM_NO_CHANGE_IN_DATA for e in req.errors[:1]):
        # slurmdbd changed nothing: the reference answers 304 without a body.
        empty: Any = envelope.Serialized(b"")
        raise envelope.ApiError(NOT_MODIFIED, [], empty)
    payload = dict(req.payload)
    payload["warnings"] = req.warnings
    if len(payload) == 1:
        # Nothing dumped: the reference answers errors and warnings, then meta.
        doc = {
            "errors": req.errors,
            "warnings": req.warnings,
            "meta": dp_envelope.meta(call, dp.plugin_type, TITLE, dp.parser.name),
        }
        whole: Any = envelope.Serialized(envelope.dumps(doc))
        raise envelope.ApiError(req.status(), [], whole)
    if req.errors:
        raise fail(req.status(), list(req.errors), **payload)
    return OK, payload
