"""GET /diag/, /licenses/, /shares and /reconfigure/: slurmctld's statistics, its licenses,
the fair-share tree, and a reconfiguration.

A failed call is answered as the reference answers it: the error number Slurm
set (or the call's -1) with the reference's description and source, no
response object (errors, warnings, meta) where the reference dumps none, and
the status the version's rules give (dataparser.status).  /shares takes
``accounts`` and ``users`` in the document, but the reference reads them from
the path's parameters, where they never are: it always answers every
association, and so do we.
"""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import OK, entry, fail
from slurmrestd.openapi.content import DP, COp, Param
from slurmrestd.openapi.dataparser import status
from slurmrestd.openapi.dataparser.envelope import bare
from slurmrestd.openapi.dataparser.schemas import Payload, obj, resp
from slurmrestd.openapi.v0_0_40.misc import WarnEnv


def _failed(dp: DP, exc: slurm.SlurmError, description: str, source: str) -> Exception:
    number = exc.errno
    return fail(status.of(number, dp.version), [entry(description, number, source)], **bare())


def get_diag(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        stats = slurm.diag(call.identity)
    except slurm.SlurmError as exc:
        raise _failed(
            dp,
            exc,
            "slurm_get_statistics() failed to get slurmctld statistics",
            "op_handler_diag",
        ) from None
    return OK, {"statistics": dump(dp.tables.misc.DIAG, stats)}


def get_licenses(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        loaded = slurm.load_licenses(call.identity)
    except slurm.SlurmError as exc:
        # The reference dumps its response (no licenses, last_update 0) beside the error.
        empty = dump(dp.tables.misc.LICENSES, {"licenses": [], "last_update": 0})
        raise fail(
            status.of(exc.errno, dp.version),
            [
                entry(
                    "slurm_load_licenses() was unable to load licenses",
                    exc.errno,
                    "op_handler_licenses",
                )
            ],
            **empty,
        ) from None
    rec = {"licenses": loaded.records, "last_update": loaded.last_update}
    return OK, dump(dp.tables.misc.LICENSES, rec)


def get_shares(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        resp = slurm.shares(call.identity)
    except slurm.SlurmError:
        # The reference reports the call's return code (-1), not Slurm's error number.
        raise fail(
            status.of(-1, dp.version),
            [entry("slurm_associations_get_shares() failed: GET", -1, "_dump_shares")],
            **bare(),
        ) from None
    env = WarnEnv()
    shares = dump(dp.tables.misc.SHARES, _paired(resp), env)
    return OK, {"shares": shares, "warnings": env.warnings}


def _paired(resp: dict[str, Any]) -> dict[str, Any]:
    """The binding's shares answer with each TRES array paired with the TRES names."""
    names = resp["tres_names"]
    tres = ("tres_run_secs", "tres_grp_mins", "usage_tres_raw")
    records = [{**rec, **{k: (names, rec[k]) for k in tres}} for rec in resp["shares"]]
    return {"shares": records, "tot_shares": resp["tot_shares"]}


def get_reconfigure(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        slurm.reconfigure(call.identity)
    except slurm.SlurmError as exc:
        raise _failed(dp, exc, "slurm_reconfigure() failed", "op_handler_reconfigure") from None
    return OK, bare()


# The responses as the document names them (tables of the version's package).
DIAG = resp("openapi_diag_resp", Payload("statistics", obj("stats_msg", "misc.DIAG")))
LICENSES = resp("openapi_licenses_resp", "misc.LICENSES")
SHARES = resp("openapi_shares_resp", Payload("shares", obj("shares_resp_msg", "misc.SHARES")))

OPS = (
    COp(
        "GET",
        "/shares",
        "get_shares",
        "get fairshare info",
        get_shares,
        query=("accounts", "users"),
        params=(Param("accounts", "Accounts to query"), Param("users", "Users to query")),
        response=SHARES,
        response_doc="shares information",
    ),
    COp(
        "GET",
        "/reconfigure/",
        "get_reconfigure",
        "request slurmctld reconfigure",
        get_reconfigure,
        response_doc="reconfigure request result",
        shared=False,  # each request asks slurmctld to reconfigure
    ),
    COp(
        "GET",
        "/diag/",
        "get_diag",
        "get diagnostics",
        get_diag,
        response=DIAG,
        response_doc="diagnostic results",
    ),
    COp(
        "GET",
        "/licenses/",
        "get_licenses",
        "get all Slurm tracked license info",
        get_licenses,
        response=LICENSES,
        response_doc="results of get all licenses",
    ),
)
