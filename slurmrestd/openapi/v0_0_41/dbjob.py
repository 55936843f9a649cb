"""v0.0.41: jobs and steps as slurmdbd records them, as v0.0.40's differences.

The job's planned time (how long it waited to start, as sacct counts it) and
its standard streams, as given and with their fields expanded; the query's
messages quote the value they could not read.
"""

from __future__ import annotations

import re
import time
from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common.engine import Env, F, Kind, insert
from slurmrestd.openapi.dataparser.kinds import STRING, TEXT, U64_NO_VAL
from slurmrestd.openapi.v0_0_40 import dbjob as parent
from slurmrestd.slurm import constants as c


class PlannedTime(Kind):
    """Seconds from eligible to start (to end when it never started), as sacct counts."""

    schema = U64_NO_VAL.schema
    reads = ("eligible", "start", "end")

    def dump(self, rec: Any, env: Env) -> Any:
        eligible, start, end = rec.get("eligible"), rec.get("start"), rec.get("end")
        if not eligible or eligible == c.INFINITE:
            diff = 0
        elif start == c.NO_VAL and end:
            diff = end - eligible
        elif start:
            diff = start - eligible
        else:
            diff = int(time.time()) - eligible
        # A uint64 in C: a start before eligibility wraps, and the reference's int64
        # number shows it negative (measured on 24.11: -3595).
        return U64_NO_VAL.dump(diff & 0xFFFFFFFFFFFFFFFF, env)


def _new_fields() -> bool:
    """26.05's libslurm expands %r, %S and a step's %J and %s, and puts a "/" after the
    working directory; 24.11's does none of these."""
    return bool(slurm.release().version >= 0x1A0500)


def _wildcard(letter: str, pad: int, p: dict[str, Any], new: bool) -> str:
    step = p.get("step_id", c.SLURM_BATCH_SCRIPT)
    numbers = {
        "A": p.get("array_job_id") or p.get("job_id") or 0,
        "j": p.get("job_id") or 0,
        "J": p.get("job_id") or 0,
        "a": p.get("array_task_id") or 0,
        "b": (p.get("array_task_id") or 0) % 10,
    }
    if new:
        numbers |= {"r": p.get("restart_cnt") or 0, "n": 0, "t": 0}
    if letter in numbers:
        text = str(numbers[letter]).zfill(pad)
        if new and letter == "J" and step != c.SLURM_BATCH_SCRIPT:
            text += f".{step if step < 2**31 else step - 2**32}"
        return text
    if not new and letter in "nt":
        return "0"
    if new and letter == "s":
        return "batch" if step == c.SLURM_BATCH_SCRIPT else str(step).zfill(pad)
    if new and letter == "S":
        return parent.sluid_text(p.get("sluid") or 0)
    value = {
        "N": p.get("first_step_node"),
        "s": p.get("first_step_name"),
        "u": p.get("user"),
        "x": p.get("jobname"),
    }[letter]
    return "(null)" if value is None else str(value)


_OLD = "AabJjNnstux"
_NEW = "AabJjrSsxNntu"


def expand(path: str | None, p: dict[str, Any]) -> str:
    """A standard stream's path with its fields (%j, %4a, %x...) filled in from p (the
    job's or step's pattern) as the release's libslurm fills them for slurmdbd's records."""
    if not path:
        return ""
    new = _new_fields()
    wildcards = _NEW if new else _OLD
    work_dir = p.get("work_dir")
    out = ""
    if not path.startswith("/") and (work_dir or not new):
        out = (work_dir or "") + ("/" if new and not (work_dir or "").endswith("/") else "")
    if "\\" in path:
        return out + path.replace("\\", "")
    i = 0
    while i < len(path):
        ch = path[i]
        i += 1
        if ch != "%":
            out += ch
            continue
        if i >= len(path):
            break
        if path[i] == "%":
            out += "%"
            i += 1
            continue
        digits = re.match(r"[0-9]*", path[i:]).group(0)  # type: ignore[union-attr]
        pad = 0
        if digits:
            pad = min(int(digits), 10)
            at = i + len(digits) if new or pad > 9 else i + 1
            if at >= len(path) or path[at] not in wildcards:
                out += ("%" + path[i : at + 1]) if new else digits[-1]
                i = at + 1 if new else i + len(digits)
                continue
            i = at
        letter = path[i]
        i += 1
        out += _wildcard(letter, pad, p, new) if letter in wildcards else "%" + letter
    return out


def job_pattern(rec: dict[str, Any]) -> dict[str, Any]:
    """What a job's path fields are filled from: the job, its first step's node and name."""
    steps = rec.get("steps") or []
    first = steps[0] if steps else {}
    return {
        "array_job_id": rec.get("array_job_id"),
        "array_task_id": rec.get("array_task_id"),
        "first_step_node": first.get("nodes"),
        "first_step_name": first.get("stepname"),
        "jobname": rec.get("jobname"),
        "restart_cnt": rec.get("restart_cnt"),
        "job_id": rec.get("jobid"),
        "sluid": rec.get("db_index"),
        "step_id": c.SLURM_BATCH_SCRIPT,
        "user": rec.get("user"),
        "work_dir": rec.get("work_dir"),
    }


class Expanded(Kind):
    """A standard stream's path as expanded ("" when the job gave none)."""

    schema = STRING

    def __init__(self, stream: str) -> None:
        self.stream = stream
        self.reads = (stream, "work_dir", "array_job_id", "array_task_id", "jobid", "db_index")
        self.reads += ("jobname", "user", "steps", "restart_cnt")

    def dump(self, rec: Any, env: Env) -> Any:
        return expand(rec.get(self.stream), job_pattern(rec))


JOB = insert(parent.JOB, "reservation/name", F("time/planned", None, PlannedTime()))
JOB = insert(
    JOB,
    "script",
    F("stdin_expanded", None, Expanded("std_in")),
    F("stdout_expanded", None, Expanded("std_out")),
    F("stderr_expanded", None, Expanded("std_err")),
    F("stdout", "std_out", TEXT),
    F("stderr", "std_err", TEXT),
    F("stdin", "std_in", TEXT),
)
QUOTED = True
STATE_FATAL = False  # an unknown state is reported, and the search goes on
NUMBER_TIMES = parent.NUMBER_TIMES
STEP = parent.STEP
STATE_NAMES = parent.STATE_NAMES
QUERY_FIELDS = parent.QUERY_FIELDS
