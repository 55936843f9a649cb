"""openapi/v0.0.38's document where it says otherwise than the tables.

22.05's document of this version is written by hand: it names keys the answers lack
(statistics' bf_last_depth), spells some otherwise ("min_nodes_per_job" where the
answer has "min nodes per job"), leaves out others (a node's comment) and orders
and types keys its own way.  These are those facts, per schema, as
legacydoc.amend's arguments: ``fields`` the keys the document names in its order
(the type of each from the tables, but where ``types`` gives it).
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.legacydoc import INT64, INTEGER, STRING, moved, paths
from slurmrestd.openapi.v0_0_38 import tables

DOUBLE = {"type": "number", "format": "double"}


def typed(schema: dict[str, Any], *names: str) -> dict[str, Any]:
    """{name: schema} for each name: the keys a document gives one type."""
    return {name: dict(schema) for name in names}


# The table's keys, the RPC counts last, bf_cycle_max and two the answers lack after
# bf_cycle_mean.
DIAG_FIELDS = moved(
    moved(paths(tables.DIAG), None, "rpcs_by_message_type", "rpcs_by_user"),
    "bf_cycle_mean",
    "bf_cycle_max",
    "bf_last_depth",
    "bf_last_depth_try",
)
# Keys the answers have no value for.
DIAG_TYPES = typed(INTEGER, "statistics/bf_last_depth", "statistics/bf_last_depth_try")

# No comment, extra, last_busy; flags after their state; the TRES figures together.
NODE_FIELDS = moved(
    moved(
        moved(
            tuple(n for n in paths(tables.NODE) if n not in ("comment", "extra", "last_busy")),
            "next_state_after_reboot",
            "next_state_after_reboot_flags",
        ),
        "state",
        "state_flags",
    ),
    "tres",
    "tres_used",
    "tres_weighted",
    "slurmd_version",
    "alloc_cpus",
    "idle_cpus",
    "alloc_memory",
)
NODE_TIMES = ("boot_time", "cpu_load", "slurmd_start_time")
NODE_TYPES = {
    **typed(INT64, *NODE_TIMES, "alloc_cpus", "idle_cpus", "alloc_memory"),
    "tres_used": STRING,
    "tres_weighted": DOUBLE,
}

# "min_nodes_per_job" for the answer's "min nodes per job"; two memory limits last.
PARTITION_FIELDS = moved(
    moved(
        tuple(n for n in paths(tables.PARTITION) if n != "min nodes per job"),
        "max_time_limit",
        "min_nodes_per_job",
    ),
    None,
    "maximum_memory_per_cpu",
    "default_memory_per_node",
)
PARTITION_INT64 = (
    "default_memory_per_cpu",
    "default_time_limit",
    "preemption_grace_time",
    "maximum_memory_per_node",
    "max_time_limit",
)
PARTITION_TYPES = {
    **typed(INT64, *PARTITION_INT64, "maximum_memory_per_cpu", "default_memory_per_node"),
    **typed(INTEGER, "maximum_cpus_per_node", "maximum_nodes_per_job", "min_nodes_per_job"),
}

# flags after features.
RESERVATION_FIELDS = moved(paths(tables.RESERVATION), "features", "flags")
RESERVATION_TYPES = {
    "purge_completed": {"type": "object", "properties": {"time": dict(INTEGER)}},
}

# Jobs: no group_name, tasks_per_node, prefer, nor the answer's misspelt
# cpu_frequency_minumum; times as int64, some numbers as strings.
JOB_DROPPED = ("cpu_frequency_minumum", "tasks_per_node")
JOB_TIMES = (
    "accrue_time",
    "eligible_time",
    "end_time",
    "preempt_time",
    "pre_sus_time",
    "resize_time",
    "start_time",
    "submit_time",
    "suspend_time",
)
JOB_STRINGS = (
    "core_spec",
    "thread_spec",
    "cores_per_socket",
    "cpus_per_task",
    "cpu_frequency_minimum",
    "cpu_frequency_maximum",
    "cpu_frequency_governor",
    "state_reason",
)
JOB = {
    "drop": (*JOB_DROPPED, "group_name", "prefer"),
    "types": {
        **typed(INT64, *JOB_TIMES, "time_limit", "time_minimum", "user_id"),
        **typed(STRING, *JOB_STRINGS),
        "billable_tres": {"type": "number"},
    },
}

DOCUMENTED: dict[str, dict[str, Any]] = {
    "diag": {"types": DIAG_TYPES, "fields": {"statistics": DIAG_FIELDS}},
    "node": {"types": NODE_TYPES, "fields": {"": NODE_FIELDS}},
    "partition": {"types": PARTITION_TYPES, "fields": {"": PARTITION_FIELDS}},
    "reservation": {"types": RESERVATION_TYPES, "fields": {"": RESERVATION_FIELDS}},
    "job_response_properties": JOB,
}
