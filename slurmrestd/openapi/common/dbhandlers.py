"""The slurmdbd endpoints (/slurmdb/vX/...) of the accounting plugins, shared by both versions.

design: a handler runs inside one slurmdbd connection of the request (opened
on first use under the request's identity, always closed, committed only
where the reference commits).  Handlers follow the reference's flow step by
step because clients see its details: which queries run in which order,
which response keys exist when a step fails, the errors[] entries, and the
return code that becomes the HTTP status (0: 200; invalid query or parse
failures: 400; anything else: 500).  A DbVersion carries the tables and the
few behaviours that differ between dbv0.0.38 and dbv0.0.37.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.resource import Call, Operation, Resource
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.common.coalesce import Coalescer, credential
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.constants import (
    ESLURM_DATA_CONV_FAILED,
    ESLURM_DATA_PATH_NOT_FOUND,
    ESLURM_NOT_SUPPORTED,
    ESLURM_REST_EMPTY_RESULT,
    ESLURM_REST_FAIL_PARSING,
    ESLURM_REST_INVALID_JOBS_DESC,
    ESLURM_REST_INVALID_QUERY,
    INFINITE,
    JOB_END,
    JOB_STATE_BASE,
    JOBCOND_FLAG_DUP,
    JOBCOND_FLAG_NO_DEFAULT_USAGE,
    JOBCOND_FLAG_NO_STEP,
    JOBCOND_FLAG_NO_TRUNC,
    JOBCOND_FLAG_NO_WAIT,
    JOBCOND_FLAG_WHOLE_HETJOB,
    NO_VAL,
    NO_VAL16,
    SLURM_ERROR,
    SLURM_NO_CHANGE_IN_DATA,
    SLURMDB_JOB_FLAG_NOTSET,
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
class DbVersion:
    name: str
    title: str
    prefix: str
    operation_prefix: str
    tables: Any
    rules: dp.Rules = field(default_factory=dp.Rules)
    qos_post: bool = True
    associations_delete: bool = True
    # dbv0.0.37: list GETs ignore the query and include deleted entries; POSTs of
    # associations and QOS only add, in one batch; no defaults for new accounts;
    # jobs keep het jobs whole, search every cluster and take states as sent;
    # /config keeps going after a failure and always commits.
    legacy: bool = False


class Ctx:
    """One request: its slurmdbd connection, response document and errors[]."""

    def __init__(self, v: DbVersion, call: Call, db: slurmdb.Db) -> None:
        self.v, self.call, self.db = v, call, db
        self.t = v.tables
        self.doc: dict[str, Any] = {}
        self.env = dp.Env(strerror=_text)

    def error(self, rc: int, description: str | None, source: str | None) -> int:
        return self.env.error(rc, description, source)

    def query(self, what: str, cond: Mapping[str, Any] | None, item: str) -> tuple[int, list[Any]]:
        """The reference's list query: errors[] entries for failures and empty results."""
        func = f"slurmdb_{what}_get"
        try:
            items = self.db.get(what, cond, item)
        except slurmdb.DbError as exc:
            return self.error(exc.errno, exc.description, exc.source), []
        except slurm.SlurmError as exc:
            return self.error(exc.errno, None, func), []
        if not items:
            return self.error(ESLURM_REST_EMPTY_RESULT, "Nothing found", func), []
        return 0, items

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

    def globals(self, *, assocs: bool = False, qos_deleted: bool = True) -> int:
        """TRES and QOS (and associations) lists for dumps and parses."""
        rc, self.env.tres = self.query("tres", {"with_deleted": 1}, TRES_T)
        if not rc:
            rc, self.env.qos = self.query("qos", {"with_deleted": int(qos_deleted)}, QOS_T)
        return rc


def _text(number: int) -> str:
    return slurm.strerror(number) if number > 0 else "Unspecified error"


def _with_deleted(ctx: Ctx, cond: dict[str, Any]) -> int:
    """Query parameters of list GETs: only with_deleted is known (dbv0.0.37: the query is
    ignored and deleted entries are included)."""
    if ctx.v.legacy:
        cond["with_deleted"] = 1
        return 0
    for key, value in ctx.call.query.items():
        if key.lower() != "with_deleted":
            return ctx.error(ESLURM_REST_INVALID_QUERY, "Unknown query field", None)
        cond["with_deleted"] = int(dp.force_bool(value))
    return 0


def _param(ctx: Ctx, name: str) -> str | None:
    value = ctx.call.params.get(name)
    if value is None:
        ctx.error(ESLURM_REST_INVALID_QUERY, "Parameter not found", name)
        return None
    if not value:
        ctx.error(ESLURM_REST_EMPTY_RESULT, "Parameter empty", name)
        return None
    return value


