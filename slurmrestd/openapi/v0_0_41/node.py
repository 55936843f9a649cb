"""v0.0.41: nodes (node_info), as v0.0.40's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert
from slurmrestd.openapi.dataparser.kinds import NUMBER, TEXT
from slurmrestd.openapi.v0_0_40 import node as parent

NODE_STATE_ENTRIES = parent.NODE_STATE_ENTRIES
NODE_STATES = parent.NODE_STATES

# The cores reserved for GPU jobs.
NODE = insert(
    insert(parent.NODE, "active_features", F("gpu_spec", "gpu_spec", TEXT)),
    "real_memory",
    F("res_cores_per_gpu", "res_cores_per_gpu", NUMBER),
)
UPDATE_NODE = parent.UPDATE_NODE
