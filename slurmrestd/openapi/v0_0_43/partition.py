"""v0.0.43: partitions (partition_info), as v0.0.42's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert, replace
from slurmrestd.openapi.dataparser.kinds import TEXT, FlagBits
from slurmrestd.openapi.v0_0_42 import partition as parent

# Flag arrays from this version on are written inline in the document (no named type).
PARTITION_STATES = FlagBits(*parent.PARTITION_STATES.entries)
OVERSUBSCRIBE_FLAGS = FlagBits(*parent.OVERSUBSCRIBE_FLAGS.entries)
CR_TYPE = FlagBits(*parent.CR_TYPE.entries)

# The partition's topology.
PARTITION = insert(
    replace(
        parent.PARTITION,
        F("select_type", "cr_type", CR_TYPE),
        F("maximums/oversubscribe/flags", "max_share", OVERSUBSCRIBE_FLAGS),
        F("partition/state", "state_up", PARTITION_STATES),
    ),
    "timeouts/resume",
    F("topology", "topology_name", TEXT),
)
