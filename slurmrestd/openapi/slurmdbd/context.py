"""One accounting request (Ctx), what a slurmdbd version is to its handlers, and how its
declaration becomes a Plugin.

design: a handler runs inside one slurmdbd connection of the request (opened
on first use under the request's identity, always closed, committed only
where the reference commits).  Its return code becomes the HTTP status (0:
200; invalid query or parse failures: 400; anything else: 500).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.resource import Call, Handler
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.common import legacydoc, routes
from slurmrestd.openapi.common.coalesce import Coalescer, credential
from slurmrestd.openapi.common.errors import BAD_REQUEST, FAILED, NOT_MODIFIED, OK, text
from slurmrestd.openapi.common.routes import Envelope, Op, Ref, Routes
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.constants import (
    ESLURM_DATA_PATH_NOT_FOUND,
    ESLURM_REST_EMPTY_RESULT,
    ESLURM_REST_FAIL_PARSING,
    ESLURM_REST_INVALID_JOBS_DESC,
    ESLURM_REST_INVALID_QUERY,
    SLURM_ERROR,
    SLURM_NO_CHANGE_IN_DATA,
)

BAD_REQUEST_CODES = (
    ESLURM_REST_INVALID_QUERY,
    ESLURM_REST_FAIL_PARSING,
    ESLURM_REST_INVALID_JOBS_DESC,
)

TRES_T = "slurmdb_tres_rec_t"
QOS_T = "slurmdb_qos_rec_t"
ASSOC_T = "slurmdb_assoc_rec_t"
USER_T = "slurmdb_user_rec_t"
ACCOUNT_T = "slurmdb_account_rec_t"
WCKEY_T = "slurmdb_wckey_rec_t"
CLUSTER_T = "slurmdb_cluster_rec_t"


@dataclass(frozen=True)
class JobSearch:
    """How a version searches accounting jobs."""

    flags: int  # JOBCOND_FLAG_* of every search
    scope: Callable[[dict[str, Any]], None]  # the clusters searched when none is asked for
    states: Callable[[str], tuple[int, list[str]]]  # reads one ?state= text


@dataclass(frozen=True)
class DbVersion:
    """One slurmdbd version: its envelope, tables, parser rules and routes, how its list
    GETs read the query, and how it searches jobs."""

    envelope: Envelope
    tables: Any
    list_filter: Callable[[Ctx, dict[str, Any]], int]
    job_search: JobSearch
    routes: Routes
    rules: dp.Rules = field(default_factory=dp.Rules)
    # Its document's schemas where the tables cannot say: {schema: legacydoc.amend kwargs}.
    amend: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.envelope.name


class Ctx:
    """One request: its slurmdbd connection, response document and errors[]."""

    def __init__(self, v: DbVersion, call: Call, db: slurmdb.Db) -> None:
        self.v, self.call, self.db = v, call, db
        self.t = v.tables
        self.doc: dict[str, Any] = {}
        self.env = dp.Env(strerror=text)

    def error(self, rc: int, description: str | None, source: str | None) -> int:
        return self.env.error(rc, description, source)

    def query(self, what: str, cond: Mapping[str, Any] | None, item: str) -> tuple[int, list[Any]]:
        """The reference's list query: errors[] entries for failures and empty results."""
        try:
            items: list[Any] | slurm.SlurmError = self.db.get(what, cond, item)
        except slurm.SlurmError as exc:
            items = exc
        return self.found(what, items)

    def found(self, what: str, items: list[Any] | slurm.SlurmError) -> tuple[int, list[Any]]:
        """What query() answers for the records (or the failure) of a list call."""
        func = f"slurmdb_{what}_get"
        if isinstance(items, slurmdb.DbError):
            return self.error(items.errno, items.description, items.source), []
        if isinstance(items, slurm.SlurmError):
            return self.error(items.errno, None, func), []
        if not items:
            return self.error(ESLURM_REST_EMPTY_RESULT, "Nothing found", func), []
        return 0, items

    def lookups(
        self, *calls: slurmdb.ListCall, started: slurmdb.Lookups | None = None
    ) -> list[tuple[int, list[Any]]]:
        """query() of each call, fetched at once (slurmdb.Lookups; started: already asked
        for), up to the first failure, as the reference, which asks one after the other."""
        pending = started or slurmdb.Lookups(self.call.identity, calls, self.db)
        results = pending.results()
        out = []
        for (what, _, _), items in zip(calls, results, strict=True):
            out.append(self.found(what, items))
            if out[-1][0]:
                break
        return out

    def removal(self, func: str, cond_type: str, cond: Mapping[str, Any]) -> tuple[int, list[str]]:
        try:
            names = self.db.names(func, cond_type, cond)
        except slurmdb.DbError as exc:
            return self.error(exc.errno, exc.description, exc.source), []
        except slurm.SlurmError as exc:
            return self.error(exc.errno, None, func), []
        if names is None:
            return self.error(ESLURM_REST_INVALID_QUERY, "Unknown error with query", func), []
        if not names:
            return self.error(ESLURM_REST_EMPTY_RESULT, "Nothing found", func), []
        return 0, names

    def add(self, what: str, item: str, records: list[dict[str, Any]], init: bool = True) -> int:
        func = f"slurmdb_{what}_add"
        try:
            rc = self.db.add(what, item, records, init=init)
        except slurmdb.DbError as exc:
            return self.error(exc.errno, exc.description, exc.source)
        return self.error(rc, None, func) if rc else 0

    def modify(
        self, func: str, cond_type: str, cond: Mapping[str, Any], ctype: str, rec: dict[str, Any]
    ) -> int:
        try:
            changed = self.db.names(func, cond_type, cond, (ctype, rec))
        except slurmdb.DbError as exc:
            return self.error(exc.errno, exc.description, exc.source)
        except slurm.SlurmError as exc:
            return self.error(exc.errno, None, func)
        if changed is None:
            return self.error(SLURM_ERROR, None, func)
        return 0

    def commit(self) -> int:
        try:
            rc = self.db.commit()
        except slurmdb.DbError as exc:
            return self.error(exc.errno, exc.description, "db_query_commit")
        return self.error(rc, None, "slurmdb_connection_commit") if rc else 0

    def key_list(self, key: str) -> list[Any] | None:
        """A list the body must hold under key (the reference's get_query_key_list)."""
        body = self.call.raw_body
        if not isinstance(body, dict):
            self.error(ESLURM_REST_INVALID_QUERY, "No query provided", "HTTP query")
            return None
        if key not in body:
            self.error(ESLURM_DATA_PATH_NOT_FOUND, "Query parameter not found", key)
            return None
        if not isinstance(body[key], list):
            self.error(ESLURM_DATA_PATH_NOT_FOUND, "Query parameter must be a list", key)
            return None
        return list(body[key])

    def globals(self, started: slurmdb.Lookups | None = None) -> int:
        """TRES and QOS lists for dumps and parses (started: already asked for)."""
        found = self.lookups(*GLOBALS, started=started)
        rc, self.env.tres = found[0]
        if not rc:
            rc, self.env.qos = found[1]
        return rc


