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

from slurmrestd.openapi.common.legacydoc import (
    BOOLEAN,
    INT64,
    INTEGER,
    STRING,
    STRINGS,
    moved,
    paths,
)
from slurmrestd.openapi.v0_0_38 import tables

DOUBLE = {"type": "number", "format": "double"}
OBJECT = {"type": "object"}


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

# A job submission's properties: the document's keys, in its order, and their types
# (the parser takes looser values: numbers as text, the aliases it names not).
# oversubscribe's default is false, a boolean: 22.05 writes the text "false", which
# OpenAPI does not allow for a boolean.
JOB_PROPERTIES: dict[str, Any] = {
    "account": STRING,
    "account_gather_frequency": STRING,
    "argv": STRINGS,
    "array": STRING,
    "batch_features": STRING,
    "begin_time": INT64,
    "burst_buffer": STRING,
    "cluster_constraint": STRING,
    "comment": STRING,
    "constraints": STRING,
    "container": STRING,
    "core_specification": INTEGER,
    "cores_per_socket": INTEGER,
    "cpu_binding": STRING,
    "cpu_binding_hint": STRING,
    "cpu_frequency": STRING,
    "cpus_per_gpu": STRING,
    "cpus_per_task": INTEGER,
    "current_working_directory": STRING,
    "deadline": STRING,
    "delay_boot": INTEGER,
    "dependency": STRING,
    "distribution": STRING,
    "environment": OBJECT,
    "exclusive": {**STRING, "enum": ["user", "mcs", "true", "false"]},
    "get_user_environment": BOOLEAN,
    "gres": STRING,
    "gres_flags": {**STRING, "enum": ["disable-binding", "enforce-binding"]},
    "gpu_binding": STRING,
    "gpu_frequency": STRING,
    "gpus": STRING,
    "gpus_per_node": STRING,
    "gpus_per_socket": STRING,
    "gpus_per_task": STRING,
    "hold": BOOLEAN,
    "kill_on_invalid_dependency": BOOLEAN,
    "licenses": STRING,
    "mail_type": STRING,
    "mail_user": STRING,
    "mcs_label": STRING,
    "memory_binding": STRING,
    "memory_per_cpu": INTEGER,
    "memory_per_gpu": INTEGER,
    "memory_per_node": INTEGER,
    "minimum_cpus_per_node": INTEGER,
    "minimum_nodes": BOOLEAN,
    "name": STRING,
    "nice": INTEGER,
    "no_kill": BOOLEAN,
    "nodes": {"type": "array", "items": INTEGER, "minItems": 1, "maxItems": 2},
    "open_mode": {**STRING, "default": "append", "enum": ["append", "truncate"]},
    "oversubscribe": {**BOOLEAN, "default": False},
    "partition": STRING,
    "prefer": STRING,
    "priority": STRING,
    "qos": STRING,
    "requeue": BOOLEAN,
    "reservation": STRING,
    "signal": {**STRING, "pattern": "(B:|)sig_num(@sig_time|)"},
    "sockets_per_node": INTEGER,
    "spread_job": BOOLEAN,
    "standard_error": STRING,
    "standard_input": STRING,
    "standard_output": STRING,
    "tasks": INTEGER,
    "tasks_per_core": INTEGER,
    "tasks_per_node": INTEGER,
    "tasks_per_socket": INTEGER,
    "thread_specification": INTEGER,
    "threads_per_core": INTEGER,
    "time_limit": INTEGER,
    "time_minimum": INTEGER,
    "wait_all_nodes": BOOLEAN,
    "wckey": STRING,
}

DOCUMENTED: dict[str, dict[str, Any]] = {
    "diag": {"types": DIAG_TYPES, "fields": {"statistics": DIAG_FIELDS}},
    "node": {"types": NODE_TYPES, "fields": {"": NODE_FIELDS}},
    "partition": {"types": PARTITION_TYPES, "fields": {"": PARTITION_FIELDS}},
    "reservation": {"types": RESERVATION_TYPES, "fields": {"": RESERVATION_FIELDS}},
    "job_response_properties": JOB,
    "job_properties": {"types": JOB_PROPERTIES, "fields": {"": tuple(JOB_PROPERTIES)}},
}
