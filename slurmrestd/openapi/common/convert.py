"""Converters shared by the slurmctld OpenAPI plugins: Slurm's flags, states and sentinels.

Each version's tables (openapi/vX/tables.py) pick from these; where versions
differ, the difference is in their tables, not here.
"""

from __future__ import annotations

import grp
import pwd
from typing import Any

from slurmrestd.api.render import OMIT, Record, unset_as_null
from slurmrestd.slurm import constants as c
from slurmrestd.slurm.constants import INFINITE, INFINITE16, NO_VAL, NO_VAL16, NO_VAL64

unset16 = unset_as_null(NO_VAL16, INFINITE16)


unset32 = unset_as_null(NO_VAL, INFINITE)


JOB_STATES = {
    c.JOB_PENDING: "PENDING",
    c.JOB_RUNNING: "RUNNING",
    c.JOB_SUSPENDED: "SUSPENDED",
    c.JOB_COMPLETE: "COMPLETED",
    c.JOB_CANCELLED: "CANCELLED",
    c.JOB_FAILED: "FAILED",
    c.JOB_TIMEOUT: "TIMEOUT",
    c.JOB_NODE_FAIL: "NODE_FAIL",
    c.JOB_PREEMPTED: "PREEMPTED",
    c.JOB_BOOT_FAIL: "BOOT_FAIL",
    c.JOB_DEADLINE: "DEADLINE",
    c.JOB_OOM: "OUT_OF_MEMORY",
}


SHOW_FLAGS = tuple(
    (getattr(c, name), name)
    for name in (
        "SHOW_ALL",
        "SHOW_DETAIL",
        "SHOW_MIXED",
        "SHOW_LOCAL",
        "SHOW_SIBLING",
        "SHOW_FEDERATION",
        "SHOW_FUTURE",
    )
)


# Job bitflags the reference names (others are never shown), in its order.
JOB_FLAGS = tuple(
    (getattr(c, name), name)
    for name in (
        "KILL_INV_DEP",
        "NO_KILL_INV_DEP",
        "HAS_STATE_DIR",
        "BACKFILL_TEST",
        "GRES_ENFORCE_BIND",
        "TEST_NOW_ONLY",
        "SPREAD_JOB",
        "USE_MIN_NODES",
        "JOB_KILL_HURRY",
        "TRES_STR_CALC",
        "SIB_JOB_FLUSH",
        "HET_JOB_FLAG",
        "JOB_CPUS_SET",
        "TOP_PRIO_TMP",
        "JOB_ACCRUE_OVER",
        "GRES_DISABLE_BIND",
        "JOB_WAS_RUNNING",
        "JOB_MEM_SET",
        "JOB_RESIZED",
    )
)


# job_state: the first flag set wins over the base state.
JOB_STATE_FLAGS = (
    (c.JOB_COMPLETING, "COMPLETING"),
    (c.JOB_STAGE_OUT, "STAGE_OUT"),
    (c.JOB_CONFIGURING, "CONFIGURING"),
    (c.JOB_RESIZING, "RESIZING"),
    (c.JOB_REQUEUE, "REQUEUED"),
    (c.JOB_REQUEUE_FED, "REQUEUE_FED"),
    (c.JOB_REQUEUE_HOLD, "REQUEUE_HOLD"),
    (c.JOB_SPECIAL_EXIT, "SPECIAL_EXIT"),
    (c.JOB_STOPPED, "STOPPED"),
    (c.JOB_REVOKED, "REVOKED"),
    (c.JOB_RESV_DEL_HOLD, "RESV_DEL_HOLD"),
    (c.JOB_SIGNALING, "SIGNALING"),
)


PROFILE_BITS = (
    (c.ACCT_GATHER_PROFILE_ENERGY, "Energy"),
    (c.ACCT_GATHER_PROFILE_LUSTRE, "Lustre"),
    (c.ACCT_GATHER_PROFILE_NETWORK, "Network"),
    (c.ACCT_GATHER_PROFILE_TASK, "Task"),
)


SHARED = {
    c.JOB_SHARED_NONE: "none",
    c.JOB_SHARED_OK: "shared",
    c.JOB_SHARED_USER: "user",
    c.JOB_SHARED_MCS: "mcs",
}


def lookup_user(uid: Any) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError, TypeError):
        return None


def user_name(rec: Record) -> str | None:
    return rec.get("user_name") or lookup_user(rec["user_id"])


def group_name(rec: Record) -> Any:
    if rec["group_id"] == NO_VAL:
        return OMIT
    try:
        return grp.getgrgid(rec["group_id"]).gr_name
    except (KeyError, OverflowError):
        return None


def memory(per_cpu: bool) -> Any:
    def get(rec: Record) -> Any:
        value = rec["pn_min_memory"]
        if value & c.MEM_PER_CPU:
            return value & ~c.MEM_PER_CPU if per_cpu else None
        return None if per_cpu or not value else value

    return get


