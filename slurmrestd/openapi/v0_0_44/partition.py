"""v0.0.44: partitions (partition_info), as v0.0.43's."""

from __future__ import annotations

from slurmrestd.openapi.v0_0_43 import partition as parent

PARTITION_STATES = parent.PARTITION_STATES
CR_TYPE = parent.CR_TYPE
PARTITION = parent.PARTITION
