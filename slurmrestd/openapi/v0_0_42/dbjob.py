"""v0.0.42: jobs and steps as slurmdbd records them, as v0.0.41's differences.

The QOS the job asked for and how often it was restarted.
"""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert
from slurmrestd.openapi.dataparser.kinds import NUMBER, TEXT
from slurmrestd.openapi.v0_0_41 import dbjob as parent
from slurmrestd.openapi.v0_0_41.dbjob import *  # noqa: F403 - the parent's, then the differences

JOB = insert(parent.JOB, "qos", F("qosreq", "qos_req", TEXT))
JOB = insert(JOB, "kill_request_user", F("restart_cnt", "restart_cnt", NUMBER))
