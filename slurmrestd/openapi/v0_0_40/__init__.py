"""data_parser/v0.0.40: its tables, one module per object (the oldest data_parser version here).

Every later version's modules state their differences from this one's.
"""

from slurmrestd.openapi.v0_0_40 import (
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