def _parse_entries(
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


def _not_an_object(ctx: Ctx, rc: int, what: str) -> Callable[[], Any]:
    return lambda: ctx.error(rc, f"each {what} entry must be a dictionary", None)


# --- TRES ------------------------------------------------------------------------------


def tres_get(ctx: Ctx) -> int:
    rc, items = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    if not rc:
        ctx.doc["TRES"] = [dp.dump(ctx.t.TRES, t, ctx.env) for t in items]
    return 0


def tres_post(ctx: Ctx, commit: bool) -> int:
    # Debian's build (NDEBUG): updating TRES is refused; inside /config it is skipped.
    if not commit:
        return 0
    return ctx.error(ESLURM_NOT_SUPPORTED, "Updating TRES is not currently supported.", None)


# --- QOS -------------------------------------------------------------------------------


def qos_handler(ctx: Ctx, method: str, *, single: bool, commit: bool = True) -> int:
    cond: dict[str, Any] = {}
    qos: list[Any] = []
    rc = 0
    if method == "GET":
        if (ctx.call.query or ctx.v.legacy) and _with_deleted(ctx, cond):
            return ESLURM_REST_INVALID_QUERY
        rc, qos = ctx.query("qos", cond, QOS_T)
    name = None
    if not rc and single:
        name = _param(ctx, "qos_name")
        if name is None:
            rc = ESLURM_REST_INVALID_QUERY
    if rc:
        return rc
    if method == "GET":
        ctx.doc["QOS"] = []
        trc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
        ctx.env.qos = qos
        if not trc:
            for q in qos:
                if name is None or q["name"] == name:
                    ctx.doc["QOS"].append(dp.dump(ctx.t.QOS, q, ctx.env))
        return 0
    if method == "DELETE" and single:
        rc, names = ctx.removal("slurmdb_qos_remove", "slurmdb_qos_cond_t", {"name_list": [name]})
        if rc:
            return rc
        ctx.doc["removed_qos"] = names
        return ctx.commit()
    if method == "POST" and not single and ctx.v.qos_post:
        return qos_post(ctx, commit)
    return ESLURM_REST_INVALID_QUERY


def qos_post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("QOS")
    if entries is None:
        return ESLURM_REST_INVALID_QUERY
    if ctx.v.legacy:
        return _legacy_qos_post(ctx, entries, commit)
    rc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    if not rc:
        rc, ctx.env.qos = ctx.query("qos", {}, QOS_T)
    if not rc:
        for entry in entries:
            if _qos_update(ctx, entry):
                rc = ESLURM_REST_INVALID_QUERY
                break
    if not rc and commit:
        rc = ctx.commit()
    return rc


def _legacy_qos_post(ctx: Ctx, entries: list[Any], commit: bool) -> int:
    """dbv0.0.37 (only reachable through /config): every QOS added in one call, fields
    not given stored as 0."""
    rc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    if rc:
        return rc
    rc, records = _parse_entries(
        ctx, entries, ctx.t.QOS, _not_an_object(ctx, ESLURM_REST_INVALID_QUERY, "QOS")
    )
    if rc:
        return rc
    rc = ctx.add("qos", QOS_T, records, init=False)
    if not rc and commit:
        rc = ctx.commit()
    return rc


def _qos_update(ctx: Ctx, entry: Any) -> int:
    if not isinstance(entry, dict):
        return ctx.error(ESLURM_REST_INVALID_QUERY, "each QOS entry must be a dictionary", None)
    prc, rec = dp.parse(ctx.t.QOS, entry, ctx.env, ctx.v.rules)
    if prc:
        return prc
    rec = {"flags": 0, "preempt_mode": 0, **rec}
    qos_id, name = rec.get("id") or 0, rec.get("name")
    if qos_id in (NO_VAL, INFINITE):
        qos_id = 0
        rec.pop("id", None)
    found: list[Any] = []
    cond: dict[str, Any] = {}
    if qos_id:
        cond["id_list"] = [str(qos_id)]
    if name:
        cond["name_list"] = [name]
    if cond:
        try:
            found = ctx.db.get("qos", cond, QOS_T)
        except slurm.SlurmError:
            found = []
    if not found and qos_id:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY,
            "QOS was not found for the requested ID",
            "_foreach_update_qos",
        )
    if not found and not name:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, "Cannot create a QOS without a name", "_foreach_update_qos"
        )
    if not found:
        return ctx.add("qos", QOS_T, [rec])
    if len(found) > 1:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, "ambiguous modify request", "_foreach_update_qos"
        )
    return _modify(ctx, "slurmdb_qos_modify", "slurmdb_qos_cond_t", cond, QOS_T, rec)


def _modify(
    ctx: Ctx, func: str, cond_type: str, cond: Mapping[str, Any], ctype: str, rec: dict[str, Any]
) -> int:
    try:
        changed = ctx.db.names(func, cond_type, cond, (ctype, rec))
    except slurmdb.DbError as exc:
        return ctx.error(exc.errno, exc.description, exc.source)
    except slurm.SlurmError as exc:
        return ctx.error(exc.errno, None, func)
    if changed is None:
        return ctx.error(SLURM_ERROR, None, func)
    return 0


# --- associations ----------------------------------------------------------------------

ASSOC_QUERY = (
    ("partition", "partition_list"),
    ("cluster", "cluster_list"),
    ("account", "acct_list"),
    ("user", "user_list"),
)
ASSOC_FILTERS = tuple(param for param, _ in ASSOC_QUERY)


def _assoc_cond(ctx: Ctx, *, exact: bool = False) -> tuple[int, dict[str, Any]]:
    """The association filter of the query: comma lists (exact: each value as sent)."""
    cond: dict[str, Any] = {}
    for param, list_field in ASSOC_QUERY:
        if param not in ctx.call.query:
            continue
        value = ctx.call.query[param]
        if exact:
            if isinstance(value, str):
                cond[list_field] = [value]
            continue
        if isinstance(value, list):
            return (
                ctx.error(
                    ESLURM_DATA_CONV_FAILED,
                    f"Invalid format for query parameter {param}",
                    "HTTP query",
                ),
                cond,
            )
        cond[list_field] = slurmdb.char_list(str(value))[1]
    return 0, cond


