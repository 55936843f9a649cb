"""The jobs operations of openapi/slurmctld: GET jobs/, job/{job_id}, jobs/state/.

design: the reference loads the jobs with the client's update_time and show
flags; "no change since update_time" is a 200 with no jobs and a warning (the
old versions' 304 is gone).  jobs/state comes from slurm_load_jobs on every
release: 22.05's slurmctld has no job-state RPC, and the same call gives
24.11 and 26.05 the same ids and states (one path, no second binding).
Identical requests in flight together (same version, query and credential)
share one load (the old versions' coalescer); the rendered document is not
kept, as meta.client names each connection.
"""

from __future__ import annotations

import functools
import re
import time
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.errors import STATUS_NOT_FOUND
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.coalesce import credential
from slurmrestd.openapi.common.engine import dump, sources
from slurmrestd.openapi.common.errors import FAILED, OK, entry, fail
from slurmrestd.openapi.content import DP, COp, Param
from slurmrestd.openapi.content.slurmctld import jobwrite_doc, listing
from slurmrestd.openapi.dataparser import envelope as dp_envelope
from slurmrestd.openapi.dataparser.kinds import U64_NO_VAL
from slurmrestd.openapi.dataparser.schemas import Payload, array, resp
from slurmrestd.openapi.slurmctld.lists import COALESCER
from slurmrestd.slurm import constants as c

UNPROCESSABLE = "422 UNPROCESSABLE CONTENT"
TIME_MAX = 2**63 - 1
# The highest job id slurmctld hands out (slurm.h's MAX_JOB_ID is not in every release's
# header under that name: 0x03FFFFFF in 22.05, 24.11 and 26.05).
MAX_JOB_ID = 0x03FFFFFF
# The reference's show flags when the query names none.
DEFAULT_SHOW = c.SHOW_ALL | c.SHOW_DETAIL
SHOW_FLAGS = {
    "ALL": c.SHOW_ALL,
    "DETAIL": c.SHOW_DETAIL,
    "MIXED": c.SHOW_MIXED,
    "LOCAL": c.SHOW_LOCAL,
    "SIBLING": c.SHOW_SIBLING,
    "FEDERATION": c.SHOW_FEDERATION,
    "FUTURE": c.SHOW_FUTURE,
}
# A job id as the reference's path and query take it: id, id_task (array), id.step.
# \Z, not $: "1\n" (%0a) is no job id (the C daemons answer 422).
JOB_ID = re.compile(r"^([0-9]+)(?:_([0-9]+))?(?:\.([0-9]+|batch|extern|interactive))?\Z")
NO_CHANGE = "No job changes since update_time[{}]={}"


class QueryError(Exception):
    """The query cannot be parsed: the errors[] entries the reference gives before its own."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _status(dp: DP, number: int) -> str:
    """The HTTP status the reference gives an answer whose first error has this number:
    26.05 (the reference of v0.0.42 on, and of every version it serves) answers
    slurmctld's and slurmdbd's errors (their 2000s and 7000s) 422."""
    if number == c.ESLURM_INVALID_JOB_ID:
        return STATUS_NOT_FOUND
    if number == c.ESLURM_REST_INVALID_QUERY:
        return UNPROCESSABLE
    block = number - number % 1000
    if listing.reference(dp) == "26.05" and block in (
        c.ESLURM_INVALID_PARTITION_NAME,
        c.ESLURM_DB_CONNECTION,
    ):
        return UNPROCESSABLE
    return FAILED


def _timestamp(raw: Any, typed: bool) -> int:
    """update_time as the version parses it: typed, a number in the text is a number;
    otherwise (and for other text) libslurm's time parser."""
    if raw is None:
        raise QueryError(
            [entry("Invalid or unset timestamp value", c.ESLURM_DATA_CONV_FAILED, "#/update_time/")]
        )
    text = str(raw)
    if typed and re.fullmatch(r"[+-]?[0-9]+", text.strip()):
        return min(max(int(text), -TIME_MAX), TIME_MAX)
    when = slurm.parse_time(text) if text else 0
    if not when:
        raise QueryError(
            [
                entry(
                    f"Parsing of {text} for timestamp failed",
                    c.ESLURM_DATA_CONV_FAILED,
                    "#/update_time/",
                )
            ]
        )
    return when


