"""v0.0.40: partitions (partition_info)."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind
from slurmrestd.openapi.dataparser.kinds import (
    INTEGER,
    NUMBER,
    TEXT,
    U16_NO_VAL,
    U32_NO_VAL,
    U64_NO_VAL,
    FlagBits,
    bit,
    equal,
)
from slurmrestd.slurm import constants as c

PARTITION_STATES = FlagBits(
    equal("INACTIVE", c.PARTITION_INACTIVE, c.INFINITE16),
    equal("UNKNOWN", c.NO_VAL16, c.INFINITE16),
    equal("UP", c.PARTITION_UP, c.INFINITE16),
    equal("DOWN", c.PARTITION_DOWN, c.INFINITE16),
    equal("DRAIN", c.PARTITION_DRAIN, c.INFINITE16),
)
OVERSUBSCRIBE_FLAGS = FlagBits(bit("force", c.SHARED_FORCE))


class MemPerCpu(Kind):
    """DefMemPerCPU/MaxMemPerCPU: the value when its MEM_PER_CPU bit is set, else unset."""

    schema = U64_NO_VAL.schema

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        mem = value & ~c.MEM_PER_CPU if value & c.MEM_PER_CPU else c.NO_VAL64
        return U64_NO_VAL.dump(mem, env)


class MemPerNode(Kind):
    """DefMemPerNode/MaxMemPerNode: the value when its MEM_PER_CPU bit is clear, else unset."""

    schema = U64_NO_VAL.schema

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        return U64_NO_VAL.dump(c.NO_VAL64 if value & c.MEM_PER_CPU else value, env)


class OversubscribeJobs(Kind):
    schema = INTEGER

    def dump(self, value: Any, env: Env) -> Any:
        return (value or 0) & ~c.SHARED_FORCE


PARTITION = (
    F("nodes/allowed_allocation", "allow_alloc_nodes", TEXT),
    F("accounts/allowed", "allow_accounts", TEXT),
    F("groups/allowed", "allow_groups", TEXT),
    F("qos/allowed", "allow_qos", TEXT),
    F("alternate", "alternate", TEXT),
    F("tres/billing_weights", "billing_weights_str", TEXT),
    F("cluster", "cluster_name", TEXT),
    F("cpus/task_binding", "cpu_bind", NUMBER),
    F("defaults/memory_per_cpu", "def_mem_per_cpu", NUMBER),
    F("defaults/partition_memory_per_cpu", "def_mem_per_cpu", MemPerCpu()),
    F("defaults/partition_memory_per_node", "def_mem_per_cpu", MemPerNode()),
    F("defaults/time", "default_time", U32_NO_VAL),
    F("accounts/deny", "deny_accounts", TEXT),
    F("qos/deny", "deny_qos", TEXT),
    F("grace_time", "grace_time", NUMBER),
    F("defaults/job", "job_defaults_str", TEXT),
    F("maximums/cpus_per_node", "max_cpus_per_node", U32_NO_VAL),
    F("maximums/cpus_per_socket", "max_cpus_per_socket", U32_NO_VAL),
    F("maximums/memory_per_cpu", "max_mem_per_cpu", NUMBER),
    F("maximums/partition_memory_per_cpu", "max_mem_per_cpu", MemPerCpu()),
    F("maximums/partition_memory_per_node", "max_mem_per_cpu", MemPerNode()),
    F("maximums/nodes", "max_nodes", U32_NO_VAL),
    F("maximums/shares", "max_share", NUMBER),
    F("maximums/oversubscribe/jobs", "max_share", OversubscribeJobs()),
    F("maximums/oversubscribe/flags", "max_share", OVERSUBSCRIBE_FLAGS),
    F("maximums/time", "max_time", U32_NO_VAL),
    F("minimums/nodes", "min_nodes", NUMBER),
    F("name", "name", TEXT),
    F("nodes/configured", "nodes", TEXT),
    F("node_sets", "nodesets", TEXT),
    F("maximums/over_time_limit", "over_time_limit", U16_NO_VAL),
    F("priority/job_factor", "priority_job_factor", NUMBER),
    F("priority/tier", "priority_tier", NUMBER),
    F("qos/assigned", "qos_char", TEXT),
    F("timeouts/resume", "resume_timeout", U16_NO_VAL),
    F("partition/state", "state_up", PARTITION_STATES),
    F("suspend_time", "suspend_time", U32_NO_VAL),
    F("timeouts/suspend", "suspend_timeout", U16_NO_VAL),
    F("cpus/total", "total_cpus", NUMBER),
    F("nodes/total", "total_nodes", NUMBER),
    F("tres/configured", "tres_fmt_str", TEXT),
)
