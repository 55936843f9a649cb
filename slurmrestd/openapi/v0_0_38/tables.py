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
    (0x0001, "SHOW_ALL"),
    (0x0002, "SHOW_DETAIL"),
    (0x0008, "SHOW_LOCAL"),
    (0x0010, "SHOW_SIBLING"),
    (0x0020, "SHOW_FEDERATION"),
    (0x0040, "SHOW_FUTURE"),
)
JOB_FLAGS = (
    (0x0000000000000001, "KILL_INVALID_DEPENDENCY"),
    (0x0000000000000002, "NO_KILL_INVALID_DEPENDENCY"),
    (0x0000000000000004, "HAS_STATE_DIRECTORY"),
    (0x0000000000000008, "TESTING_BACKFILL"),
    (0x0000000000000010, "GRES_BINDING_ENFORCED"),
    (0x0000000000000020, "TEST_NOW_ONLY"),
    (0x0000000000000040, "SEND_JOB_ENVIRONMENT"),
    (0x0000000000000080, "SPREAD_JOB"),
    (0x0000000000000100, "PREFER_MINIMUM_NODE_COUNT"),
    (0x0000000000000200, "JOB_KILL_HURRY"),
    (0x0000000000000400, "SKIP_TRES_STRING_ACCOUNTING"),
    (0x0000000000000800, "SIBLING_CLUSTER_UPDATE_ONLY"),
    (0x0000000000001000, "HETEROGENEOUS_JOB"),
    (0x0000000000002000, "EXACT_TASK_COUNT_REQUESTED"),
    (0x0000000000004000, "EXACT_CPU_COUNT_REQUESTED"),
    (0x0000000000008000, "TESTING_WHOLE_NODE_BACKFILL"),
    (0x0000000000010000, "TOP_PRIORITY_JOB"),
    (0x0000000000020000, "ACCRUE_COUNT_CLEARED"),
    (0x0000000000040000, "GRED_BINDING_DISABLED"),
    (0x0000000000080000, "JOB_WAS_RUNNING"),
    (0x0000000000100000, "JOB_ACCRUE_TIME_RESET"),
    (0x0000000000200000, "CRON_JOB"),
    (0x0000000000400000, "EXACT_MEMORY_REQUESTED"),
    (0x0000000000800000, "USING_DEFAULT_ACCOUNT"),
    (0x0000000001000000, "USING_DEFAULT_PARTITION"),
    (0x0000000002000000, "USING_DEFAULT_QOS"),
    (0x0000000004000000, "USING_DEFAULT_WCKEY"),
    (0x0000000008000000, "DEPENDENT"),
    (0x0000000010000000, "MAGNETIC"),
    (0x0000000020000000, "PARTITION_ASSIGNED"),
    (0x0000000040000000, "BACKFILL_ATTEMPTED"),
    (0x0000000080000000, "SCHEDULING_ATTEMPTED"),
    (0x0000000100000000, "SAVE_BATCH_SCRIPT"),
)


def _user_name(rec: Record) -> str:
    if rec.get("user_name"):
        return str(rec["user_name"])
    try:
        return pwd.getpwuid(rec["user_id"]).pw_name
    except (KeyError, OverflowError):
        return str(rec["user_id"])


def _group_name(rec: Record) -> str:
    try:
        return grp.getgrgid(rec["group_id"]).gr_name
    except (KeyError, OverflowError):
        return str(rec["group_id"])


def _memory(per_cpu: bool) -> Any:
    def get(rec: Record) -> Any:
        value = rec["pn_min_memory"]
        if value in (NO_VAL64, None):
            return None
        if bool(value & MEM_PER_CPU) != per_cpu:
            return None
        return value & ~MEM_PER_CPU

    return get


def _nice(rec: Record) -> Any:
    value = rec["nice"]
    return None if value in (NO_VAL, NICE_OFFSET) else value - NICE_OFFSET


def _thread_spec(rec: Record) -> Any:
    value = rec["core_spec"]
    if value == NO_VAL16 or not value & 0x8000:
        return None
    return value & 0x7FFF


def _core_spec(rec: Record) -> Any:
    value = rec["core_spec"]
    if value == NO_VAL16 or value & 0x8000:
        return None
    return value


def _array_task_id(rec: Record) -> Any:
    return None if rec["array_task_id"] == NO_VAL else rec["array_task_id"]


def _exit_code(value: Any) -> Any:
    return None if value == NO_VAL else value


