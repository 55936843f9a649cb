"""v0.0.44: nodes (node_info), as v0.0.43's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, replace
from slurmrestd.openapi.dataparser.kinds import FlagBits, bit
from slurmrestd.openapi.v0_0_43 import node as parent
from slurmrestd.slurm import constants as c

CERT_FLAGS = parent.CERT_FLAGS

# States: EXTERNAL (after the base states) and BLOCKED (last).
_FLAGS = c.NODE_STATE_FLAGS
_BASES = parent.NODE_STATE_ENTRIES[:8]
NODE_STATE_ENTRIES = (
    *_BASES,
    bit("EXTERNAL", c.NODE_STATE_EXTERNAL, _FLAGS),
    *parent.NODE_STATE_ENTRIES[8:],
    bit("BLOCKED", c.NODE_STATE_BLOCKED, _FLAGS),
)
NODE_STATES = FlagBits(*NODE_STATE_ENTRIES)

NODE = replace(
    parent.NODE,
    F("next_state_after_reboot", "next_state", NODE_STATES),
    F("state", "node_state", NODE_STATES),
)
UPDATE_NODE = parent.UPDATE_NODE
