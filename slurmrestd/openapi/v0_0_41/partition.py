"""v0.0.41: partitions (partition_info), as v0.0.40's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert
from slurmrestd.openapi.dataparser.kinds import FlagBits, bit, equal
from slurmrestd.openapi.v0_0_40 import partition as parent
from slurmrestd.slurm import constants as c

PARTITION_STATES = parent.PARTITION_STATES

# The partition's SelectTypeParameters.
_CR = c.CR_CPU | c.CR_SOCKET | c.CR_CORE
CR_TYPE = FlagBits(
    equal("CPU", c.CR_CPU, _CR),
    equal("SOCKET", c.CR_SOCKET, _CR),
    equal("CORE", c.CR_CORE, _CR),
    bit("BOARD", c.CR_BOARD),
    bit("MEMORY", c.CR_MEMORY),
    bit("ONE_TASK_PER_CORE", c.CR_ONE_TASK_PER_CORE),
    bit("PACK_NODES", c.CR_PACK_NODES),
    bit("CORE_DEFAULT_DIST_BLOCK", c.CR_CORE_DEFAULT_DIST_BLOCK),
    bit("LLN", c.CR_LLN),
    bit("LINEAR", c.CR_LINEAR),
)

PARTITION = insert(parent.PARTITION, "cluster", F("select_type", "cr_type", CR_TYPE))
