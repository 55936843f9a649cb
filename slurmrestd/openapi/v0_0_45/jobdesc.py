"""v0.0.45: job descriptions parsed from submit, allocate and update bodies.

Differences from v0.0.44: container_type, memory_update_margin and
memory_update_delay are new; power_flags is gone; cores_per_socket is back.
"""

from __future__ import annotations

from slurmrestd.openapi.dataparser.parsing import P, drop, insert
from slurmrestd.openapi.v0_0_40.jobdesc import STR, U16
from slurmrestd.openapi.v0_0_41.jobdesc import Dropped
from slurmrestd.openapi.v0_0_44 import jobdesc as parent

JOB_DESC = insert(parent.JOB_DESC, "container_id", P("container_type", None, Dropped(STR)))
JOB_DESC = insert(
    JOB_DESC,
    "memory_per_tres",
    P("memory_update_margin", None, Dropped(U16)),
    P("memory_update_delay", None, Dropped(U16)),
)
JOB_DESC = drop(JOB_DESC, "power_flags")
JOB_DESC = insert(JOB_DESC, "sockets_per_node", P("cores_per_socket", "cores_per_socket", U16))

kill_flags = parent.kill_flags
DELETE_QUERY = parent.DELETE_QUERY
KILL_JOBS = parent.KILL_JOBS

SUBMIT_RESP, POST_RESP = parent.SUBMIT_RESP, parent.POST_RESP
