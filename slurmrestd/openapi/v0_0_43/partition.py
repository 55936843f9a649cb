"""v0.0.43: partitions (partition_info), as v0.0.42's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert
from slurmrestd.openapi.dataparser.kinds import TEXT
from slurmrestd.openapi.v0_0_42 import partition as parent

PARTITION_STATES = parent.PARTITION_STATES
CR_TYPE = parent.CR_TYPE

# The partition's topology.
PARTITION = insert(parent.PARTITION, "timeouts/resume", F("topology", "topology_name", TEXT))
