"""openapi/dbv0.0.37 tables: dbv0.0.38's with the differences of the older plugin.

- associations show their QOS as slurmdbd sends them (ids as strings, unsorted),
  and parse them from {"name": ...} entries without looking them up;
- users have no flags; jobs have no container, and their time/start is the
  eligible time (the reference's own mistake, kept because clients see it);
- a QOS needs a name, and its preempt list is parsed as names.
"""

from slurmrestd.openapi.common.dbparse import QosRawList
from slurmrestd.openapi.common.engine import STR, U32, F, drop, replace
from slurmrestd.openapi.dbv0_0_38 import tables as v38
from slurmrestd.openapi.dbv0_0_38.tables import ACCOUNT, CLUSTER, STATS, TRES, WCKEY

ASSOC = replace(v38.ASSOC, F("qos", "qos_list", QosRawList()))
USER = drop(v38.USER, "flags")
JOB = replace(drop(v38.JOB, "container"), F("time/start", "eligible", U32))
QOS = replace(v38.QOS, F("name", "name", STR, required=True))

__all__ = ["ACCOUNT", "ASSOC", "CLUSTER", "JOB", "QOS", "STATS", "TRES", "USER", "WCKEY"]
