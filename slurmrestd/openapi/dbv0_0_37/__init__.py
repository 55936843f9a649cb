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
from typing import Any

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi import dbv0_0_38
from slurmrestd.openapi.common import dbparse, legacydoc, routes
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
    mangle=False,
    id_prefix="slurmdbd_",
    meta=False,
    meta_schema=None,
    errors_default=False,
    security=(("user", "token"),),
    openapi="3.0.3",
)

JOB_SEARCH = context.JobSearch(
    flags=dbv0_0_38.JOB_SEARCH.flags | JOBCOND_FLAG_WHOLE_HETJOB,
    scope=handlers.every_cluster,
    states=slurmdb.char_list,
)

_ROUTES = routes.with_handlers(
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

# Its document: bare ids (two of them its own), no request bodies, fewer parameters.
_DOC: dict[str, dict[str, Any]] = {
    "GET /config": {"spec_id": "get_db_config"},
    "POST /config": {"spec_id": "set_db_config", "request": None},
    **{
        f"POST /{p}": {"request": None}
        for p in ("tres", "associations", "users", "clusters", "wckeys", "accounts")
    },
    **{
        f"GET {p}": {"query": ()}
        for p in (
            "/qos",
            "/qos/{qos_name}",
            "/users",
            "/user/{user_name}",
            "/accounts",
            "/account/{account_name}",
        )
    },
    "GET /associations": {"query": (), "params": ()},
    "DELETE /association": {
        "reply": routes.Ref("response_association_delete"),
        "params": tuple(
            routes.Param(p.name, required=p.name in ("account", "user"))
            for p in dbv0_0_38.ASSOC_QUERY
        ),
    },
    "GET /job/{job_id}": {"params": (routes.Param("job_id", legacydoc.INT64, style="label"),)},
}
ROUTES = _ROUTES
for _key, _changes in _DOC.items():
    ROUTES = routes.override(ROUTES, _key, **_changes)

# The document's differences from dbv0.0.38's: no "qos" among a QOS's limits per
# TRES minutes, no container of a job.
QOS_LIMITS = {
    **dbv0_0_38.QOS_LIMITS,
    "limits/max/tres/minutes/per": ("job", "account", "user"),
}
JOB_FIELDS = legacydoc.moved(legacydoc.paths(tables.JOB), "array", "time")

VERSION = context.DbVersion(
    ENVELOPE,
    tables,
    list_filter=handlers.every_entry,
    job_search=JOB_SEARCH,
    routes=ROUTES,
    rules=dbparse.Rules(strict=False),
    amend={
        **dbv0_0_38.DOCUMENTED,
        "job": {
            "types": {
                "allocation_nodes": legacydoc.STRING,
                "het/job_id": {"type": "object"},
                "het/job_offset": {"type": "object"},
            },
            "fields": {"": JOB_FIELDS, **dbv0_0_38.JOB_TIME},
        },
        "qos": {
            "types": {"id": legacydoc.STRING},
            "fields": {"": dbv0_0_38.QOS_FIELDS, **QOS_LIMITS},
        },
        "association": {
            "types": {"usage/normalized_priority": legacydoc.INTEGER},
            "fields": {
                "": legacydoc.moved(("is_default", *dbv0_0_38.ASSOC_FIELDS), "priority", "qos"),
                **dbv0_0_38.ASSOC_LIMITS,
                "max/jobs": ("active", "accruing", "total", "per"),
                "max/tres": ("group", "per", "total", "minutes"),
            },
        },
        "job_step": dbv0_0_38.STEP_TRES,
        "user": {
            "types": {
                "associations": {
                    "type": "object",
                    "properties": {"root": routes.Ref("association_short_info")},
                }
            }
        },
        "tres_info": {"types": {"tres": {"type": "array", "items": routes.Ref("tres_list")}}},
    },
)


def plugin() -> Plugin:
    return context.plugin(VERSION)
