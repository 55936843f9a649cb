"""openapi/dbv0.0.37: the slurmdbd endpoints under /slurmdb/v0.0.37/, as dbv0.0.38's differences.

- no POST /qos and no DELETE /associations;
- its parser's rules: a field that fails is ignored unless required;
- list GETs ignore the query and include deleted entries;
- associations: GET /associations lists every one, GET and DELETE
  /association take each filter as sent, POST only adds, in one batch;
- accounts are added without sacctmgr's defaults;
- jobs: het jobs are kept whole, every cluster is searched, states are taken
  as sent;
- /config: a dump goes on after a step fails with a negative rc; a load
  stops before QOS and commits what it added;
- its own tables (dbv0_0_37/tables.py).
"""

from __future__ import annotations

import dataclasses

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi import dbv0_0_38
from slurmrestd.openapi.common import dbparse, routes
from slurmrestd.openapi.dbv0_0_37 import handlers, tables
from slurmrestd.openapi.slurmdbd import context
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.constants import JOBCOND_FLAG_WHOLE_HETJOB

ENVELOPE = dataclasses.replace(
    dbv0_0_38.ENVELOPE,
    name="openapi/dbv0.0.37",
    title="Slurm OpenAPI DB v0.0.37",
    prefix="/slurmdb/v0.0.37",
    operation_prefix="slurmdb_v0037_",
)

JOB_SEARCH = context.JobSearch(
    flags=dbv0_0_38.JOB_SEARCH.flags | JOBCOND_FLAG_WHOLE_HETJOB,
    scope=handlers.every_cluster,
    states=slurmdb.char_list,
)

ROUTES = routes.with_handlers(
    routes.without(dbv0_0_38.ROUTES, "POST /qos", "DELETE /associations"),
    {
        "GET /config": handlers.get_config,
        "POST /config": handlers.set_config,
        "POST /accounts": handlers.update_account,
        "GET /associations": handlers.get_associations,
        "POST /associations": handlers.update_associations,
        "GET /association": handlers.get_association,
        "DELETE /association": handlers.delete_association,
    },
)

VERSION = context.DbVersion(
    ENVELOPE,
    tables,
    list_filter=handlers.every_entry,
    job_search=JOB_SEARCH,
    routes=ROUTES,
    rules=dbparse.Rules(strict=False),
)


def plugin() -> Plugin:
    return context.plugin(VERSION)
