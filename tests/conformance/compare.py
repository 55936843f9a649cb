"""Compare two JSON documents: structure always, values unless they are expected to move."""

from __future__ import annotations

import json
from typing import Any

# Values that change between two reads of a live cluster (structure is still compared).
VOLATILE = frozenset(
    {
        "cpu_load",
        "free_memory",
        "last_busy",
        "last_sched_evaluation",
        "req_time",
        "req_time_start",
        "job_states_ts",
        "bf_when_last_cycle",
        "count",
        "average_time",
        "total_time",
        "server_thread_count",
        "gettimeofday_latency",
        "schedule_cycle_max",
        "schedule_cycle_last",
        "schedule_cycle_total",
        "schedule_cycle_mean",
        "schedule_cycle_mean_depth",
        "schedule_cycle_per_minute",
        "bf_cycle_counter",
        "bf_cycle_mean",
        "bf_cycle_last",
        "bf_cycle_max",
        "bf_depth_mean",
        "bf_depth_mean_try",
        "bf_queue_len",
        "bf_queue_len_mean",
        "bf_table_size",
        "bf_table_size_mean",
        "bf_backfilled_jobs",
        "bf_last_backfilled_jobs",
        "jobs_submitted",
        "jobs_started",
        "jobs_completed",
        "jobs_canceled",
        "jobs_failed",
        "jobs_pending",
        "jobs_running",
        "agent_queue_size",
        "agent_count",
        "agent_thread_count",
        "dbd_agent_queue_size",
        "schedule_queue_length",
        "bf_active",
        "parts_packed",
        "rpcs_by_message_type",
        "rpcs_by_user",
        "accrue_time",
        # data_parser versions: how long slurm_ping() took (microseconds)
        "latency",
        # data_parser jobs: slurmctld's job list changes whenever any job does (other
        # tests submit jobs meanwhile), and so does the time of its last backfill cycle
        "last_backfill",
        # data_parser diag: the statistics' sums and the last cycles move with the
        # scheduler; why cycles ended, the RPCs pending in slurmctld's queue, and licenses'
        # last_update (slurmctld's time of the load) too
        "schedule_cycle_sum",
        "schedule_cycle_depth",
        "bf_cycle_sum",
        "bf_depth_sum",
        "bf_depth_try_sum",
        "bf_queue_len_sum",
        "bf_table_size_sum",
        "bf_last_depth",
        "bf_last_depth_try",
        "schedule_exit",
        "bf_exit",
        "pending_rpcs",
        "pending_rpcs_by_hostlist",
        "last_update",
        # data_parser shares: an association's usage moves with the jobs of the lab
        "run_seconds",
        "usage",
        "effective_usage",
        "usage_normalized",
        "fairshare",
        # data_parser conf (v0.0.45): slurmctld stamps its configuration with the time of
        # the load, and the next job id moves with every job another test submits
        "LastUpdate",
        "NEXT_JOB_ID",
        # (last_update, above, is also slurmctld's time of a list's last change, which moves
        # whenever another client changes the list between the reference's read and ours)
    }
)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


# No reading taken after ours: differences() then compares values exactly.
NO_READ: Any = object()


def differences(
    ref: Any, ours: Any, path: str = "", *, values: bool = True, after: Any = NO_READ
) -> list[str]:
    """Where ours is not ref.  With after, the reference's second reading taken after ours,
    a value that moved between the reference's two readings may be either, or (numbers)
    anything between them: ours was read in between (a pending job's start time is
    slurmctld's clock when it packs the list, which a long list takes seconds to cross)."""
    out: list[str] = []
    if isinstance(ref, dict) and isinstance(ours, dict):
        if list(ref) != list(ours) and not (isinstance(after, dict) and list(after) == list(ours)):
            out.append(f"{path}: keys {list(ref)} != {list(ours)}")
        for key in ref.keys() & ours.keys():
            out += differences(
                ref[key],
                ours[key],
                f"{path}.{key}",
                values=values and key not in VOLATILE,
                after=after.get(key, NO_READ) if isinstance(after, dict) else NO_READ,
            )
    elif isinstance(ref, list) and isinstance(ours, list):
        moved = isinstance(after, list) and len(after) == len(ours)
        if values and len(ref) != len(ours) and not moved:
            out.append(f"{path}: {len(ref)} items != {len(ours)}")
        for i, (a, b) in enumerate(zip(ref, ours, strict=False)):
            later = after[i] if isinstance(after, list) and i < len(after) else NO_READ
            out += differences(a, b, f"{path}[{i}]", values=values, after=later)
    elif values and _unequal(ref, ours) and not _in_between(ref, ours, after):
        out.append(f"{path}: {json.dumps(ref)[:80]} != {json.dumps(ours)[:80]}")
    elif not values and _kind(ref) != _kind(ours) and None not in (ref, ours):
        out.append(f"{path}: type {_kind(ref)} != {_kind(ours)}")
    return out


def _unequal(ref: Any, ours: Any) -> bool:
    """JSON's true is not 1 (Python's True == 1)."""
    return ref != ours or _kind(ref) != _kind(ours)


def _in_between(before: Any, ours: Any, after: Any) -> bool:
    """Whether ours is a value the reference moved through between its two readings."""
    if after is NO_READ or after == before or _kind(after) != _kind(before):
        return False
    if ours == after:
        return True
    numbers = all(_kind(v) == "number" for v in (before, ours, after))
    return numbers and min(before, after) <= ours <= max(before, after)
