"""openapi/slurmctld: slurmctld's endpoints under /slurm/{data_parser}/, for v0.0.40 to v0.0.45.

Each resource's module declares its operations (OPS) and handlers; the
document lists the paths in the reference's order (ORDER).
"""

from __future__ import annotations

from collections.abc import Sequence

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.content import Content, bind
from slurmrestd.openapi.content.slurmctld import (
    conf,
    diag,
    jobs,
    jobwrite,
    newnode,
    nodes,
    partitions,
    ping,
    reservations,
    resources,
)
from slurmrestd.openapi.dataparser import PARSERS, Parser

ORDER = (
    "/shares",
    "/reconfigure/",
    "/diag/",
    "/ping/",
    "/licenses/",
    "/job/submit",
    "/job/allocate",
    "/jobs/",
    "/jobs/state/",
    "/job/{job_id}",
    "/job/{job_id}/requeue",
    "/jobs/requeue",
    "/nodes/",
    "/node/{node_name}",
    "/partitions/",
    "/partition/{partition_name}",
    "/reservations/",
    "/reservation/{reservation_name}",
    "/reservation",
    "/new/node/",
    "/resources/{job_id}",
    "/conf",
)

CONTENT = Content(
    name="openapi/slurmctld",
    title="Slurm OpenAPI slurmctld",
    prefix="slurm",
    tag=("slurm", "methods that query slurmctld"),
    ops=(
        *ping.OPS,
        *diag.OPS,
        *jobs.OPS,
        *jobwrite.OPS,
        *nodes.OPS,
        *newnode.OPS,
        *partitions.OPS,
        *reservations.OPS,
        *resources.OPS,
        *conf.OPS,
    ),
    order=ORDER,
    methods={"/node/{node_name}": ("GET", "POST", "DELETE")},
)


def plugin(parsers: Sequence[Parser] = PARSERS) -> Plugin:
    return bind(CONTENT, parsers)
