"""v0.0.45: jobs (job_info): GET jobs, job/{job_id}, jobs/state.

Differences from v0.0.44: container_type, memory_update_delay and
memory_update_margin; power/flags gone; shared kept as a removed key
(always empty); the flags name JOB_IMPLICIT_MAX_NODES.
"""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, drop, insert, replace
from slurmrestd.openapi.dataparser.kinds import NUMBER, TEXT
from slurmrestd.openapi.v0_0_40.job import (
    REMOVED_FLAGS,
    Flags,
    bits,
)
from slurmrestd.openapi.v0_0_41.job import RESOURCES as RESOURCES_41
from slurmrestd.openapi.v0_0_41.job import Resources
from slurmrestd.openapi.v0_0_44 import job as parent
from slurmrestd.openapi.v0_0_44.job import *  # noqa: F403 - the parent's, then the differences
from slurmrestd.slurm import constants as c

__all__ = ["JOB"]
__all__ += parent.__all__

FLAG_BITS = (*parent.FLAG_BITS, ("JOB_IMPLICIT_MAX_NODES", c.JOB_IMPLICIT_MAX_NODES))
JOB_FLAGS = Flags(*bits(*FLAG_BITS))

JOB = drop(parent.JOB, "power/flags")
JOB = insert(JOB, "container_id", F("container_type", "container_type", TEXT))
JOB = insert(
    JOB,
    "memory_per_tres",
    F("memory_update_delay", "mem_update_delay", NUMBER),
    F("memory_update_margin", "mem_update_margin", NUMBER),
)
# The consumable resources named as slurm.conf's SelectTypeParameters names them.
_EXCLUSIVE = c.CR_CPU | c.CR_SOCKET | c.CR_CORE | c.CR_MEMORY
SELECT_TYPE = Flags(
    ("NONE", 0, c.INFINITE),
    *(
        (name, value, _EXCLUSIVE)
        for name, value in (
            ("CR_CPU_MEMORY", c.CR_CPU | c.CR_MEMORY),
            ("CR_CPU", c.CR_CPU),
            ("CR_CORE_MEMORY", c.CR_CORE | c.CR_MEMORY),
            ("CR_CORE", c.CR_CORE),
            ("CR_SOCKET_MEMORY", c.CR_SOCKET | c.CR_MEMORY),
            ("CR_SOCKET", c.CR_SOCKET),
            ("CR_MEMORY", c.CR_MEMORY),
        )
    ),
)
RESOURCES: Table = replace(RESOURCES_41, F("select_type", "cr_type", SELECT_TYPE))

JOB = replace(
    JOB,
    F("flags", "bitflags", JOB_FLAGS),
    F("shared", None, REMOVED_FLAGS),
    F("job_resources", "job_resources", Resources(RESOURCES)),
)
