"""v0.0.44: the accounting job update (POST /slurmdb/v0.0.44/job/{job_id} and jobs/), new
here: the job record's fields slurmdbd lets a client change, as the job's own."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F
from slurmrestd.openapi.dataparser.kinds import TEXT
from slurmrestd.openapi.v0_0_44 import dbjob

_JOB = {f.path: f for f in dbjob.JOB}

JOB_MODIFY = (
    _JOB["comment/administrator"],
    _JOB["derived_exit_code"],
    _JOB["comment/job"],
    _JOB["extra"],
    _JOB["comment/system"],
    _JOB["tres/allocated"],
    F("wckey", "wckey", TEXT),
)
