"""data_parser/v0.0.42: its tables, as their differences from v0.0.41's."""

from slurmrestd.openapi.v0_0_42 import (
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
