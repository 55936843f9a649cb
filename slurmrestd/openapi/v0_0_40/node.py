"""v0.0.40: nodes (node_info): GET nodes, node/{node_name} and node updates."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, dump
from slurmrestd.openapi.dataparser.kinds import (
    CSV,
    I64_NO_VAL,
    INTEGER,
    NUMBER,
    TEXT,
    U32_NO_VAL,
    U64_NO_VAL,
    FlagBits,
    Removed,
    UserId,
    bit,
    equal,
)
from slurmrestd.slurm import constants as c

NUMBER_SCHEMA: dict[str, Any] = {"type": "number"}

# Node states: the base state (one of them), then the flags set, in the reference's order.
_BASE, _FLAGS = c.NODE_STATE_BASE, c.NODE_STATE_FLAGS
NODE_STATE_ENTRIES = (
    equal("INVALID", c.NO_VAL, c.INFINITE),
    equal("UNKNOWN", c.NODE_STATE_UNKNOWN, _BASE),
    equal("DOWN", c.NODE_STATE_DOWN, _BASE),
    equal("IDLE", c.NODE_STATE_IDLE, _BASE),
    equal("ALLOCATED", c.NODE_STATE_ALLOCATED, _BASE),
    equal("ERROR", c.NODE_STATE_ERROR, _BASE),
    equal("MIXED", c.NODE_STATE_MIXED, _BASE),
    equal("FUTURE", c.NODE_STATE_FUTURE, _BASE),
    bit("RESERVED", c.NODE_STATE_RES, _FLAGS),
    bit("UNDRAIN", c.NODE_STATE_UNDRAIN, _FLAGS),
    bit("CLOUD", c.NODE_STATE_CLOUD, _FLAGS),
    bit("RESUME", c.NODE_RESUME, _FLAGS),
    bit("DRAIN", c.NODE_STATE_DRAIN, _FLAGS),
    bit("COMPLETING", c.NODE_STATE_COMPLETING, _FLAGS),
    bit("NOT_RESPONDING", c.NODE_STATE_NO_RESPOND, _FLAGS),
    bit("POWERED_DOWN", c.NODE_STATE_POWERED_DOWN, _FLAGS),
    bit("FAIL", c.NODE_STATE_FAIL, _FLAGS),
    bit("POWERING_UP", c.NODE_STATE_POWERING_UP, _FLAGS),
    bit("MAINTENANCE", c.NODE_STATE_MAINT, _FLAGS),
    bit("REBOOT_REQUESTED", c.NODE_STATE_REBOOT_REQUESTED, _FLAGS),
    bit("REBOOT_CANCELED", c.NODE_STATE_REBOOT_CANCEL, _FLAGS),
    bit("POWERING_DOWN", c.NODE_STATE_POWERING_DOWN, _FLAGS),
    bit("DYNAMIC_FUTURE", c.NODE_STATE_DYNAMIC_FUTURE, _FLAGS),
    bit("REBOOT_ISSUED", c.NODE_STATE_REBOOT_ISSUED, _FLAGS),
    bit("PLANNED", c.NODE_STATE_PLANNED, _FLAGS),
    bit("INVALID_REG", c.NODE_STATE_INVALID_REG, _FLAGS),
    bit("POWER_DOWN", c.NODE_STATE_POWER_DOWN, _FLAGS),
    bit("POWER_UP", c.NODE_STATE_POWER_UP, _FLAGS),
    bit("POWER_DRAIN", c.NODE_STATE_POWER_DRAIN, _FLAGS),
    bit("DYNAMIC_NORM", c.NODE_STATE_DYNAMIC_NORM, _FLAGS),
)
NODE_STATES = FlagBits(*NODE_STATE_ENTRIES)

ENERGY = (
    F("average_watts", "ave_watts", NUMBER),
    F("base_consumed_energy", "base_consumed_energy", NUMBER),
    F("consumed_energy", "consumed_energy", NUMBER),
    F("current_watts", "current_watts", U32_NO_VAL),
    F("previous_consumed_energy", "previous_consumed_energy", NUMBER),
    F("last_collected", "poll_time", NUMBER),
)


class Energy(Kind):
    """The node's energy record (a zeroed one when slurmctld sent none)."""

    def __init__(self, table: Any = ENERGY) -> None:
        self.table = table
        self.schema = {"type": "object"}

    def dump(self, value: Any, env: Env) -> Any:
        return dump(self.table, value or {}, env)


