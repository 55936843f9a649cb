"""Writing jobs: submit, update, signal one or many (openapi/slurmctld, v0.0.40 on).

design: the body is parsed with the version's job description table
(dp.tables.jobdesc) the way the C data_parser parses it, so warnings[] and
errors[] are the reference's; then one libslurm call, whose failure is an
errors[] entry with the reference's status for its number.  The status of an
error depends on the release whose C daemon answers for the version (24.11's:
500 for slurmctld's errors; 26.05's: 422), see answering().  Signalling uses
slurm_kill_job2 per job (22.05 has no slurm_kill_jobs): a job slurmctld
refuses becomes a status[] entry as slurm_kill_jobs reports it.
"""

from __future__ import annotations

import functools
import re
import signal as signal_module
from dataclasses import dataclass
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.errors import text
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmctld import jobwrite_doc as doc
from slurmrestd.openapi.dataparser.envelope import BARE, DUMPED
from slurmrestd.openapi.dataparser.kinds import number_object
from slurmrestd.openapi.dataparser.parsing import (
    DATA_CONV_FAILED,
    SETENV,
    Ctx,
    Failed,
    Flag,
    Flags,
    P,
    PKind,
    Str,
    as_bool,
    as_string,
    error_text,
    parse_object,
    type_name,
)
from slurmrestd.slurm.constants import KILL_FULL_JOB, NO_VAL

OK = "200 OK"
STATUS = {
    400: "400 Bad Request",
    404: "404 Not Found",
    422: "422 Unprocessable Entity",
    500: "500 Internal Server Error",
    502: "502 Bad Gateway",
    504: "504 Gateway Timeout",
    511: "511 Network Authentication Required",
}

REST_INVALID_QUERY = 9000
REST_FAIL_PARSING = 9001
REST_BAD_REQUEST = 9009
INVALID_JOB_ID = 2017
ALREADY_DONE = 2021
JOB_SCRIPT_MISSING = 2009
SIGNAL_JOBS_INVALID = 2173
_GATEWAY = frozenset({1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 7000, 7100})
_SLURMCTLD_RANGE = range(2000, 2186)
_SLURMDBD_RANGE = range(7000, 7200)


def answering(dp: DP) -> str:
    """The release whose C daemon this version answers as: ours where it serves the version."""
    if dp.version in ("v0.0.40", "v0.0.41"):
        return "24.11"
    if dp.version == "v0.0.42" and slurm.release().name == "24.11":
        return "24.11"
    return "26.05"


def status_of(dp: DP, rc: int) -> str:
    """The HTTP status of a request whose first error number is rc."""
    if rc == 0:
        return OK
    code = 500
    if rc == REST_INVALID_QUERY:
        code = 422
    elif rc in (REST_FAIL_PARSING, 9002, REST_BAD_REQUEST):
        code = 400
    elif rc == INVALID_JOB_ID:
        code = 404
    elif rc in _GATEWAY:
        code = 502
    elif answering(dp) != "24.11" and (rc in _SLURMCTLD_RANGE or rc in _SLURMDBD_RANGE):
        code = 422
    return STATUS[code]


class Reply:
    """The errors[] and warnings[] of one request and the status they make."""

    def __init__(self, dp: DP) -> None:
        self.dp = dp
        self.ctx = Ctx(show=dp.at_least("v0.0.41"), version=dp.version, release=answering(dp))
        self.rc = 0

    def error(self, rc: int, source: str, description: str | None = None) -> None:
        entry: dict[str, Any] = {}
        if description is not None:
            entry["description"] = description
        entry["error_number"] = rc
        entry["error"] = error_text(rc) if rc else "No error"
        entry["source"] = source
        self.ctx.errors.append(entry)
        if rc and not self.rc:
            self.rc = rc

    def parse_failed(self) -> None:
        for e in self.ctx.errors:
            if e.get("error_number") and not self.rc:
                self.rc = e["error_number"]

    def done(
        self, payload: dict[str, Any] | None = None, rc: int = 0
    ) -> tuple[str, dict[str, Any]]:
        """The answer; rc: the handler's own return code, which wins over the errors'."""
        doc: dict[str, Any] = dict(payload) if payload is not None else {BARE: True}
        doc["errors"] = self.ctx.errors
        doc["warnings"] = self.ctx.warnings
        # As the reference: the first error with a number makes the status.
        if not rc:
            rc = next((e["error_number"] for e in self.ctx.errors if e.get("error_number")), 0)
        return status_of(self.dp, rc), doc


