"""openapi/dbv0.0.37 tables: dbv0.0.38's with the differences of the older plugin.

- associations show their QOS as slurmdbd sends them (ids as strings, unsorted),
  and parse them from {"name": ...} entries without looking them up;
- users have no flags; jobs have no container, and their time/start is the
  eligible time (the reference's own mistake, kept because clients see it);
- a QOS needs a name, and its preempt list is parsed as names.
"""

from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.common.dbparse import ACCOUNT, CLUSTER, STATS, TRES, WCKEY
from slurmrestd.openapi.common.engine import drop, replace

ASSOC = replace(dp.ASSOC, dp.F("qos", "qos_list", dp.QosRawList()))
USER = drop(dp.USER, "flags")
JOB = replace(drop(dp.JOB, "container"), dp.F("time/start", "eligible", dp.U32))
QOS = replace(dp.QOS, dp.F("name", "name", dp.STR, required=True))

__all__ = ["ACCOUNT", "ASSOC", "CLUSTER", "JOB", "QOS", "STATS", "TRES", "USER", "WCKEY"]
