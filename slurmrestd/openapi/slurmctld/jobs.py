"""GET /jobs, GET/POST/DELETE /job/{job_id}, POST /job/submit."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.envelope import ApiError
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common import jobdesc
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import (
    BAD_REQUEST,
    FAILED,
    NOT_MODIFIED,
    OK,
    code_entry,
    entry,
    fail,
    text,
)
from slurmrestd.openapi.slurmctld import lists
from slurmrestd.openapi.slurmctld.version import Version
from slurmrestd.slurm.constants import (
    ESLURM_ALREADY_DONE,
    ESLURM_ENVIRONMENT_MISSING,
    ESLURM_INVALID_JOB_ID,
    ESLURM_JOB_SCRIPT_MISSING,
    ESLURM_REST_FAIL_PARSING,
    ESLURM_REST_INVALID_JOBS_DESC,
    ESLURM_REST_INVALID_QUERY,
    NO_VAL,
    SLURM_BATCH_SCRIPT,
    SLURM_EXTERN_CONT,
    SLURM_INTERACTIVE_STEP,
    SLURM_PENDING_STEP,
)

STEP_NAMES = {
    SLURM_BATCH_SCRIPT: "BATCH",
    SLURM_EXTERN_CONT: "EXTERN",
    SLURM_INTERACTIVE_STEP: "INTERACTIVE",
    SLURM_PENDING_STEP: "PENDING",
}
SIGNALS = jobdesc.SIGNALS
SIGRTMAX = 64
PARSE_ERRORS = (jobdesc.UnknownKey, jobdesc.ValueRejected, jobdesc.EnvironmentMissing)


def get_jobs(v: Version, call: Call) -> tuple[str, Any]:
    since = lists.update_time(call, "jobs")
    try:
        if not since:
            return lists.listing(
                v,
                call,
                "jobs",
                lambda when: slurm.load_jobs(call.identity, when, v.job_fields),
                v.tables.JOB,
            )
        loaded = slurm.load_jobs(call.identity, since, v.job_fields)
    except slurm.NotModified:
        return NOT_MODIFIED, {}
    except slurm.SlurmError:
        raise fail(
            FAILED, [entry("Failed while looking for jobs", -1, "slurm_load_jobs")], jobs=[]
        ) from None
    return OK, {"jobs": [dump(v.tables.JOB, rec) for rec in loaded.records]}


def get_job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    raw = call.params["job_id"]
    job_id = int(raw) if raw.isdigit() and 0 < int(raw) < NO_VAL else 0
    if not job_id:
        raise fail(
            BAD_REQUEST,
            [
                entry(
                    f"Unable to find JobId={raw}", ESLURM_REST_INVALID_JOBS_DESC, "_handle_job_get"
                )
            ],
        )
    try:
        loaded = slurm.load_job(call.identity, job_id, v.job_fields)
    except slurm.SlurmError as exc:
        number = exc.errno if exc.errno == ESLURM_INVALID_JOB_ID else -1
        raise fail(
            FAILED, [entry(f"Unable to find JobId={job_id}", number, "slurm_load_job")], jobs=[]
        ) from None
    return OK, {"jobs": [dump(v.tables.JOB, rec) for rec in loaded.records]}


def _signal(call: Call) -> int:
    raw = call.query.get("signal")
    if raw is None or raw == "":
        return SIGNALS["KILL"]
    value = str(raw).strip()
    if value.lstrip("-").isdigit():
        number = int(value)
    else:
        name = value.upper()
        number = SIGNALS.get(name[3:] if name.startswith("SIG") else name, 0)
    if not 1 <= number < SIGRTMAX:
        raise fail(
            BAD_REQUEST,
            [entry(f"invalid signal: {number}", ESLURM_REST_INVALID_QUERY, "HTTP request: signal")],
        )
    return number


def cancel_job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    job_id = call.params["job_id"]
    sig = _signal(call)
    try:
        slurm.kill_job(call.identity, job_id, sig, slurm.constant("KILL_FULL_JOB"))
    except ValueError:
        raise fail(
            FAILED,
            [
                entry(
                    f"unable to kill JobId={job_id} with signal {sig}: "
                    f"{text(ESLURM_INVALID_JOB_ID)}",
                    ESLURM_INVALID_JOB_ID,
                    "slurm_kill_job",
                )
            ],
        ) from None
    except slurm.SlurmError as exc:
        if exc.errno != ESLURM_ALREADY_DONE:
            raise fail(
                FAILED,
                [
                    entry(
                        f"unable to kill JobId={job_id} with signal {sig}: {exc.error}",
                        exc.errno,
                        "slurm_kill_job",
                    )
                ],
            ) from None
    return OK, {}


def _parse_failure(v: Version, exc: Exception) -> list[dict[str, Any]]:
    """errors[] of a job properties parse that stopped, as the reference writes them."""
    parsing = code_entry(ESLURM_REST_FAIL_PARSING)
    if isinstance(exc, jobdesc.DisabledKey):
        return [
            {
                "description": f'Disabled key: "{exc.key}"',
                "error_number": 1,
                "error": "Operation not permitted",
                "source": "openapi specification",
            },
            parsing,
        ]
    if isinstance(exc, jobdesc.UnknownKey):
        return [{"description": f'Unknown key "{exc.key}"', "source": "hsearch_r"}, parsing]
    if isinstance(exc, jobdesc.ValueRejected):
        rejected = v.job_properties.rejected_text
        return [
            {"error": exc.message, "error_code": exc.rc},
            entry(f'{rejected} "{exc.key}"', -1, "slurm_process_option_data"),
            parsing,
        ]
    return [
        {"error": "environment must be set", "error_code": ESLURM_ENVIRONMENT_MISSING},
        parsing,
    ]


def submit_job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    body = call.body or {}
    script = body.get("script")
    if script is None or isinstance(script, dict | list):
        raise fail(FAILED, [code_entry(ESLURM_JOB_SCRIPT_MISSING)])
    spec = body.get("job", body.get("jobs"))
    if not isinstance(spec, dict | list) or not spec:
        raise fail(BAD_REQUEST, [code_entry(ESLURM_REST_INVALID_JOBS_DESC)])
    try:
        if isinstance(spec, dict):
            components = [v.job_desc(spec, submit=True)]
        else:
            if not all(isinstance(c, dict) for c in spec):
                raise fail(BAD_REQUEST, [code_entry(ESLURM_REST_INVALID_JOBS_DESC)])
            components = [v.job_desc(c, submit=True) for c in spec]
    except PARSE_ERRORS as exc:
        raise fail(BAD_REQUEST, _parse_failure(v, exc)) from None
    return submit_parsed(call, spec, components, script)


def submit_parsed(
    call: Call, spec: Any, components: list[dict[str, Any]], script: Any
) -> tuple[str, dict[str, Any]]:
    """Submit parsed job descriptions (a heterogeneous job when spec is a list) with the
    script, and answer as 22.05's old versions do (200 with errors[] when slurmctld refused)."""
    components[0]["script"] = jobdesc._scalar_text("script", script)
    try:
        if isinstance(spec, list):
            result = slurm.submit_het_job(call.identity, components)
        else:
            result = slurm.submit_job(call.identity, components[0])
    except ValueError:
        raise fail(BAD_REQUEST, [code_entry(ESLURM_REST_FAIL_PARSING)]) from None
    except slurm.SlurmError as exc:
        raise fail(FAILED, [code_entry(exc.errno if exc.errno > 0 else -1)]) from None
    errors = [code_entry(result["error_code"])] if result["error_code"] else []
    document = {
        "job_id": result["job_id"],
        "step_id": STEP_NAMES.get(result["step_id"], result["step_id"]),
        "job_submit_user_msg": _text(result["job_submit_user_msg"]),
    }
    if errors:
        raise fail(OK, errors, **document)
    return OK, document


