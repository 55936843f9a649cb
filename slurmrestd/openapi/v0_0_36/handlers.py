"""The handlers v0.0.36 overrides: what its reference did differently from v0.0.37.

Its job errors are {"error": "<function>: <text>", "error_code": 0}: the
reference names the C function that failed and writes errno after clearing it.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.errors import STATUS_NOT_FOUND, TEXT_NOT_FOUND, RouterError
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common import jobdesc
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import (
    BAD_REQUEST,
    FAILED,
    OK,
    code_entry,
    errno_entry,
    fail,
    text,
)
from slurmrestd.openapi.slurmctld import diag, jobs, lists
from slurmrestd.openapi.slurmctld.version import Version
from slurmrestd.slurm.constants import (
    ESLURM_ALREADY_DONE,
    ESLURM_ENVIRONMENT_MISSING,
    ESLURM_INVALID_JOB_ID,
    ESLURM_INVALID_NODE_NAME,
    ESLURM_INVALID_PARTITION_NAME,
    ESLURM_JOB_SCRIPT_MISSING,
    ESLURM_REST_FAIL_PARSING,
    ESLURM_REST_INVALID_JOBS_DESC,
    NO_VAL,
)

ESRCH = 3  # hsearch_r's errno for a key it does not hold ("No such process")
DEFAULT_NAME = "openapi"  # the name the reference gives a job sent without one
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?[0-9]+\.[0-9]*(e[-+]?[0-9]+)?", re.IGNORECASE)


def job_error(message: str) -> dict[str, Any]:
    return {"error": message, "error_code": 0}


# --- lists -------------------------------------------------------------------------------


def ping(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    """As v0.0.37's; a failed load names errno and its text."""
    try:
        return OK, {"pings": diag.pings(v, call)}
    except slurm.SlurmError as exc:
        # %m: the C library's text for errno (Slurm's numbers are "Unknown error N" there);
        # then errno is cleared, and the missing config is a second entry.
        number = exc.errno or -1
        message = "_op_handler_ping: slurmctld config is unable to load: " + os.strerror(number)
        missing = {"error": "_op_handler_ping: slurmctld config is missing"}
        raise fail(FAILED, [{"error": message, "errno": number}, missing]) from None


def get_jobs(v: Version, call: Call) -> tuple[str, Any]:
    """Every job, whatever update_time says (loaded whole each time: no render is
    reused); a failure answers no error entry."""
    try:
        loaded = lists.shared(
            v, call, "jobs", lambda: slurm.load_jobs(call.identity, 0, v.job_fields)
        )
    except slurm.SlurmError:
        raise fail(FAILED, [], jobs=[]) from None
    return OK, {"jobs": [dump(v.tables.JOB, rec) for rec in loaded.records]}


def _nodes(call: Call, when: int) -> slurm.Loaded:
    # Without SHOW_MIXED: a node running jobs stays "allocated".
    flags = slurm.constant("SHOW_ALL") | slurm.constant("SHOW_DETAIL")
    return slurm.load_nodes(call.identity, when, show_flags=flags)


def get_nodes(v: Version, call: Call) -> tuple[str, Any]:
    try:
        loaded = lists.shared(v, call, "nodes", lambda: _nodes(call, 0))
    except slurm.SlurmError:
        loaded = None
    if loaded is None or not loaded.records:
        raise fail(FAILED, [errno_entry(ESLURM_INVALID_NODE_NAME)], nodes=[])
    return OK, {"nodes": [dump(v.tables.NODE, rec) for rec in loaded.records]}


