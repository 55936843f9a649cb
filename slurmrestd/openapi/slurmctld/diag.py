"""GET /diag, /ping and /licenses: slurmctld's statistics, its controllers, its licenses."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import FAILED, OK, entry, fail
from slurmrestd.openapi.slurmctld import lists
from slurmrestd.openapi.slurmctld.version import Version


def ping(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        return OK, {"pings": pings(v, call)}
    except slurm.SlurmError:
        raise fail(
            FAILED, [entry("slurmctld config is unable to load", -1, "slurm_load_ctl_conf")]
        ) from None


def pings(v: Version, call: Call) -> list[dict[str, Any]]:
    """The controllers and their answers (slurm.SlurmError when the config cannot load)."""
    results: list[slurm.Record] = lists.shared(v, call, "ping", lambda: slurm.ping(call.identity))
    count = len(results)

    def mode(index: int) -> str:
        if index == 0:
            return "primary"
        return "backup" if index == 1 and count == 2 else f"backup{index}"

    return [
        {
            "hostname": r["hostname"],
            "ping": "UP" if r["rc"] == 0 else "DOWN",
            "status": r["rc"],
            "mode": mode(r["index"]),
        }
        for r in results
    ]


def diag(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        stats = slurm.diag(call.identity)
    except slurm.SlurmError:
        raise fail(
            FAILED,
            [entry("request failed", -1, "slurm_get_statistics")],
            statistics={"rpcs_by_message_type": [], "rpcs_by_user": []},
        ) from None
    return OK, {"statistics": dump(v.tables.DIAG, stats)}


def licenses(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        loaded = slurm.load_licenses(call.identity)
    except slurm.SlurmError:
        raise fail(
            FAILED, [entry("slurmctld unable to load licenses", -1, "slurm_load_licenses")]
        ) from None
    return OK, {"licenses": [dump(v.tables.LICENSE, rec) for rec in loaded.records]}
