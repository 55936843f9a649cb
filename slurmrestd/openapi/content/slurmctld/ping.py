"""GET /ping/: each configured controller, whether it answers, and how fast."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import OK
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.dataparser.schemas import Payload, array, obj, resp


def get_ping(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    # The controllers of the daemon's own slurm.conf: no RPC but the pings.
    results = slurm.ping_configured(call.identity)
    count = len(results)
    for r in results:
        i = r["index"]
        r["mode"] = "primary" if i == 0 else ("backup" if i == 1 and count == 2 else f"backup{i}")
    return OK, {"pings": [dump(dp.tables.misc.PING, r) for r in results]}


PINGS = resp(
    "openapi_ping_array_resp",
    Payload("pings", array("controller_ping_array", obj("controller_ping", "misc.PING"))),
)

OPS = (
    COp(
        "GET",
        "/ping/",
        "get_ping",
        "ping test",
        get_ping,
        response=PINGS,
        response_doc="results of ping test",
    ),
)
