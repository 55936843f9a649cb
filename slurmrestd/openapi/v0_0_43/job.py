"""v0.0.43: jobs (job_info): GET jobs, job/{job_id}, jobs/state.

Differences from v0.0.42: licenses_allocated and segment_size; the standard
streams as the job gave them, then as expanded (stdin_expanded, ...); the
flags name EXTERNAL_JOB.
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, drop, insert, replace
from slurmrestd.openapi.dataparser.kinds import NUMBER, STRING, TEXT
from slurmrestd.openapi.v0_0_40.job import (
    JOB_FLAG_BITS,
    Flags,
    bits,
)
from slurmrestd.openapi.v0_0_42 import job as parent
from slurmrestd.openapi.v0_0_42.job import *  # noqa: F403 - the parent's, then the differences
from slurmrestd.slurm import constants as c

__all__ = ["JOB"]
__all__ += parent.__all__

FLAG_BITS = (
    *JOB_FLAG_BITS[:23],
    ("EXTERNAL_JOB", c.EXTERNAL_JOB),
    *JOB_FLAG_BITS[23:],
    ("STEPMGR_ENABLED", c.STEPMGR_ENABLED),
)
JOB_FLAGS = Flags(*bits(*FLAG_BITS))


class Expanded(Kind):
    """A standard stream's path with its fields expanded ("" when the job gave none)."""

    schema = STRING

    def __init__(self, given: str, expanded: str) -> None:
        self.given = given
        self.expanded = expanded
        self.reads = (given, expanded)

    def dump(self, rec: Any, env: Env) -> Any:
        return (rec.get(self.expanded) or "") if rec.get(self.given) else ""


JOB = drop(parent.JOB, "standard_error", "standard_input", "standard_output")
JOB = insert(
    JOB,
    "state_reason",
    F("standard_input", "std_in", TEXT),
    F("standard_output", "std_out", TEXT),
    F("standard_error", "std_err", TEXT),
    F("stdin_expanded", None, Expanded("std_in", "std_in_path")),
    F("stdout_expanded", None, Expanded("std_out", "std_out_path")),
    F("stderr_expanded", None, Expanded("std_err", "std_err_path")),
)
JOB = insert(JOB, "licenses", F("licenses_allocated", "licenses_allocated", TEXT))
JOB = insert(JOB, "scheduled_nodes", F("segment_size", "segment_size", NUMBER))
JOB = replace(JOB, F("flags", "bitflags", JOB_FLAGS))
