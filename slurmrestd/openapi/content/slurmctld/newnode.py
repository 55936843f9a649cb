"""POST /new/node/ (v0.0.44 on): a dynamic node from a slurm.conf node line.

design: the body's node_conf goes to slurmctld as it is (slurm_create_node, which
every release has); slurmctld decides (an administrator only; a cluster whose
MaxNodeCount leaves no room, or a line without a dynamic state, is refused with
its own error).  The body is read as the reference's parser reads it: a
node_conf that is not a string is a warning, then converted (a number) or the
request ends with nothing done and no error (an object or a list: 200).
"""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmctld import listing
from slurmrestd.openapi.dataparser import envelope as dp_envelope
from slurmrestd.openapi.dataparser.parsing import (
    DATA_PATH_NOT_FOUND,
    Ctx,
    Failed,
    P,
    Str,
    parse_object,
)
from slurmrestd.openapi.dataparser.schemas import Payload, resp

TABLE = (P("node_conf", "node_conf", Str()),)
UNPROCESSABLE = "422 UNPROCESSABLE CONTENT"


def _status(number: int) -> str:
    """26.05's status: slurmctld's own errors and a missing field 422, the others 500."""
    if number == DATA_PATH_NOT_FOUND or 2000 <= number < 3000:
        return UNPROCESSABLE
    return FAILED


def post_new_node(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    ctx = Ctx(show=dp.at_least("v0.0.41"), version=dp.version)
    body = call.raw_body if call.raw_body is not None else {}
    try:
        if isinstance(body, dict) and "node_conf" not in body:
            raise ctx.error(
                "#/node_conf/",
                DATA_PATH_NOT_FOUND,
                "Missing required field 'node_conf' in dictionary",
            )
        values = parse_object(TABLE, body, ctx, "#/", "DATA_PARSER_OPENAPI_CREATE_NODE_REQ")
    except Failed:
        if not ctx.errors:  # the parse failed without a word: nothing done
            return OK, dp_envelope.bare(warnings=ctx.warnings)
        status = _status(ctx.errors[0]["error_number"])
        raise fail(status, ctx.errors, **dp_envelope.bare(warnings=ctx.warnings)) from None
    try:
        slurm.create_node(call.identity, values.get("node_conf") or "")
    except slurm.SlurmError as exc:
        error = listing.entry("Failure to create node", exc.errno, "_create_node")
        raise fail(_status(exc.errno), [error], **dp_envelope.bare(warnings=ctx.warnings)) from None
    return OK, dp_envelope.bare(warnings=ctx.warnings)


CREATE_NODE_REQ = resp(
    "openapi_create_node_req", Payload("node_conf", {"type": "string"}, required=True)
)

OPS = (
    COp(
        "POST",
        "/new/node/",
        "post_new_node",
        "create node",
        post_new_node,
        body=True,
        since="v0.0.44",
        response_doc="node create request result",
        request=CREATE_NODE_REQ,
        request_doc="node create request",
    ),
)
