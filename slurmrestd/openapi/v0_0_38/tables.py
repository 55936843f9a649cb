"""openapi/v0.0.38 renderers: one table per object (json name, C field, converter)."""

from __future__ import annotations

import grp
import pwd
from typing import Any

from slurmrestd.api.render import (
    INFINITE,
    INFINITE16,
    NO_VAL,
    NO_VAL16,
    NO_VAL64,
    OMIT,
    Field,
    Record,
    bit_names,
    boolean,
    csv_list,
    mapped,
    string,
    unset_as_null,
)

unset16 = unset_as_null(NO_VAL16, INFINITE16)
unset32 = unset_as_null(NO_VAL, INFINITE)
unset64 = unset_as_null(NO_VAL64)

JOB_STATE_BASE = 0xFF
JOB_STATES = {
    0: "PENDING",
    1: "RUNNING",
    2: "SUSPENDED",
    3: "COMPLETED",
    4: "CANCELLED",
    5: "FAILED",
    6: "TIMEOUT",
    7: "NODE_FAIL",
    8: "PREEMPTED",
    9: "BOOT_FAIL",
    10: "DEADLINE",
    11: "OUT_OF_MEMORY",
}
MEM_PER_CPU = 0x8000000000000000
NICE_OFFSET = 0x80000000
SHOW_FLAGS = (
    (0x01, "SHOW_ALL"),
    (0x02, "SHOW_DETAIL"),
    (0x08, "SHOW_MIXED"),
    (0x10, "SHOW_LOCAL"),
    (0x20, "SHOW_SIBLING"),
    (0x40, "SHOW_FEDERATION"),
    (0x80, "SHOW_FUTURE"),
)
# Job bitflags the reference names (others are never shown), in its order.
JOB_FLAGS = tuple(
    (1 << bit, name)
    for bit, name in (
        (0, "KILL_INV_DEP"),
        (1, "NO_KILL_INV_DEP"),
        (2, "HAS_STATE_DIR"),
        (3, "BACKFILL_TEST"),
        (4, "GRES_ENFORCE_BIND"),
        (5, "TEST_NOW_ONLY"),
        (8, "SPREAD_JOB"),
        (9, "USE_MIN_NODES"),
        (10, "JOB_KILL_HURRY"),
        (11, "TRES_STR_CALC"),
        (12, "SIB_JOB_FLUSH"),
        (13, "HET_JOB_FLAG"),
        (15, "JOB_CPUS_SET"),
        (17, "TOP_PRIO_TMP"),
        (18, "JOB_ACCRUE_OVER"),
        (19, "GRES_DISABLE_BIND"),
        (20, "JOB_WAS_RUNNING"),
        (23, "JOB_MEM_SET"),
        (24, "JOB_RESIZED"),
    )
)
# job_state: the first flag set wins over the base state.
JOB_STATE_FLAGS = tuple(
    (1 << bit, name)
    for bit, name in (
        (15, "COMPLETING"),
        (23, "STAGE_OUT"),
        (14, "CONFIGURING"),
        (13, "RESIZING"),
        (10, "REQUEUED"),
        (20, "REQUEUE_FED"),
        (11, "REQUEUE_HOLD"),
        (12, "SPECIAL_EXIT"),
        (16, "STOPPED"),
        (19, "REVOKED"),
        (21, "RESV_DEL_HOLD"),
        (22, "SIGNALING"),
    )
)
PROFILE_BITS = ((0x2, "Energy"), (0x8, "Lustre"), (0x10, "Network"), (0x4, "Task"))
SHARED = {0: "none", 1: "shared", 2: "user", 3: "mcs"}


def _lookup_user(uid: Any) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError, TypeError):
        return None


def _user_name(rec: Record) -> str | None:
    return rec.get("user_name") or _lookup_user(rec["user_id"])


def _group_name(rec: Record) -> Any:
    if rec["group_id"] == NO_VAL:
        return OMIT
    try:
        return grp.getgrgid(rec["group_id"]).gr_name
    except (KeyError, OverflowError):
        return None


def _memory(per_cpu: bool) -> Any:
    def get(rec: Record) -> Any:
        value = rec["pn_min_memory"]
        if value & MEM_PER_CPU:
            return value & ~MEM_PER_CPU if per_cpu else None
        return None if per_cpu or not value else value

    return get


