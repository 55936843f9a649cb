"""GET /jobs and /job/{job_id}: jobs from the accounting database."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import ASSOC_T, QOS_T, TRES_T, Ctx, param
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.constants import (
    ESLURM_REST_EMPTY_RESULT,
    ESLURM_REST_INVALID_QUERY,
    JOB_END,
    JOB_STATE_BASE,
    JOBCOND_FLAG_NO_DEFAULT_USAGE,
    JOBCOND_FLAG_NO_STEP,
    JOBCOND_FLAG_NO_WAIT,
    NO_VAL,
    SLURM_ERROR,
    SLURMDB_JOB_FLAG_NOTSET,
)

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


def job_states(text: str) -> tuple[int, list[str]]:
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
                by_state = key == "state" and not isinstance(value, list)
                count, more = (ctx.v.job_search.states if by_state else slurmdb.char_list)(str(v))
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


# What a job list is dumped with, in the order the reference asks for it.
LOOKUPS: tuple[slurmdb.ListCall, ...] = (
    (
        "associations",
        {"with_deleted": 1, "without_parent_info": 1, "without_parent_limits": 1},
        ASSOC_T,
    ),
    ("qos", {"with_deleted": 1}, QOS_T),
    ("tres", {"with_deleted": 1}, TRES_T),
)


def dump(ctx: Ctx, cond: dict[str, Any] | None, steps: str | None = None) -> int:
    ctx.doc["jobs"] = []
    if cond is not None:
        ctx.v.job_search.scope(cond)
    # The lists the jobs are dumped with are fetched while slurmdbd searches the jobs.
    pending = slurmdb.Lookups(ctx.call.identity, LOOKUPS, ctx.db)
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
    found = ctx.lookups(*LOOKUPS, started=pending)
    if len(found) == len(LOOKUPS) and not found[-1][0]:
        ctx.env.assocs, ctx.env.qos, ctx.env.tres = (items for _, items in found)
        ctx.doc["jobs"] = [dp.dump(ctx.t.JOB, j, ctx.env) for j in jobs]
    return 0


def _job_cond(ctx: Ctx) -> dict[str, Any]:
    return {"flags": ctx.v.job_search.flags, "db_flags": SLURMDB_JOB_FLAG_NOTSET}


def get_jobs(ctx: Ctx) -> int:
    if not ctx.call.query:
        return dump(ctx, None)
    cond = _job_cond(ctx)
    rc, steps = _job_query(ctx, cond)
    if rc:
        return SLURM_ERROR
    return dump(ctx, cond, steps)


def get_job(ctx: Ctx) -> int:
    job_id = param(ctx, "job_id")
    if job_id is None:
        return ESLURM_REST_INVALID_QUERY
    if not slurmdb.steps_parsable(job_id):  # the C daemon exits here (libslurm's fatal())
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, f"Bad job/step specified: {job_id}", "slurm_addto_step_list"
        )
    return dump(ctx, _job_cond(ctx), job_id)


def local_cluster(cond: dict[str, Any]) -> None:
    """A search without ?cluster= is of the cluster this daemon belongs to."""
    if not cond.get("cluster_list"):
        cond["cluster_list"] = [slurmdb.cluster_name()]


# The query parameters of GET /jobs, for the document.
QUERY = (
    *JOB_LISTS,
    "start_time",
    "end_time",
    "submit_time",
    "node",
    "step",
    *JOB_FLAGS,
    *JOB_INTS,
)
