"""v0.0.40: reservations (reserve_info)."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Records
from slurmrestd.openapi.dataparser.kinds import (
    I64_NO_VAL,
    NUMBER,
    TEXT,
    U32_NO_VAL,
    FlagBits,
    Removed,
    bit,
)
from slurmrestd.slurm import constants as c

RESERVATION_FLAG_ENTRIES = (
    bit("MAINT", c.RESERVE_FLAG_MAINT),
    bit("NO_MAINT", c.RESERVE_FLAG_NO_MAINT),
    bit("DAILY", c.RESERVE_FLAG_DAILY),
    bit("NO_DAILY", c.RESERVE_FLAG_NO_DAILY),
    bit("WEEKLY", c.RESERVE_FLAG_WEEKLY),
    bit("NO_WEEKLY", c.RESERVE_FLAG_NO_WEEKLY),
    bit("IGNORE_JOBS", c.RESERVE_FLAG_IGN_JOBS),
    bit("NO_IGNORE_JOBS", c.RESERVE_FLAG_NO_IGN_JOB),
    bit("ANY_NODES", c.RESERVE_FLAG_ANY_NODES),
    bit("STATIC", c.RESERVE_FLAG_STATIC),
    bit("NO_STATIC", c.RESERVE_FLAG_NO_STATIC),
    bit("PART_NODES", c.RESERVE_FLAG_PART_NODES),
    bit("NO_PART_NODES", c.RESERVE_FLAG_NO_PART_NODES),
    bit("OVERLAP", c.RESERVE_FLAG_OVERLAP),
    bit("SPEC_NODES", c.RESERVE_FLAG_SPEC_NODES),
    bit("TIME_FLOAT", c.RESERVE_FLAG_TIME_FLOAT),
    bit("REPLACE", c.RESERVE_FLAG_REPLACE),
    bit("ALL_NODES", c.RESERVE_FLAG_ALL_NODES),
    bit("PURGE_COMP", c.RESERVE_FLAG_PURGE_COMP),
    bit("WEEKDAY", c.RESERVE_FLAG_WEEKDAY),
    bit("NO_WEEKDAY", c.RESERVE_FLAG_NO_WEEKDAY),
    bit("WEEKEND", c.RESERVE_FLAG_WEEKEND),
    bit("NO_WEEKEND", c.RESERVE_FLAG_NO_WEEKEND),
    bit("FLEX", c.RESERVE_FLAG_FLEX),
    bit("NO_FLEX", c.RESERVE_FLAG_NO_FLEX),
    bit("DURATION_PLUS", c.RESERVE_FLAG_DUR_PLUS),
    bit("DURATION_MINUS", c.RESERVE_FLAG_DUR_MINUS),
    bit("NO_HOLD_JOBS_AFTER_END", c.RESERVE_FLAG_NO_HOLD_JOBS),
    bit("NO_PURGE_COMP", c.RESERVE_FLAG_NO_PURGE_COMP),
    bit("MAGNETIC", c.RESERVE_FLAG_MAGNETIC),
    bit("SKIP", c.RESERVE_FLAG_SKIP),
    bit("HOURLY", c.RESERVE_FLAG_HOURLY),
    bit("NO_HOURLY", c.RESERVE_FLAG_NO_HOURLY),
    bit("REOCCURRING", c.RESERVE_REOCCURRING),
)
RESERVATION_FLAGS = FlagBits(*RESERVATION_FLAG_ENTRIES)

CORE_SPEC = (
    F("node", "node_name", TEXT),
    F("core", "core_id", TEXT),
)

RESERVATION = (
    F("accounts", "accounts", TEXT),
    F("burst_buffer", "burst_buffer", TEXT),
    F("core_count", "core_cnt", NUMBER),
    F("core_specializations", "core_specs", Records(lambda: CORE_SPEC)),
    F("end_time", "end_time", I64_NO_VAL),
    F("features", "features", TEXT),
    F("flags", "flags", RESERVATION_FLAGS),
    F("groups", "groups", TEXT),
    F("licenses", "licenses", TEXT),
    F("max_start_delay", "max_start_delay", NUMBER),
    F("name", "name", TEXT),
    F("node_count", "node_cnt", NUMBER),
    F("node_list", "node_list", TEXT),
    F("partition", "partition", TEXT),
    F("purge_completed/time", "purge_comp_time", U32_NO_VAL),
    F("start_time", "start_time", I64_NO_VAL),
    F("watts", None, Removed({})),
    F("tres", "tres_str", TEXT),
    F("users", "users", TEXT),
)
