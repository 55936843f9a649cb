"""v0.0.42: jobs (job_info): GET jobs, job/{job_id}, jobs/state.

Differences from v0.0.41: priority_by_partition (after priority), the
switch count named required_switches, and exclusive, oversubscribe and
show_flags gone.
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, drop, insert
from slurmrestd.openapi.dataparser.kinds import NUMBER
from slurmrestd.openapi.v0_0_40.job import ARRAY
from slurmrestd.openapi.v0_0_41 import job as parent
from slurmrestd.openapi.v0_0_41.job import *  # noqa: F403 - the parent's, then the differences

__all__ = ["JOB"]
__all__ += parent.__all__

# update_time: a number in the text is read as a number (else Slurm's time parser).
TYPED_QUERY = True


class PriorityByPartition(Kind):
    """(partition, priority) pairs of a pending job that may run in several partitions."""

    schema = ARRAY

    def dump(self, value: Any, env: Env) -> Any:
        return [{"partition": part, "priority": prio} for part, prio in value or []]


JOB = insert(
    drop(parent.JOB, "minimum_switches", "exclusive", "oversubscribe", "show_flags"),
    "priority",
    F("priority_by_partition", "priority_by_partition", PriorityByPartition()),
)
JOB = insert(JOB, "required_nodes", F("required_switches", "req_switch", NUMBER))
