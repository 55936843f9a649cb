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

import signal as signal_module
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.errors import text
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.dataparser.kinds import number_object
from slurmrestd.openapi.dataparser.parsing import Ctx, Failed, child, error_text, parse_object
from slurmrestd.slurm.constants import NO_VAL

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
    elif rc in (REST_FAIL_PARSING, 9002):
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
        self.ctx = Ctx(show=dp.at_least("v0.0.41"), version=dp.version)
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

    def done(self, payload: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
        doc = dict(payload or {})
        doc["errors"] = self.ctx.errors
        doc["warnings"] = self.ctx.warnings
        # As the reference: the first error with a number makes the status.
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


# Submission results slurmctld reports that still leave the job queued.
_NONFATAL = frozenset({2014, 2032, 2052, 2066, 2072, 2078, 2081, 2085, 2095, 2101, 2122, 2053})


def post_submit(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    ctx = reply.ctx
    body = _body(call)
    if not isinstance(body, dict):
        ctx.error(
            "#/",
            9209,
            f"Rejecting {'list' if isinstance(body, list) else 'value'} when dictionary expected",
        )
        reply.parse_failed()
        return reply.done()
    script: str | None = None
    job: dict[str, Any] | None = None
    jobs: list[dict[str, Any]] | None = None
    failed = False
    for key in ("script", "jobs", "job"):
        if key not in body or failed:
            continue
        value = body[key]
        if key == "script":
            from slurmrestd.openapi.dataparser.parsing import Str

            try:
                script = Str().run(value, ctx, "#/script/")
            except Failed:
                failed = True
        elif key == "jobs":
            if value is None:
                continue
            if not isinstance(value, list):
                ctx.error("#/jobs/", 9208, "Expected a list")
                failed = True
                continue
            jobs = []
            for i, item in enumerate(value):
                desc = _job_desc(dp, item, reply, f"#/jobs[{i}]/")
                if desc is None:
                    failed = True
                    break
                jobs.append(desc)
        elif value is not None:
            job = _job_desc(dp, value, reply, child("#/", "job"))
            failed = failed or job is None
    known = {"script", "jobs", "job"}
    for key, value in body.items():
        if key not in known:
            from slurmrestd.openapi.dataparser.parsing import type_name

            ctx.warn(
                child("#/", key),
                f'Ignoring unknown field "{key}" of type {type_name(value)} in '
                "DATA_PARSER_JOB_SUBMIT_REQ",
            )
    if failed:
        reply.parse_failed()
        return reply.done()
    if jobs is None and not script and not (job and job.get("script")):
        reply.error(
            REST_INVALID_QUERY,
            "_job_post",
            'Populated "script" field is required for job submission',
        )
        return reply.done()
    if job is not None and jobs is not None:
        reply.error(
            REST_INVALID_QUERY,
            "_job_post",
            'Specify only one "job" or "jobs" fields but never both',
        )
        return reply.done()
    if job is None and jobs is None:
        spelled = "Specifing" if answering(dp) == "24.11" else "Specifying"
        reply.error(
            REST_INVALID_QUERY,
            "_job_post",
            f'{spelled} either "job" or "jobs" fields are required to submit job',
        )
        return reply.done()
    if job is not None:
        return _submit_one(dp, call, reply, job, script)
    assert jobs is not None
    return _submit_het(dp, call, reply, jobs, script)


def _sendable(desc: dict[str, Any]) -> dict[str, Any]:
    fields = slurm.job_desc_fields()
    return {k: v for k, v in desc.items() if k in fields}


def _submit_one(
    dp: DP, call: Call, reply: Reply, job: dict[str, Any], script: str | None
) -> tuple[str, dict[str, Any]]:
    if script:
        job["script"] = script
    if not job.get("script"):
        reply.error(JOB_SCRIPT_MISSING, "script", "Batch job script empty or missing")
        return reply.done()
    try:
        rec = slurm.submit_job(call.identity, _sendable(job))
    except slurm.SlurmError as exc:
        reply.error(exc.errno, "slurm_submit_batch_job()", "Batch job submission failed")
        return reply.done()
    except ValueError as exc:
        reply.error(REST_INVALID_QUERY, "slurm_submit_batch_job()", str(exc))
        return reply.done()
    return _submitted(dp, reply, rec, "slurm_submit_batch_job()", "Job submission")


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
    if not jobs:
        # The reference reports its errno of the moment: 0 in 24.11, EAGAIN in 26.05's.
        rc = 0 if answering(dp) == "24.11" else 11
        reply.error(rc, "_job_post_het_submit", "Refusing HetJob submission without any components")
        return reply.done()
    if len(jobs) > 128:
        reply.error(
            0 if answering(dp) == "24.11" else 11,
            "_job_post_het_submit",
            f"Refusing HetJob submission too many components: {len(jobs)} > 128",
        )
        return reply.done()
    if script:
        jobs[0]["script"] = script
    if not jobs[0].get("script"):
        reply.error(
            JOB_SCRIPT_MISSING,
            "_job_post_het_submit",
            "Refusing HetJob submission without batch script or empty batch script for "
            "first component",
        )
        return reply.done()
    try:
        rec = slurm.submit_het_job(call.identity, [_sendable(j) for j in jobs])
    except slurm.SlurmError as exc:
        reply.error(exc.errno, "slurm_submit_batch_het_job()", "HetJob submission failed")
        return reply.done()
    except ValueError as exc:
        reply.error(REST_INVALID_QUERY, "slurm_submit_batch_het_job()", str(exc))
        return reply.done()
    return _submitted(dp, reply, rec, "slurm_submit_batch_het_job()", "HetJob submission")


# --- POST /job/{job_id} ---------------------------------------------------------------------


def _job_id(dp: DP, call: Call, reply: Reply) -> int | None:
    raw = call.params.get("job_id", "")
    head = raw.split("_")[0].split("+")[0].split(".")[0]
    try:
        number = int(head)
    except ValueError:
        number = NO_VAL
    if number <= 0 or number >= 0x03FFFFFF:
        reply.error(INVALID_JOB_ID, "op_handler_job", f"Invalid JobID={number} rejected")
        return None
    return number


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
    job_id = _job_id(dp, call, reply)
    if job_id is None:
        return reply.done()
    desc = _job_desc(dp, _body(call), reply, "#/")
    if desc is None:
        reply.error(
            REST_INVALID_QUERY,
            "_job_post_update",
            "Rejecting request. Failure parsing job update request.",
        )
        return reply.done(_update_payload(dp, None))
    desc["job_id"] = job_id
    if "_" in call.params.get("job_id", ""):
        reply.error(
            REST_INVALID_QUERY,
            "_job_post_update",
            "Rejecting request. Submit job update against Array Job's JobID instead of array "
            "task id.",
        )
        return reply.done(_update_payload(dp, None))
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

SIGNAL_NUMBERS = {
    name: int(getattr(signal_module, "SIG" + name))
    for name in [
        "HUP",
        "INT",
        "QUIT",
        "ILL",
        "TRAP",
        "ABRT",
        "BUS",
        "FPE",
        "KILL",
        "USR1",
        "SEGV",
        "USR2",
        "PIPE",
        "ALRM",
        "TERM",
        "STKFLT",
        "CHLD",
        "CONT",
        "STOP",
        "TSTP",
        "TTIN",
        "TTOU",
        "URG",
        "XCPU",
        "XFSZ",
        "VTALRM",
        "PROF",
        "WINCH",
        "IO",
        "PWR",
        "SYS",
    ]
    if hasattr(signal_module, "SIG" + name)
}


def _signal(value: Any) -> int | None:
    if value is None or value == "":
        return 0
    text_value = str(value).strip()
    if text_value.isdigit():
        return int(text_value)
    name = text_value.upper()
    name = name[3:] if name.startswith("SIG") else name
    return SIGNAL_NUMBERS.get(name)


def _status_entry(job_id: str, rc: int, known: bool) -> dict[str, Any]:
    try:
        number: int | None = int(job_id.split("_")[0].split("+")[0])
    except ValueError:
        number = None
    return {
        "error": {"string": text(rc), "code": rc, "message": text(rc)},
        "step_id": job_id,
        "job_id": number_object(number if known else None, no_val=NO_VAL, infinite=NO_VAL + 1),
        "federation": {"sibling": ""},
    }


def _kill(call: Call, job_id: str, signal: int, flags: int) -> dict[str, Any] | None:
    try:
        slurm.kill_job(call.identity, job_id, signal, flags)
    except slurm.SlurmError as exc:
        return _status_entry(job_id, exc.errno, exc.errno != INVALID_JOB_ID)
    except ValueError:
        return _status_entry(job_id, INVALID_JOB_ID, False)
    return None


KILL_FULL_JOB = 1 << 3


def delete_job(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    job_id = _job_id(dp, call, reply)
    if job_id is None:
        return reply.done()
    signal = _signal(call.query.get("signal"))
    if signal is None:
        reply.error(REST_INVALID_QUERY, "_parse_job_delete", "Unknown signal")
        return reply.done({"status": []} if dp.at_least("v0.0.42") else None)
    flags = dp.tables.jobdesc.kill_flags(call.query.get("flags"))
    entry = _kill(
        call, call.params["job_id"], signal or signal_module.SIGKILL, flags or KILL_FULL_JOB
    )
    if not dp.at_least("v0.0.42"):
        return reply.done()
    return reply.done({"status": [entry] if entry else []})


def delete_jobs(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    reply = Reply(dp)
    body = _body(call)
    jobs = body.get("jobs") if isinstance(body, dict) else None
    signal = _signal(body.get("signal")) if isinstance(body, dict) else 0
    if not jobs:
        reply.error(
            SIGNAL_JOBS_INVALID,
            "slurm_kill_jobs()",
            "Signal request failed",
        )
        return reply.done({"status": []})
    statuses = []
    for job in jobs:
        entry = _kill(call, str(job), signal or signal_module.SIGKILL, 0)
        if entry:
            statuses.append(entry)
    return reply.done({"status": statuses})


OPS: tuple[COp, ...] = (
    COp("POST", "/job/submit", "post_job_submit", "submit new job", post_submit, body=True),
    COp("POST", "/job/{job_id}", "post_job", "update job", post_job, body=True),
    COp(
        "DELETE",
        "/job/{job_id}",
        "delete_job",
        "cancel or signal job",
        delete_job,
        query=("signal", "flags"),
    ),
    COp("DELETE", "/jobs/", "delete_jobs", "send signal to list of jobs", delete_jobs, body=True),
)
