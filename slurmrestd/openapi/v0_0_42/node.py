"""v0.0.42: nodes (node_info), as v0.0.41's.

26.05 keeps tres_weighted in this version with nothing behind it (0.0): the binding
reads 0.0 there, 24.11's select plugin its value.
"""

from __future__ import annotations

from slurmrestd.openapi.v0_0_41 import node as parent

NODE_STATE_ENTRIES = parent.NODE_STATE_ENTRIES
NODE_STATES = parent.NODE_STATES
NODE = parent.NODE
UPDATE_NODE = parent.UPDATE_NODE
