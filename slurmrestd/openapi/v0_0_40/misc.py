"""v0.0.40: ping, licenses, shares, diag and the small objects."""

from __future__ import annotations

import math
import pwd
from dataclasses import dataclass, field
from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common.engine import Env, F, Kind, Table, dump
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.kinds import (
    BOOL,
    BOOLEAN,
    F64_NO_VAL,
    NUMBER,
    STRING,
    TEXT,
    U32_NO_VAL,
    U64_NO_VAL,
    NoVal,
    Number,
)
from slurmrestd.slurm.constants import INFINITE, INFINITE64, NO_VAL, NO_VAL64


class Pinged(Kind):
    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return "UP" if value == 0 else "DOWN"


class Responding(Kind):
    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return value == 0


class Primary(Kind):
    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return value == 0


class Status(Kind):
    """slurm_ping()'s return code as Slurm's text for it."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return slurm.strerror(value)


PING = (
    F("hostname", "hostname", TEXT),
    F("pinged", "rc", Pinged()),
    F("latency", "latency", NUMBER),
    F("mode", "mode", TEXT),
)


# --- the kinds of these objects ---------------------------------------------------

DOUBLE = schemas.DOUBLE
INT32, INT64 = schemas.integer(32), schemas.integer(64)
NUMBER_ANY: dict[str, Any] = {"type": "number"}
# uint32_t fields (int32 in the document) and time_t stamps (uint64_no_val objects).
NUMBER32 = Number(32)
TIMESTAMP = NoVal(64)


def inline(table: Table) -> dict[str, Any]:
    """The object schema of a table written inline (v0.0.40's RPC lists): each entry's
    kind's schema by its key."""
    return {"type": "object", "properties": {f.path: f.kind.schema for f in table}}


@dataclass
class WarnEnv(Env):
    """An Env that also collects the warnings[] entries a dump gives (the reference's
    on_warn while dumping)."""

    warnings: list[dict[str, Any]] = field(default_factory=list)


class Infinity(float):
    """A float that JSON writes as the reference's bare ``Infinity`` (orjson refuses a float
    subclass, and the envelope then writes the document with the standard library's
    encoder, which writes infinity that way)."""


class U64(Kind):
    """uint64_t (and time_t) as a plain number: null when NO_VAL64 or INFINITE64."""

    schema = INT64

    def dump(self, value: Any, env: Env) -> Any:
        if value is None:
            return 0
        value &= INFINITE64
        return None if value in (NO_VAL64, INFINITE64) else value


class Float(Kind):
    """A double as it is (v0.0.40, v0.0.41): infinity is written as ``Infinity``."""

    schema = DOUBLE

    def dump(self, value: Any, env: Env) -> Any:
        value = 0.0 if value is None else float(value)
        return Infinity(value) if math.isinf(value) else value


def as_u32(value: float) -> int:
    """C's (uint32_t) of a double on x86-64: a 64-bit truncation, its low 32 bits (values
    a 64-bit integer cannot hold give 0)."""
    if not math.isfinite(value) or abs(value) >= 2**63:
        return 0
    return int(value) & 0xFFFFFFFF


class LongDouble(Kind):
    """A long double (FLOAT128): null when it is NO_VAL or INFINITE as a uint32."""

    schema = NUMBER_ANY

    def dump(self, value: Any, env: Env) -> Any:
        value = 0.0 if value is None else float(value)
        return None if as_u32(value) in (INFINITE, NO_VAL) else value


class UserName(Kind):
    """A uid as its user name; the number as a string when it has none (v0.0.40)."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return user_name(value) or str(value)


def user_name(uid: int) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OverflowError):
        return None


class Ratio(Kind):
    """A mean of two counters of the record (integer division; 0 without a count)."""

    schema = INT64

    def __init__(self, total: str, count: str) -> None:
        self.total, self.count = total, count
        self.reads = (total, count)

    def dump(self, rec: Any, env: Env) -> Any:
        count = rec.get(self.count) or 0
        return (rec.get(self.total) or 0) // count if count else 0


class PerMinute(Kind):
    """Scheduling cycles per minute of the statistics' interval (0 under a minute)."""

    schema = INT64
    reads = ("req_time", "req_time_start", "schedule_cycle_counter")

    def dump(self, rec: Any, env: Env) -> Any:
        span = (rec.get("req_time") or 0) - (rec.get("req_time_start") or 0)
        if span < 60:
            return 0
        return (rec.get("schedule_cycle_counter") or 0) // (span // 60)


class Reasons(Kind):
    """Why the cycles ended: a count per reason (the counters in reason order)."""

    def __init__(self, name: str, *names: str) -> None:
        self.names = names
        shape = {"type": "object", "properties": dict.fromkeys(names, INT32), "required": []}
        self.schema = schemas.Named(name, shape)

    def dump(self, value: Any, env: Env) -> Any:
        counts = list(value or [])
        return {n: counts[i] if i < len(counts) else 0 for i, n in enumerate(self.names)}


class Records(Kind):
    """A list of records, each dumped with a table (the env passes through); schema: the
    document's (a named array)."""

    def __init__(self, table: Table, schema: Any) -> None:
        self.table = table
        self.schema = schema

    def dump(self, value: Any, env: Env) -> Any:
        return [dump(self.table, rec, env) for rec in value or []]


class Average(Kind):
    """An RPC type's or user's mean time (0 without time or count, v0.0.40)."""

    schema = INT64
    reads = ("time", "count")

    def dump(self, rec: Any, env: Env) -> Any:
        time, count = rec.get("time") or 0, rec.get("count") or 0
        return (time // count) & 0xFFFFFFFF if time > 0 and count > 0 else 0


class TresList(Kind):
    """An association's per-TRES array as [{name, value}] in the response's TRES order."""

    def __init__(self, name: str, value: Kind) -> None:
        self.value = value
        item = {"type": "object", "properties": {"name": STRING, "value": value.schema}}
        self.schema = schemas.array(f"{name}_list", schemas.Named(name, {**item, "required": []}))

    def dump(self, pair: Any, env: Env) -> Any:
        names, values = pair
        pairs = zip(names, values, strict=False)
        return [{"name": n, "value": self.value.dump(v, env)} for n, v in pairs]


class ShareType(Kind):
    """A share's type: a user's association or an account's."""

    schema: Any = schemas.flags("assoc_shares_obj_wrap_type", ("USER", "ASSOCIATION"))

    def dump(self, value: Any, env: Env) -> Any:
        if value == 1:
            return ["USER"]
        return ["ASSOCIATION"] if value == 0 else []


# --- diag: slurmctld's statistics (stats_info_response_msg_t) ------------------------

RPC_TYPE = (
    F("message_type", "name", TEXT),
    F("type_id", "type_id", NUMBER32),
    F("count", "count", NUMBER),
    F("average_time", None, Average()),
    F("total_time", "time", NUMBER),
)
RPC_USER = (
    F("user", "user_id", UserName()),
    F("user_id", "user_id", NUMBER32),
    F("count", "count", NUMBER),
    F("average_time", None, Average()),
    F("total_time", "time", NUMBER),
)
SCHEDULE_EXIT = Reasons(
    "schedule_exit_fields",
    "end_job_queue",
    "default_queue_depth",
    "max_job_start",
    "max_rpc_cnt",
    "max_sched_time",
    "licenses",
)
BF_EXIT = Reasons(
    "bf_exit_fields",
    "end_job_queue",
    "bf_max_job_start",
    "bf_max_job_test",
    "bf_max_time",
    "bf_node_space_size",
    "state_changed",
)

DIAG = (
    F("parts_packed", "parts_packed", NUMBER32),
    F("req_time", "req_time", TIMESTAMP),
    F("req_time_start", "req_time_start", TIMESTAMP),
    F("server_thread_count", "server_thread_count", NUMBER32),
    F("agent_queue_size", "agent_queue_size", NUMBER32),
    F("agent_count", "agent_count", NUMBER32),
    F("agent_thread_count", "agent_thread_count", NUMBER32),
    F("dbd_agent_queue_size", "dbd_agent_queue_size", NUMBER32),
    F("gettimeofday_latency", "gettimeofday_latency", NUMBER32),
    F("schedule_cycle_max", "schedule_cycle_max", NUMBER32),
    F("schedule_cycle_last", "schedule_cycle_last", NUMBER32),
    F("schedule_cycle_total", "schedule_cycle_counter", NUMBER32),
    F("schedule_cycle_mean", None, Ratio("schedule_cycle_sum", "schedule_cycle_counter")),
    F(
        "schedule_cycle_mean_depth",
        None,
        Ratio("schedule_cycle_depth", "schedule_cycle_counter"),
    ),
    F("schedule_cycle_per_minute", None, PerMinute()),
    F("schedule_queue_length", "schedule_queue_len", NUMBER32),
    F("schedule_exit", "schedule_exit", SCHEDULE_EXIT),
    F("jobs_submitted", "jobs_submitted", NUMBER32),
    F("jobs_started", "jobs_started", NUMBER32),
    F("jobs_completed", "jobs_completed", NUMBER32),
    F("jobs_canceled", "jobs_canceled", NUMBER32),
    F("jobs_failed", "jobs_failed", NUMBER32),
    F("jobs_pending", "jobs_pending", NUMBER32),
    F("jobs_running", "jobs_running", NUMBER32),
    F("job_states_ts", "job_states_ts", TIMESTAMP),
    F("bf_backfilled_jobs", "bf_backfilled_jobs", NUMBER32),
    F("bf_last_backfilled_jobs", "bf_last_backfilled_jobs", NUMBER32),
    F("bf_backfilled_het_jobs", "bf_backfilled_het_jobs", NUMBER32),
    F("bf_cycle_counter", "bf_cycle_counter", NUMBER32),
    F("bf_cycle_mean", None, Ratio("bf_cycle_sum", "bf_cycle_counter")),
    F("bf_depth_mean", None, Ratio("bf_depth_sum", "bf_cycle_counter")),
    F("bf_depth_mean_try", None, Ratio("bf_depth_try_sum", "bf_cycle_counter")),
    F("bf_cycle_sum", "bf_cycle_sum", U64()),
    F("bf_cycle_last", "bf_cycle_last", NUMBER32),
    F("bf_last_depth", "bf_last_depth", NUMBER32),
    F("bf_last_depth_try", "bf_last_depth_try", NUMBER32),
    F("bf_depth_sum", "bf_depth_sum", NUMBER32),
    F("bf_depth_try_sum", "bf_depth_try_sum", NUMBER32),
    F("bf_queue_len", "bf_queue_len", NUMBER32),
    F("bf_queue_len_mean", None, Ratio("bf_queue_len_sum", "bf_cycle_counter")),
    F("bf_queue_len_sum", "bf_queue_len_sum", NUMBER32),
    F("bf_table_size", "bf_table_size", NUMBER32),
    # The reference computes this mean from the queue length, not the table size.
    F("bf_table_size_mean", None, Ratio("bf_queue_len_sum", "bf_cycle_counter")),
    F("bf_when_last_cycle", "bf_when_last_cycle", TIMESTAMP),
    F("bf_active", "bf_active", BOOL),
    F("bf_exit", "bf_exit", BF_EXIT),
    F(
        "rpcs_by_message_type",
        "rpc_types",
        Records(RPC_TYPE, schemas.array("stats_msg_rpcs_by_type", inline(RPC_TYPE))),
    ),
    F(
        "rpcs_by_user",
        "rpc_users",
        Records(RPC_USER, schemas.array("stats_msg_rpcs_by_user", inline(RPC_USER))),
    ),
)


# --- licenses -------------------------------------------------------------------------

LICENSE = (
    F("LicenseName", "name", TEXT),
    F("Total", "total", NUMBER32),
    F("Used", "in_use", NUMBER32),
    F("Free", "available", NUMBER32),
    F("Remote", "remote", BOOL),
    F("Reserved", "reserved", NUMBER32),
    F("LastConsumed", "last_consumed", NUMBER32),
    F("LastDeficit", "last_deficit", NUMBER32),
    F("LastUpdate", "last_update", U64()),
)
LICENSES = (
    F(
        "licenses",
        "licenses",
        Records(LICENSE, schemas.array("licenses", schemas.obj("license", LICENSE))),
        required=True,
    ),
    F("last_update", "last_update", TIMESTAMP, required=True),
)


# --- shares: the fair-share tree (sshare) ---------------------------------------------

FLOAT = Float()


def share_list(table: Table) -> schemas.Named:
    return schemas.array("assoc_shares_obj_list", schemas.obj("assoc_shares_obj_wrap", table))


SHARE = (
    F("id", "assoc_id", NUMBER32),
    F("cluster", "cluster", TEXT),
    F("name", "name", TEXT),
    F("parent", "parent", TEXT),
    F("partition", "partition", TEXT),
    F("shares_normalized", "shares_norm", F64_NO_VAL),
    F("shares", "shares_raw", U32_NO_VAL),
    F("tres/run_seconds", "tres_run_secs", TresList("shares_uint64_tres", U64_NO_VAL)),
    F("tres/group_minutes", "tres_grp_mins", TresList("shares_uint64_tres", U64_NO_VAL)),
    F("effective_usage", "usage_efctv", FLOAT),
    F("usage_normalized", "usage_norm", F64_NO_VAL),
    F("usage", "usage_raw", U64()),
    F("tres/usage", "usage_tres_raw", TresList("shares_float128_tres", LongDouble())),
    F("fairshare/factor", "fs_factor", FLOAT),
    F("fairshare/level", "level_fs", FLOAT),
    F("type", "user", ShareType()),
)
SHARES = (
    F("shares", "shares", Records(SHARE, share_list(SHARE))),
    F("total_shares", "tot_shares", U64()),
)