def _nice(rec: Record) -> Any:
    value = rec["nice"]
    return None if value in (NO_VAL, NICE_OFFSET) else value - NICE_OFFSET


# The reference swaps the two (a bug clients now see): reproduce it.
def _core_spec(rec: Record) -> Any:
    value = rec["core_spec"]
    return value if value != NO_VAL16 and value & 0x8000 else None


def _thread_spec(rec: Record) -> Any:
    value = rec["core_spec"]
    return value & ~0x8000 if value != NO_VAL16 and not value & 0x8000 else None


def _cpus_per_task(rec: Record) -> Any:
    # Reference bug: shown only when a minimum CPU frequency is set.
    return None if rec["cpu_freq_min"] == NO_VAL else rec["cpus_per_task"]


def _cpus(rec: Record) -> Any:
    return None if rec["num_tasks"] in (NO_VAL, INFINITE) else rec["num_cpus"]


def _job_resources(res: Any) -> Any:
    if res is None:
        return OMIT
    out: dict[str, Any] = {"nodes": string(res["nodes"])}
    if res["cr_core"]:
        out["allocated_cores"] = res["ncpus"]
    elif res["cr_cpu"]:
        out["allocated_cpus"] = res["ncpus"]
    out["allocated_hosts"] = res["nhosts"]
    out["allocated_nodes"] = res["allocated_nodes"]
    return out


def _job_state(value: int) -> str:
    for bit, name in JOB_STATE_FLAGS:
        if value & bit:
            return name
    return JOB_STATES.get(value & JOB_STATE_BASE, "?")


def _profile(value: int) -> Any:
    if value == 0:
        return None
    names = ["None"] if value == 1 else []
    return names + [name for bit, name in PROFILE_BITS if value & bit]


def _billable(value: float) -> Any:
    return None if value == float(NO_VAL) else value


def _contiguous(value: int) -> Any:
    return None if value == NO_VAL16 else value == 1


unset_no_val = unset_as_null(NO_VAL)
unset_infinite = unset_as_null(INFINITE)
unset_no_val16 = unset_as_null(NO_VAL16)


