"""v0.0.41: jobs (job_info): GET jobs, job/{job_id}, jobs/state.

Differences from v0.0.40: job_resources is an object of its own (null when
the job has none: select types, nodes with each core's status); the flags
drop the GRES sharing bits and name STEPMGR_ENABLED.
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, Table, dump, replace
from slurmrestd.openapi.dataparser.kinds import BOOL, NUMBER, TEXT, U16_NO_VAL
from slurmrestd.openapi.v0_0_40 import job as parent
from slurmrestd.openapi.v0_0_40.job import *  # noqa: F403 - the parent's, then the differences
from slurmrestd.openapi.v0_0_40.job import (
    ARRAY,
    JOB_FLAG_BITS,
    OBJECT,
    Flags,
    bits,
)
from slurmrestd.slurm import constants as c

__all__ = ["JOB"]
__all__ += parent.__all__

# An unknown show flag is reported, and the jobs loaded without it.
FLAGS_FATAL = False
# jobs/state: an array task 13_3 by the id of its own record.
STATE_ARRAY_ID = "job_id"

JOB_FLAGS = Flags(
    *bits(
        *JOB_FLAG_BITS,
        ("STEPMGR_ENABLED", c.STEPMGR_ENABLED),
    )
)

_CR_MASK = c.CR_CPU | c.CR_SOCKET | c.CR_CORE
SELECT_TYPE = Flags(
    ("CPU", c.CR_CPU, _CR_MASK),
    ("SOCKET", c.CR_SOCKET, _CR_MASK),
    ("CORE", c.CR_CORE, _CR_MASK),
    *bits(("MEMORY", c.CR_MEMORY)),
)
NODE_SELECT_TYPE = Flags(
    ("AVAILABLE", c.NODE_CR_AVAILABLE, c.INFINITE),
    ("ONE_ROW", c.NODE_CR_ONE_ROW, c.INFINITE),
    ("RESERVED", c.NODE_CR_RESERVED, c.INFINITE),
)


def _core(index: int, allocated: bool, used: bool) -> dict[str, Any]:
    status = (["ALLOCATED", "IN_USE"] if used else ["ALLOCATED"]) if allocated else []
    return {"index": index, "status": status or ["UNALLOCATED"]}


def _sockets(slots: list[tuple[int, int, bool, bool]]) -> list[dict[str, Any]]:
    sockets: dict[int, list[dict[str, Any]]] = {}
    for sock, core, allocated, used in slots:
        sockets.setdefault(sock, []).append(_core(core, allocated, used))
    return [{"index": sock, "cores": cores} for sock, cores in sockets.items()]


class Allocation(Kind):
    """Per allocated node: its index, name, CPUs, memory and every core's status."""

    schema = ARRAY

    def dump(self, hosts: Any, env: Env) -> Any:
        return [
            {
                "index": i,
                "name": host["name"] or "",
                "cpus": {"count": host["cpus"] or 0, "used": host["cpus_used"] or 0},
                "memory": {
                    "used": host["memory_used"] or 0,
                    "allocated": host["memory_allocated"] or 0,
                },
                "sockets": _sockets(host["slots"]),
            }
            for i, host in enumerate(hosts or [])
        ]


RESOURCES: Table = (
    F("select_type", "cr_type", SELECT_TYPE),
    F("nodes/count", "nhosts", NUMBER),
    F("nodes/select_type", "node_req", NODE_SELECT_TYPE),
    F("nodes/list", "nodes", TEXT),
    F("cpus", "ncpus", NUMBER),
    F("threads_per_core", "threads_per_core", U16_NO_VAL),
    F("nodes/whole", "whole_node", BOOL),
    F("nodes/allocation", "hosts", Allocation()),
)


class Resources(Kind):
    """job_resources as its own object (a table of its own), null when the job has none."""

    schema = OBJECT

    def __init__(self, table: Table) -> None:
        self.table = table

    def dump(self, res: Any, env: Env) -> Any:
        return None if res is None else dump(self.table, res, env)


JOB = replace(
    parent.JOB,
    F("flags", "bitflags", JOB_FLAGS),
    F("job_resources", "job_resources", Resources(RESOURCES)),
)
