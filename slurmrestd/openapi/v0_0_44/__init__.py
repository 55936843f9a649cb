"""data_parser/v0.0.44: its tables, as their differences from v0.0.43's."""

from slurmrestd.openapi.v0_0_44 import job, jobdesc, misc, node, partition, reservation

__all__ = ["job", "jobdesc", "misc", "node", "partition", "reservation"]