JOB = (
    Field("account", "account", string),
    Field("accrue_time", "accrue_time"),
    Field("admin_comment", "admin_comment", string),
    Field("array_job_id", "array_job_id"),
    Field("array_task_id", "array_task_id", unset_no_val),
    Field("array_max_tasks", "array_max_tasks"),
    Field("array_task_string", "array_task_str", string),
    Field("association_id", "assoc_id"),
    Field("batch_features", "batch_features", string),
    Field("batch_flag", "batch_flag", lambda v: v == 1),
    Field("batch_host", "batch_host", string),
    Field("flags", "bitflags", bit_names(JOB_FLAGS)),
    Field("burst_buffer", "burst_buffer", string),
    Field("burst_buffer_state", "burst_buffer_state", string),
    Field("cluster", "cluster", string),
    Field("cluster_features", "cluster_features", string),
    Field("command", "command", string),
    Field("comment", "comment", string),
    Field("container", "container", string),
    Field("contiguous", "contiguous", _contiguous),
    Field("core_spec", _core_spec),
    Field("thread_spec", _thread_spec),
    Field("cores_per_socket", "cores_per_socket", unset_no_val16),
    Field("billable_tres", "billable_tres", _billable),
    Field("cpus_per_task", _cpus_per_task),
    Field("cpu_frequency_minimum", "cpu_freq_min", lambda v: None if v == NO_VAL else OMIT),
    # Reference bug: a set minimum appears under this misspelled key instead.
    Field("cpu_frequency_minumum", "cpu_freq_min", lambda v: OMIT if v == NO_VAL else v),
    Field("cpu_frequency_maximum", "cpu_freq_max", unset_no_val),
    Field("cpu_frequency_governor", "cpu_freq_gov", unset_no_val),
    Field("cpus_per_tres", "cpus_per_tres", string),
    Field("deadline", "deadline"),
    Field("delay_boot", "delay_boot", unset_no_val),
    Field("dependency", "dependency", string),
    Field("derived_exit_code", "derived_ec"),
    Field("eligible_time", "eligible_time"),
    Field("end_time", "end_time"),
    Field("excluded_nodes", "exc_nodes", string),
    Field("exit_code", "exit_code"),
    Field("features", "features", string),
    Field("federation_origin", "fed_origin_str", string),
    Field("federation_siblings_active", "fed_siblings_active_str", string),
    Field("federation_siblings_viable", "fed_siblings_viable_str", string),
    Field("gres_detail", "gres_detail_str"),
    Field("group_id", "group_id", unset_no_val),
    Field("group_name", _group_name),
    Field("job_id", "job_id", unset_no_val),
    Field("job_resources", "job_resources", _job_resources),
    Field("job_state", "job_state", _job_state),
    Field("last_sched_evaluation", "last_sched_eval"),
    Field("licenses", "licenses", string),
    Field("max_cpus", "max_cpus", unset_no_val),
    Field("max_nodes", "max_nodes", unset_no_val),
    Field("mcs_label", "mcs_label", string),
    Field("memory_per_tres", "mem_per_tres", string),
    Field("name", "name", string),
    Field("nodes", "nodes", string),
    Field("nice", _nice),
    Field("tasks_per_core", "ntasks_per_core", unset16),
    Field("tasks_per_node", "ntasks_per_node"),
    Field("tasks_per_socket", "ntasks_per_socket", unset16),
    Field("tasks_per_board", "ntasks_per_board"),
    Field("cpus", _cpus),
    Field("node_count", "num_nodes"),
    Field("tasks", "num_tasks", unset32),
    Field("het_job_id", "het_job_id"),
    Field("het_job_id_set", "het_job_id_set", string),
    Field("het_job_offset", "het_job_offset"),
    Field("partition", "partition", string),
    Field("prefer", "prefer", string),
    Field("memory_per_node", _memory(per_cpu=False)),
    Field("memory_per_cpu", _memory(per_cpu=True)),
    Field("minimum_cpus_per_node", "pn_min_cpus"),
    Field("minimum_tmp_disk_per_node", "pn_min_tmp_disk"),
    Field("preempt_time", "preempt_time"),
    Field("pre_sus_time", "pre_sus_time"),
    Field("priority", "priority", unset32),
    Field("profile", "profile", _profile),
    Field("qos", "qos", string),
    Field("reboot", "reboot", boolean),
    Field("required_nodes", "req_nodes", string),
    Field("requeue", "requeue", boolean),
    Field("resize_time", "resize_time"),
    Field("restart_cnt", "restart_cnt"),
    Field("resv_name", "resv_name", string),
    Field("shared", "shared", lambda v: None if v == NO_VAL16 else SHARED.get(v, v)),
    Field("show_flags", "show_flags", bit_names(SHOW_FLAGS)),
    Field("sockets_per_board", "sockets_per_board"),
    Field("sockets_per_node", "sockets_per_node", unset_no_val16),
    Field("start_time", "start_time"),
    Field("state_description", "state_desc", string),
    Field("state_reason", "state_reason_str"),
    Field("standard_error", "std_err", string),
    Field("standard_input", "std_in", string),
    Field("standard_output", "std_out", string),
    Field("submit_time", "submit_time"),
    Field("suspend_time", "suspend_time"),
    Field("system_comment", "system_comment", string),
    Field("time_limit", "time_limit", unset_infinite),
    Field("time_minimum", "time_min", unset_infinite),
    Field("threads_per_core", "threads_per_core", unset_no_val16),
    Field("tres_bind", "tres_bind", string),
    Field("tres_freq", "tres_freq", string),
    Field("tres_per_job", "tres_per_job", string),
    Field("tres_per_node", "tres_per_node", string),
    Field("tres_per_socket", "tres_per_socket", string),
    Field("tres_per_task", "tres_per_task", string),
    Field("tres_req_str", "tres_req_str", string),
    Field("tres_alloc_str", "tres_alloc_str", string),
    Field("user_id", "user_id"),
    Field("user_name", _user_name),
    Field("wckey", "wckey", string),
    Field("current_working_directory", "work_dir", string),
)

