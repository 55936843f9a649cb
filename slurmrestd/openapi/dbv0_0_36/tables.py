"""openapi/dbv0.0.36 tables: dbv0.0.37's with the differences of the older plugin.

- associations have no group minutes/active TRES, is_default nor per-association
  job limits (max/jobs/active, accruing, total);
- jobs show their previous state reason as state/previous;
- a QOS has no limits/factor, and its limits/max/jobs/per/account and /user are
  the active job limits (max_jobs_pa/pu: v0.0.37 moved them), with no submit limits.
"""

from slurmrestd.openapi.common.dbparse import JobReason
from slurmrestd.openapi.common.engine import U32, F, drop, insert
from slurmrestd.openapi.dbv0_0_37 import tables as v37
from slurmrestd.openapi.dbv0_0_37.tables import ACCOUNT, CLUSTER, STATS, TRES, USER, WCKEY

ASSOC = drop(
    v37.ASSOC,
    "max/tres/group/minutes",
    "max/tres/group/active",
    "is_default",
    "max/jobs/active",
    "max/jobs/accruing",
    "max/jobs/total",
)
JOB = insert(
    drop(v37.JOB, "state/reason"),
    "state/current",
    F("state/previous", "state_reason_prev", JobReason()),
)
QOS = insert(
    drop(
        v37.QOS,
        "limits/factor",
        "limits/max/jobs/active_jobs/per/account",
        "limits/max/jobs/active_jobs/per/user",
        "limits/max/jobs/per/account",
        "limits/max/jobs/per/user",
    ),
    "limits/max/wall_clock/per/qos",
    F("limits/max/jobs/per/account", "max_jobs_pa", U32),
    F("limits/max/jobs/per/user", "max_jobs_pu", U32),
)

__all__ = ["ACCOUNT", "ASSOC", "CLUSTER", "JOB", "QOS", "STATS", "TRES", "USER", "WCKEY"]
