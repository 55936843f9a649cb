"""openapi/v0.0.38: the slurmctld endpoints under /slurm/v0.0.38/."""

from __future__ import annotations

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import handlers, jobdesc
from slurmrestd.openapi.v0_0_38 import tables

VERSION = handlers.Version(
    name="openapi/v0.0.38",
    title="Slurm OpenAPI v0.0.38",
    prefix="/slurm/v0.0.38",
    operation_prefix="slurm_v0038_",
    tables=tables,
    properties=jobdesc.PROPERTIES,
    disabled=jobdesc.DISABLED,
)


def plugin() -> Plugin:
    return handlers.plugin(VERSION)