NODE_STATE_BASE = 0x0F
NODE_STATES = {
    0: "unknown",
    1: "down",
    2: "idle",
    3: "allocated",
    4: "error",
    5: "mixed",
    6: "future",
}
# The reference's order; any other bit adds "?" (lowest bit first).
NODE_STATE_FLAGS = tuple(
    (1 << bit, name)
    for bit, name in (
        (7, "CLOUD"),
        (10, "COMPLETING"),
        (9, "DRAIN"),
        (19, "DYNAMIC_FUTURE"),
        (26, "DYNAMIC_NORM"),
        (22, "INVALID_REG"),
        (13, "FAIL"),
        (15, "MAINTENANCE"),
        (23, "POWER_DOWN"),
        (24, "POWER_UP"),
        (4, "PERFCTRS"),
        (12, "POWERED_DOWN"),
        (16, "REBOOT_REQUESTED"),
        (20, "REBOOT_ISSUED"),
        (5, "RESERVED"),
        (8, "RESUME"),
        (11, "NOT_RESPONDING"),
        (21, "PLANNED"),
        (14, "POWERING_UP"),
        (18, "POWERING_DOWN"),
    )
)
_KNOWN_NODE_BITS = sum(bit for bit, _ in NODE_STATE_FLAGS)


def _node_state(value: Any) -> str:
    return NODE_STATES.get(value & NODE_STATE_BASE, "invalid")


def _node_flags(value: Any) -> list[str]:
    if value & NODE_STATE_BASE not in NODE_STATES:
        return []
    names = [name for bit, name in NODE_STATE_FLAGS if value & bit]
    unknown = value & ~NODE_STATE_BASE & ~_KNOWN_NODE_BITS
    names += ["?" for bit in range(4, 32) if unknown & (1 << bit)]
    return names


def _owner(value: Any) -> Any:
    return None if value == NO_VAL else _lookup_user(value)


NODE = (
    Field("architecture", "arch", string),
    Field("burstbuffer_network_address", "bcast_address", string),
    Field("boards", "boards"),
    Field("boot_time", "boot_time"),
    Field("comment", "comment", string),
    Field("cores", "cores"),
    Field("cpu_binding", "cpu_bind"),
    Field("cpu_load", "cpu_load"),
    Field("extra", "extra", string),
    Field("free_memory", "free_mem"),
    Field("cpus", "cpus"),
    Field("last_busy", "last_busy"),
    Field("features", "features", string),
    Field("active_features", "features_act", string),
    Field("gres", "gres", string),
    Field("gres_drained", "gres_drain", string),
    Field("gres_used", "gres_used", string),
    Field("mcs_label", "mcs_label", string),
    Field("name", "name", string),
    Field("next_state_after_reboot", "next_state", _node_state),
    Field("address", "node_addr", string),
    Field("hostname", "node_hostname", string),
    Field("state", "node_state", _node_state),
    Field("state_flags", "node_state", _node_flags),
    Field("next_state_after_reboot_flags", "next_state", _node_flags),
    Field("operating_system", "os", string),
    Field("owner", "owner", _owner),
    Field("partitions", "partitions", csv_list),
    Field("port", "port"),
    Field("real_memory", "real_memory"),
    Field("reason", "reason", string),
    Field("reason_changed_at", "reason_time"),
    Field("reason_set_by_user", "reason_uid", _lookup_user),
    Field("slurmd_start_time", "slurmd_start_time"),
    Field("sockets", "sockets"),
    Field("threads", "threads"),
    Field("temporary_disk", "tmp_disk"),
    Field("weight", "weight"),
    Field("tres", "tres_fmt_str", string),
    Field("slurmd_version", "version", string),
    Field("alloc_memory", "alloc_memory"),
    Field("alloc_cpus", "alloc_cpus"),
    Field("idle_cpus", lambda rec: rec["cpus"] - rec["alloc_cpus"]),
    Field("tres_used", "tres_used"),
    Field("tres_weighted", "tres_weighted"),
)

PART_FLAGS = (
    (0x01, "default"),
    (0x02, "hidden"),
    (0x04, "no_root"),
    (0x08, "root_only"),
    (0x10, "reservation_required"),
    (0x20, "least_loaded_nodes"),
    (0x40, "exclusive_user"),
)
PREEMPT_MODES = ((0x1, "suspend"), (0x2, "requeue"), (0x8000, "gang_schedule"), (0x4000, "within"))
PART_STATES = {3: "UP", 1: "DOWN", 0: "INACTIVE", 2: "DRAIN"}


def _preempt_mode(value: Any) -> list[str]:
    if value in (0, NO_VAL16):
        return ["disabled"]
    return [name for bit, name in PREEMPT_MODES if value & bit]


def _limit(value: Any) -> Any:
    """INFINITE renders as -1, unset as null."""
    if value == INFINITE:
        return -1
    return None if value == NO_VAL else value