# The lists of Ctx.globals().
GLOBALS: tuple[slurmdb.ListCall, ...] = (
    ("tres", {"with_deleted": 1}, TRES_T),
    ("qos", {"with_deleted": 1}, QOS_T),
)


def with_globals(
    ctx: Ctx, what: str, cond: Mapping[str, Any] | None, item: str, *, globals_first: bool
) -> tuple[int, list[Any]]:
    """ctx.query() of what and ctx.globals(), the lists fetched while slurmdbd answers the
    query; errors[] as when they are asked for one after the other (globals_first: the
    lists first, as the accounts' handler; else the query first)."""
    pending = slurmdb.Lookups(ctx.call.identity, GLOBALS, ctx.db)
    try:
        items: list[Any] | slurm.SlurmError = ctx.db.get(what, cond, item)
    except slurm.SlurmError as exc:
        items = exc
    if globals_first:
        rc = ctx.globals(started=pending)
        return (rc, []) if rc else ctx.found(what, items)
    rc, found = ctx.found(what, items)
    if not rc:
        rc = ctx.globals(started=pending)
    return rc, found


def with_deleted(ctx: Ctx, cond: dict[str, Any]) -> int:
    """The query of a list GET: only with_deleted is known."""
    for key, value in ctx.call.query.items():
        if key.lower() != "with_deleted":
            return ctx.error(ESLURM_REST_INVALID_QUERY, "Unknown query field", None)
        cond["with_deleted"] = int(dp.force_bool(value))
    return 0


