"""v0.0.45: jobs and steps as slurmdbd records them, as v0.0.44's differences.

The job's SLUIDs (its record's and its original one), exclusive and
oversubscribe as it asked; a step's submit line, and no pid.  The query no
longer reads format.
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, drop, insert, replace
from slurmrestd.openapi.dataparser.kinds import STRING, TEXT
from slurmrestd.openapi.v0_0_40.dbjob import Steps, sluid_text
from slurmrestd.openapi.v0_0_44 import dbjob as parent


class Sluid(Kind):
    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return sluid_text(value or 0)


JOB = insert(parent.JOB, "container", F("sluid", "db_index", Sluid()))
JOB = insert(JOB, "time/end", F("exclusive", "exclusive", TEXT))
JOB = insert(JOB, "nodes", F("oversubscribe", "oversubscribe", TEXT))
JOB = insert(JOB, "segment_size", F("original_sluid", "sluid", Sluid()))
STEP = drop(parent.STEP, "pid")
STEP = insert(STEP, "step/stdout_expanded", F("submit_line", "submit_line", TEXT))
JOB = replace(JOB, F("steps", None, Steps(STEP)))
QUERY_FIELDS = parent.QUERY_FIELDS - {"format"}
STATE_NAMES, QUOTED = parent.STATE_NAMES, parent.QUOTED
STATE_FATAL, NUMBER_TIMES = parent.STATE_FATAL, parent.NUMBER_TIMES
