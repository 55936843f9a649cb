"""data_parser/v0.0.44: its tables, as their differences from v0.0.43's."""

from slurmrestd.openapi.v0_0_44 import (
    accounting,
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