def _job_desc(dp: DP, doc: Any, reply: Reply, src: str) -> dict[str, Any] | None:
    try:
        return parse_object(
            dp.tables.jobdesc.JOB_DESC, doc, reply.ctx, src, "DATA_PARSER_JOB_DESC_MSG"
        )
    except Failed:
        reply.parse_failed()
        return None


def _body(call: Call) -> Any:
    return {} if call.raw_body is None else call.raw_body


def _submit_result(dp: DP, rec: dict[str, Any]) -> dict[str, Any]:
    step = rec["step_id"]
    step_text = "batch" if step == 0xFFFFFFFB else str(step)
    out: dict[str, Any] = {}
    if not dp.at_least("v0.0.42"):
        out["result"] = {
            "job_id": rec["job_id"],
            "step_id": step_text,
            "error_code": rec["error_code"],
            "error": text(rec["error_code"]) if rec["error_code"] else "No error",
            "job_submit_user_msg": rec["job_submit_user_msg"] or "",
        }
    out["job_id"] = rec["job_id"]
    out["step_id"] = step_text
    out["job_submit_user_msg"] = rec["job_submit_user_msg"] or ""
    return out


# Submission results slurmctld reports that still leave the job queued (slurm_errno.h:
# NODES_BUSY, RESERVATION_BUSY, JOB_HELD, NODE_NOT_AVAIL, QOS_THRES, ACCOUNTING_POLICY,
# RESERVATION_NOT_USABLE, REQUESTED_PART_CONFIG_UNAVAILABLE, BURST_BUFFER_WAIT,
# PARTITION_DOWN, LICENSES_UNAVAILABLE, PORTS_BUSY).
_NONFATAL = frozenset({2016, 2055, 2042, 2068, 2074, 2050, 2056, 2015, 2100, 2101, 2040, 2059})


class Desc(PKind):
    """JOB_DESC_MSG_PTR: one job description (null: none)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return None
        return parse_object(self.table, value, ctx, src, "DATA_PARSER_JOB_DESC_MSG")


class DescList(Desc):
    """JOB_DESC_MSG_LIST: job descriptions (a lone value is a list of one)."""

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return None
        if isinstance(value, dict):
            raise ctx.error(src, 9208, f"Expected List but found a {type_name(value)}")
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            try:
                out.append(super().parse(item, ctx, f"{src[:-1]}[{i}]/"))
            except Failed:
                raise Failed(REST_FAIL_PARSING) from None
        return out


@functools.cache
def _requests(version: str, table: Any) -> tuple[tuple[P, ...], tuple[P, ...]]:
    """JOB_SUBMIT_REQ and JOB_ALLOC_REQ of a version's job description table."""
    submit = (
        P("script", "script", Str()),
        P("jobs", "jobs", DescList(table)),
        P("job", "job", Desc(table)),
    )
    allocate = (P("hetjob", "hetjob", DescList(table)), P("job", "job", Desc(table)))
    return submit, allocate


def _request(dp: DP, call: Call, reply: Reply, which: int, type_string: str) -> dict[str, Any]:
    """The request's fields; raises Failed with the parse's return code."""
    table = _requests(dp.version, dp.tables.jobdesc.JOB_DESC)[which]
    return parse_object(table, _body(call), reply.ctx, "#/", type_string)


