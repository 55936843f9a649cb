"""The jobs operations of openapi/slurmdbd: GET jobs/ and job/{job_id}.

design: as the reference, GET jobs/ without a query asks slurmdbd with no
condition at all; with one, the query is read as the version's job condition
(jobcond.py: each field's parser, its errors and warnings), completed as
sacct completes its own (sacct's default times, the local cluster, duplicates
and untruncated times) and asked.  job/{job_id} asks for that job (or step)
of the local cluster.  The answer dumps each record with the version's table
(dbjob.py), against slurmdbd's TRES, QOS and associations, deleted ones
included, loaded under the client's identity as the reference loads them.
An empty result is a warning, a failed search an error, as the reference's.
"""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import Env, dump
from slurmrestd.openapi.common.errors import FAILED, OK, entry, fail, text
from slurmrestd.openapi.content import DP, COp, Param
from slurmrestd.openapi.content.slurmdbd import jobcond
from slurmrestd.openapi.dataparser.schemas import Payload, array, obj, resp
from slurmrestd.slurm import constants as c
from slurmrestd.slurm import db as slurmdb

# The lists a job's dump resolves its ids against, as the reference loads them.
LISTS: tuple[slurmdb.ListCall, ...] = (
    ("tres", {"with_deleted": 1}, "slurmdb_tres_rec_t"),
    ("qos", {"with_deleted": 1}, "slurmdb_qos_rec_t"),
    ("associations", {"with_deleted": 1}, "slurmdb_assoc_rec_t"),
)


def _tag(cond: Any, failed: bool = False) -> str:
    """How the reference names its search: 24.11's by the address of its job condition
    (ours: the id of the request's), 26.05's by the call alone."""
    if slurm.release().version >= 0x1A0500:
        return "slurmdb_jobs_get" if failed else "slurmdb_jobs_get()"
    return f"slurmdb_jobs_get(0x{id(cond):x})"


def _search(
    dp: DP,
    call: Call,
    cond: dict[str, Any] | None,
    steps: str | None = None,
    warnings: list[dict[str, Any]] | None = None,
    sacct_times: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The search and its answer; sacct_times: the window completed as sacct's."""
    warnings = list(warnings or [])
    env = Env(strerror=text)
    with slurmdb.connect(call.identity) as db:
        # The lists the jobs are dumped with, fetched while slurmdbd searches the jobs
        # where slurmdbd's replies stall.
        pending = slurmdb.Lookups(call.identity, LISTS, db)
        try:
            records = db.search_jobs(cond, steps, sacct_times)
        except slurm.SlurmError as exc:
            # A search slurmdbd refuses (a NULL list) has no error number of its own.
            number = -1 if isinstance(exc, slurmdb.DbError) or not exc.errno else exc.errno
            error = entry(f"{_tag(cond, failed=True)} failed", number, "_dump_jobs")
            jobcond.answer(dp, call, FAILED, [error], warnings)
        if records:
            env.tres, env.qos, env.assocs = slurmdb.lookups_of(pending)
    if not records:
        warnings.append({"description": f"{_tag(cond)} found nothing", "source": "_dump_jobs"})
    jobs = [dump(dp.tables.dbjob.JOB, rec, env) for rec in records]
    return OK, {"jobs": jobs, "warnings": warnings}


def local_cluster(cond: dict[str, Any]) -> None:
    """A search names the cluster this daemon belongs to when it names none."""
    if not cond.get("cluster_list"):
        cond["cluster_list"] = [slurmdb.cluster_name()]


def get_jobs(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    if not call.query:
        return _search(dp, call, None)
    parsed = jobcond.parse(dp, call)
    cond = parsed.cond
    cond["db_flags"] = cond.get("db_flags") or c.SLURMDB_JOB_FLAG_NOTSET
    cond["flags"] = cond.get("flags") or (c.JOBCOND_FLAG_DUP | c.JOBCOND_FLAG_NO_TRUNC)
    local_cluster(cond)
    if parsed.errors:
        # A version that reports a field it cannot read and searches on, with nothing
        # matching what it could not read.
        warnings = [
            *parsed.warnings,
            {"description": f"{_tag(cond)} found nothing", "source": "_dump_jobs"},
        ]
        raise fail(FAILED, parsed.errors, jobs=[], warnings=warnings)
    return _search(dp, call, cond, parsed.steps, parsed.warnings, sacct_times=True)


def get_job(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    job_id = call.params.get("job_id") or ""
    if not jobcond.step_ids(job_id) or "," in job_id:
        jobcond.reject(dp, call, [], "op_handler_job")
    cond = {
        "flags": c.JOBCOND_FLAG_DUP | c.JOBCOND_FLAG_NO_TRUNC,
        "db_flags": c.SLURMDB_JOB_FLAG_NOTSET,
    }
    local_cluster(cond)
    return _search(dp, call, cond, job_id)


JOBS = resp(
    "openapi_slurmdbd_jobs_resp", Payload("jobs", array("job_list", obj("job", "dbjob.JOB")))
)

OPS: tuple[COp, ...] = (
    COp(
        "GET",
        "/jobs/",
        "get_jobs",
        "Get job list",
        jobcond.refusals(get_jobs),
        params=jobcond.PARAMS,
        response=JOBS,
        response_doc="List of jobs",
    ),
    COp(
        "GET",
        "/job/{job_id}",
        "get_job",
        "Get job info",
        jobcond.refusals(get_job),
        params=(Param("job_id", "Job id"),),
        response=JOBS,
        response_doc="Job description",
    ),
)