def legacy_assocs_delete(ctx: Ctx, cond: dict[str, Any]) -> int:
    """dbv0.0.37: the key appears only once the removal succeeded; no extra entry."""
    cond.setdefault("acct_list", [])
    cond.setdefault("user_list", [])
    rc, names = ctx.removal("slurmdb_associations_remove", "slurmdb_assoc_cond_t", cond)
    if rc:
        return rc
    ctx.doc["removed_associations"] = names
    return ctx.commit()


def legacy_assocs_post(ctx: Ctx, commit: bool) -> int:
    """dbv0.0.37: every association added in one call; any bad entry adds none."""
    entries = ctx.key_list("associations")
    records: list[dict[str, Any]] = []
    if entries is not None:
        rc = ctx.globals()
        if rc:
            return rc
        rc, records = _parse_entries(
            ctx,
            entries,
            ctx.t.ASSOC,
            lambda: ctx.error(
                ESLURM_REST_INVALID_QUERY, "Associations must be a list of dictionaries", None
            ),
        )
        if rc:
            return rc
    rc = ctx.add("associations", ASSOC_T, [_assoc_record(r) for r in records])
    if not rc and commit:
        rc = ctx.commit()
    return rc


def assocs_get(ctx: Ctx, cond: Mapping[str, Any], only_one: bool) -> int:
    rc, assocs = ctx.query("associations", cond, ASSOC_T)
    if not rc:
        rc = ctx.globals()
    if rc:
        return rc
    ctx.env.assocs = assocs
    ctx.doc["associations"] = []
    if only_one and len(assocs) > 1:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY,
            "Ambiguous request: More than 1 association would have been dumped.",
            None,
        )
    for a in assocs:
        ctx.doc["associations"].append(dp.dump(ctx.t.ASSOC, a, ctx.env))
    return 0


def assocs_delete(ctx: Ctx, cond: Mapping[str, Any], only_one: bool) -> int:
    ctx.doc["removed_associations"] = []
    rc, names = ctx.removal("slurmdb_associations_remove", "slurmdb_assoc_cond_t", cond)
    if rc:
        ctx.error(rc, "unable to query associations", None)
        return rc
    if only_one and len(names) > 1:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY,
            "ambiguous request: More than 1 association would have been deleted.",
            None,
        )
    ctx.doc["removed_associations"] = names
    return ctx.commit()


def assocs_post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("associations")
    rc = 0
    if entries is not None:
        rc = ctx.globals()
        if not rc:
            for entry in entries:
                if _assoc_update(ctx, entry):
                    rc = ESLURM_REST_INVALID_QUERY
                    break
    if not rc and commit:
        rc = ctx.commit()
    return rc


def _assoc_update(ctx: Ctx, entry: Any) -> int:
    if not isinstance(entry, dict):
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, "Associations must be a list of dictionaries", None
        )
    prc, rec = dp.parse(ctx.t.ASSOC, entry, ctx.env, ctx.v.rules)
    if prc:
        return prc
    cond = {
        "acct_list": [rec.get("acct") or ""],
        "cluster_list": [rec.get("cluster") or ""],
        "partition_list": [rec.get("partition") or ""],
        "user_list": [rec.get("user") or ""],
    }
    try:
        found = ctx.db.get("associations", cond, ASSOC_T)
    except slurm.SlurmError:
        found = []
    if not found:
        return ctx.add("associations", ASSOC_T, [_assoc_record(rec)])
    if len(found) > 1:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, "ambiguous modify request", "slurmdb_associations_get"
        )
    return _modify(
        ctx,
        "slurmdb_associations_modify",
        "slurmdb_assoc_cond_t",
        cond,
        ASSOC_T,
        _assoc_diff(found[0], rec),
    )


ASSOC_WRITABLE = [
    "acct",
    "cluster",
    "def_qos_id",
    "flags",
    "grp_jobs",
    "grp_jobs_accrue",
    "grp_submit_jobs",
    "grp_tres",
    "grp_tres_mins",
    "grp_tres_run_mins",
    "grp_wall",
    "is_def",
    "max_jobs",
    "max_jobs_accrue",
    "max_submit_jobs",
    "max_tres_mins_pj",
    "max_tres_run_mins",
    "max_tres_pj",
    "max_tres_pn",
    "max_wall_pj",
    "min_prio_thresh",
    "parent_acct",
    "partition",
    "priority",
    "qos_list",
    "shares_raw",
    "user",
]


def _assoc_record(rec: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k in ASSOC_WRITABLE}


TRES_FIELDS = (
    "grp_tres",
    "grp_tres_mins",
    "grp_tres_run_mins",
    "max_tres_mins_pj",
    "max_tres_run_mins",
    "max_tres_pj",
    "max_tres_pn",
)
COPIED = [
    "def_qos_id",
    "grp_jobs",
    "grp_jobs_accrue",
    "grp_submit_jobs",
    "grp_wall",
    "is_def",
    "max_jobs",
    "max_jobs_accrue",
    "max_submit_jobs",
    "max_wall_pj",
    "min_prio_thresh",
    "priority",
    "shares_raw",
]
INIT_VALUES = {"def_qos_id": NO_VAL, "is_def": NO_VAL16, "shares_raw": NO_VAL}


