"""POST /slurmdb/{v}/job/{job_id} and /jobs/ (v0.0.44 on): change jobs' accounting record.

design: the body is the job record's changeable fields (comments, derived exit
code, extra, TRES, wckey); slurmdbd itself decides who may change what (an
ordinary user their own jobs, not the administrator's or system comment) and
answers "nothing changed" (304, as the reference) for an unknown job or an
empty change.  The request commits only when slurmdbd changed a job.  Every
release's slurmdbd has the call; 22.05's job record has no "extra", which it
leaves out.  A jobs/ body without job_id_list is refused: 26.05's C daemon dies
on it, and slurmdbd would otherwise be asked to change every job.
"""

from __future__ import annotations

import json
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.dbparse import TresList
from slurmrestd.openapi.common.engine import I64, STR, U32, Env, F, ParseError
from slurmrestd.openapi.content import DP, COp, Param
from slurmrestd.openapi.content.slurmdbd import jobcond
from slurmrestd.openapi.content.slurmdbd.body import EXPECTED_DICT, Body, Field, text, type_name
from slurmrestd.openapi.content.slurmdbd.request import Req, run
from slurmrestd.openapi.dataparser.kinds import U32_NO_VAL
from slurmrestd.openapi.dataparser.schemas import Named, Payload, array, obj, resp
from slurmrestd.slurm import constants as c

_REJECT = "Rejecting request. Failure parsing job update request."
# A TRES of the body, read against slurmdbd's list (an unknown one is refused here: sent
# on, as 26.05's C daemon sends it, as TRES 0, it makes slurmdbd exit).
TRES = (
    F("type", "type", STR, required=True),
    F("name", "name", STR),
    F("id", "id", U32),
    F("count", "count", I64),
)


def _exit_code(value: Any) -> int:
    """A derived exit code as the reference reads it: a number as it is (checked by
    _refused first), or the return_code of a {status, return_code, signal} object."""
    if isinstance(value, dict):
        value = value.get("return_code")
    try:
        result: int = U32_NO_VAL.parse(value, Env(), "derived_exit_code")
    except (ParseError, ValueError):
        raise ParseError(c.ESLURM_DATA_CONV_FAILED) from None
    return result


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


_OPENAPI_TYPE = {"dictionary": "object", "list": "array"}


def _refused(req: Req, doc: Any, where: str) -> bool:
    """The reference's own words for the fields it cannot read: a string field given an
    object or a list (a warning), a derived exit code that is neither a number nor an
    object (errors).  True when the body is refused."""
    if not isinstance(doc, dict):
        return False
    refused = False
    for path in TEXT_PATHS:
        value: Any = doc
        for part in path.split("/"):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict | list):
            kind = type_name(value)
            req.warn(
                f"Expected OpenAPI type=string (Slurm type=string) but got OpenAPI "
                f"type={_OPENAPI_TYPE[kind]} (Slurm type={kind}): {_json(value)}",
                f"{where}{path}/",
            )
            refused = True
    code = doc.get("derived_exit_code")
    if (
        code is None
        or isinstance(code, bool | int)
        or (isinstance(code, str) and code.strip().lstrip("-").isdigit())
    ):
        return refused
    if not isinstance(code, dict):
        req.error(
            EXPECTED_DICT,
            f"Rejecting {type_name(code)} when dictionary expected",
            f"{where}derived_exit_code/",
        )
        return True
    number = code.get("return_code")
    if isinstance(number, str) and not number.strip().lstrip("-").isdigit():
        req.error(
            c.ESLURM_DATA_CONV_FAILED,
            f"Expected integer but got {_json(number)}",
            f"{where}derived_exit_code/return_code/",
        )
        return True
    return refused


TEXT_PATHS = ("comment/administrator", "comment/job", "extra", "comment/system", "wckey")
# The objects of the body and the keys each knows.
NESTED = {"comment": ("administrator", "job", "system"), "tres": ("allocated",)}


def _spec(req: Req) -> tuple[Field, ...]:
    def tres(value: Any) -> Any:
        req.lists(qos=False)
        return TresList(TRES).parse(value, req.env, "tres")

    return (
        Field("comment/administrator", "admin_comment", text),
        Field("derived_exit_code", "derived_ec", _exit_code),
        Field("comment/job", "derived_es", text),
        Field("extra", "extra", text),
        Field("comment/system", "system_comment", text),
        Field("tres/allocated", "tres_alloc_str", tres),
        Field("wckey", "wckey", text),
    )


