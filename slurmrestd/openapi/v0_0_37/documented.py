"""openapi/v0.0.37's document where it says otherwise than the tables: v0.0.38's
(v0_0_38/documented.py) with the differences of the older document."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.legacydoc import INT64, STRING
from slurmrestd.openapi.v0_0_38 import documented as v38

# Statistics without the backfill table figures and the RPC counts.
DIAG_FIELDS = tuple(
    name
    for name in v38.DIAG_FIELDS
    if name not in ("bf_table_size", "bf_table_size_mean", "rpcs_by_message_type", "rpcs_by_user")
)

# Partitions: no maximum memory per CPU nor default memory per node.
PARTITION_FIELDS = v38.PARTITION_FIELDS[:-2]
PARTITION_TYPES = {k: v for k, v in v38.PARTITION_TYPES.items() if k in PARTITION_FIELDS}

# A node of a job's allocation: its CPUs, sockets and cores as objects, no name.
NODE_ALLOCATION = {
    "types": v38.typed(v38.OBJECT, "cpus", "sockets", "cores"),
    "fields": {"": ("memory", "cpus", "sockets", "cores")},
}

# Jobs: most of their numbers as strings.
JOB_STRINGS = (
    *v38.JOB_STRINGS,
    "billable_tres",
    "array_job_id",
    "array_task_id",
    "array_max_tasks",
    "association_id",
    "deadline",
    "delay_boot",
    "derived_exit_code",
    "group_id",
    "job_id",
    "last_sched_evaluation",
    "max_cpus",
    "max_nodes",
    "nice",
    "tasks_per_core",
    "tasks_per_socket",
    "tasks_per_board",
    "cpus",
    "node_count",
    "tasks",
    "het_job_id",
    "het_job_offset",
    "memory_per_node",
    "memory_per_cpu",
    "minimum_cpus_per_node",
    "minimum_tmp_disk_per_node",
    "priority",
    "restart_cnt",
    "sockets_per_board",
    "sockets_per_node",
    "time_limit",
    "time_minimum",
    "threads_per_core",
    "user_id",
)
JOB = {
    "drop": v38.JOB_DROPPED,
    "types": {**v38.typed(INT64, *v38.JOB_TIMES), **v38.typed(STRING, *JOB_STRINGS)},
}

# A job submission's properties: no container, oversubscribe, prefer; nice as text.
JOB_PROPERTIES = {
    **{
        k: v
        for k, v in v38.JOB_PROPERTIES.items()
        if k not in ("container", "oversubscribe", "prefer")
    },
    "nice": STRING,
}

DOCUMENTED: dict[str, dict[str, Any]] = {
    **v38.DOCUMENTED,
    "diag": {"types": v38.DIAG_TYPES, "fields": {"statistics": DIAG_FIELDS}},
    "partition": {"types": PARTITION_TYPES, "fields": {"": PARTITION_FIELDS}},
    "node_allocation": NODE_ALLOCATION,
    "job_response_properties": JOB,
    "job_properties": {"types": JOB_PROPERTIES, "fields": {"": tuple(JOB_PROPERTIES)}},
}