def _assoc_diff(current: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """What slurmdbd must change to turn current into new (the reference's diff rules:
    limits are copied, TRES strings are diffed, names only replace when given)."""
    out = _assoc_record(current)
    for k in ("acct", "cluster", "parent_acct", "partition", "qos_list", "user"):
        if new.get(k):
            out[k] = new[k]
    for k in COPIED:
        out[k] = new.get(k, INIT_VALUES.get(k, NO_VAL))
    for k in TRES_FIELDS:
        out[k] = _tres_diff(current.get(k), new.get(k))
    out.pop("flags", None)
    return out


def _tres_diff(current: str | None, new: str | None) -> str | None:
    if not current:
        return new
    wanted = dict(dp.tres_counts(new))
    pairs = [(tid, wanted.get(tid, -1)) for tid, _ in dp.tres_counts(current)]
    have = {tid for tid, _ in pairs}
    pairs += [(tid, count) for tid, count in dp.tres_counts(new) if tid not in have]
    return ",".join(f"{tid}={count}" for tid, count in pairs) or None


# --- users -----------------------------------------------------------------------------


def users_get(ctx: Ctx, name: str | None, cond: dict[str, Any]) -> int:
    cond.update(
        {
            "assoc_cond": {"user_list": [name]} if name else {},
            "with_assocs": 1,
            "with_coords": 1,
            "with_wckeys": 1,
        }
    )
    ctx.doc["users"] = []
    rc, users = ctx.query("users", cond, USER_T)
    if not rc:
        rc = ctx.globals()
    if not rc:
        ctx.doc["users"] = [dp.dump(ctx.t.USER, u, ctx.env) for u in users]
    return rc


def users_post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("users")
    if entries is None:
        return ESLURM_REST_INVALID_QUERY
    rc, users = _parse_entries(
        ctx, entries, ctx.t.USER, _not_an_object(ctx, ESLURM_NOT_SUPPORTED, "user")
    )
    if rc:
        return rc
    rc = ctx.add("users", USER_T, users)
    if not rc:
        for u in users:
            direct = [c["name"] for c in u.get("coord_accts") or [] if c.get("direct")]
            if not u.get("coord_accts"):
                continue
            crc = ctx.db.coord_add(direct, u.get("name") or "")
            if crc:
                rc = ctx.error(crc, None, "slurmdb_coord_add")
                break
    if not rc and commit:
        ctx.commit()
    return rc


def user_delete(ctx: Ctx, name: str) -> int:
    cond = {
        "assoc_cond": {"user_list": [name]},
        "with_assocs": 1,
        "with_coords": 1,
        "with_wckeys": 1,
    }
    rc, names = ctx.removal("slurmdb_users_remove", "slurmdb_user_cond_t", cond)
    if not rc:
        ctx.doc["removed_users"] = names
        rc = ctx.commit()
    return rc


# --- accounts --------------------------------------------------------------------------


def accounts_get(ctx: Ctx, cond: dict[str, Any]) -> int:
    ctx.doc["accounts"] = []
    cond.update({"with_assocs": 1, "with_coords": 1})
    rc = ctx.globals()
    if not rc:
        rc, accts = ctx.query("accounts", cond, ACCOUNT_T)
        if not rc:
            ctx.doc["accounts"] = [dp.dump(ctx.t.ACCOUNT, a, ctx.env) for a in accts]
    return rc


def accounts_post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("accounts")
    rc, accts = _parse_entries(
        ctx, entries or [], ctx.t.ACCOUNT, _not_an_object(ctx, ESLURM_REST_INVALID_QUERY, "account")
    )
    if rc:
        return rc
    for rec in accts if not ctx.v.legacy else []:  # sacctmgr's defaults
        rec.setdefault("organization", rec.get("name"))
        rec.setdefault("description", rec.get("name"))
    rc = ctx.add("accounts", ACCOUNT_T, accts)
    if not rc and commit:
        rc = ctx.commit()
    return rc


def account_delete(ctx: Ctx, name: str) -> int:
    cond = {"assoc_cond": {"acct_list": [name], "user_list": []}}
    rc, names = ctx.removal("slurmdb_accounts_remove", "slurmdb_account_cond_t", cond)
    if not rc:
        ctx.doc["removed_associations"] = names
    return ctx.commit()


# --- wckeys and clusters ---------------------------------------------------------------


def wckeys_get(ctx: Ctx, name: str | None) -> int:
    cond: dict[str, Any] = {"with_deleted": 1}
    if name:
        cond["name_list"] = [name]
    ctx.doc["wckeys"] = []
    rc, keys = ctx.query("wckeys", cond, WCKEY_T)
    if not rc:
        ctx.doc["wckeys"] = [dp.dump(ctx.t.WCKEY, k, ctx.env) for k in keys]
    return rc


def wckeys_post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("wckeys")
    if entries is None:
        return ESLURM_REST_INVALID_QUERY
    rc, keys = _parse_entries(
        ctx,
        entries,
        ctx.t.WCKEY,
        lambda: ctx.env.errors.append(
            {"field": "wckey", "error": "each wckey entry must be a dictionary"}
        ),
    )
    if rc:
        return rc
    rc = ctx.add("wckeys", WCKEY_T, keys)
    if not rc and commit:
        rc = ctx.commit()
    return rc


def wckey_delete(ctx: Ctx, name: str) -> int:
    ctx.doc["deleted_wckeys"] = []
    rc, names = ctx.removal(
        "slurmdb_wckeys_remove", "slurmdb_wckey_cond_t", {"with_deleted": 1, "name_list": [name]}
    )
    if not rc:
        rc = ctx.commit()
    if not rc:
        ctx.doc["deleted_wckeys"] = names
    return rc


def clusters_get(ctx: Ctx, name: str | None) -> int:
    ctx.doc["clusters"] = []
    rc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    if not rc:
        cond = {
            "cluster_list": [name] if name else [],
            "with_deleted": 1,
            "with_usage": 1,
            "flags": NO_VAL,
        }
        rc, clusters = ctx.query("clusters", cond, CLUSTER_T)
        if not rc:
            ctx.doc["clusters"] = [dp.dump(ctx.t.CLUSTER, c, ctx.env) for c in clusters]
    return rc


def clusters_post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("clusters")
    rc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    clusters = []
    if not rc:
        for entry in entries or []:
            if not isinstance(entry, dict):
                ctx.error(
                    ESLURM_REST_INVALID_QUERY, "each cluster entry must be a dictionary", None
                )
                break
            prc, rec = dp.parse(ctx.t.CLUSTER, entry, ctx.env, ctx.v.rules)
            clusters.append(rec)
            if prc:
                break
    # As the reference: what parsed is added, and the add's result is the answer.
    rc = ctx.add("clusters", CLUSTER_T, clusters)
    if not rc and commit:
        ctx.commit()
    return rc


def cluster_delete(ctx: Ctx, name: str) -> int:
    ctx.doc["deleted_clusters"] = []
    rc, names = ctx.removal(
        "slurmdb_clusters_remove",
        "slurmdb_cluster_cond_t",
        {"with_deleted": 1, "cluster_list": [name]},
    )
    if not rc:
        rc = ctx.commit()
    if not rc:
        ctx.doc["deleted_clusters"] = names
    return rc


# --- jobs and diag ---------------------------------------------------------------------

JOB_LISTS = {
    "account": "acct_list",
    "association": "associd_list",
    "cluster": "cluster_list",
    "constraints": "constraint_list",
    "format": "format_list",
    "groups": "groupid_list",
    "job_name": "jobname_list",
    "partition": "partition_list",
    "qos": "qos_list",
    "reason": "reason_list",
    "reservation": "resv_list",
    "state": "state_list",
    "wckey": "wckey_list",
}
JOB_FLAGS = {"skip_steps": JOBCOND_FLAG_NO_STEP, "disable_wait_for_result": JOBCOND_FLAG_NO_WAIT}
JOB_INTS = {
    "cpus_max": "cpus_max",
    "cpus_min": "cpus_min",
    "exit_code": "exitcode",
    "nodes_min": "nodes_min",
    "nodes_max": "nodes_max",
}


def _job_states(text: str) -> tuple[int, list[str]]:
    """State names or numbers as state numbers; stops at the first it cannot read."""
    count, items = 0, []
    for value in text.split(","):
        if not value:
            continue
        if value[0].isdigit():
            digits = value[: len(value) - len(value.lstrip("0123456789"))]
            number = int(digits)
        else:
            number = slurmdb.job_state_num(value)
            if number == NO_VAL:
                break
            number &= JOB_STATE_BASE
        if number >= JOB_END:
            break
        if str(number) not in items:
            items.append(str(number))
            count = 1
    return count, items


def _job_query(ctx: Ctx, cond: dict[str, Any]) -> tuple[int, str | None]:
    """Apply the query to a job condition; (rc, step text for libslurm)."""
    steps = None
    for raw_key, value in ctx.call.query.items():
        key = raw_key.lower()
        text = value if isinstance(value, str) else None
        if key in ("start_time", "end_time", "submit_time"):
            if key == "start_time" and cond.get("flags", 0) & JOBCOND_FLAG_NO_DEFAULT_USAGE:
                return ctx.error(
                    ESLURM_REST_INVALID_QUERY,
                    "start_time and submit_time are mutually exclusive",
                    raw_key,
                ), None
            if key == "submit_time" and cond.get("usage_start"):
                return ctx.error(
                    ESLURM_REST_INVALID_QUERY,
                    "start_time and submit_time are mutually exclusive",
                    raw_key,
                ), None
            if text is None:
                return ctx.error(
                    ESLURM_REST_INVALID_QUERY, "Time format must be a string", raw_key
                ), None
            when = slurmdb.parse_time(text)
            if not when:
                return ctx.error(
                    ESLURM_REST_INVALID_QUERY, "Unable to parse time format", raw_key
                ), None
            cond["usage_end" if key == "end_time" else "usage_start"] = when
            if key == "submit_time":
                cond["flags"] |= JOBCOND_FLAG_NO_DEFAULT_USAGE
        elif key == "node":
            if text is None:
                return ctx.error(
                    ESLURM_REST_INVALID_QUERY, "format must be a string", raw_key
                ), None
            cond["used_nodes"] = text
        elif key == "step":
            values = value if isinstance(value, list) else [value]
            if not all(ctx.db.step_list(str(s)) for s in values):
                return ctx.error(
                    ESLURM_REST_INVALID_QUERY,
                    "error parsing steps in form of list"
                    if isinstance(value, list)
                    else "Unable to parse job/step format",
                    raw_key,
                ), None
            steps = ",".join(str(s) for s in values)
        elif key in JOB_LISTS:
            items: list[str] = list(cond.get(JOB_LISTS[key]) or [])
            values = value if isinstance(value, list) else [value]
            for v in values:
                by_state = key == "state" and not ctx.v.legacy and not isinstance(value, list)
                count, more = (_job_states if by_state else slurmdb.char_list)(str(v))
                if count < 1:
                    description = (
                        "error parsing CSV in form of list"
                        if isinstance(value, list)
                        else "Unable to parse CSV list"
                    )
                    return ctx.error(ESLURM_REST_INVALID_QUERY, description, raw_key), None
                items += [m for m in more if m not in items]
            cond[JOB_LISTS[key]] = items
        elif key in JOB_FLAGS:
            flag = dp.force_bool(value)
            cond["flags"] = (
                cond["flags"] | JOB_FLAGS[key] if flag else cond["flags"] & ~JOB_FLAGS[key]
            )
        elif key in JOB_INTS:
            try:
                cond[JOB_INTS[key]] = dp.to_int(value) & 0xFFFFFFFF
            except dp.ParseError:
                return ctx.error(ESLURM_REST_INVALID_QUERY, "must be an integer", raw_key), None
            if JOB_INTS[key] == "exitcode" and cond["exitcode"] >= 2**31:
                cond["exitcode"] -= 2**32
        else:
            return ctx.error(ESLURM_REST_INVALID_QUERY, "Unknown Query field", None), None
    return 0, steps


def jobs_dump(ctx: Ctx, cond: dict[str, Any] | None, steps: str | None = None) -> int:
    ctx.doc["jobs"] = []
    if cond is not None and not cond.get("cluster_list") and not ctx.v.legacy:
        cond["cluster_list"] = [slurmdb.cluster_name()]
    try:
        jobs = ctx.db.jobs(cond, steps)
    except slurmdb.DbError as exc:
        ctx.error(exc.errno, exc.description, exc.source)
        return 0
    except slurm.SlurmError as exc:
        ctx.error(exc.errno, None, "slurmdb_jobs_get")
        return 0
    if not jobs:
        ctx.error(ESLURM_REST_EMPTY_RESULT, "Nothing found", "slurmdb_jobs_get")
        return 0
    rc, ctx.env.assocs = ctx.query(
        "associations",
        {"with_deleted": 1, "without_parent_info": 1, "without_parent_limits": 1},
        ASSOC_T,
    )
    if not rc:
        rc, ctx.env.qos = ctx.query("qos", {"with_deleted": 1}, QOS_T)
    if not rc:
        rc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    if not rc:
        ctx.doc["jobs"] = [dp.dump(ctx.t.JOB, j, ctx.env) for j in jobs]
    return 0


def _job_cond(v: DbVersion) -> dict[str, Any]:
    flags = JOBCOND_FLAG_DUP | JOBCOND_FLAG_NO_TRUNC
    if v.legacy:
        flags |= JOBCOND_FLAG_WHOLE_HETJOB
    return {"flags": flags, "db_flags": SLURMDB_JOB_FLAG_NOTSET}


def jobs_get(ctx: Ctx) -> int:
    if not ctx.call.query:
        return jobs_dump(ctx, None)
    cond = _job_cond(ctx.v)
    rc, steps = _job_query(ctx, cond)
    if rc:
        return SLURM_ERROR
    return jobs_dump(ctx, cond, steps)


def job_get(ctx: Ctx) -> int:
    job_id = _param(ctx, "job_id")
    if job_id is None:
        return ESLURM_REST_INVALID_QUERY
    if not slurmdb.steps_parsable(job_id):  # the C daemon exits here (libslurm's fatal())
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, f"Bad job/step specified: {job_id}", "slurm_addto_step_list"
        )
    return jobs_dump(ctx, _job_cond(ctx.v), job_id)