def nice(rec: Record) -> Any:
    value = rec["nice"]
    return None if value in (NO_VAL, c.NICE_OFFSET) else value - c.NICE_OFFSET


# The reference swaps the two (a bug clients now see): reproduce it.
def core_spec(rec: Record) -> Any:
    value = rec["core_spec"]
    return value if value != NO_VAL16 and value & c.CORE_SPEC_THREAD else None


def thread_spec(rec: Record) -> Any:
    value = rec["core_spec"]
    thread = c.CORE_SPEC_THREAD
    return value & ~thread if value != NO_VAL16 and not value & thread else None


def cpus_per_task(rec: Record) -> Any:
    # Reference bug: shown only when a minimum CPU frequency is set.
    return None if rec["cpu_freq_min"] == NO_VAL else rec["cpus_per_task"]


def cpus(rec: Record) -> Any:
    return None if rec["num_tasks"] in (NO_VAL, INFINITE) else rec["num_cpus"]


def job_state(value: int) -> str:
    for bit, name in JOB_STATE_FLAGS:
        if value & bit:
            return name
    return JOB_STATES.get(value & c.JOB_STATE_BASE, "?")


def profile(value: int) -> Any:
    if value == 0:
        return None
    names = ["None"] if value == c.ACCT_GATHER_PROFILE_NONE else []
    return names + [name for bit, name in PROFILE_BITS if value & bit]


def billable(value: float) -> Any:
    return None if value == float(NO_VAL) else value


def contiguous(value: int) -> Any:
    return None if value == NO_VAL16 else value == 1


unset_no_val = unset_as_null(NO_VAL)


unset_infinite = unset_as_null(INFINITE)


unset_no_val16 = unset_as_null(NO_VAL16)


NODE_STATES = {
    c.NODE_STATE_UNKNOWN: "unknown",
    c.NODE_STATE_DOWN: "down",
    c.NODE_STATE_IDLE: "idle",
    c.NODE_STATE_ALLOCATED: "allocated",
    c.NODE_STATE_ERROR: "error",
    c.NODE_STATE_MIXED: "mixed",
    c.NODE_STATE_FUTURE: "future",
}


# The reference's order; any other bit adds "?" (lowest bit first).
NODE_STATE_FLAGS = (
    (c.NODE_STATE_CLOUD, "CLOUD"),
    (c.NODE_STATE_COMPLETING, "COMPLETING"),
    (c.NODE_STATE_DRAIN, "DRAIN"),
    (c.NODE_STATE_DYNAMIC_FUTURE, "DYNAMIC_FUTURE"),
    (c.NODE_STATE_DYNAMIC_NORM, "DYNAMIC_NORM"),
    (c.NODE_STATE_INVALID_REG, "INVALID_REG"),
    (c.NODE_STATE_FAIL, "FAIL"),
    (c.NODE_STATE_MAINT, "MAINTENANCE"),
    (c.NODE_STATE_POWER_DOWN, "POWER_DOWN"),
    (c.NODE_STATE_POWER_UP, "POWER_UP"),
    (c.NODE_STATE_NET, "PERFCTRS"),
    (c.NODE_STATE_POWERED_DOWN, "POWERED_DOWN"),
    (c.NODE_STATE_REBOOT_REQUESTED, "REBOOT_REQUESTED"),
    (c.NODE_STATE_REBOOT_ISSUED, "REBOOT_ISSUED"),
    (c.NODE_STATE_RES, "RESERVED"),
    (c.NODE_RESUME, "RESUME"),
    (c.NODE_STATE_NO_RESPOND, "NOT_RESPONDING"),
    (c.NODE_STATE_PLANNED, "PLANNED"),
    (c.NODE_STATE_POWERING_UP, "POWERING_UP"),
    (c.NODE_STATE_POWERING_DOWN, "POWERING_DOWN"),
)


KNOWN_NODE_BITS = sum(bit for bit, _ in NODE_STATE_FLAGS)


def node_state(value: Any) -> str:
    return NODE_STATES.get(value & c.NODE_STATE_BASE, "invalid")


def node_flags(value: Any) -> list[str]:
    if value & c.NODE_STATE_BASE not in NODE_STATES:
        return []
    names = [name for bit, name in NODE_STATE_FLAGS if value & bit]
    unknown = value & ~c.NODE_STATE_BASE & ~KNOWN_NODE_BITS
    names += ["?" for bit in range(4, 32) if unknown & (1 << bit)]
    return names


def owner(value: Any) -> Any:
    return None if value == NO_VAL else lookup_user(value)


PART_FLAGS = (
    (c.PART_FLAG_DEFAULT, "default"),
    (c.PART_FLAG_HIDDEN, "hidden"),
    (c.PART_FLAG_NO_ROOT, "no_root"),
    (c.PART_FLAG_ROOT_ONLY, "root_only"),
    (c.PART_FLAG_REQ_RESV, "reservation_required"),
    (c.PART_FLAG_LLN, "least_loaded_nodes"),
    (c.PART_FLAG_EXCLUSIVE_USER, "exclusive_user"),
)