def param(ctx: Ctx, name: str) -> str | None:
    """A path parameter; None (with the reference's errors[] entry) when missing or empty."""
    value = ctx.call.params.get(name)
    if value is None:
        ctx.error(ESLURM_REST_INVALID_QUERY, "Parameter not found", name)
        return None
    if not value:
        ctx.error(ESLURM_REST_EMPTY_RESULT, "Parameter empty", name)
        return None
    return value


def named(ctx: Ctx, name: str, action: Callable[[Ctx, str], int]) -> int:
    """action on the path parameter name; ESLURM_REST_INVALID_QUERY without it."""
    value = param(ctx, name)
    return ESLURM_REST_INVALID_QUERY if value is None else action(ctx, value)


def parse_entries(
    ctx: Ctx, entries: list[Any], table: Any, refuse: Callable[[], Any]
) -> tuple[int, list[dict[str, Any]]]:
    """Each body entry parsed with the version's table; refuse() reports an entry that is
    not an object.  The first failure ends it (rc ESLURM_REST_INVALID_QUERY)."""
    records: list[dict[str, Any]] = []
    for entry in entries:
        if not isinstance(entry, dict):
            refuse()
            return ESLURM_REST_INVALID_QUERY, records
        prc, rec = dp.parse(table, entry, ctx.env, ctx.v.rules)
        if prc:
            return ESLURM_REST_INVALID_QUERY, records
        records.append(rec)
    return 0, records


def not_an_object(ctx: Ctx, rc: int, what: str) -> Callable[[], Any]:
    return lambda: ctx.error(rc, f"each {what} entry must be a dictionary", None)


def run(v: DbVersion, body: Callable[[Ctx], int], call: Call) -> tuple[str, dict[str, Any]]:
    """One request: body inside its slurmdbd connection, its rc made a status."""
    with slurmdb.connect(call.identity) as db:
        ctx = Ctx(v, call, db)
        try:
            rc = body(ctx)
        except dp.ParseError as exc:
            rc = ctx.error(exc.rc, None, None) or exc.rc
    if rc == SLURM_NO_CHANGE_IN_DATA:  # the reference answers 304 with no body
        raise envelope.ApiError(NOT_MODIFIED, [], {})
    if rc == 0:
        status = OK
    elif rc in BAD_REQUEST_CODES:
        status = BAD_REQUEST
    else:
        status = FAILED
    if rc or ctx.env.errors:
        raise envelope.ApiError(status, ctx.env.errors, ctx.doc)
    return status, ctx.doc


# Identical accounting GETs (same operation, path parameters, query in its order, and the
# whole credential) in flight together share one run; each run starts after all who share it
# arrived, with its own slurmdbd connection under that credential.  Nothing is kept after it.
DB_COALESCER = Coalescer()


def coalesced(version: str, operation_id: str, handler: Handler) -> Handler:
    def shared(call: Call) -> Any:
        key = (
            version,
            operation_id,
            tuple(sorted(call.params.items())),
            repr(list(call.query.items())),
            credential(call.identity),
        )
        return DB_COALESCER.run(key, lambda: handler(call))

    return shared


def plugin(v: DbVersion) -> Plugin:
    def bind(op: Op, operation_id: str) -> Handler:
        handler = functools.partial(run, v, op.handler)
        return coalesced(v.name, operation_id, handler) if op.method == "GET" else handler

    return routes.plugin(v.envelope, v.routes, bind, schemas(v))


