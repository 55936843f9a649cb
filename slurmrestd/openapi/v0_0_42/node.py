"""v0.0.42: nodes (node_info), as v0.0.41's differences.

26.05 keeps tres_weighted in this version with nothing behind it (0.0): the binding
reads 0.0 there, 24.11's select plugin its value.
"""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, replace
from slurmrestd.openapi.dataparser.kinds import Removed
from slurmrestd.openapi.v0_0_41 import node as parent

NUMBER32, TIMESTAMP, HOSTLIST = parent.NUMBER32, parent.TIMESTAMP, parent.HOSTLIST
NODE_STATE_ENTRIES = parent.NODE_STATE_ENTRIES
NODE_STATES = parent.NODE_STATES
# The removed external_sensors and power: objects the document no longer names.
NODE = replace(
    parent.NODE,
    F("external_sensors", None, Removed({}, parent.EMPTY)),
    F("power", None, Removed({}, parent.EMPTY)),
)
UPDATE_NODE = parent.UPDATE_NODE
