"""v0.0.43: job descriptions parsed from submit, allocate and update bodies.

Differences from v0.0.42: none in what a body may say (the flag arrays became
parsers of their own, with the same names and reports).
"""

from __future__ import annotations

from slurmrestd.openapi.v0_0_42 import jobdesc as parent

JOB_DESC = parent.JOB_DESC

kill_flags = parent.kill_flags
DELETE_QUERY = parent.DELETE_QUERY
KILL_JOBS = parent.KILL_JOBS

SUBMIT_RESP, POST_RESP = parent.SUBMIT_RESP, parent.POST_RESP