def _show_flags(raw: Any, fatal: bool) -> tuple[int, list[dict[str, Any]]]:
    """The show flag named (0: none) and errors[] when the reference does not know it."""
    if raw is None:
        return 0, []
    name = str(raw)
    bit = SHOW_FLAGS.get(name.strip().upper())
    if bit is not None:
        return bit, []
    errors = [entry(f'Unknown flag "{name}"', c.ESLURM_DATA_FLAGS_INVALID, "#/flags[0]/")]
    if fatal:
        errors.append(
            entry(f'Parsing single flag "{name}" failed', c.ESLURM_DATA_FLAGS_INVALID, "#/flags/")
        )
        raise QueryError(errors)
    return 0, errors


def _reject(status: str, errors: list[dict[str, Any]]) -> envelope.ApiError:
    """A request refused before any reply: errors[], warnings[], then meta, as the reference."""
    return fail(status, errors, **dp_envelope.bare())


def _unknown(call: Call, known: tuple[str, ...], query_type: str) -> list[dict[str, Any]]:
    """Warnings for query fields the reference ignores."""
    return [
        {
            "description": f'Ignoring unknown field "{key}" of type '
            f"{'null' if value is None else 'string'} in DATA_PARSER_{query_type}",
            "source": f"#/{key}/",
        }
        for key, value in call.query.items()
        if key not in known
    ]


@functools.cache
def _wanted(dp: DP) -> frozenset[str]:
    return sources(dp.tables.job.JOB, "job_resources", "state_reason_str", "std_out_path")


def _reply(dp: DP, loaded: slurm.Loaded | None) -> dict[str, Any]:
    table = dp.tables.job
    if loaded is None:
        head = dump(table.JOBS_REPLY, {"last_backfill": 0, "last_update": 0})
        return {"jobs": [], **head}
    jobs = [dump(table.JOB, rec) for rec in loaded.records]
    head = {"last_backfill": loaded.last_backfill, "last_update": loaded.last_update}
    return {"jobs": jobs, **dump(table.JOBS_REPLY, head)}


def _query(dp: DP, call: Call, source: str) -> tuple[int, int, list[dict[str, Any]]]:
    """(update_time, show flags, flag errors) of jobs and job/{job_id}."""
    rules = dp.tables.job
    try:
        since = 0
        if "update_time" in call.query:
            since = _timestamp(call.query["update_time"], rules.TYPED_QUERY)
        flags, errors = _show_flags(call.query.get("flags"), rules.FLAGS_FATAL)
    except QueryError as exc:
        rejected = entry(
            "Rejecting request. Failure parsing query.", c.ESLURM_REST_INVALID_QUERY, source
        )
        status = UNPROCESSABLE if source == "op_handler_jobs" else FAILED
        raise _reject(status, [*exc.errors, rejected]) from None
    return since, flags, errors


def get_jobs(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    since, flags, errors = _query(dp, call, "op_handler_jobs")
    warnings = _unknown(call, ("update_time", "flags"), "OPENAPI_JOB_INFO_QUERY")
    show = flags or DEFAULT_SHOW

    def load() -> slurm.Loaded:
        return slurm.load_job_info(call.identity, since, None, _wanted(dp), show)

    try:
        if since:
            loaded = load()
        else:
            key = (dp.version, "jobs", show, credential(call.identity))
            loaded = COALESCER.run(key, load)
    except slurm.NotModified:
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(min(since, 2**37)))
        warnings.append({"description": NO_CHANGE.format(since, when), "source": "op_handler_jobs"})
        if errors:
            status = _status(dp, errors[0].get("error_number", 0))
            raise fail(status, errors, **_reply(dp, None), warnings=warnings) from None
        return OK, {**_reply(dp, None), "warnings": warnings}
    except slurm.SlurmError as exc:
        errors.append(entry("Unable to query jobs", exc.errno, "slurm_load_jobs()"))
        status = _status(dp, errors[0].get("error_number", 0))
        raise fail(status, errors, **_reply(dp, None), warnings=warnings) from None
    return _answer(dp, loaded, errors, warnings)