def _part_memory(per_cpu: bool, field_name: str) -> Any:
    def get(rec: Record) -> Any:
        value = rec[field_name]
        if value in (NO_VAL64, 0) or not value & ~MEM_PER_CPU:
            return None
        if value & MEM_PER_CPU:
            return value & ~MEM_PER_CPU if per_cpu else None
        return None if per_cpu else value

    return get


PARTITION = (
    Field("flags", "flags", bit_names(PART_FLAGS)),
    Field("preemption_mode", "preempt_mode", _preempt_mode),
    Field("allowed_allocation_nodes", "allow_alloc_nodes", string),
    Field("allowed_accounts", "allow_accounts", string),
    Field("allowed_groups", "allow_groups", string),
    Field("allowed_qos", "allow_qos", string),
    Field("alternative", "alternate", string),
    Field("billing_weights", "billing_weights_str", string),
    Field("default_memory_per_cpu", _part_memory(True, "def_mem_per_cpu")),
    Field("default_memory_per_node", _part_memory(False, "def_mem_per_cpu")),
    # Reference bug: INFINITE is shown raw here, not as -1.
    Field("default_time_limit", "default_time", unset_no_val),
    Field("denied_accounts", "deny_accounts", string),
    Field("denied_qos", "deny_qos", string),
    Field("preemption_grace_time", "grace_time"),
    Field("maximum_cpus_per_node", "max_cpus_per_node", _limit),
    Field("maximum_memory_per_cpu", _part_memory(True, "max_mem_per_cpu")),
    Field("maximum_memory_per_node", _part_memory(False, "max_mem_per_cpu")),
    Field("maximum_nodes_per_job", "max_nodes", lambda v: -1 if v == INFINITE else v),
    Field("max_time_limit", "max_time", lambda v: -1 if v == INFINITE else v),
    Field("min nodes per job", "min_nodes"),
    Field("name", "name", string),
    Field("nodes", "nodes", string),
    Field("over_time_limit", "over_time_limit", unset_no_val16),
    Field("priority_job_factor", "priority_job_factor"),
    Field("priority_tier", "priority_tier"),
    Field("qos", "qos_char", string),
    Field("state", "state_up", mapped(PART_STATES, "UNKNOWN")),
    Field("total_cpus", "total_cpus"),
    Field("total_nodes", "total_nodes"),
    Field("tres", "tres_fmt_str", string),
)

RESV_FLAGS = tuple(
    (1 << bit, name)
    for bit, name in (
        (0, "MAINT"),
        (1, "NO_MAINT"),
        (25, "FLEX"),
        (14, "OVERLAP"),
        (6, "IGNORE_JOBS"),
        (35, "HOURLY"),
        (36, "NO_HOURLY"),
        (2, "DAILY"),
        (3, "NO_DAILY"),
        (21, "WEEKDAY"),
        (23, "WEEKEND"),
        (4, "WEEKLY"),
        (5, "NO_WEEKLY"),
        (15, "SPEC_NODES"),
        (19, "ALL_NODES"),
        (8, "ANY_NODES"),
        (9, "NO_ANY_NODES"),
        (10, "STATIC"),
        (11, "NO_STATIC"),
        (12, "PART_NODES"),
        (13, "NO_PART_NODES"),
        (16, "FIRST_CORES"),
        (17, "TIME_FLOAT"),
        (18, "REPLACE"),
        (30, "REPLACE_DOWN"),
        (29, "NO_HOLD_JOBS_AFTER_END"),
        (32, "MAGNETIC"),
        (33, "NO_MAGNETIC"),
    )
)
RESV_PURGE_COMP = 1 << 20


def _purge(rec: Record) -> Any:
    return {"time": rec["purge_comp_time"]} if rec["flags"] & RESV_PURGE_COMP else OMIT


RESERVATION = (
    Field("flags", "flags", bit_names(RESV_FLAGS)),
    Field("accounts", "accounts", string),
    Field("burst_buffer", "burst_buffer", string),
    Field("core_count", "core_cnt"),
    Field("core_spec_cnt", "core_spec_cnt"),
    Field("end_time", "end_time"),
    Field("features", "features", string),
    Field("groups", "groups", string),
    Field("licenses", "licenses", string),
    Field("max_start_delay", "max_start_delay"),
    Field("name", "name", string),
    Field("node_count", "node_cnt"),
    Field("node_list", "node_list", string),
    Field("partition", "partition", string),
    Field("purge_completed", _purge),
    Field("start_time", "start_time"),
    Field("watts", "resv_watts"),
    Field("tres", "tres_str", string),
    Field("users", "users", string),
)