class Refused(Exception):  # noqa: N818 - ends a handler with the reply as it stands
    pass


def _called(reply: Reply, source: str, description: str, fn: Any, *args: Any) -> Any:
    """A libslurm call whose failure is an errors[] entry (then Refused)."""
    try:
        return fn(*args)
    except slurm.SlurmError as exc:
        reply.error(exc.errno, source, description)
    except ValueError as exc:  # a value the binding cannot put in the C struct
        reply.error(REST_INVALID_QUERY, source, str(exc))
    raise Refused


def _components(reply: Reply, source: str, comps: list[dict[str, Any]]) -> None:
    """A het job has 1 to 128 components (else the reference's refusal, then Refused)."""
    if comps and len(comps) <= 128:
        return
    # The reference reports its thread's errno of the moment (stale: 0, or EAGAIN in
    # 26.05's after some requests); we always report 0, which answers 200.
    what = "without any components" if not comps else f"too many components: {len(comps)} > 128"
    reply.error(0, source, f"Refusing HetJob submission {what}")
    raise Refused


def _one_of(dp: DP, reply: Reply, source: str, job: Any, many: Any, key: str, what: str) -> None:
    """Exactly one of "job" and the het job's key (else the reference's refusal, Refused)."""
    if job is not None and many is not None:
        reply.error(
            REST_INVALID_QUERY, source, f'Specify only one "job" or "{key}" fields but never both'
        )
        raise Refused
    if job is None and many is None:
        reply.error(
            REST_INVALID_QUERY,
            source,
            f'{_specifying(dp)} either "job" or "{key}" fields are required to {what}',
        )
        raise Refused