def _answer(
    dp: DP, loaded: slurm.Loaded, errors: list[dict[str, Any]], warnings: list[dict[str, Any]]
) -> tuple[str, dict[str, Any]]:
    if not loaded.records:
        warnings.append({"description": "Zero jobs to dump", "source": ""})
    reply = _reply(dp, loaded)
    if errors:
        raise fail(
            _status(dp, errors[0].get("error_number", 0)), errors, **reply, warnings=warnings
        )
    return OK, {**reply, "warnings": warnings}


def _job_id(raw: str, source: str, description: str) -> re.Match[str]:
    found = JOB_ID.match(raw)
    if found is None or int(found.group(1)) == 0:
        error = entry(description, c.ESLURM_REST_INVALID_QUERY, source)
        raise _reject(UNPROCESSABLE, [error])
    return found


def get_job(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    raw = call.params["job_id"]
    found = _job_id(raw, "op_handler_job", "Rejecting request. Failure parsing parameters")
    job_id = int(found.group(1))
    if job_id >= MAX_JOB_ID:
        error = entry(f"Invalid JobID={job_id} rejected", c.ESLURM_INVALID_JOB_ID, "op_handler_job")
        raise _reject(STATUS_NOT_FOUND, [error])
    _since, flags, errors = _query(dp, call, "_handle_job_get")
    warnings = _unknown(call, ("update_time", "flags"), "OPENAPI_JOB_INFO_QUERY")
    if found.group(2) is not None:
        warnings.append(
            {
                "description": "Job array Ids are not currently supported for job searches. "
                "Showing all jobs in array instead.",
                "source": "_handle_job_get",
            }
        )
    if found.group(3) is not None:
        warnings.append(
            {
                "description": "Job steps are not supported for job searches. "
                "Showing whole job instead.",
                "source": "_handle_job_get",
            }
        )
    try:
        loaded = slurm.load_job_info(call.identity, 0, job_id, _wanted(dp), flags or DEFAULT_SHOW)
    except (slurm.SlurmError, slurm.NotModified) as exc:
        number = exc.errno if isinstance(exc, slurm.SlurmError) else c.SLURM_NO_CHANGE_IN_DATA
        errors.append(entry(f"Unable to query JobId={raw}", number, "_handle_job_get"))
        status = _status(dp, errors[0].get("error_number", 0))
        raise fail(status, errors, **_reply(dp, None), warnings=warnings) from None
    return _answer(dp, loaded, errors, warnings)


def _tasks(text: str) -> list[int]:
    """The task ids of an array's task string ("1-3,7", "0-9:2", "1-100%4")."""
    out: list[int] = []
    for part in text.split("%")[0].split(","):
        span, _, step = part.partition(":")
        first, _, last = span.partition("-")
        if first.isdigit() and (not last or last.isdigit()) and (not step or step.isdigit()):
            out += range(int(first), int(last or first) + 1, int(step or 1) or 1)
    return out


def _ranges(tasks: list[int]) -> str:
    """Task ids as Slurm prints a bitmap: 1-3,7."""
    spans: list[list[int]] = []
    for t in tasks:
        if spans and spans[-1][1] == t - 1:
            spans[-1][1] = t
        else:
            spans.append([t, t])
    return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def _state_id(rec: dict[str, Any], array_id: str = "job_id") -> str:
    """A job-state entry's id as the reference writes it (from the RPC's record): 12;
    13+1 for a het component (its id, and its distance from the leader's); 12_3 for an
    array task, 12_* for the whole array (12: the record's field array_id, the version's
    STATE_ARRAY_ID), 12_[1-3] for tasks in a bitmap."""
    job_id = rec["job_id"]
    if not job_id:
        return ""
    if rec.get("het_job_id"):
        return f"{job_id}+{job_id - rec['het_job_id']}"
    if not rec.get("array_job_id"):
        return str(job_id)
    if rec.get("array_tasks") is not None:
        return f"{job_id}_[{_ranges(rec['array_tasks'])}]"
    if rec.get("array_task_id") in (None, c.NO_VAL, c.INFINITE):
        return f"{rec[array_id]}_*"
    return f"{rec[array_id]}_{rec['array_task_id']}"


def _expanded(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries of one job-state record: the reference writes one per array task of a
    bitmap (and so one per task of a pending array's job record, 22.05's stand-in)."""
    tasks = rec.get("array_tasks")
    if tasks is None and rec.get("array_job_id") and rec.get("array_task_id") in (None, c.NO_VAL):
        tasks = _tasks(rec.get("array_task_str") or "")
    if tasks is None:
        return [rec]
    return [
        {
            "job_id": rec["job_id"],
            "array_job_id": rec["array_job_id"],
            "array_task_id": t,
            "job_state": rec["job_state"],
        }
        for t in tasks
    ]


def _selected(rec: dict[str, Any], job_id: int, array: bool) -> bool:
    """Whether a record is one the job-state query names (an array task names its array)."""
    if array:
        return bool(rec.get("array_job_id")) and rec["array_job_id"] == job_id
    return job_id in (rec["job_id"], rec.get("array_job_id"), rec.get("het_job_id"))


STATE_FIELDS = frozenset(
    {
        "job_id",
        "job_state",
        "array_job_id",
        "array_task_id",
        "array_task_str",
        "het_job_id",
        "het_job_offset",
    }
)


def _job_states(call: Call, selected: tuple[int, bool, int | None] | None) -> list[dict[str, Any]]:
    """The job-state RPC's records, or on a release without it (22.05) the same from the
    job records (without SHOW_DETAIL: ids and states need no allocation details)."""
    asked = [] if selected is None else [(selected[0], selected[2])]
    records = slurm.load_job_state(call.identity, asked)
    if records is None:
        loaded = slurm.load_job_info(call.identity, 0, None, STATE_FIELDS, c.SHOW_ALL)
        records = [
            rec
            for rec in loaded.records
            if selected is None or _selected(rec, selected[0], selected[1])
        ]
    return [state for rec in records for state in _expanded(rec)]


def get_jobs_state(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    warnings = _unknown(call, ("job_id",), "OPENAPI_JOB_STATE_QUERY")
    selected: tuple[int, bool, int | None] | None = None
    if "job_id" in call.query:
        raw = str(call.query["job_id"] or "")
        description = "Rejecting request. Failure parsing query"
        found = _job_id(raw, "op_handler_job_states", description)
        task = None if found.group(2) is None else int(found.group(2))
        selected = (int(found.group(1)), task is not None, task)
    try:
        records = _job_states(call, selected)
    except (slurm.SlurmError, slurm.NotModified) as exc:
        number = exc.errno if isinstance(exc, slurm.SlurmError) else -1
        raise fail(
            _status(dp, number),
            [entry("Unable to query job states", number, "slurm_load_job_state()")],
            jobs=[],
            warnings=warnings,
        ) from None
    table, array_id = dp.tables.job.JOB_STATE_ENTRY, dp.tables.job.STATE_ARRAY_ID
    jobs = [
        dump(table, {"job_id_text": _state_id(rec, array_id), "job_state": rec["job_state"]})
        for rec in records
    ]
    return OK, {"jobs": jobs, "warnings": warnings}


# The document's declarations (every GET answers openapi_job_info_resp, job states too).
INFO = resp(
    "openapi_job_info_resp",
    Payload("jobs", array("job_info_msg", jobwrite_doc.JOB_INFO)),
    Payload("last_backfill", U64_NO_VAL.schema),
    Payload("last_update", U64_NO_VAL.schema),
)
QUERY = (*listing.update_time_params("jobs"), listing.FLAGS_PARAM)
JOB_IDS = (
    Param("job_id", "Search for CSV list of Job IDs", until="v0.0.41"),
    Param("job_id", "CSV list of Job IDs to search for", since="v0.0.42"),
)

OPS: tuple[COp, ...] = (
    COp(
        "GET",
        "/jobs/",
        "get_jobs",
        "get list of jobs",
        get_jobs,
        ("update_time", "flags"),
        params=QUERY,
        response=INFO,
        response_doc="job(s) information",
    ),
    COp(
        "GET",
        "/jobs/state/",
        "get_jobs_state",
        "get list of job states",
        get_jobs_state,
        ("job_id",),
        params=JOB_IDS,
        response=INFO,
        response_doc="job(s) state information",
    ),
    COp(
        "GET",
        "/job/{job_id}",
        "get_job",
        "get job info",
        get_job,
        ("update_time", "flags"),
        params=(Param("job_id", "Job ID"), *QUERY),
        response=INFO,
        response_doc="job(s) information",
    ),
)
