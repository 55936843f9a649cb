"""v0.0.42: jobs and steps as slurmdbd records them, as v0.0.41's differences.

The QOS the job asked for and how often it was restarted.
"""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert
from slurmrestd.openapi.dataparser.kinds import TEXT
from slurmrestd.openapi.v0_0_40.dbjob import NUMBER32
from slurmrestd.openapi.v0_0_41 import dbjob as parent

JOB = insert(parent.JOB, "qos", F("qosreq", "qos_req", TEXT))
JOB = insert(JOB, "kill_request_user", F("restart_cnt", "restart_cnt", NUMBER32))
STEP = parent.STEP
STATE_NAMES, QUERY_FIELDS, QUOTED = parent.STATE_NAMES, parent.QUERY_FIELDS, parent.QUOTED
STATE_FATAL = parent.STATE_FATAL
NUMBER_TIMES = True  # a time given as a number is that time