def post_submit(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    try:
        req = _request(dp, call, reply, 0, "DATA_PARSER_JOB_SUBMIT_REQ")
    except Failed:
        return reply.done()
    script, job, jobs = req.get("script"), req.get("job"), req.get("jobs")
    try:
        if jobs is None and not script and not (job and job.get("script")):
            reply.error(
                REST_INVALID_QUERY,
                "_job_post",
                'Populated "script" field is required for job submission',
            )
            raise Refused
        _one_of(dp, reply, "_job_post", job, jobs, "jobs", "submit job")
        if job is not None:
            return _submit_one(dp, call, reply, job, script)
        return _submit_het(dp, call, reply, jobs or [], script)
    except Refused:
        return reply.done()


def _specifying(dp: DP) -> str:
    """24.11's daemon misspells the word."""
    return "Specifing" if answering(dp) == "24.11" else "Specifying"


def _sendable(desc: dict[str, Any]) -> dict[str, Any]:
    """The fields the binding can set; variables the parse asked for set in the environment."""
    fields = slurm.job_desc_fields()
    out = {k: v for k, v in desc.items() if k in fields}
    extra = {k[len(SETENV) :]: v for k, v in desc.items() if k.startswith(SETENV)}
    if extra:  # as setenvf: a variable already there is replaced where it stands
        env = list(out.get("environment") or [])
        names = [e.split("=", 1)[0] for e in env]
        for name, value in extra.items():
            if name in names:
                env[names.index(name)] = f"{name}={value}"
            else:
                env.append(f"{name}={value}")
                names.append(name)
        out["environment"] = env
    return out


def _submit_one(
    dp: DP, call: Call, reply: Reply, job: dict[str, Any], script: str | None
) -> tuple[str, dict[str, Any]]:
    if script:
        job["script"] = script
    if not job.get("script"):
        reply.error(JOB_SCRIPT_MISSING, "script", "Batch job script empty or missing")
        raise Refused
    source = "slurm_submit_batch_job()"
    rec = _called(
        reply,
        source,
        "Batch job submission failed",
        slurm.submit_job,
        call.identity,
        _sendable(job),
    )
    return _submitted(dp, reply, rec, source, "Job submission")


def _submitted(
    dp: DP, reply: Reply, rec: dict[str, Any], source: str, what: str
) -> tuple[str, dict[str, Any]]:
    rc = rec["error_code"]
    if rc:
        reply.ctx.warn(source, f"{what} resulted in non-zero return code: {text(rc)}")
    payload = _submit_result(dp, rec)
    if rc:
        if rc in _NONFATAL:
            reply.ctx.warn("slurm_submit_batch_job()", text(rc))
        else:
            reply.error(rc, source)
            reply.ctx.errors[-1].pop("description", None)
    return reply.done(payload)


def _submit_het(
    dp: DP, call: Call, reply: Reply, jobs: list[dict[str, Any]], script: str | None
) -> tuple[str, dict[str, Any]]:
    _components(reply, "_job_post_het_submit", jobs)
    if script:
        jobs[0]["script"] = script
    if not jobs[0].get("script"):
        reply.error(
            JOB_SCRIPT_MISSING,
            "_job_post_het_submit",
            "Refusing HetJob submission without batch script or empty batch script for "
            "first component",
        )
        raise Refused
    source = "slurm_submit_batch_het_job()"
    comps = [_sendable(j) for j in jobs]
    rec = _called(
        reply, source, "HetJob submission failed", slurm.submit_het_job, call.identity, comps
    )
    return _submitted(dp, reply, rec, source, "HetJob submission")


# --- POST /job/allocate (v0.0.41 on) --------------------------------------------------------


def _for_allocation(desc: dict[str, Any]) -> dict[str, Any]:
    """As the reference: the user and group of the authentication, no status updates, at
    least one node."""
    out = {k: v for k, v in desc.items() if k not in ("user_id", "group_id")}
    out["other_port"] = 0
    if not out.get("min_nodes") or out["min_nodes"] >= NO_VAL:
        out["min_nodes"] = 1
    return _sendable(out)


def _allocated(dp: DP, reply: Reply, recs: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    payload = {"job_id": 0, "job_submit_user_msg": ""}
    for rec in recs:
        payload["job_id"] = rec["job_id"]
        if not payload["job_submit_user_msg"]:
            payload["job_submit_user_msg"] = rec["job_submit_user_msg"] or ""
        rc = rec["error_code"]
        if rc in _NONFATAL:
            reply.ctx.warn("slurm_submit_batch_job()", text(rc))
        elif rc:
            reply.error(rc, "slurm_allocate_resources_blocking()")
    return reply.done(payload)


def post_allocate(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    try:
        req = _request(dp, call, reply, 1, "DATA_PARSER_JOB_ALLOC_REQ")
    except Failed as exc:
        return reply.done(rc=exc.rc)
    job, hetjob = req.get("job"), req.get("hetjob")
    failed = "Job allocation request failed"
    het: list[dict[str, Any]] = hetjob or []
    try:
        _one_of(dp, reply, "op_handler_alloc_job", job, hetjob, "hetjob", "allocate job")
        if job is not None:
            source = "slurm_allocate_resources_blocking()"
            desc = _for_allocation(job)
            rec = _called(reply, source, failed, slurm.allocate_job, call.identity, desc)
            return _allocated(dp, reply, [rec])
        _components(reply, "_job_post_het_allocate", het)
        source = "slurm_allocate_het_job_blocking()"
        comps = [_for_allocation(j) for j in het]
        recs = _called(reply, source, failed, slurm.allocate_het_job, call.identity, comps)
        return _allocated(dp, reply, recs)
    except Refused:
        return reply.done()


# --- POST /job/{job_id} ---------------------------------------------------------------------


# ASCII digits only, and \Z, not $ (which takes a trailing newline).
_SELECTED = re.compile(r"^([0-9]+)(?:_([0-9]+))?(?:\+([0-9]+))?(?:\.(\S+))?\Z")
MAX_JOB_ID = 0x03FFFFFF


@dataclass(frozen=True)
class Selected:
    """A job id of the path: JOB[_TASK][+OFFSET][.STEP]."""

    text: str
    job_id: int
    array_task: int | None
    het_offset: int | None
    step: str | None


def _job_id(dp: DP, call: Call, reply: Reply, source: str = "op_handler_job") -> Selected | None:
    raw = call.params.get("job_id", "")
    m = _SELECTED.match(raw)
    if not m or int(m.group(1)) == 0 or int(m.group(1)) >= 1 << 32:
        reply.error(REST_INVALID_QUERY, source, "Rejecting request. Failure parsing parameters")
        return None
    number = int(m.group(1))
    if number >= MAX_JOB_ID:
        reply.error(INVALID_JOB_ID, source, f"Invalid JobID={number} rejected")
        return None
    task, offset = m.group(2), m.group(3)
    return Selected(
        raw,
        number,
        int(task) if task is not None else None,
        int(offset) if offset is not None else None,
        m.group(4),
    )


def _update_payload(dp: DP, records: list[dict[str, Any]] | None) -> dict[str, Any]:
    results: Any = None
    if records:
        results = [
            {
                "job_id": r["job_array_id"] or "",
                "error_code": r["error_code"],
                "error": text(r["error_code"]) if r["error_code"] else "No error",
                "why": "",
            }
            for r in records
        ]
    elif dp.version == "v0.0.40":
        results = []
    if dp.at_least("v0.0.42"):
        return {"results": results}
    first = records[0] if records else None
    return {
        "results": results,
        "job_id": (first or {}).get("job_array_id") or "",
        "step_id": "",
        "job_submit_user_msg": "",
    }


def post_job(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    job = _job_id(dp, call, reply)
    if job is None:
        return reply.done()
    desc = _job_desc(dp, _body(call), reply, "#/")
    if desc is None:
        reply.error(
            REST_INVALID_QUERY,
            "_job_post_update",
            "Rejecting request. Failure parsing job update request.",
        )
        return reply.done(_update_payload(dp, None))
    desc["job_id"] = job.job_id
    if job.het_offset is not None:
        desc["het_job_offset"] = job.het_offset
    if job.array_task is not None:
        reply.error(
            REST_INVALID_QUERY,
            "_job_post_update",
            "Rejecting request. Submit job update against Array Job's JobID instead of array "
            "task id.",
        )
        return reply.done(_update_payload(dp, None))
    if job.step is not None:
        reply.ctx.warn(
            "_job_post_update",
            "Job step information ignored. Job update requests apply to whole job and can not "
            "be targeted to specific steps.",
        )
    try:
        records = slurm.update_job(call.identity, _sendable(desc))
    except slurm.SlurmError as exc:
        reply.error(exc.errno, "slurm_update_job2()", "Job update requested failed")
        return reply.done(_update_payload(dp, None))
    except ValueError as exc:
        reply.error(REST_INVALID_QUERY, "slurm_update_job2()", str(exc))
        return reply.done(_update_payload(dp, None))
    for r in records:
        if r["error_code"]:
            reply.ctx.warn(
                "slurm_update_job2()",
                f"Job update resulted in non-zero return-code[{r['error_code']}]: "
                f"{text(r['error_code'])}",
            )
    return reply.done(_update_payload(dp, records))


# --- DELETE /job/{job_id} and DELETE /jobs/ ------------------------------------------------


def _status_entry(job_id: str, rc: int, known: bool) -> dict[str, Any]:
    m = _SELECTED.match(job_id)
    number = int(m.group(1)) if m and known else None
    return {
        "error": {"string": error_text(rc), "code": rc, "message": error_text(rc)},
        "step_id": job_id,
        "job_id": number_object(number, no_val=NO_VAL, infinite=NO_VAL + 1),
        "federation": {"sibling": ""},
    }


def _kill(call: Call, job_id: str, signal: int, flags: int) -> dict[str, Any] | None:
    """Signal one job as slurm_kill_jobs does: a refusal is its status entry."""
    try:
        slurm.kill_job(call.identity, job_id, signal, flags)
    except slurm.SlurmError as exc:
        return _status_entry(job_id, exc.errno, exc.errno != INVALID_JOB_ID)
    except ValueError:
        return _status_entry(job_id, INVALID_JOB_ID, False)
    return None


def _parse(
    dp: DP, table: Any, doc: Any, reply: Reply, src: str, type_string: str
) -> tuple[dict[str, Any] | None, int]:
    """The fields of a query or body, or None and the parse's return code."""
    try:
        return parse_object(table, doc, reply.ctx, src, type_string), 0
    except Failed as exc:
        return None, exc.rc


def delete_job(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    job = _job_id(dp, call, reply)
    if job is None:
        return reply.done()
    query, _ = _parse(
        dp,
        dp.tables.jobdesc.DELETE_QUERY,
        call.query,
        reply,
        "#/",
        "DATA_PARSER_OPENAPI_JOB_INFO_DELETE_QUERY",
    )
    if query is None:
        return reply.done({"status": []} if dp.at_least("v0.0.42") else {DUMPED: True})
    signal = query.get("signal") or signal_module.SIGKILL
    flags = query.get("flags") or KILL_FULL_JOB
    entry = _kill(call, job.text, signal, flags)
    if not dp.at_least("v0.0.42"):
        return reply.done({DUMPED: True})
    return reply.done({"status": [entry] if entry else []})


# Job states a signal reaches (slurmctld's filters skip finished jobs).
_LIVE = frozenset({0, 1, 2})


def _matches(job: dict[str, Any], req: dict[str, Any], uid: int | None) -> bool:
    checks = (
        ("account", "account"),
        ("job_name", "name"),
        ("partition", "partition"),
        ("qos", "qos"),
        ("reservation", "resv_name"),
        ("wckey", "wckey"),
    )
    for key, field_name in checks:
        if req.get(key) and job.get(field_name) != req[key]:
            return False
    if "job_state" in req and (job.get("job_state", 0) & 0xFF) != (req["job_state"] & 0xFF):
        return False
    if uid is not None and job.get("user_id") != uid:
        return False
    if req.get("nodes"):
        wanted = set(slurm.hostnames(req["nodes"]))
        if not wanted & set(slurm.hostnames(job.get("nodes") or "")):
            return False
    return (job.get("job_state", 0) & 0xFF) in _LIVE


def _filtered(call: Call, req: dict[str, Any], reply: Reply) -> list[str] | None:
    uid: int | None = None
    if req.get("user_id"):
        try:
            uid = int(req["user_id"])
        except ValueError:
            uid = _uid(req["user_id"])
    elif req.get("user_name"):
        uid = _uid(req["user_name"])
        if uid is None:
            reply.error(
                -1,  # uid_from_string's SLURM_ERROR
                "uid_from_string()",
                f"Unable to resolve {req['user_name']} to numeric user id",
            )
            return None
    loaded = slurm.load_jobs(call.identity)
    return [str(j["job_id"]) for j in loaded.records if _matches(j, req, uid)]


def _uid(name: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


_FILTERS = (
    "account",
    "job_name",
    "partition",
    "qos",
    "reservation",
    "job_state",
    "user_id",
    "user_name",
    "wckey",
    "nodes",
)


def delete_jobs(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    req, rc = _parse(
        dp, dp.tables.jobdesc.KILL_JOBS, _body(call), reply, "#/", "DATA_PARSER_KILL_JOBS_MSG"
    )
    if req is None:  # the reference answers with the parse's return code
        return reply.done({"status": []}, rc=rc)
    jobs = list(req.get("jobs") or [])
    if not jobs and not any(k in req for k in _FILTERS):
        reply.error(SIGNAL_JOBS_INVALID, "slurm_kill_jobs()", "Signal request failed")
        return reply.done({"status": []})
    if not jobs:
        try:
            found = _filtered(call, req, reply)
        except slurm.SlurmError as exc:
            reply.error(exc.errno, "slurm_kill_jobs()", "Signal request failed")
            return reply.done({"status": []})
        if found is None:
            return reply.done({"status": []})
        jobs = found
    signal = req.get("signal") or signal_module.SIGKILL
    statuses = [entry for job in jobs if (entry := _kill(call, job, signal, req.get("flags", 0)))]
    return reply.done({"status": statuses})


# --- v0.0.45: GET /job/{job_id}/requeue and POST /jobs/requeue ---------------------------------

# slurm.h: the flags slurm_requeue2() takes (JOB_RUNNING, JOB_REQUEUE_HOLD, JOB_SPECIAL_EXIT,
# JOB_RECONFIG_FAIL), by the names the reference gives them.
REQUEUE_FLAGS = (("Incomplete", 0x1), ("Hold", 0x800), ("SpecialExit", 0x1000), ("Fail", 0x20000))
HOLD, SPECIAL_EXIT = 0x800, 0x1000


def _requeue_query(query: dict[str, Any], reply: Reply) -> int:
    """The exploded flags of the query (each a Boolean key); other keys are warned of."""
    flags = 0
    names = {name.lower(): (name, bit) for name, bit in REQUEUE_FLAGS}
    for key, value in query.items():
        if key.lower() not in names:
            reply.ctx.warn(
                f"#/{key}/",
                f'Ignoring unknown field "{key}" of type {type_name(value)} in '
                "DATA_PARSER_OPENAPI_JOB_REQUEUE_QUERY",
            )
    for name, bit in REQUEUE_FLAGS:
        value = next((v for k, v in query.items() if k.lower() == name.lower()), None)
        if value is None:
            continue
        truth = as_bool(value)
        if truth is None:
            reply.ctx.warn(
                f"#/{name}/",
                f"Unable to convert to boolean from {type_name(value)}. Flag {name} is being "
                "treated as false.",
            )
        elif truth:
            flags |= bit
    return flags


def _requeue(call: Call, job_id: str, flags: int) -> tuple[int, list[dict[str, Any]]]:
    try:
        return 0, slurm.requeue_job(call.identity, job_id, flags)
    except slurm.SlurmError as exc:
        return exc.errno, []
    except ValueError:
        return INVALID_JOB_ID, []


def _array_entries(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in records:
        m = _SELECTED.match(r["job_array_id"] or "")
        number = int(m.group(1)) if m else 0
        out.append(
            {
                "job_id": number,
                "step_id": r["job_array_id"] or "",
                "error": error_text(r["error_code"]),
                "error_code": r["error_code"],
                "why": "",
            }
        )
    return out


def get_job_requeue(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    job = _job_id(dp, call, reply, "op_handler_job_requeue")
    if job is None:
        return reply.done(rc=REST_INVALID_QUERY)
    flags = _requeue_query(call.query, reply)
    if flags & SPECIAL_EXIT and not flags & HOLD:
        reply.error(REST_BAD_REQUEST, "op_handler_job_requeue", "SpecialExit requires Hold mode")
        return reply.done(rc=REST_BAD_REQUEST)
    rc, records = _requeue(call, job.text, flags)
    if rc:
        reply.error(rc, "op_handler_job_requeue", f"Requeue JobID={job.text} failed")
    return reply.done({"status": _array_entries(records)}, rc=rc)


def post_jobs_requeue(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    body = _body(call)
    table = (
        P("flags", "flags", Flags(*(Flag(n, b) for n, b in REQUEUE_FLAGS), v40=False)),
        P("jobs", "jobs", StepList()),
    )
    try:
        req = parse_object(table, body, reply.ctx, "#/", "DATA_PARSER_OPENAPI_JOBS_REQUEUE_QUERY")
    except Failed:
        reply.error(
            REST_INVALID_QUERY,
            "op_handler_jobs_requeue",
            "Rejecting request. Failure parsing query",
        )
        return reply.done(rc=REST_INVALID_QUERY)
    jobs, flags = req.get("jobs") or [], req.get("flags", 0)
    if not jobs:
        reply.error(INVALID_JOB_ID, "op_handler_jobs_requeue", "Query missing JobIds")
        return reply.done(rc=INVALID_JOB_ID)
    if flags & SPECIAL_EXIT and not flags & HOLD:
        reply.error(REST_BAD_REQUEST, "op_handler_jobs_requeue", "SpecialExit requires Hold mode")
        return reply.done(rc=REST_BAD_REQUEST)
    responses = []
    for job in jobs:
        rc, records = _requeue(call, job, flags)
        if rc:
            reply.error(rc, "op_handler_jobs_requeue", f"Requeue JobId={job} failed")
        if records:
            responses.append(_array_entries(records))
    return reply.done({"status": responses})


class StepList(PKind):
    """SELECTED_STEP_LIST: job ids (JOB[_TASK][+OFFSET][.STEP]) as text."""

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            text_value = as_string(item) if not isinstance(item, dict | list) else None
            if text_value is None or not _SELECTED.match(text_value):
                raise Failed(DATA_CONV_FAILED)
            out.append(text_value)
        return out


def _delete_job_op(**declared: Any) -> COp:
    return COp(
        "DELETE",
        "/job/{job_id}",
        "delete_job",
        "cancel or signal job",
        delete_job,
        query=("signal", "flags"),
        params=(doc.JOB_ID, doc.SIGNAL, *doc.FLAGS),
        **declared,
    )


OPS: tuple[COp, ...] = (
    COp(
        "POST",
        "/job/submit",
        "post_job_submit",
        "submit new job",
        post_submit,
        body=True,
        response=doc.SUBMIT,
        response_doc="job submission response",
        request=doc.SUBMIT_REQ,
        request_doc="Job description",
    ),
    COp(
        "POST",
        "/job/allocate",
        "post_job_allocate",
        "submit new job allocation without any steps that must be signaled to stop",
        post_allocate,
        body=True,
        since="v0.0.41",
        response=doc.ALLOC,
        response_doc="job allocation response",
        request=doc.ALLOC_REQ,
        request_doc="Job allocation description",
    ),
    COp(
        "POST",
        "/job/{job_id}",
        "post_job",
        "update job",
        post_job,
        body=True,
        params=(doc.JOB_ID,),
        response=doc.POST,
        response_doc="job update result",
        request=doc.JOB_DESC,
        request_doc="Job update description",
    ),
    # v0.0.42 answers DELETE job/{job_id} with its own envelope (status[]).
    _delete_job_op(response_doc="job signal result", until="v0.0.41"),
    _delete_job_op(response=doc.KILL_JOB_RESP, response_doc="job signal result", since="v0.0.42"),
    COp(
        "DELETE",
        "/jobs/",
        "delete_jobs",
        "send signal to list of jobs",
        delete_jobs,
        body=True,
        response=doc.KILL_JOBS_RESP,
        response_doc="description of jobs to signal",
        request=doc.KILL_JOBS_MSG,
        request_doc="Signal or cancel jobs",
    ),
    COp(
        "GET",
        "/job/{job_id}/requeue",
        "get_job_requeue",
        "request job requeue",
        get_job_requeue,
        query=tuple(name for name, _ in REQUEUE_FLAGS[:3]),
        since="v0.0.45",
        params=(doc.JOB_ID, *doc.REQUEUE_PARAMS),
        response=doc.REQUEUE_RESP,
        response_doc="job requeue result",
    ),
    COp(
        "POST",
        "/jobs/requeue",
        "post_jobs_requeue",
        "batch requeue job(s)",
        post_jobs_requeue,
        body=True,
        since="v0.0.45",
        response=doc.REQUEUES_RESP,
        response_doc="batch job requeue request result",
        request=doc.REQUEUES_QUERY,
        request_doc="batch job requeue request parameters",
    ),
)