def diag(ctx: Ctx) -> int:
    try:
        stats = ctx.db.stats()
    except slurmdb.DbError as exc:
        return ctx.error(exc.errno, None, "openapi_get_db_conn")
    except slurm.SlurmError as exc:
        return ctx.error(exc.errno, None, "slurmdb_get_stats")
    try:
        ctx.doc["statistics"] = dp.dump(ctx.t.STATS, stats, ctx.env)
    except dp.ParseError as exc:
        return exc.rc
    return 0


# --- config ----------------------------------------------------------------------------


def config(ctx: Ctx, method: str) -> int:
    commit = False
    steps: list[Callable[[], int]] = (
        [
            lambda: clusters_get(ctx, None),
            lambda: tres_get(ctx),
            lambda: accounts_get(ctx, {}),
            lambda: users_get(ctx, None, {}),
            lambda: qos_handler(ctx, "GET", single=False),
            lambda: wckeys_get(ctx, None),
            lambda: assocs_get(ctx, _assoc_cond(ctx)[1], False),
        ]
        if method == "GET"
        else [
            lambda: clusters_post(ctx, commit),
            lambda: tres_post(ctx, commit),
            lambda: accounts_post(ctx, commit),
            lambda: users_post(ctx, commit),
            lambda: qos_post(ctx, commit) if ctx.v.qos_post else ESLURM_REST_INVALID_QUERY,
            lambda: wckeys_post(ctx, commit),
            lambda: assocs_post(ctx, commit),
        ]
    )
    rc = 0
    for step in steps:
        rc2 = step()
        if rc2 != ESLURM_REST_EMPTY_RESULT:
            rc = max(rc, rc2) if ctx.v.legacy else rc2
        if rc:
            break
    if method == "POST":
        if ctx.v.legacy:
            return ctx.commit()
        rc = ctx.commit() if not rc else ctx.error(rc, "refusing to commit after error", None)
    return rc