LICENSE = (
    Field("LicenseName", "name", string),
    Field("Total", "total"),
    Field("Used", "in_use"),
    Field("Free", "available"),
    Field("Reserved", "reserved"),
    Field("Remote", "remote", boolean),
)


def _ratio(num: str, den: str) -> Any:
    def get(rec: Record) -> int:
        return rec[num] // rec[den] if rec[den] else 0

    return get


def _per_minute(rec: Record) -> int:
    minutes = (rec["req_time"] - rec["req_time_start"]) // 60
    return rec["schedule_cycle_counter"] // minutes if minutes > 0 else 0


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError):
        return str(uid)


def _rpcs_by_type(rec: Record) -> list[dict[str, Any]]:
    return [
        {
            "message_type": r["name"],
            "type_id": r["type_id"],
            "count": r["count"],
            "average_time": r["time"] // r["count"] if r["count"] else 0,
            "total_time": r["time"],
        }
        for r in rec["rpc_types"]
    ]


def _rpcs_by_user(rec: Record) -> list[dict[str, Any]]:
    return [
        {
            "user": _user(r["user_id"]),
            "user_id": r["user_id"],
            "count": r["count"],
            "average_time": r["time"] // r["count"] if r["count"] else 0,
            "total_time": r["time"],
        }
        for r in rec["rpc_users"]
    ]


DIAG = (
    Field("rpcs_by_message_type", _rpcs_by_type),
    Field("rpcs_by_user", _rpcs_by_user),
    Field("parts_packed", "parts_packed"),
    Field("req_time", "req_time"),
    Field("req_time_start", "req_time_start"),
    Field("server_thread_count", "server_thread_count"),
    Field("agent_queue_size", "agent_queue_size"),
    Field("agent_count", "agent_count"),
    Field("agent_thread_count", "agent_thread_count"),
    Field("dbd_agent_queue_size", "dbd_agent_queue_size"),
    Field("gettimeofday_latency", "gettimeofday_latency"),
    Field("schedule_cycle_max", "schedule_cycle_max"),
    Field("schedule_cycle_last", "schedule_cycle_last"),
    Field("schedule_cycle_total", "schedule_cycle_counter"),
    Field("schedule_cycle_mean", _ratio("schedule_cycle_sum", "schedule_cycle_counter")),
    Field("schedule_cycle_mean_depth", _ratio("schedule_cycle_depth", "schedule_cycle_counter")),
    Field("schedule_cycle_per_minute", _per_minute),
    Field("schedule_queue_length", "schedule_queue_len"),
    Field("jobs_submitted", "jobs_submitted"),
    Field("jobs_started", "jobs_started"),
    Field("jobs_completed", "jobs_completed"),
    Field("jobs_canceled", "jobs_canceled"),
    Field("jobs_failed", "jobs_failed"),
    Field("jobs_pending", "jobs_pending"),
    Field("jobs_running", "jobs_running"),
    Field("job_states_ts", "job_states_ts"),
    Field("bf_backfilled_jobs", "bf_backfilled_jobs"),
    Field("bf_last_backfilled_jobs", "bf_last_backfilled_jobs"),
    Field("bf_backfilled_het_jobs", "bf_backfilled_het_jobs"),
    Field("bf_cycle_counter", "bf_cycle_counter"),
    Field("bf_cycle_mean", _ratio("bf_cycle_sum", "bf_cycle_counter")),
    Field("bf_depth_mean", _ratio("bf_depth_sum", "bf_cycle_counter")),
    Field("bf_depth_mean_try", _ratio("bf_depth_try_sum", "bf_cycle_counter")),
    Field("bf_cycle_last", "bf_cycle_last"),
    Field("bf_cycle_max", "bf_cycle_max"),
    Field("bf_queue_len", "bf_queue_len"),
    Field("bf_queue_len_mean", _ratio("bf_queue_len_sum", "bf_cycle_counter")),
    Field("bf_table_size", "bf_table_size"),
    Field("bf_table_size_mean", _ratio("bf_table_size_sum", "bf_cycle_counter")),
    Field("bf_when_last_cycle", "bf_when_last_cycle"),
    Field("bf_active", "bf_active", boolean),
)