class IdleCpus(Kind):
    """CPUs less the allocated ones."""

    schema = INTEGER
    reads = ("cpus", "alloc_cpus")

    def dump(self, rec: Any, env: Env) -> Any:
        return (rec.get("cpus") or 0) - (rec.get("alloc_cpus") or 0)


class Weighted(Kind):
    schema = NUMBER_SCHEMA

    def dump(self, value: Any, env: Env) -> Any:
        return float(value or 0.0)


NODE = (
    F("architecture", "arch", TEXT),
    F("burstbuffer_network_address", "bcast_address", TEXT),
    F("boards", "boards", NUMBER),
    F("boot_time", "boot_time", I64_NO_VAL),
    F("cluster_name", "cluster_name", TEXT),
    F("cores", "cores", NUMBER),
    F("specialized_cores", "core_spec_cnt", NUMBER),
    F("cpu_binding", "cpu_bind", NUMBER),
    F("cpu_load", "cpu_load", NUMBER),
    F("free_mem", "free_mem", U64_NO_VAL),
    F("cpus", "cpus", NUMBER),
    F("effective_cpus", "cpus_efctv", NUMBER),
    F("specialized_cpus", "cpu_spec_list", TEXT),
    F("energy", "energy", Energy()),
    F("external_sensors", None, Removed({})),
    F("extra", "extra", TEXT),
    F("power", None, Removed({})),
    F("features", "features", CSV),
    F("active_features", "features_act", CSV),
    F("gres", "gres", TEXT),
    F("gres_drained", "gres_drain", TEXT),
    F("gres_used", "gres_used", TEXT),
    F("instance_id", "instance_id", TEXT),
    F("instance_type", "instance_type", TEXT),
    F("last_busy", "last_busy", I64_NO_VAL),
    F("mcs_label", "mcs_label", TEXT),
    F("specialized_memory", "mem_spec_limit", NUMBER),
    F("name", "name", TEXT),
    F("next_state_after_reboot", "next_state", NODE_STATES),
    F("address", "node_addr", TEXT),
    F("hostname", "node_hostname", TEXT),
    F("state", "node_state", NODE_STATES),
    F("operating_system", "os", TEXT),
    F("owner", "owner", UserId()),
    F("partitions", "partitions", CSV),
    F("port", "port", NUMBER),
    F("real_memory", "real_memory", NUMBER),
    F("comment", "comment", TEXT),
    F("reason", "reason", TEXT),
    F("reason_changed_at", "reason_time", I64_NO_VAL),
    F("reason_set_by_user", "reason_uid", UserId()),
    F("resume_after", "resume_after", I64_NO_VAL),
    F("reservation", "resv_name", TEXT),
    F("alloc_memory", "alloc_memory", NUMBER),
    F("alloc_cpus", "alloc_cpus", NUMBER),
    F("alloc_idle_cpus", None, IdleCpus()),
    F("tres_used", "tres_used", TEXT),
    F("tres_weighted", "tres_weighted", Weighted()),
    F("slurmd_start_time", "slurmd_start_time", I64_NO_VAL),
    F("sockets", "sockets", NUMBER),
    F("threads", "threads", NUMBER),
    F("temporary_disk", "tmp_disk", NUMBER),
    F("weight", "weight", NUMBER),
    F("tres", "tres_fmt_str", TEXT),
    F("version", "version", TEXT),
)


# POST node/{node_name} and nodes: the update (update_node_msg_t).
UPDATE_NODE = (
    F("comment", "comment", TEXT),
    F("cpu_bind", "cpu_bind", NUMBER),
    F("extra", "extra", TEXT),
    F("features", "features", CSV),
    F("features_act", "features_act", CSV),
    F("gres", "gres", TEXT),
    F("address", "node_addr", CSV),
    F("hostname", "node_hostname", CSV),
    F("name", "node_names", CSV),
    F("state", "node_state", NODE_STATES),
    F("reason", "reason", TEXT),
    F("reason_uid", "reason_uid", UserId()),
    F("resume_after", "resume_after", U32_NO_VAL),
    F("weight", "weight", U32_NO_VAL),
)
