"""v0.0.43: jobs and steps as slurmdbd records them, as v0.0.42's differences.

The job's association as its ids alone (no lookup), its streams expanded for
its batch step; the reservations it asked for and its segment size; a step's
standard streams (as given and expanded) and its time limit.
"""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common.engine import Env, F, Kind, insert, replace
from slurmrestd.openapi.dataparser.jobkinds import named_flags
from slurmrestd.openapi.dataparser.kinds import STRING, TEXT, U32_NO_VAL
from slurmrestd.openapi.v0_0_40.dbjob import (
    ASSOC_SHORT_SCHEMA,
    DB_JOB_FLAGS,
    JOB_STATE,
    NUMBER32,
    ExitCode,
    Steps,
    WckeyTag,
)
from slurmrestd.openapi.v0_0_41.dbjob import expand, job_pattern
from slurmrestd.openapi.v0_0_42 import dbjob as parent


class StepExpanded(Kind):
    """A step's standard stream path as expanded: its job's fields, its own id, first
    node and working directory."""

    schema = STRING

    def __init__(self, stream: str) -> None:
        self.stream = stream

    def dump(self, step: Any, env: Env) -> Any:
        job = step.get("job") or {}
        hosts = slurm.hostnames(step["nodes"]) if step.get("nodes") else []
        pattern = {
            **job_pattern(job),
            "first_step_node": hosts[0] if hosts else None,
            "job_id": step["step_id"]["job_id"],
            "step_id": step["step_id"]["step_id"],
            "sluid": step["step_id"].get("sluid"),
            "work_dir": step.get("cwd"),
        }
        return expand(step.get(self.stream), pattern)


class AssocIds(Kind):
    """The job's association as its ids alone: its cluster and number (no lookup)."""

    schema = ASSOC_SHORT_SCHEMA
    reads = ("associd", "cluster")

    def dump(self, rec: Any, env: Env) -> Any:
        return {
            "account": "",
            "cluster": rec.get("cluster") or "",
            "partition": "",
            "user": "",
            "id": rec.get("associd") or 0,
        }


class JobExpanded(Kind):
    """A job's standard stream path as expanded for its batch step: the first of its
    nodes, its record's SLUID."""

    schema = STRING

    def __init__(self, stream: str) -> None:
        self.stream = stream

    def dump(self, rec: Any, env: Env) -> Any:
        hosts = slurm.hostnames(rec["nodes"]) if rec.get("nodes") else []
        pattern = {**job_pattern(rec), "first_step_node": hosts[0] if hosts else None}
        return expand(rec.get(self.stream), pattern)


# Flag arrays are written inline in the document from v0.0.43 on.
STATE = named_flags(None, *JOB_STATE.names)
EXIT_CODE = ExitCode(None)

JOB = replace(
    parent.JOB,
    F("association", None, AssocIds()),
    F("derived_exit_code", "derived_ec", EXIT_CODE),
    F("exit_code", "exitcode", EXIT_CODE),
    F("flags", "flags", named_flags(None, *DB_JOB_FLAGS.names)),
    F("state/current", "state", STATE),
    F("wckey", "wckey", WckeyTag(None)),
    F("stdin_expanded", None, JobExpanded("std_in")),
    F("stdout_expanded", None, JobExpanded("std_out")),
    F("stderr_expanded", None, JobExpanded("std_err")),
)
JOB = insert(JOB, "reservation/name", F("reservation/requested", "resv_req", TEXT))
JOB = insert(JOB, "script", F("segment_size", "segment_size", NUMBER32))
STEP = replace(parent.STEP, F("exit_code", "exitcode", EXIT_CODE), F("state", "state", STATE))
STEP = insert(
    STEP,
    "step/name",
    F("step/stderr", "std_err", TEXT),
    F("step/stdin", "std_in", TEXT),
    F("step/stdout", "std_out", TEXT),
    F("step/stderr_expanded", None, StepExpanded("std_err")),
    F("step/stdin_expanded", None, StepExpanded("std_in")),
    F("step/stdout_expanded", None, StepExpanded("std_out")),
)
STEP = insert(STEP, "task/distribution", F("time/limit", "timelimit", U32_NO_VAL))
JOB = replace(JOB, F("steps", None, Steps(STEP)))
STATE_NAMES, QUERY_FIELDS, QUOTED = parent.STATE_NAMES, parent.QUERY_FIELDS, parent.QUOTED
STATE_FATAL, NUMBER_TIMES = parent.STATE_FATAL, parent.NUMBER_TIMES
