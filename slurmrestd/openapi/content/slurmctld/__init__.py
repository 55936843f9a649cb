"""openapi/slurmctld: slurmctld's endpoints under /slurm/{data_parser}/, for v0.0.40 to v0.0.45.

The operations of every version, in the reference's order; each resource's
handlers live in their own module.
"""

from __future__ import annotations

from collections.abc import Sequence

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.content import Content, COp, bind
from slurmrestd.openapi.content.slurmctld import ping
from slurmrestd.openapi.dataparser import PARSERS, Parser

OPS: tuple[COp, ...] = (COp("GET", "/ping/", "get_ping", "ping test", ping.get_ping),)

CONTENT = Content(
    name="openapi/slurmctld",
    title="Slurm OpenAPI slurmctld",
    prefix="slurm",
    tag=("slurm", "methods that query slurmctld"),
    ops=OPS,
)


def plugin(parsers: Sequence[Parser] = PARSERS) -> Plugin:
    return bind(CONTENT, parsers)