def _not_one_job(body: Any, peer: str) -> ApiError:
    """The answer to an update whose body is not one job description."""
    if isinstance(body, list):
        bad = [i for i, item in enumerate(body) if not isinstance(item, dict)]
        if bad:
            return fail(
                OK,
                [
                    entry(
                        f"unexpected failure parsing het job: {bad[0]}",
                        ESLURM_REST_FAIL_PARSING,
                        "_parse_job_desc",
                    ),
                    entry(
                        f"job parsing failed for {peer}",
                        ESLURM_REST_FAIL_PARSING,
                        "_parse_job_list",
                    ),
                ],
            )
        return fail(
            OK,
            [
                {
                    "description": f"unexpected het job request from {peer}",
                    "source": "_parse_job_list",
                }
            ],
        )
    return fail(
        OK,
        [entry(f"job parsing failed for {peer}", ESLURM_REST_INVALID_JOBS_DESC, "_parse_job_list")],
    )


def update_job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    peer = call.peer
    body = call.raw_body
    if not isinstance(body, dict):
        raise _not_one_job(body, peer)
    try:
        values = v.job_desc(body, submit=False)
    except PARSE_ERRORS as exc:
        first = _parse_failure(v, exc)[:-1]
        raise fail(
            OK,
            [
                *first,
                entry(
                    f"job parsing failed for {peer}", ESLURM_REST_FAIL_PARSING, "_parse_job_list"
                ),
            ],
        ) from None
    values["job_id_str"] = call.params["job_id"]
    try:
        results = slurm.update_job(call.identity, values)
    except (ValueError, slurm.SlurmError) as exc:
        number = exc.errno if isinstance(exc, slurm.SlurmError) else ESLURM_INVALID_JOB_ID
        raise fail(
            FAILED, [entry(f"job update from {peer} failed", number, "_parse_job_list")]
        ) from None
    failed = [r for r in results if r["error_code"]]
    if failed:
        raise fail(
            OK,
            [
                entry(
                    f"job array update from {peer} failed",
                    failed[0]["error_code"],
                    "_parse_job_list",
                )
            ],
        )
    return OK, {}


def _text(value: Any) -> str:
    """A C string as 22.05 writes it: NULL is "" in JSON, null in YAML."""
    return envelope.NULL_TEXT if value is None else str(value)
