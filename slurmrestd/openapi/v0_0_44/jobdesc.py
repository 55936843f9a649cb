"""v0.0.44: job descriptions parsed from submit, allocate and update bodies.

Differences from v0.0.43: step_id is new (read, not sent).
"""

from __future__ import annotations

from slurmrestd.openapi.dataparser.parsing import Ignored, P, insert
from slurmrestd.openapi.v0_0_43 import jobdesc as parent

JOB_DESC = insert(parent.JOB_DESC, "spank_environment", P("step_id", None, Ignored()))

kill_flags = parent.kill_flags
DELETE_QUERY = parent.DELETE_QUERY
KILL_JOBS = parent.KILL_JOBS

SUBMIT_RESP, POST_RESP = parent.SUBMIT_RESP, parent.POST_RESP
