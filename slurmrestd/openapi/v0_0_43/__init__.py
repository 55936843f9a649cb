"""data_parser/v0.0.43: its tables, as their differences from v0.0.42's."""

from slurmrestd.openapi.v0_0_43 import (
    accounting,
    dbjob,
    job,
    jobdesc,
    misc,
    node,
    partition,
    reservation,
)

__all__ = [
    "accounting",
    "dbjob",
    "job",
    "jobdesc",
    "misc",
    "node",
    "partition",
    "reservation",
]
