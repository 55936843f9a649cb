"""openapi/dbv0.0.37 tables: dbv0.0.38's with the differences of the older plugin.

- associations show their QOS as slurmdbd sends them (ids as strings, unsorted),
  and parse them from {"name": ...} entries without looking them up;
- users have no flags; jobs have no container, and their time/start is the
  eligible time (the reference's own mistake, kept because clients see it);
- a QOS needs a name, and its preempt list is parsed as names.
"""

from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.common.dbparse import ACCOUNT, CLUSTER, STATS, TRES, WCKEY


def _replace(table: dp.Table, path: str, entry: dp.F | None) -> dp.Table:
    out = []
    for f in table:
        if f.path != path:
            out.append(f)
        elif entry is not None:
            out.append(entry)
    return tuple(out)


ASSOC = _replace(dp.ASSOC, "qos", dp.F("qos", "qos_list", dp.QosRawList()))
USER = _replace(dp.USER, "flags", None)
JOB = _replace(
    _replace(dp.JOB, "container", None), "time/start", dp.F("time/start", "eligible", dp.U32)
)
QOS = _replace(dp.QOS, "name", dp.F("name", "name", dp.STR, required=True))

__all__ = ["ACCOUNT", "ASSOC", "CLUSTER", "JOB", "QOS", "STATS", "TRES", "USER", "WCKEY"]
