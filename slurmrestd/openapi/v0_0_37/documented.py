"""openapi/v0.0.37's document where it says otherwise than the tables: v0.0.38's
(v0_0_38/documented.py) with the differences of the older document."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.v0_0_38 import documented as v38

# Statistics without the backfill table figures and the RPC counts.
DIAG_FIELDS = tuple(
    name
    for name in v38.DIAG_FIELDS
    if name not in ("bf_table_size", "bf_table_size_mean", "rpcs_by_message_type", "rpcs_by_user")
)

# Partitions: no maximum memory per CPU nor default memory per node.
PARTITION_FIELDS = v38.PARTITION_FIELDS[:-2]
PARTITION_TYPES = {k: v for k, v in v38.PARTITION_TYPES.items() if k in PARTITION_FIELDS}

# A node of a job's allocation: its CPUs, sockets and cores as objects, no name.
NODE_ALLOCATION = {
    "types": v38.typed({"type": "object"}, "cpus", "sockets", "cores"),
    "fields": {"": ("memory", "cpus", "sockets", "cores")},
}

DOCUMENTED: dict[str, dict[str, Any]] = {
    **v38.DOCUMENTED,
    "diag": {"types": v38.DIAG_TYPES, "fields": {"statistics": DIAG_FIELDS}},
    "partition": {"types": PARTITION_TYPES, "fields": {"": PARTITION_FIELDS}},
    "node_allocation": NODE_ALLOCATION,
}
