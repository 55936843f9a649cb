"""openapi/dbv0.0.38: the slurmdbd endpoints under /slurmdb/v0.0.38/."""

from __future__ import annotations

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import dbhandlers
from slurmrestd.openapi.dbv0_0_38 import tables

VERSION = dbhandlers.DbVersion(
    name="openapi/dbv0.0.38",
    title="Slurm OpenAPI DB v0.0.38",
    prefix="/slurmdb/v0.0.38",
    operation_prefix="slurmdb_v0038_",
    tables=tables,
)


def plugin() -> Plugin:
    return dbhandlers.plugin(VERSION)
