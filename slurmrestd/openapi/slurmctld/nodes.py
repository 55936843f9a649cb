"""GET /nodes and /node/{node_name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.slurmctld import lists
from slurmrestd.openapi.slurmctld.version import Version
from slurmrestd.slurm.constants import ESLURM_INVALID_NODE_NAME


def get_nodes(v: Version, call: Call) -> tuple[str, Any]:
    return lists.get_all(v, call, "nodes", slurm.load_nodes, v.tables.NODE, cached=False)


def get_node(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    name = call.params["node_name"]
    return lists.get_one(
        call, "nodes", name, slurm.load_nodes, v.tables.NODE, ESLURM_INVALID_NODE_NAME
    )