# --- routes ----------------------------------------------------------------------------


def _run(v: DbVersion, body: Callable[[Ctx], int], call: Call) -> tuple[str, dict[str, Any]]:
    with slurmdb.connect(call.identity) as db:
        ctx = Ctx(v, call, db)
        try:
            rc = body(ctx)
        except dp.ParseError as exc:
            rc = ctx.error(exc.rc, None, None) or exc.rc
    if rc == SLURM_NO_CHANGE_IN_DATA:  # the reference answers 304 with no body
        raise envelope.ApiError("304 NOT MODIFIED", [], {})
    if rc == 0:
        status = "200 OK"
    elif rc in BAD_REQUEST_CODES:
        status = "400 BAD REQUEST"
    else:
        status = "500 INTERNAL ERROR"
    if rc:
        raise envelope.ApiError(status, ctx.env.errors, ctx.doc)
    if ctx.env.errors:
        raise envelope.ApiError(status, ctx.env.errors, ctx.doc)
    return status, ctx.doc


# Identical accounting GETs (same operation, path parameters, query in its order, and the
# whole credential) in flight together share one run; each run starts after all who share it
# arrived, with its own slurmdbd connection under that credential.  Nothing is kept after it.
DB_COALESCER = Coalescer()


def _coalesced(
    version: str, operation_id: str, run: Callable[[Call], Any]
) -> Callable[[Call], Any]:
    def handler(call: Call) -> Any:
        key = (
            version,
            operation_id,
            tuple(sorted(call.params.items())),
            repr(list(call.query.items())),
            credential(call.identity),
        )
        return DB_COALESCER.run(key, lambda: run(call))

    return handler


