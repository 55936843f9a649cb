"""GET /conf of openapi/slurmdbd (v0.0.45 on): slurmdbd's own configuration.

design: 26.05's slurmdbd hands its configuration over as a record; 22.05's and
24.11's as sacctmgr's "show config" text, which slurmrestd.slurm.db reads back
into the same record (what those releases never report is unset: README).
Any authenticated user may read it, as with the reference.
"""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmdbd.request import Req, run
from slurmrestd.openapi.dataparser.schemas import Payload, obj, resp


def _conf(req: Req) -> None:
    try:
        conf = req.db.dbd_conf()
    except slurm.SlurmError as exc:
        req.payload["slurmdbd_conf"] = {}
        req.error(exc.errno, "slurmdb_config_get() failed", "_dump_conf")
        return
    req.payload["slurmdbd_conf"] = dump(req.dp.tables.dbconf.DBD_CONF, conf, req.env)


def get_conf(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, _conf)


CONF = resp(
    "openapi_slurmdbd_conf_resp", Payload("slurmdbd_conf", obj("slurmdbd_conf", "dbconf.DBD_CONF"))
)

OPS = (
    COp(
        "GET",
        "/conf",
        "get_conf",
        "Dump slurmdbd configuration",
        get_conf,
        since="v0.0.45",
        response=CONF,
        response_doc="slurmdbd configuration",
    ),
)
