"""GET /resources/{job_id} (v0.0.44 on): a running job's resources, node by node.

design: 26.05's slurmctld answers it with its resource layout RPC; 22.05's and
24.11's have none, and slurmrestd.slurm reads the same layout from the job's
allocation with that RPC's checks (unknown job, another user's job unless the
caller is an operator, a job that is not running), so every release answers as
26.05's C daemon, the one that serves these versions.  The job id is taken as
the reference's parameter parser takes it (JOB[_TASK][.STEP]: the job's own
id is what is asked for); a number it refuses is 422, one past slurmctld's
highest job id 404.
"""

from __future__ import annotations

import re
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.errors import STATUS_NOT_FOUND
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, COp, Param
from slurmrestd.openapi.content.slurmctld import listing
from slurmrestd.openapi.dataparser import envelope as dp_envelope
from slurmrestd.openapi.dataparser.schemas import Payload, array, obj, resp
from slurmrestd.slurm import constants as c

UNPROCESSABLE = "422 UNPROCESSABLE CONTENT"
_SOURCE = "op_handler_resources"
# A selected step as the reference's parser takes it: JOB[_TASK][.STEP].
# \Z, not $: "1\n" (%0a) is no job id (the C daemons answer 422).
_JOB_ID = re.compile(r"^([0-9]+)(?:_([0-9]+))?(?:\.([0-9]+|batch|extern|interactive))?\Z")
# slurm.h's MAX_JOB_ID (0x03FFFFFF in 22.05, 24.11 and 26.05).
MAX_JOB_ID = 0x03FFFFFF


def _status(number: int) -> str:
    """26.05's status for slurmctld's answer: an unknown job 404, its other errors 422."""
    if number == c.ESLURM_INVALID_JOB_ID:
        return STATUS_NOT_FOUND
    if number - number % 1000 in (c.ESLURM_INVALID_PARTITION_NAME, c.ESLURM_DB_CONNECTION):
        return UNPROCESSABLE
    return FAILED


def get_resources(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    raw = call.params.get("job_id", "")
    found = _JOB_ID.match(raw)
    if found is None or not 0 < int(found.group(1)) < c.NO_VAL:
        error = listing.entry(
            "Rejecting request. Failure parsing parameters", c.ESLURM_REST_INVALID_QUERY, _SOURCE
        )
        raise fail(UNPROCESSABLE, [error], **dp_envelope.bare())
    job_id = int(found.group(1))
    if job_id >= MAX_JOB_ID:
        error = listing.entry(f"Invalid JobID={job_id} rejected", c.ESLURM_INVALID_JOB_ID, _SOURCE)
        raise fail(STATUS_NOT_FOUND, [error], **dp_envelope.bare())
    try:
        nodes = slurm.resource_layout(call.identity, job_id)
    except slurm.SlurmError as exc:
        error = listing.entry(f"Unable to query JobId={raw}", exc.errno, "_handle_get")
        raise fail(_status(exc.errno), [error], nodes=[]) from None
    return OK, {"nodes": [dump(dp.tables.resources.LAYOUT, n) for n in nodes]}


LAYOUTS = resp(
    "openapi_resource_layout_resp",
    Payload(
        "nodes",
        array("node_resource_layout_list", obj("node_resource_layout", "resources.LAYOUT")),
    ),
)

OPS = (
    COp(
        "GET",
        "/resources/{job_id}",
        "get_resources",
        "get resource layout info",
        get_resources,
        since="v0.0.44",
        params=(Param("job_id", "Job ID"),),
        response=LAYOUTS,
        response_doc="resource layout information",
    ),
)