def _account_one(ctx: Ctx, method: str) -> int:
    name = _param(ctx, "account_name")
    if name is None:
        return 0
    if method == "DELETE":
        return account_delete(ctx, name)
    cond: dict[str, Any] = {"assoc_cond": {"acct_list": [name]}}
    if (ctx.call.query or ctx.v.legacy) and _with_deleted(ctx, cond):
        return ESLURM_REST_INVALID_QUERY
    return accounts_get(ctx, cond)


def _accounts_get(ctx: Ctx) -> int:
    cond: dict[str, Any] = {}
    if ctx.call.query or ctx.v.legacy:
        _with_deleted(ctx, cond)
    return accounts_get(ctx, cond)


def _users_get(ctx: Ctx, single: bool) -> int:
    name = None
    if single:
        name = _param(ctx, "user_name")
        if name is None:
            return ESLURM_REST_INVALID_QUERY
    cond: dict[str, Any] = {}
    if (ctx.call.query or ctx.v.legacy) and _with_deleted(ctx, cond):
        return ESLURM_REST_INVALID_QUERY
    return users_get(ctx, name, cond)


def _user_delete(ctx: Ctx) -> int:
    name = _param(ctx, "user_name")
    return ESLURM_REST_INVALID_QUERY if name is None else user_delete(ctx, name)


def _assoc_op(ctx: Ctx, method: str, only_one: bool) -> int:
    if ctx.v.legacy:
        if method == "POST":
            return legacy_assocs_post(ctx, True)
        if not only_one:  # GET of every association, deleted ones too
            return assocs_get(ctx, {"with_deleted": 1}, False)
        cond = _assoc_cond(ctx, exact=True)[1]
        if method == "DELETE":
            return legacy_assocs_delete(ctx, cond)
        return assocs_get(ctx, cond, False)
    _rc, cond = _assoc_cond(ctx)
    if method == "GET":
        return assocs_get(ctx, cond, only_one)
    if method == "DELETE":
        return assocs_delete(ctx, cond, only_one)
    return assocs_post(ctx, True)


def _named(
    param: str, get: Callable[[Ctx, str | None], int], delete: Callable[[Ctx, str], int]
) -> Any:
    def handler(ctx: Ctx, method: str) -> int:
        name = _param(ctx, param)
        if name is None:
            return ESLURM_REST_INVALID_QUERY
        return get(ctx, name) if method == "GET" else delete(ctx, name)

    return handler


