"""openapi/dbv0.0.37: the slurmdbd endpoints under /slurmdb/v0.0.37/.

Next to its tables, it differs from dbv0.0.38 by its parser's rules (a field
that fails is ignored unless required) and by having neither POST /qos nor
DELETE /associations.
"""

from __future__ import annotations

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import dbhandlers, dbparse
from slurmrestd.openapi.dbv0_0_37 import tables

VERSION = dbhandlers.DbVersion(
    name="openapi/dbv0.0.37",
    title="Slurm OpenAPI DB v0.0.37",
    prefix="/slurmdb/v0.0.37",
    operation_prefix="slurmdb_v0037_",
    tables=tables,
    rules=dbparse.Rules(strict=False),
    qos_post=False,
    associations_delete=False,
    legacy=True,
)


def plugin() -> Plugin:
    return dbhandlers.plugin(VERSION)
