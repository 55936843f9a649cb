"""v0.0.44: jobs (job_info): GET jobs, job/{job_id}, jobs/state.

Differences from v0.0.43: step_id (the job's SLUID, id, het component and
step name) and submit_line; the flags name the segment and requeue bits.
"""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert, replace
from slurmrestd.openapi.dataparser.kinds import TEXT
from slurmrestd.openapi.v0_0_40.job import (
    Flags,
    StepIdOf,
    bits,
)
from slurmrestd.openapi.v0_0_43 import job as parent
from slurmrestd.openapi.v0_0_43.job import *  # noqa: F403 - the parent's, then the differences
from slurmrestd.slurm import constants as c

__all__ = ["JOB"]
__all__ += parent.__all__

FLAG_BITS = (
    *parent.FLAG_BITS,
    ("SPREAD_SEGMENTS", c.SPREAD_SEGMENTS),
    ("CONSOLIDATE_SEGMENTS", c.CONSOLIDATE_SEGMENTS),
    ("EXPEDITED_REQUEUE", c.EXPEDITED_REQUEUE),
)
JOB_FLAGS = Flags(*bits(*FLAG_BITS))

JOB = insert(parent.JOB, "shared", F("step_id", None, StepIdOf()))
JOB = insert(JOB, "submit_time", F("submit_line", "submit_line", TEXT))
JOB = replace(JOB, F("flags", "bitflags", JOB_FLAGS))