JOB = (
    Field("account", "account", string),
    Field("accrue_time", "accrue_time"),
    Field("admin_comment", "admin_comment", string),
    Field("array_job_id", "array_job_id"),
    Field("array_task_id", _array_task_id),
    Field("array_max_tasks", "array_max_tasks"),
    Field("array_task_string", "array_task_str", string),
    Field("association_id", "assoc_id"),
    Field("batch_features", "batch_features", string),
    Field("batch_flag", "batch_flag", boolean),
    Field("batch_host", "batch_host", string),
    Field("flags", "bitflags", bit_names(JOB_FLAGS)),
    Field("burst_buffer", "burst_buffer", string),
    Field("burst_buffer_state", "burst_buffer_state", string),
    Field("cluster", "cluster", string),
    Field("cluster_features", "cluster_features", string),
    Field("command", "command", string),
    Field("comment", "comment", string),
    Field("container", "container", string),
    Field("contiguous", "contiguous", boolean),
    Field("core_spec", _core_spec),
    Field("thread_spec", _thread_spec),
    Field("cores_per_socket", "cores_per_socket", unset16),
    Field("billable_tres", "billable_tres"),
    Field("cpus_per_task", "cpus_per_task", unset16),
    Field("cpu_frequency_minimum", "cpu_freq_min", unset32),
    Field("cpu_frequency_maximum", "cpu_freq_max", unset32),
    Field("cpu_frequency_governor", "cpu_freq_gov", unset32),
    Field("cpus_per_tres", "cpus_per_tres", string),
    Field("deadline", "deadline"),
    Field("delay_boot", "delay_boot"),
    Field("dependency", "dependency", string),
    Field("derived_exit_code", "derived_ec", _exit_code),
    Field("eligible_time", "eligible_time"),
    Field("end_time", "end_time"),
    Field("excluded_nodes", "exc_nodes", string),
    Field("exit_code", "exit_code", _exit_code),
    Field("features", "features", string),
    Field("federation_origin", "fed_origin_str", string),
    Field("federation_siblings_active", "fed_siblings_active_str", string),
    Field("federation_siblings_viable", "fed_siblings_viable_str", string),
    Field("gres_detail", "gres_detail_str"),
    Field("group_id", "group_id"),
    Field("group_name", _group_name),
    Field("job_id", "job_id"),
    Field("job_state", "job_state", lambda v: JOB_STATES.get(v & JOB_STATE_BASE, "UNKNOWN")),
    Field("last_sched_evaluation", "last_sched_eval"),
    Field("licenses", "licenses", string),
    Field("max_cpus", "max_cpus"),
    Field("max_nodes", "max_nodes"),
    Field("mcs_label", "mcs_label", string),
    Field("memory_per_tres", "mem_per_tres", string),
    Field("name", "name", string),
    Field("nodes", "nodes", string),
    Field("nice", _nice),
    Field("tasks_per_core", "ntasks_per_core", unset16),
    Field("tasks_per_node", "ntasks_per_node", unset16),
    Field("tasks_per_socket", "ntasks_per_socket", unset16),
    Field("tasks_per_board", "ntasks_per_board", unset16),
    Field("cpus", "num_cpus"),
    Field("node_count", "num_nodes"),
    Field("tasks", "num_tasks"),
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
    Field("priority", "priority"),
    Field("profile", "profile", unset32),
    Field("qos", "qos", string),
    Field("reboot", "reboot", boolean),
    Field("required_nodes", "req_nodes", string),
    Field("requeue", "requeue", boolean),
    Field("resize_time", "resize_time"),
    Field("restart_cnt", "restart_cnt"),
    Field("resv_name", "resv_name", string),
    Field("shared", "shared", unset16),
    Field("show_flags", "show_flags", bit_names(SHOW_FLAGS)),
    Field("sockets_per_board", "sockets_per_board"),
    Field("sockets_per_node", "sockets_per_node", unset16),
    Field("start_time", "start_time"),
    Field("state_description", "state_desc", string),
    Field("state_reason", "state_reason_str"),
    Field("standard_error", "std_err", string),
    Field("standard_input", "std_in", string),
    Field("standard_output", "std_out", string),
    Field("submit_time", "submit_time"),
    Field("suspend_time", "suspend_time"),
    Field("system_comment", "system_comment", string),
    Field("time_limit", "time_limit", unset32),
    Field("time_minimum", "time_min"),
    Field("threads_per_core", "threads_per_core", unset16),
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
NODE_STATE_FLAGS = (
    (0x00000010, "NET"),
    (0x00000020, "RES"),
    (0x00000040, "UNDRAIN"),
    (0x00000080, "CLOUD"),
    (0x00000100, "RESUME"),
    (0x00000200, "DRAIN"),
    (0x00000400, "COMPLETING"),
    (0x00000800, "NOT_RESPONDING"),
    (0x00001000, "POWERED_DOWN"),
    (0x00002000, "FAIL"),
    (0x00004000, "POWERING_UP"),
    (0x00008000, "MAINTENANCE"),
    (0x00010000, "REBOOT_REQUESTED"),
    (0x00020000, "REBOOT_CANCEL"),
    (0x00040000, "POWERING_DOWN"),
    (0x00080000, "DYNAMIC_FUTURE"),
    (0x00100000, "REBOOT_ISSUED"),
    (0x00200000, "PLANNED"),
    (0x00400000, "INVALID_REG"),
    (0x00800000, "POWER_DOWN"),
    (0x01000000, "POWER_UP"),
    (0x02000000, "POWER_DRAIN"),
    (0x04000000, "DYNAMIC_NORM"),
)


def _node_state(value: Any) -> str:
    return NODE_STATES.get(value & NODE_STATE_BASE, "invalid")


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
    Field("free_memory", "free_mem", unset64),
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
    Field("state_flags", "node_state", bit_names(NODE_STATE_FLAGS)),
    Field("next_state_after_reboot_flags", "next_state", bit_names(NODE_STATE_FLAGS)),
    Field("operating_system", "os", string),
    Field("owner", "owner", unset_as_null(NO_VAL, INFINITE)),
    Field("partitions", "partitions", csv_list),
    Field("port", "port"),
    Field("real_memory", "real_memory"),
    Field("reason", "reason", string),
    Field("reason_changed_at", "reason_time"),
    Field("reason_set_by_user", "reason_uid", unset_as_null(NO_VAL, INFINITE)),
    Field("slurmd_start_time", "slurmd_start_time"),
    Field("sockets", "sockets"),
    Field("threads", "threads"),
    Field("temporary_disk", "tmp_disk"),
    Field("weight", "weight"),
    Field("tres", "tres_fmt_str", string),
    Field("slurmd_version", "version", string),
)

