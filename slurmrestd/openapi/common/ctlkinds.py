"""The slurmctld plugins' kinds: Slurm's flags, states and sentinels as engine kinds.

Each version's tables (openapi/vX/tables.py) pick from these; where versions
differ, the difference is in their tables, not here.  A kind that declares no
schema is documented with its C field's type; UNTYPED ones are documented
without a type, as the reference's document has none for them.  Only the job
description is parsed on this side (by jobdesc), so most kinds dump only.
"""

from __future__ import annotations

import grp
import pwd
from collections.abc import Mapping
from typing import Any

from slurmrestd.api.envelope import NULL_TEXT
from slurmrestd.openapi.common.engine import (
    OMIT,
    Env,
    F,
    Flag,
    Kind,
    ParseError,
    Records,
    Table,
)
from slurmrestd.slurm import constants as c
from slurmrestd.slurm.constants import (
    ESLURM_REST_FAIL_PARSING,
    INFINITE,
    INFINITE16,
    NO_VAL,
    NO_VAL16,
    NO_VAL64,
)

Record = Mapping[str, Any]

UNTYPED: dict[str, Any] = {}
STRING = {"type": "string"}
STRINGS = {"type": "array", "items": {"type": "string"}}
NULLABLE_INTEGER = {"type": "integer", "nullable": True}
BOOLEAN = {"type": "boolean"}


# --- tables of names -------------------------------------------------------------------

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


# job_state: the first flag set wins over the base state.
JOB_STATE_FLAGS = {
    c.JOB_COMPLETING: "COMPLETING",
    c.JOB_STAGE_OUT: "STAGE_OUT",
    c.JOB_CONFIGURING: "CONFIGURING",
    c.JOB_RESIZING: "RESIZING",
    c.JOB_REQUEUE: "REQUEUED",
    c.JOB_REQUEUE_FED: "REQUEUE_FED",
    c.JOB_REQUEUE_HOLD: "REQUEUE_HOLD",
    c.JOB_SPECIAL_EXIT: "SPECIAL_EXIT",
    c.JOB_STOPPED: "STOPPED",
    c.JOB_REVOKED: "REVOKED",
    c.JOB_RESV_DEL_HOLD: "RESV_DEL_HOLD",
    c.JOB_SIGNALING: "SIGNALING",
}


def _named_bits(field: str, *names: str) -> tuple[Flag, ...]:
    """Flags whose JSON names are the names of their bits in slurm.h."""
    return tuple(Flag(name, field, getattr(c, name)) for name in names)


SHOW_FLAGS = _named_bits(
    "show_flags",
    "SHOW_ALL",
    "SHOW_DETAIL",
    "SHOW_MIXED",
    "SHOW_LOCAL",
    "SHOW_SIBLING",
    "SHOW_FEDERATION",
    "SHOW_FUTURE",
)


