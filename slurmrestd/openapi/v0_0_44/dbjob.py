"""v0.0.44: jobs and steps as slurmdbd records them, as v0.0.43's (the query also reads
job_altered)."""

from __future__ import annotations

from slurmrestd.openapi.v0_0_43 import dbjob as parent

QUERY_FIELDS = parent.QUERY_FIELDS | {"job_altered"}
JOB, STEP = parent.JOB, parent.STEP
STATE_NAMES, QUOTED = parent.STATE_NAMES, parent.QUOTED
STATE_FATAL, NUMBER_TIMES = parent.STATE_FATAL, parent.NUMBER_TIMES