def plugin(v: DbVersion) -> Plugin:
    meta = envelope.meta(v.name, v.title, slurm.version())
    v.operation_prefix.rstrip("_")

    def op(
        body: Callable[[Ctx], int], summary: str, name: str, *query: str, post: bool = False
    ) -> Operation:
        return Operation(
            functools.partial(_run, v, body),
            summary,
            v.operation_prefix + name,
            query,
            body=post,
            any_body=post,
            tags=("slurmdb",),
        )

    def route(path: str, **ops: Operation) -> tuple[str, Resource]:
        reads = {
            m: dataclasses.replace(o, handler=_coalesced(v.name, o.operation_id, o.handler))
            for m, o in ops.items()
            if m == "get"
        }
        ops = {**ops, **reads}
        return v.prefix + path, Resource(meta, {m.upper(): o for m, o in ops.items()})

    wckey = _named("wckey", wckeys_get, wckey_delete)
    cluster = _named("cluster_name", clusters_get, cluster_delete)
    routes = [
        route(
            "/config",
            get=op(lambda c: config(c, "GET"), "Dump all configuration information", "get_config"),
            post=op(
                lambda c: config(c, "POST"),
                "Load all configuration information",
                "set_config",
                post=True,
            ),
        ),
        route(
            "/tres",
            get=op(tres_get, "Get TRES info", "get_tres"),
            post=op(lambda c: tres_post(c, True), "Set TRES info", "update_tres", post=True),
        ),
        route(
            "/qos",
            get=op(
                lambda c: qos_handler(c, "GET", single=False),
                "Get QOS list",
                "get_qos",
                "with_deleted",
            ),
            **(
                {
                    "post": op(
                        lambda c: qos_handler(c, "POST", single=False),
                        "Set QOS info",
                        "update_qos",
                        post=True,
                    )
                }
                if v.qos_post
                else {}
            ),
        ),
        route(
            "/qos/{qos_name}",
            get=op(
                lambda c: qos_handler(c, "GET", single=True),
                "Get QOS info",
                "get_single_qos",
                "with_deleted",
            ),
            delete=op(lambda c: qos_handler(c, "DELETE", single=True), "Delete QOS", "delete_qos"),
        ),
        route(
            "/users",
            get=op(lambda c: _users_get(c, False), "Get user list", "get_users", "with_deleted"),
            post=op(lambda c: users_post(c, True), "Update users", "update_users", post=True),
        ),
        route(
            "/user/{user_name}",
            get=op(lambda c: _users_get(c, True), "Get user info", "get_user", "with_deleted"),
            delete=op(_user_delete, "Delete user", "delete_user"),
        ),
        route(
            "/clusters",
            get=op(lambda c: clusters_get(c, None), "Get cluster list", "get_clusters"),
            post=op(lambda c: clusters_post(c, True), "Add clusters", "add_clusters", post=True),
        ),
        route(
            "/cluster/{cluster_name}",
            get=op(lambda c: cluster(c, "GET"), "Get cluster info", "get_cluster"),
            delete=op(lambda c: cluster(c, "DELETE"), "Delete cluster", "delete_cluster"),
        ),
        route(
            "/wckeys",
            get=op(lambda c: wckeys_get(c, None), "Get wckey list", "get_wckeys"),
            post=op(lambda c: wckeys_post(c, True), "Add wckeys", "add_wckeys", post=True),
        ),
        route(
            "/wckey/{wckey}",
            get=op(lambda c: wckey(c, "GET"), "Get wckey info", "get_wckey"),
            delete=op(lambda c: wckey(c, "DELETE"), "Delete wckey", "delete_wckey"),
        ),
        route(
            "/accounts",
            get=op(_accounts_get, "Get account list", "get_accounts", "with_deleted"),
            post=op(
                lambda c: accounts_post(c, True), "Update accounts", "update_account", post=True
            ),
        ),
        route(
            "/account/{account_name}",
            get=op(
                lambda c: _account_one(c, "GET"), "Get account info", "get_account", "with_deleted"
            ),
            delete=op(lambda c: _account_one(c, "DELETE"), "Delete account", "delete_account"),
        ),
        route(
            "/associations",
            get=op(
                lambda c: _assoc_op(c, "GET", False),
                "Get association list",
                "get_associations",
                *ASSOC_FILTERS,
            ),
            post=op(
                lambda c: _assoc_op(c, "POST", False),
                "Set associations info",
                "update_associations",
                post=True,
            ),
            **(
                {
                    "delete": op(
                        lambda c: _assoc_op(c, "DELETE", False),
                        "Delete associations",
                        "delete_associations",
                        *ASSOC_FILTERS,
                    )
                }
                if v.associations_delete
                else {}
            ),
        ),
        route(
            "/association",
            get=op(
                lambda c: _assoc_op(c, "GET", True),
                "Get association info",
                "get_association",
                *ASSOC_FILTERS,
            ),
            delete=op(
                lambda c: _assoc_op(c, "DELETE", True),
                "Delete association",
                "delete_association",
                *ASSOC_FILTERS,
            ),
        ),
        route(
            "/jobs",
            get=op(
                jobs_get,
                "Get job list",
                "get_jobs",
                *JOB_LISTS,
                "start_time",
                "end_time",
                "submit_time",
                "node",
                "step",
                *JOB_FLAGS,
                *JOB_INTS,
            ),
        ),
        route("/job/{job_id}", get=op(job_get, "Get job info", "get_job")),
        route("/diag", get=op(diag, "Get slurmdb diagnostics", "diag")),
    ]
    return Plugin(v.name, v.title, tuple(routes), (("slurmdb", "methods that query slurmdbd"),), ())