# Job bitflags the reference names (others are never shown), in its order.
JOB_FLAGS = _named_bits(
    "bitflags",
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


PROFILE_BITS = {
    c.ACCT_GATHER_PROFILE_ENERGY: "Energy",
    c.ACCT_GATHER_PROFILE_LUSTRE: "Lustre",
    c.ACCT_GATHER_PROFILE_NETWORK: "Network",
    c.ACCT_GATHER_PROFILE_TASK: "Task",
}


SHARED = {
    c.JOB_SHARED_NONE: "none",
    c.JOB_SHARED_OK: "shared",
    c.JOB_SHARED_USER: "user",
    c.JOB_SHARED_MCS: "mcs",
}


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
NODE_STATE_FLAGS = {
    c.NODE_STATE_CLOUD: "CLOUD",
    c.NODE_STATE_COMPLETING: "COMPLETING",
    c.NODE_STATE_DRAIN: "DRAIN",
    c.NODE_STATE_DYNAMIC_FUTURE: "DYNAMIC_FUTURE",
    c.NODE_STATE_DYNAMIC_NORM: "DYNAMIC_NORM",
    c.NODE_STATE_INVALID_REG: "INVALID_REG",
    c.NODE_STATE_FAIL: "FAIL",
    c.NODE_STATE_MAINT: "MAINTENANCE",
    c.NODE_STATE_POWER_DOWN: "POWER_DOWN",
    c.NODE_STATE_POWER_UP: "POWER_UP",
    c.NODE_STATE_NET: "PERFCTRS",
    c.NODE_STATE_POWERED_DOWN: "POWERED_DOWN",
    c.NODE_STATE_REBOOT_REQUESTED: "REBOOT_REQUESTED",
    c.NODE_STATE_REBOOT_ISSUED: "REBOOT_ISSUED",
    c.NODE_STATE_RES: "RESERVED",
    c.NODE_RESUME: "RESUME",
    c.NODE_STATE_NO_RESPOND: "NOT_RESPONDING",
    c.NODE_STATE_PLANNED: "PLANNED",
    c.NODE_STATE_POWERING_UP: "POWERING_UP",
    c.NODE_STATE_POWERING_DOWN: "POWERING_DOWN",
}


PART_FLAGS = (
    Flag("default", "flags", c.PART_FLAG_DEFAULT),
    Flag("hidden", "flags", c.PART_FLAG_HIDDEN),
    Flag("no_root", "flags", c.PART_FLAG_NO_ROOT),
    Flag("root_only", "flags", c.PART_FLAG_ROOT_ONLY),
    Flag("reservation_required", "flags", c.PART_FLAG_REQ_RESV),
    Flag("least_loaded_nodes", "flags", c.PART_FLAG_LLN),
    Flag("exclusive_user", "flags", c.PART_FLAG_EXCLUSIVE_USER),
)


PREEMPT_MODES = {
    c.PREEMPT_MODE_SUSPEND: "suspend",
    c.PREEMPT_MODE_REQUEUE: "requeue",
    c.PREEMPT_MODE_GANG: "gang_schedule",
    c.PREEMPT_MODE_WITHIN: "within",
}


PART_STATES = {
    c.PARTITION_UP: "UP",
    c.PARTITION_DOWN: "DOWN",
    c.PARTITION_INACTIVE: "INACTIVE",
    c.PARTITION_DRAIN: "DRAIN",
}


RESV_FLAGS = tuple(
    Flag(name, "flags", bit)
    for bit, name in (
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
)


def lookup_user(uid: Any) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError, TypeError):
        return None


# --- kinds of one C field ------------------------------------------------------------------


class Value(Kind):
    """The binding's value as it is."""

    def dump(self, value: Any, env: Env) -> Any:
        return value


class Text(Kind):
    """C strings: NULL dumps as "" (null in YAML: envelope.NullText)."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return NULL_TEXT if value is None else str(value)


class Bool(Kind):
    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return bool(value)


class Is(Kind):
    """A Boolean: the field equals a value (null when the field is unset)."""

    schema = UNTYPED

    def __init__(self, expected: int, *unset: int) -> None:
        self.expected = expected
        self.unset = frozenset(unset)

    def dump(self, value: Any, env: Env) -> Any:
        return None if value in self.unset else value == self.expected


class Unset(Kind):
    """Numbers where a sentinel (NO_VAL, INFINITE, ...) means "not set": null."""

    def __init__(self, *unset: int, schema: dict[str, Any] = NULLABLE_INTEGER) -> None:
        self.unset = frozenset(unset)
        self.schema = schema

    def dump(self, value: Any, env: Env) -> Any:
        return None if value in self.unset else value


class Limit(Kind):
    """A limit: INFINITE dumps as -1 (and the unset sentinels as null)."""

    schema = UNTYPED

    def __init__(self, *unset: int) -> None:
        self.unset = frozenset(unset)

    def dump(self, value: Any, env: Env) -> Any:
        if value == INFINITE:
            return -1
        return None if value in self.unset else value


class SetOnly(Kind):
    """The value when it is set; the key is absent when it is the unset sentinel."""

    schema = UNTYPED

    def __init__(self, unset: int) -> None:
        self.unset = unset

    def dump(self, value: Any, env: Env) -> Any:
        return OMIT if value == self.unset else value


class UnsetOnly(Kind):
    """null when the value is the unset sentinel; the key is absent otherwise."""

    schema = UNTYPED

    def __init__(self, unset: int) -> None:
        self.unset = unset

    def dump(self, value: Any, env: Env) -> Any:
        return None if value == self.unset else OMIT


class Enum(Kind):
    """A number named by a table (name <-> number).

    unknown: the name of a number the table lacks; numbers=True shows such a
    number as it is instead.  unset: sentinels dumped as null.
    """

    def __init__(
        self,
        names: Mapping[int, str],
        unknown: str | None = None,
        *unset: int,
        numbers: bool = False,
        schema: dict[str, Any] = STRING,
    ) -> None:
        self.names = names
        self.unknown = unknown
        self.unset = frozenset(unset)
        self.numbers = numbers
        self.schema = schema

    def dump(self, value: Any, env: Env) -> Any:
        if value in self.unset:
            return None
        return self.names.get(value, value if self.numbers else self.unknown)

    def parse(self, value: Any, env: Env, key: str) -> Any:
        for number, name in self.names.items():
            if isinstance(value, str) and name.lower() == value.lower():
                return number
        raise ParseError(ESLURM_REST_FAIL_PARSING)


class State(Enum):
    """A state word: its base state (value & mask) named by a table, unless one of
    the flags is set: then the first flag set names it."""

    def __init__(
        self,
        mask: int,
        names: Mapping[int, str],
        unknown: str,
        flags: Mapping[int, str] | None = None,
    ) -> None:
        self.flags = flags or {}
        super().__init__({**names, **self.flags}, unknown, schema=UNTYPED)
        self.mask = mask
        self.base = names

    def dump(self, value: Any, env: Env) -> Any:
        for bit, name in self.flags.items():
            if value & bit:
                return name
        return self.base.get(value & self.mask, self.unknown)


class StateFlags(Kind):
    """The flag names of a state word, in table order, then "?" per unknown bit set;
    none when the base state itself is unknown."""

    schema = UNTYPED

    def __init__(self, mask: int, names: Mapping[int, str], flags: Mapping[int, str]) -> None:
        self.mask = mask
        self.names = names
        self.flags = flags
        self.known = sum(flags)

    def dump(self, value: Any, env: Env) -> Any:
        if value & self.mask not in self.names:
            return []
        out = [name for bit, name in self.flags.items() if value & bit]
        unknown = value & ~self.mask & ~self.known
        out += ["?" for bit in range(self.mask.bit_length(), 32) if unknown & (1 << bit)]
        return out


class Modes(Kind):
    """Names of the mode bits set; "disabled" alone for the values that mean off."""

    schema = UNTYPED

    def __init__(self, modes: Mapping[int, str], *disabled: int) -> None:
        self.modes = modes
        self.disabled = frozenset(disabled)

    def dump(self, value: Any, env: Env) -> Any:
        if value in self.disabled:
            return ["disabled"]
        return [name for bit, name in self.modes.items() if value & bit]


class Profile(Kind):
    """acct_gather_profile: null when 0, "None" for the NONE value, else the bit names."""

    schema = UNTYPED

    def dump(self, value: Any, env: Env) -> Any:
        if value == 0:
            return None
        names = ["None"] if value == c.ACCT_GATHER_PROFILE_NONE else []
        return names + [name for bit, name in PROFILE_BITS.items() if value & bit]


class CsvList(Kind):
    schema = STRINGS

    def dump(self, value: Any, env: Env) -> Any:
        return [item for item in (value or "").split(",") if item]


class UserName(Kind):
    """A uid as its user name (null when unknown or unset)."""

    schema = UNTYPED

    def __init__(self, *unset: int) -> None:
        self.unset = frozenset(unset)

    def dump(self, value: Any, env: Env) -> Any:
        return None if value in self.unset else lookup_user(value)


class UserOrUid(Kind):
    """A uid as its user name, or the number as text when no user has it."""

    schema = UNTYPED

    def dump(self, value: Any, env: Env) -> Any:
        try:
            return pwd.getpwuid(value).pw_name
        except (KeyError, OverflowError):
            return str(value)


class GroupName(Kind):
    """A gid as its group name; the key is absent when the gid is unset."""

    schema = UNTYPED

    def dump(self, value: Any, env: Env) -> Any:
        if value == NO_VAL:
            return OMIT
        try:
            return grp.getgrgid(value).gr_name
        except (KeyError, OverflowError):
            return None


class JobMemory(Kind):
    """pn_min_memory: per CPU when MEM_PER_CPU is set, else per node (0: unset)."""

    schema = UNTYPED

    def __init__(self, per_cpu: bool) -> None:
        self.per_cpu = per_cpu

    def dump(self, value: Any, env: Env) -> Any:
        if value & c.MEM_PER_CPU:
            return value & ~c.MEM_PER_CPU if self.per_cpu else None
        return None if self.per_cpu or not value else value


class PartitionMemory(Kind):
    """A partition's memory limit, per CPU or per node as MEM_PER_CPU says."""

    schema = UNTYPED

    def __init__(self, per_cpu: bool) -> None:
        self.per_cpu = per_cpu

    def dump(self, value: Any, env: Env) -> Any:
        if value in (NO_VAL64, 0) or not value & ~c.MEM_PER_CPU:
            return None
        if value & c.MEM_PER_CPU:
            return value & ~c.MEM_PER_CPU if self.per_cpu else None
        return None if self.per_cpu else value


class Nice(Kind):
    """nice is stored offset by NICE_OFFSET; unset (or no offset at all) dumps as null."""

    schema = UNTYPED

    def dump(self, value: Any, env: Env) -> Any:
        return None if value in (NO_VAL, c.NICE_OFFSET) else value - c.NICE_OFFSET


class CoreSpec(Kind):
    """core_spec holds a core count, or with CORE_SPEC_THREAD a thread count.

    Shown only when the word has (thread_bit=True, as it is) or lacks
    (thread_bit=False, without the bit) the thread bit.  The reference shows
    the thread count as core_spec and the core count as thread_spec (a bug
    clients now see): the tables reproduce it.
    """

    schema = UNTYPED

    def __init__(self, thread_bit: bool) -> None:
        self.thread_bit = thread_bit

    def dump(self, value: Any, env: Env) -> Any:
        if value == NO_VAL16 or bool(value & c.CORE_SPEC_THREAD) != self.thread_bit:
            return None
        return value if self.thread_bit else value & ~c.CORE_SPEC_THREAD


# --- kinds of a whole record (F(path, None, kind)) -------------------------------------


class UserNameOf(Kind):
    """The record's user name, else its user_id's."""

    schema = UNTYPED
    reads = ("user_name", "user_id")

    def dump(self, rec: Any, env: Env) -> Any:
        return rec.get("user_name") or lookup_user(rec["user_id"])


class CpusPerTask(Kind):
    # Reference bug: shown only when a minimum CPU frequency is set.
    schema = UNTYPED
    reads = ("cpu_freq_min", "cpus_per_task")

    def dump(self, rec: Any, env: Env) -> Any:
        return None if rec["cpu_freq_min"] == NO_VAL else rec["cpus_per_task"]


class JobCpus(Kind):
    """num_cpus, shown only when the task count is set."""

    schema = UNTYPED
    reads = ("num_tasks", "num_cpus")

    def dump(self, rec: Any, env: Env) -> Any:
        return None if rec["num_tasks"] in (NO_VAL, INFINITE) else rec["num_cpus"]


class Difference(Kind):
    schema = UNTYPED

    def __init__(self, minuend: str, subtrahend: str) -> None:
        self.reads = (minuend, subtrahend)

    def dump(self, rec: Any, env: Env) -> Any:
        return rec[self.reads[0]] - rec[self.reads[1]]


class Ratio(Kind):
    """An integer mean: a sum over a count (0 when the count is)."""

    schema = UNTYPED

    def __init__(self, total: str, count: str) -> None:
        self.reads = (total, count)

    def dump(self, rec: Any, env: Env) -> Any:
        total, count = self.reads
        return rec[total] // rec[count] if rec[count] else 0


class PerMinute(Kind):
    """Scheduling cycles per minute since the statistics were reset."""

    schema = UNTYPED
    reads = ("req_time", "req_time_start", "schedule_cycle_counter")

    def dump(self, rec: Any, env: Env) -> Any:
        minutes = (rec["req_time"] - rec["req_time_start"]) // 60
        return rec["schedule_cycle_counter"] // minutes if minutes > 0 else 0


class Purge(Kind):
    """{"time": ...} when completed reservations are purged; the key is absent otherwise."""

    schema = UNTYPED
    reads = ("flags", "purge_comp_time")

    def dump(self, rec: Any, env: Env) -> Any:
        if rec["flags"] & c.RESERVE_FLAG_PURGE_COMP:
            return {"time": rec["purge_comp_time"]}
        return OMIT


class Listed(Records):
    """Records documented without a type (as the reference's document has them)."""

    schema = UNTYPED


class JobResources(Kind):
    """Absent for jobs without resources; per node a list entry with nested socket/core maps."""

    schema = UNTYPED

    def dump(self, res: Any, env: Env) -> Any:
        if res is None:
            return OMIT
        out: dict[str, Any] = {"nodes": TEXT.dump(res["nodes"], env)}
        if res["cr_core"]:
            out["allocated_cores"] = res["ncpus"]
        elif res["cr_cpu"]:
            out["allocated_cpus"] = res["ncpus"]
        out["allocated_hosts"] = res["nhosts"]
        out["allocated_nodes"] = [_allocated_node(host) for host in res["hosts"]]
        return out


def _allocated_node(host: Record) -> dict[str, Any]:
    sockets: dict[str, dict[str, dict[str, str]]] = {}
    for sock, core, used in host["cores"]:
        cores = sockets.setdefault(str(sock), {"cores": {}})["cores"]
        cores[str(core)] = "allocated_and_in_use" if used else "allocated"
    return {
        "sockets": sockets,
        "nodename": host["name"],
        "cpus_used": host["cpus_used"],
        "memory_used": host["memory_used"],
        "memory_allocated": host["memory_allocated"],
    }


VALUE, TEXT, BOOL, CSV = Value(), Text(), Bool(), CsvList()


# The statistics of one RPC type and of one user (diag's rpcs_by_*).
RPC_TYPE: Table = (
    F("message_type", "name", VALUE),
    F("type_id", "type_id", VALUE),
    F("count", "count", VALUE),
    F("average_time", None, Ratio("time", "count")),
    F("total_time", "time", VALUE),
)


RPC_USER: Table = (
    F("user", "user_id", UserOrUid()),
    F("user_id", "user_id", VALUE),
    F("count", "count", VALUE),
    F("average_time", None, Ratio("time", "count")),
    F("total_time", "time", VALUE),
)


def rpc_types() -> Table:
    return RPC_TYPE


def rpc_users() -> Table:
    return RPC_USER


UNSET16 = Unset(NO_VAL16, INFINITE16)
UNSET32 = Unset(NO_VAL, INFINITE)
UNSET_NO_VAL = Unset(NO_VAL)
UNSET_INFINITE = Unset(INFINITE)
UNSET_NO_VAL16 = Unset(NO_VAL16)