def _modify(req: Req, source: str, job_ids: list[str], values: dict[str, Any]) -> None:
    rc, changed = req.db.job_modify(job_ids, values)
    if rc:
        req.error(rc, "slurmdb_job_modify failed", source)
        # The reference's second entry carries its own return code, still 0 there.
        req.errors.append(
            {
                "description": "Job update requested failed",
                "error_number": 0,
                "error": slurm.strerror(0),
                "source": "slurmdb_job_modify()",
            }
        )
        return
    if not changed:
        req.warn("slurmdb_job_modify() found nothing", source)
    else:
        req.db.commit()
    req.payload["results"] = list(changed or [])


def _record(req: Req, doc: Any, where: str, source: str) -> dict[str, Any] | None:
    rec = None
    if not _refused(req, doc, where):
        rec = Body(req, "JOB_MODIFY", "JOB_MODIFY").record(doc, where, _spec(req))
    if rec is None:
        req.error(c.ESLURM_REST_INVALID_QUERY, _REJECT, source)
        return None
    for head, known in NESTED.items():
        inner = doc.get(head)
        for key, value in inner.items() if isinstance(inner, dict) else ():
            if key not in known:
                req.warn(
                    f'Ignoring unknown field "{key}" of type {type_name(value)} in '
                    "DATA_PARSER_JOB_MODIFY",
                    f"{where}{head}/{key}/",
                )
    return rec


def post_job(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    job_id = call.params.get("job_id") or ""
    if not jobcond.step_ids(job_id) or "," in job_id:
        jobcond.reject(dp, call, [], "op_handler_job")

    def body(req: Req) -> None:
        source = "_job_post_update"
        rec = _record(req, call.raw_body if call.raw_body is not None else {}, "#/", source)
        if rec is not None:
            _modify(req, source, [job_id], rec)

    return run(dp, call, body)


def _job_ids(req: Req, value: Any, source: str) -> list[str] | None:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        req.error(
            c.ESLURM_DATA_PATH_NOT_FOUND,
            f"Expected a list of job ids but found a {type_name(value)}",
            "#/job_id_list/",
        )
        req.error(c.ESLURM_REST_INVALID_QUERY, _REJECT, source)
        return None
    ids = [str(item) for item in items]
    if not all(isinstance(i, str | int) and jobcond.step_ids(str(i)) for i in items):
        req.error(c.ESLURM_REST_INVALID_QUERY, _REJECT, source)
        return None
    return ids


def post_jobs(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        source = "_jobs_post_update"
        doc = call.raw_body if isinstance(call.raw_body, dict) else {}
        ids = _job_ids(req, doc.get("job_id_list"), source)
        if ids is None:
            return
        rec = _record(req, doc.get("job_rec") or {}, "#/job_rec/", source)
        if rec is not None:
            _modify(req, source, ids, rec)

    return run(dp, call, body)


JOB_MODIFY = obj("job_modify", "jobmodify.JOB_MODIFY")
MODIFY_RESP = resp(
    "openapi_job_modify_resp",
    Payload("results", Named("string_list", {"type": "array", "items": {"type": "string"}})),
)
MODIFY_REQ = resp(
    "openapi_job_modify_req",
    Payload(
        "job_id_list",
        array("selected_step_list", {"type": "string"}),
        required=False,
    ),
    Payload("job_rec", JOB_MODIFY, required=False),
)

OPS = (
    COp(
        "POST",
        "/job/{job_id}",
        "post_job",
        "Update job",
        jobcond.refusals(post_job),
        body=True,
        since="v0.0.44",
        params=(Param("job_id", "Job ID"),),
        response=MODIFY_RESP,
        response_doc="Job update results",
        request=JOB_MODIFY,
        request_doc="Job update description",
    ),
    COp(
        "POST",
        "/jobs/",
        "post_jobs",
        "Update jobs",
        post_jobs,
        body=True,
        since="v0.0.44",
        response=MODIFY_RESP,
        response_doc="Job update results",
        request=MODIFY_REQ,
        request_doc="Job update description",
    ),
)
