"""GET /partitions and /partition/{partition_name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.slurmctld import lists
from slurmrestd.openapi.slurmctld.version import Version
from slurmrestd.slurm.constants import ESLURM_INVALID_PARTITION_NAME


def get_partitions(v: Version, call: Call) -> tuple[str, Any]:
    return lists.get_all(v, call, "partitions", slurm.load_partitions, v.tables.PARTITION)


def get_partition(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    name = call.params["partition_name"]
    return lists.get_one(
        call,
        "partitions",
        name,
        slurm.load_partitions,
        v.tables.PARTITION,
        ESLURM_INVALID_PARTITION_NAME,
    )