def schemas(v: DbVersion) -> tuple[tuple[str, Any], ...]:
    """components/schemas of a version as 22.05's document names them: its objects from
    its tables (legacydoc.table_schema), in the version's envelope schemas; only those its
    operations reach."""
    env, t = v.envelope, v.tables
    assoc_short, coord, step = (
        _nested(t.USER, "associations"),
        _nested(t.USER, "coordinators"),
        _nested(t.JOB, "steps"),
    )
    named = {
        id(assoc_short): "association_short_info",
        id(coord): "coordinator_info",
        id(t.ASSOC): "association",
        id(t.USER): "user",
        id(t.ACCOUNT): "account",
        id(t.WCKEY): "wckey",
        id(t.QOS): "qos",
        id(step): "job_step",
        id(t.CLUSTER): "cluster_info",
    }

    def obj(table: Any) -> dict[str, Any]:
        return legacydoc.table_schema(table, named)

    def env_list(key: str, item: str) -> dict[str, Any]:
        return legacydoc.listing(env, key, item)

    def done() -> dict[str, Any]:
        return legacydoc.envelope(env)

    def arr(name: str) -> dict[str, Any]:
        return {"type": "array", "items": Ref(name)}

    def body(key: str, item: str) -> dict[str, Any]:
        return {"type": "object", "properties": {key: arr(item)}}

    candidates: dict[str, Any] = {
        # The document gives the diag envelope no type.
        "diag": {"properties": legacydoc.envelope(env, ("statistics", obj(t.STATS)))["properties"]},
        "account": obj(t.ACCOUNT),
        "account_info": env_list("accounts", "account"),
        "coordinator_info": obj(coord),
        "association_short_info": obj(assoc_short),
        "response_account_delete": done(),
        "response_wckey_add": done(),
        "wckey_info": env_list("wckeys", "wckey"),
        "wckey": obj(t.WCKEY),
        "response_wckey_delete": done(),
        "response_cluster_add": done(),
        "cluster_info": obj(t.CLUSTER),
        "response_cluster_delete": done(),
        "response_user_update": done(),
        "user": obj(t.USER),
        "user_info": env_list("users", "user"),
        "response_user_delete": done(),
        "response_association_delete": done(),
        "association": obj(t.ASSOC),
        "associations_info": env_list("associations", "association"),
        "qos": obj(t.QOS),
        "qos_info": env_list("qos", "qos"),
        "response_qos": done(),
        "response_qos_delete": done(),
        "response_associations": done(),
        "response_tres": done(),
        "tres_info": legacydoc.envelope(env, ("tres", Ref("tres_list"))),
        "tres_list": {"type": "array", "items": obj(t.TRES)},
        "job_info": env_list("jobs", "job"),
        "job": obj(t.JOB),
        "job_step": obj(step),
        "account_response": done(),
        "config_response": done(),
        **legacydoc.common(env),
        **_bodies(env),
    }
    for name, changes in v.amend.items():
        candidates[name] = legacydoc.amend(candidates[name], **changes)
    return legacydoc.schemas(env, [op for r in v.routes for op in r.ops], candidates)


def _bodies(env: Envelope) -> dict[str, Any]:
    """A version's request bodies (and its accounting record)."""

    def arr(name: str) -> dict[str, Any]:
        return {"type": "array", "items": Ref(name)}

    def body(key: str, item: str) -> dict[str, Any]:
        return {"type": "object", "properties": {key: arr(item)}}

    return {
        "job_exit_code": {
            "type": "object",
            "properties": {
                "status": legacydoc.STRING,
                "return_code": legacydoc.INTEGER,
                "signal": {
                    "type": "object",
                    "properties": {"signal_id": legacydoc.INTEGER, "name": legacydoc.STRING},
                },
            },
        },
        "config_info": legacydoc.envelope(
            env,
            ("tres", {"type": "array", "items": Ref("tres_list")}),
            ("accounts", arr("account")),
            ("associations", arr("association")),
            ("users", arr("user")),
            ("qos", arr("qos")),
            ("wckeys", arr("wckey")),
        ),
        "update_users": body("users", "user"),
        "update_qos": body("qos", "qos"),
        "update_account": body("accounts", "account"),
        "clusters_properties": {"type": "object", "properties": {"clusters": Ref("cluster_info")}},
        "response_associations_delete": legacydoc.envelope(
            env, ("removed_associations", {"type": "array", "items": legacydoc.STRING})
        ),
        "tres_update": {"type": "object", "properties": {"tres": Ref("tres_list")}},
        "set_config": {
            "type": "object",
            "properties": {
                "clusters": arr("cluster_info"),
                "TRES": arr("tres_list"),
                "accounts": arr("account"),
                "users": arr("user"),
                "qos": arr("qos"),
                "wckeys": arr("wckey"),
                "associations": arr("association"),
            },
        },
        "accounting": {
            "type": "object",
            "properties": {
                "allocated": legacydoc.INTEGER,
                "id": legacydoc.INTEGER,
                "start": legacydoc.INTEGER,
                "TRES": Ref("tres_list"),
            },
        },
    }


def _nested(table: Any, path: str) -> Any:
    """The table of the records a table's entry at path lists."""
    kind = next(f.kind for f in table if f.path == path)
    return kind.table() if callable(kind.table) else kind.table
