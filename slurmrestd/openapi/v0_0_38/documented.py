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

from slurmrestd.openapi.common.legacydoc import INT64, INTEGER, STRING

DOUBLE = {"type": "number", "format": "double"}


def typed(schema: dict[str, Any], *names: str) -> dict[str, Any]:
    """{name: schema} for each name: the keys a document gives one type."""
    return {name: dict(schema) for name in names}


DIAG_FIELDS = (
    "parts_packed",
    "req_time",
    "req_time_start",
    "server_thread_count",
    "agent_queue_size",
    "agent_count",
    "agent_thread_count",
    "dbd_agent_queue_size",
    "gettimeofday_latency",
    "schedule_cycle_max",
    "schedule_cycle_last",
    "schedule_cycle_total",
    "schedule_cycle_mean",
    "schedule_cycle_mean_depth",
    "schedule_cycle_per_minute",
    "schedule_queue_length",
    "jobs_submitted",
    "jobs_started",
    "jobs_completed",
    "jobs_canceled",
    "jobs_failed",
    "jobs_pending",
    "jobs_running",
    "job_states_ts",
    "bf_backfilled_jobs",
    "bf_last_backfilled_jobs",
    "bf_backfilled_het_jobs",
    "bf_cycle_counter",
    "bf_cycle_mean",
    "bf_cycle_max",
    "bf_last_depth",
    "bf_last_depth_try",
    "bf_depth_mean",
    "bf_depth_mean_try",
    "bf_cycle_last",
    "bf_queue_len",
    "bf_queue_len_mean",
    "bf_table_size",
    "bf_table_size_mean",
    "bf_when_last_cycle",
    "bf_active",
    "rpcs_by_message_type",
    "rpcs_by_user",
)
# Keys the answers have no value for.
DIAG_TYPES = typed(INTEGER, "statistics/bf_last_depth", "statistics/bf_last_depth_try")

NODE_FIELDS = (
    "architecture",
    "burstbuffer_network_address",
    "boards",
    "boot_time",
    "cores",
    "cpu_binding",
    "cpu_load",
    "free_memory",
    "cpus",
    "features",
    "active_features",
    "gres",
    "gres_drained",
    "gres_used",
    "mcs_label",
    "name",
    "next_state_after_reboot",
    "next_state_after_reboot_flags",
    "address",
    "hostname",
    "state",
    "state_flags",
    "operating_system",
    "owner",
    "partitions",
    "port",
    "real_memory",
    "reason",
    "reason_changed_at",
    "reason_set_by_user",
    "slurmd_start_time",
    "sockets",
    "threads",
    "temporary_disk",
    "weight",
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

PARTITION_FIELDS = (
    "flags",
    "preemption_mode",
    "allowed_allocation_nodes",
    "allowed_accounts",
    "allowed_groups",
    "allowed_qos",
    "alternative",
    "billing_weights",
    "default_memory_per_cpu",
    "default_time_limit",
    "denied_accounts",
    "denied_qos",
    "preemption_grace_time",
    "maximum_cpus_per_node",
    "maximum_memory_per_node",
    "maximum_nodes_per_job",
    "max_time_limit",
    "min_nodes_per_job",
    "name",
    "nodes",
    "over_time_limit",
    "priority_job_factor",
    "priority_tier",
    "qos",
    "state",
    "total_cpus",
    "total_nodes",
    "tres",
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

RESERVATION_FIELDS = (
    "accounts",
    "burst_buffer",
    "core_count",
    "core_spec_cnt",
    "end_time",
    "features",
    "flags",
    "groups",
    "licenses",
    "max_start_delay",
    "name",
    "node_count",
    "node_list",
    "partition",
    "purge_completed",
    "start_time",
    "watts",
    "tres",
    "users",
)
RESERVATION_TYPES = {
    "purge_completed": {"type": "object", "properties": {"time": dict(INTEGER)}},
}

DOCUMENTED: dict[str, dict[str, Any]] = {
    "diag": {"types": DIAG_TYPES, "fields": {"statistics": DIAG_FIELDS}},
    "node": {"types": NODE_TYPES, "fields": {"": NODE_FIELDS}},
    "partition": {"types": PARTITION_TYPES, "fields": {"": PARTITION_FIELDS}},
    "reservation": {"types": RESERVATION_TYPES, "fields": {"": RESERVATION_FIELDS}},
}