PREEMPT_MODES = (
    (c.PREEMPT_MODE_SUSPEND, "suspend"),
    (c.PREEMPT_MODE_REQUEUE, "requeue"),
    (c.PREEMPT_MODE_GANG, "gang_schedule"),
    (c.PREEMPT_MODE_WITHIN, "within"),
)


PART_STATES = {
    c.PARTITION_UP: "UP",
    c.PARTITION_DOWN: "DOWN",
    c.PARTITION_INACTIVE: "INACTIVE",
    c.PARTITION_DRAIN: "DRAIN",
}


def preempt_mode(value: Any) -> list[str]:
    if value in (c.PREEMPT_MODE_OFF, NO_VAL16):
        return ["disabled"]
    return [name for bit, name in PREEMPT_MODES if value & bit]


def limit(value: Any) -> Any:
    """INFINITE renders as -1, unset as null."""
    if value == INFINITE:
        return -1
    return None if value == NO_VAL else value


def part_memory(per_cpu: bool, field_name: str) -> Any:
    def get(rec: Record) -> Any:
        value = rec[field_name]
        if value in (NO_VAL64, 0) or not value & ~c.MEM_PER_CPU:
            return None
        if value & c.MEM_PER_CPU:
            return value & ~c.MEM_PER_CPU if per_cpu else None
        return None if per_cpu else value

    return get


RESV_FLAGS = (
    (c.RESERVE_FLAG_MAINT, "MAINT"),
    (c.RESERVE_FLAG_NO_MAINT, "NO_MAINT"),
    (c.RESERVE_FLAG_FLEX, "FLEX"),
    (c.RESERVE_FLAG_OVERLAP, "OVERLAP"),
    (c.RESERVE_FLAG_IGN_JOBS, "IGNORE_JOBS"),
    (c.RESERVE_FLAG_HOURLY, "HOURLY"),
    (c.RESERVE_FLAG_NO_HOURLY, "NO_HOURLY"),
    (c.RESERVE_FLAG_DAILY, "DAILY"),
    (c.RESERVE_FLAG_NO_DAILY, "NO_DAILY"),
    (c.RESERVE_FLAG_WEEKDAY, "WEEKDAY"),
    (c.RESERVE_FLAG_WEEKEND, "WEEKEND"),
    (c.RESERVE_FLAG_WEEKLY, "WEEKLY"),
    (c.RESERVE_FLAG_NO_WEEKLY, "NO_WEEKLY"),
    (c.RESERVE_FLAG_SPEC_NODES, "SPEC_NODES"),
    (c.RESERVE_FLAG_ALL_NODES, "ALL_NODES"),
    (c.RESERVE_FLAG_ANY_NODES, "ANY_NODES"),
    (c.RESERVE_FLAG_NO_ANY_NODES, "NO_ANY_NODES"),
    (c.RESERVE_FLAG_STATIC, "STATIC"),
    (c.RESERVE_FLAG_NO_STATIC, "NO_STATIC"),
    (c.RESERVE_FLAG_PART_NODES, "PART_NODES"),
    (c.RESERVE_FLAG_NO_PART_NODES, "NO_PART_NODES"),
    (c.RESERVE_FLAG_FIRST_CORES, "FIRST_CORES"),
    (c.RESERVE_FLAG_TIME_FLOAT, "TIME_FLOAT"),
    (c.RESERVE_FLAG_REPLACE, "REPLACE"),
    (c.RESERVE_FLAG_REPLACE_DOWN, "REPLACE_DOWN"),
    (c.RESERVE_FLAG_NO_HOLD_JOBS, "NO_HOLD_JOBS_AFTER_END"),
    (c.RESERVE_FLAG_MAGNETIC, "MAGNETIC"),
    (c.RESERVE_FLAG_NO_MAGNETIC, "NO_MAGNETIC"),
)


def purge(rec: Record) -> Any:
    return {"time": rec["purge_comp_time"]} if rec["flags"] & c.RESERVE_FLAG_PURGE_COMP else OMIT


def ratio(num: str, den: str) -> Any:
    def get(rec: Record) -> int:
        return rec[num] // rec[den] if rec[den] else 0

    return get


def per_minute(rec: Record) -> int:
    minutes = (rec["req_time"] - rec["req_time_start"]) // 60
    return rec["schedule_cycle_counter"] // minutes if minutes > 0 else 0


def user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError):
        return str(uid)


def rpcs_by_type(rec: Record) -> list[dict[str, Any]]:
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


def rpcs_by_user(rec: Record) -> list[dict[str, Any]]:
    return [
        {
            "user": user(r["user_id"]),
            "user_id": r["user_id"],
            "count": r["count"],
            "average_time": r["time"] // r["count"] if r["count"] else 0,
            "total_time": r["time"],
        }
        for r in rec["rpc_users"]
    ]


def shared_mode(value: int) -> Any:
    return None if value == NO_VAL16 else SHARED.get(value, value)
