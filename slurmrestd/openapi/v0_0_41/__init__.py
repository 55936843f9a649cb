"""data_parser/v0.0.41: its tables, as their differences from v0.0.40's."""

from slurmrestd.openapi.v0_0_41 import (
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
