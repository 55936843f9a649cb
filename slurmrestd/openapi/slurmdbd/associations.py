"""GET, POST and DELETE /associations; GET and DELETE /association."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import ASSOC_T, Ctx, with_globals
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.constants import (
    ESLURM_DATA_CONV_FAILED,
    ESLURM_REST_INVALID_QUERY,
    NO_VAL,
    NO_VAL16,
)

QUERY = (
    ("partition", "partition_list"),
    ("cluster", "cluster_list"),
    ("account", "acct_list"),
    ("user", "user_list"),
)
FILTERS = tuple(name for name, _ in QUERY)


def query_cond(ctx: Ctx) -> dict[str, Any]:
    """The association filter of the query: comma lists (a list value is an error entry)."""
    cond: dict[str, Any] = {}
    for name, list_field in QUERY:
        if name not in ctx.call.query:
            continue
        value = ctx.call.query[name]
        if isinstance(value, list):
            ctx.error(
                ESLURM_DATA_CONV_FAILED,
                f"Invalid format for query parameter {name}",
                "HTTP query",
            )
            return cond
        cond[list_field] = slurmdb.char_list(str(value))[1]
    return cond


def get(ctx: Ctx, cond: Mapping[str, Any], only_one: bool) -> int:
    rc, assocs = with_globals(ctx, "associations", cond, ASSOC_T, globals_first=False)
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


def delete(ctx: Ctx, cond: Mapping[str, Any], only_one: bool) -> int:
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


def get_associations(ctx: Ctx) -> int:
    return get(ctx, query_cond(ctx), False)


def get_association(ctx: Ctx) -> int:
    return get(ctx, query_cond(ctx), True)


def delete_associations(ctx: Ctx) -> int:
    return delete(ctx, query_cond(ctx), False)


def delete_association(ctx: Ctx) -> int:
    return delete(ctx, query_cond(ctx), True)


def post(ctx: Ctx, commit: bool) -> int:
    """Each association of the body added, or modified where it exists."""
    entries = ctx.key_list("associations")
    rc = 0
    if entries is not None:
        rc = ctx.globals()
        if not rc:
            for entry in entries:
                if _update(ctx, entry):
                    rc = ESLURM_REST_INVALID_QUERY
                    break
    if not rc and commit:
        rc = ctx.commit()
    return rc


def update_associations(ctx: Ctx) -> int:
    return post(ctx, True)


def _update(ctx: Ctx, entry: Any) -> int:
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
        return ctx.add("associations", ASSOC_T, [record(rec)])
    if len(found) > 1:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, "ambiguous modify request", "slurmdb_associations_get"
        )
    return ctx.modify(
        "slurmdb_associations_modify",
        "slurmdb_assoc_cond_t",
        cond,
        ASSOC_T,
        assoc_diff(found[0], rec),
    )


WRITABLE = [
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


def record(rec: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an association slurmdbd stores."""
    return {k: v for k, v in rec.items() if k in WRITABLE}


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


def assoc_diff(current: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """What slurmdbd must change to turn current into new (the reference's diff rules:
    limits are copied, TRES strings are diffed, names only replace when given)."""
    out = record(current)
    for k in ("acct", "cluster", "parent_acct", "partition", "qos_list", "user"):
        if new.get(k):
            out[k] = new[k]
    for k in COPIED:
        out[k] = new.get(k, INIT_VALUES.get(k, NO_VAL))
    for k in TRES_FIELDS:
        out[k] = tres_diff(current.get(k), new.get(k))
    out.pop("flags", None)
    return out


def tres_diff(current: str | None, new: str | None) -> str | None:
    if not current:
        return new
    wanted = dict(dp.tres_counts(new))
    pairs = [(tid, wanted.get(tid, -1)) for tid, _ in dp.tres_counts(current)]
    have = {tid for tid, _ in pairs}
    pairs += [(tid, count) for tid, count in dp.tres_counts(new) if tid not in have]
    return ",".join(f"{tid}={count}" for tid, count in pairs) or None
