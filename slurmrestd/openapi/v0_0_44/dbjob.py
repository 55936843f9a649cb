"""v0.0.44: jobs and steps as slurmdbd records them, as v0.0.43's (the query also reads
job_altered)."""

from __future__ import annotations

from slurmrestd.openapi.v0_0_43 import dbjob as parent
from slurmrestd.openapi.v0_0_43.dbjob import *  # noqa: F403 - the parent's, then the differences

QUERY_FIELDS = parent.QUERY_FIELDS | {"job_altered"}
