"""v0.0.44: jobs and steps as slurmdbd records them, as v0.0.43's differences: the job
flag JOB_ALTERED and the state flag EXPEDITING; the query also reads job_altered."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, replace
from slurmrestd.openapi.dataparser.jobkinds import named_flags
from slurmrestd.openapi.v0_0_40.dbjob import DB_JOB_FLAGS, Steps
from slurmrestd.openapi.v0_0_43 import dbjob as parent
from slurmrestd.slurm import constants as c

QUERY_FIELDS = parent.QUERY_FIELDS | {"job_altered"}
STATE = named_flags(None, *parent.STATE.names, ("EXPEDITING", c.JOB_EXPEDITING, None))
JOB_FLAGS = named_flags(
    None, *DB_JOB_FLAGS.names, ("JOB_ALTERED", c.SLURMDB_JOB_FLAG_ALTERED, None)
)
STEP = replace(parent.STEP, F("state", "state", STATE))
JOB = replace(
    parent.JOB,
    F("flags", "flags", JOB_FLAGS),
    F("state/current", "state", STATE),
    F("steps", None, Steps(STEP)),
)
STATE_NAMES, QUOTED = STATE.names, parent.QUOTED
STATE_FATAL, NUMBER_TIMES = parent.STATE_FATAL, parent.NUMBER_TIMES
