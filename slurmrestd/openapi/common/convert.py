"""Converters shared by the slurmctld OpenAPI plugins: Slurm's flags, states and sentinels.

Each version's tables (openapi/vX/tables.py) pick from these; where versions
differ, the difference is in their tables, not here.
"""

from __future__ import annotations

import grp
import pwd
from typing import Any

from slurmrestd.api.render import OMIT, Record, unset_as_null
from slurmrestd.slurm.constants import INFINITE, INFINITE16, NO_VAL, NO_VAL16, NO_VAL64

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
        if value & MEM_PER_CPU:
            return value & ~MEM_PER_CPU if per_cpu else None
        return None if per_cpu or not value else value

    return get


def nice(rec: Record) -> Any:
    value = rec["nice"]
    return None if value in (NO_VAL, NICE_OFFSET) else value - NICE_OFFSET


# The reference swaps the two (a bug clients now see): reproduce it.
def core_spec(rec: Record) -> Any:
    value = rec["core_spec"]
    return value if value != NO_VAL16 and value & 0x8000 else None


def thread_spec(rec: Record) -> Any:
    value = rec["core_spec"]
    return value & ~0x8000 if value != NO_VAL16 and not value & 0x8000 else None


def cpus_per_task(rec: Record) -> Any:
    # Reference bug: shown only when a minimum CPU frequency is set.
    return None if rec["cpu_freq_min"] == NO_VAL else rec["cpus_per_task"]


def cpus(rec: Record) -> Any:
    return None if rec["num_tasks"] in (NO_VAL, INFINITE) else rec["num_cpus"]


def job_state(value: int) -> str:
    for bit, name in JOB_STATE_FLAGS:
        if value & bit:
            return name
    return JOB_STATES.get(value & JOB_STATE_BASE, "?")


def profile(value: int) -> Any:
    if value == 0:
        return None
    names = ["None"] if value == 1 else []
    return names + [name for bit, name in PROFILE_BITS if value & bit]


def billable(value: float) -> Any:
    return None if value == float(NO_VAL) else value


def contiguous(value: int) -> Any:
    return None if value == NO_VAL16 else value == 1


unset_no_val = unset_as_null(NO_VAL)


unset_infinite = unset_as_null(INFINITE)


unset_no_val16 = unset_as_null(NO_VAL16)


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


KNOWN_NODE_BITS = sum(bit for bit, _ in NODE_STATE_FLAGS)


def node_state(value: Any) -> str:
    return NODE_STATES.get(value & NODE_STATE_BASE, "invalid")


def node_flags(value: Any) -> list[str]:
    if value & NODE_STATE_BASE not in NODE_STATES:
        return []
    names = [name for bit, name in NODE_STATE_FLAGS if value & bit]
    unknown = value & ~NODE_STATE_BASE & ~KNOWN_NODE_BITS
    names += ["?" for bit in range(4, 32) if unknown & (1 << bit)]
    return names


def owner(value: Any) -> Any:
    return None if value == NO_VAL else lookup_user(value)


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


def preempt_mode(value: Any) -> list[str]:
    if value in (0, NO_VAL16):
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
        if value in (NO_VAL64, 0) or not value & ~MEM_PER_CPU:
            return None
        if value & MEM_PER_CPU:
            return value & ~MEM_PER_CPU if per_cpu else None
        return None if per_cpu else value

    return get


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


def purge(rec: Record) -> Any:
    return {"time": rec["purge_comp_time"]} if rec["flags"] & RESV_PURGE_COMP else OMIT


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
