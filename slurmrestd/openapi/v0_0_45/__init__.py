"""data_parser/v0.0.45: its tables, as their differences from v0.0.44's."""

from slurmrestd.openapi.v0_0_45 import (
    accounting,
    conf,
    dbconf,
    dbjob,
    job,
    jobdesc,
    jobmodify,
    misc,
    node,
    partition,
    reservation,
    resources,
)

__all__ = [
    "accounting",
    "conf",
    "dbconf",
    "dbjob",
    "job",
    "jobdesc",
    "jobmodify",
    "misc",
    "node",
    "partition",
    "reservation",
    "resources",
]