def get_node(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    """One node by its exact name (slurm_load_node_single: "VM" is not "vm")."""
    name = call.params["node_name"]
    try:
        loaded = _nodes(call, 0)
    except slurm.SlurmError:
        loaded = None
    found = [rec for rec in loaded.records if rec.get("name") == name] if loaded else []
    if not found:
        raise fail(FAILED, [errno_entry(ESLURM_INVALID_NODE_NAME)], nodes=[])
    return OK, {"nodes": [dump(v.tables.NODE, rec) for rec in found]}


def get_partitions(v: Version, call: Call) -> tuple[str, Any]:
    try:
        loaded = lists.shared(
            v, call, "partitions", lambda: slurm.load_partitions(call.identity, 0)
        )
    except slurm.SlurmError:
        raise fail(FAILED, [errno_entry(ESLURM_INVALID_PARTITION_NAME)], partitions=[]) from None
    return OK, {"partitions": [dump(v.tables.PARTITION, rec) for rec in loaded.records]}


def get_partition(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    return lists.get_one(
        call,
        "partitions",
        call.params["partition_name"],
        slurm.load_partitions,
        v.tables.PARTITION,
        ESLURM_INVALID_PARTITION_NAME,
        ESLURM_INVALID_PARTITION_NAME,
    )


# --- one job ------------------------------------------------------------------------------


def _job_id(call: Call) -> int:
    """The path's job_id as the reference reads it: an integer (a decimal number is
    rounded; a sign as %2B or -); anything else is no path of this version.  (A '+' as
    sent never gets here: the URL parser refuses it.)"""
    raw = call.params["job_id"]
    if _INTEGER.fullmatch(raw):
        number = int(raw)
    elif _NUMBER.fullmatch(raw):
        number = math.floor(float(raw) + 0.5)
    else:
        raise RouterError(STATUS_NOT_FOUND, TEXT_NOT_FOUND)
    if number == 0:
        raise fail(FAILED, [job_error(f"_op_handler_job: [{call.peer}] job_id is zero")])
    if number >= NO_VAL:
        raise fail(
            FAILED, [job_error(f"_op_handler_job: [{call.peer}] job_id too large: {number}")]
        )
    return number & 0xFFFFFFFF


def _signed(job_id: int) -> int:
    """A job id as the reference prints it (%d)."""
    return job_id - (1 << 32) if job_id >= 1 << 31 else job_id


def get_job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    job_id = _job_id(call)
    try:
        loaded = slurm.load_job(call.identity, job_id, v.job_fields)
    except slurm.SlurmError:
        raise fail(
            FAILED, [job_error(f"_handle_job_get: unknown job {_signed(job_id)}")], jobs=[]
        ) from None
    return OK, {"jobs": [dump(v.tables.JOB, rec) for rec in loaded.records]}


def cancel_job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    job_id = _job_id(call)
    try:
        sig = jobs._signal(call)
    except envelope.ApiError:  # v0.0.37's refusal, in this version's words
        raw = call.query.get("signal")
        value = str(raw).strip()
        number = int(value) if value.lstrip("-").isdigit() else 0
        raise fail(FAILED, [job_error(f"_op_handler_job: invalid signal: {number}")]) from None
    try:
        slurm.kill_job(call.identity, str(job_id), sig, slurm.constant("KILL_FULL_JOB"))
    except slurm.SlurmError as exc:
        if exc.errno != ESLURM_ALREADY_DONE:
            raise fail(
                FAILED,
                [
                    job_error(
                        f"_handle_job_delete: unable to kill job {_signed(job_id)} "
                        f"with signal {sig}: {exc.error}"
                    )
                ],
            ) from None
    return OK, {}


# --- job descriptions ---------------------------------------------------------------------


def _job_desc(v: Version, props: dict[str, Any], *, submit: bool) -> dict[str, Any]:
    """As v0.0.37's, but a job sent without a name is named "openapi"."""
    named = {str(k).lower() for k in props} & {"name", "job_name"}
    return v.job_desc(props if named else {**props, "name": DEFAULT_NAME}, submit=submit)


def _parse_errors(props: dict[str, Any], exc: Exception) -> list[dict[str, Any]]:
    """The entries of a job description the reference could not parse."""
    if isinstance(exc, jobdesc.DisabledKey):
        return [{"error": f'Disabled key: "{exc.key}"', "error_code": -1}]
    if isinstance(exc, jobdesc.UnknownKey):
        return [{"error": f'Unknown key "{exc.key}": {os.strerror(ESRCH)}', "error_code": ESRCH}]
    if isinstance(exc, jobdesc.ValueRejected):
        key = next((str(k) for k in props if str(k).lower() == exc.key), exc.key)
        return [
            {"error": exc.message, "error_code": exc.rc},
            {
                "error": f"process failed for key {key} with error: {text(exc.rc)}",
                "error_code": exc.rc,
            },
        ]
    return [{"error": "environment must be set", "error_code": ESLURM_ENVIRONMENT_MISSING}]


def _parse_list(v: Version, spec: Any, *, submit: bool) -> list[dict[str, Any]]:
    """The job descriptions of a dict (one) or a list (a het job); a failure raises
    _Unparsed with the reference's entries."""
    if isinstance(spec, dict):
        try:
            return [_job_desc(v, spec, submit=submit)]
        except jobs.PARSE_ERRORS as exc:
            raise _Unparsed(_parse_errors(spec, exc)) from None
    out = []
    for i, component in enumerate(spec):
        errors: list[dict[str, Any]] = []
        if isinstance(component, dict):
            try:
                out.append(_job_desc(v, component, submit=submit))
                continue
            except jobs.PARSE_ERRORS as exc:
                errors = _parse_errors(component, exc)
        het = {"error": f"_parse_job_component: unexpected failure parsing het job: {i}"}
        raise _Unparsed([*errors, het])
    return out


class _Unparsed(Exception):  # noqa: N818 - an outcome of a parse
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


def submit_job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    if not isinstance(call.raw_body, dict):  # a list or text has no script
        raise fail(FAILED, [code_entry(ESLURM_JOB_SCRIPT_MISSING)])
    body = call.body or {}
    spec = body.get("job", body.get("jobs"))
    script = body.get("script")
    if script is None or isinstance(script, dict | list):
        return jobs.submit_job(v, call)  # the same refusal as v0.0.37's
    if not isinstance(spec, dict | list) or not spec:
        raise fail(BAD_REQUEST, [code_entry(ESLURM_REST_INVALID_JOBS_DESC)])
    try:
        components = _parse_list(v, spec, submit=True)
    except _Unparsed as exc:
        raise fail(BAD_REQUEST, [*exc.errors, code_entry(ESLURM_REST_FAIL_PARSING)]) from None
    return jobs.submit_parsed(call, spec, components, script)


def update_job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    job_id = _job_id(call)
    peer = call.peer
    body = call.raw_body
    parsing_failed = job_error(f"_handle_job_post: job parsing failed for {peer}")
    if not isinstance(body, dict | list):
        raise fail(FAILED, [parsing_failed])
    try:
        components = _parse_list(v, body, submit=False)
    except _Unparsed as exc:
        raise fail(FAILED, [*exc.errors, parsing_failed]) from None
    if isinstance(body, list):
        raise fail(FAILED, [job_error(f"_handle_job_post: unexpected het job request from {peer}")])
    values = components[0]
    values["job_id"] = job_id
    try:
        results = slurm.update_job(call.identity, values)
    except (ValueError, slurm.SlurmError) as exc:
        number = exc.errno if isinstance(exc, slurm.SlurmError) else ESLURM_INVALID_JOB_ID
        raise fail(
            FAILED,
            [job_error(f"_handle_job_post: job update from {peer} failed: {text(number)}")],
        ) from None
    failed = [r for r in results if r["error_code"]]
    if failed:
        raise fail(
            FAILED,
            [
                job_error(
                    f"_handle_job_post: job array update from {peer} failed with "
                    f"error_code: {text(failed[0]['error_code'])}"
                )
            ],
        )
    return OK, {}