PART_FLAGS = (
    (0x0001, "default"),
    (0x0002, "hidden"),
    (0x0004, "no_root"),
    (0x0008, "root_only"),
    (0x0010, "req_resv"),
    (0x0020, "lln"),
    (0x0040, "exclusive_user"),
)
PREEMPT_MODES = {
    0: "disabled",
    1: "suspend",
    2: "requeue",
    4: "cancel",
    8: "gang",
    0x8000: "within",
}


def _preempt_mode(value: Any) -> list[str]:
    if value == 0:
        return ["disabled"]
    return [name for bit, name in PREEMPT_MODES.items() if bit and value & bit]


def _limit32(value: Any) -> Any:
    """INFINITE renders as -1, unset as null."""
    if value == INFINITE:
        return -1
    return None if value == NO_VAL else value


def _part_memory(per_cpu: bool, field_name: str) -> Any:
    def get(rec: Record) -> Any:
        value = rec[field_name]
        if value in (NO_VAL64, 0) or bool(value & MEM_PER_CPU) != per_cpu:
            return None
        return value & ~MEM_PER_CPU

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
    Field("default_time_limit", "default_time", unset32),
    Field("denied_accounts", "deny_accounts", string),
    Field("denied_qos", "deny_qos", string),
    Field("preemption_grace_time", "grace_time"),
    Field("maximum_cpus_per_node", "max_cpus_per_node", _limit32),
    Field("maximum_memory_per_cpu", _part_memory(True, "max_mem_per_cpu")),
    Field("maximum_memory_per_node", _part_memory(False, "max_mem_per_cpu")),
    Field("maximum_nodes_per_job", "max_nodes", _limit32),
    Field("max_time_limit", "max_time", _limit32),
    Field("min nodes per job", "min_nodes"),
    Field("name", "name", string),
    Field("nodes", "nodes", string),
    Field("over_time_limit", "over_time_limit", unset16),
    Field("priority_job_factor", "priority_job_factor"),
    Field("priority_tier", "priority_tier"),
    Field("qos", "qos_char", string),
    Field("state", "state_up", mapped({0: "DOWN", 1: "DRAIN", 2: "INACTIVE", 3: "UP"}, "UNKNOWN")),
    Field("total_cpus", "total_cpus"),
    Field("total_nodes", "total_nodes"),
    Field("tres", "tres_fmt_str", string),
)

RESV_FLAGS = (
    (0x1, "MAINT"),
    (0x4, "DAILY"),
    (0x10, "WEEKLY"),
    (0x40, "IGNORE_JOBS"),
    (0x100, "ANY_NODES"),
    (0x400, "STATIC"),
    (0x1000, "PART_NODES"),
    (0x4000, "OVERLAP"),
    (0x8000, "SPEC_NODES"),
    (0x10000, "FIRST_CORES"),
    (0x20000, "TIME_FLOAT"),
    (0x40000, "REPLACE"),
    (0x80000, "ALL_NODES"),
    (0x100000, "PURGE_COMP"),
    (0x200000, "WEEKDAY"),
    (0x800000, "WEEKEND"),
    (0x2000000, "FLEX"),
    (0x8000000, "DURATION_PLUS"),
    (0x10000000, "DURATION_MINUS"),
    (0x20000000, "NO_HOLD_JOBS"),
    (0x80000000, "REPLACE_DOWN"),
    (0x100000000, "NO_PURGE_COMP"),
    (0x200000000, "MAGNETIC"),
    (0x1000000000, "USER_DELETE"),
)

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
