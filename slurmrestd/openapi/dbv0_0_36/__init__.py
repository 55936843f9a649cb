"""openapi/dbv0.0.36: the slurmdbd endpoints under /slurmdb/v0.0.36/, as dbv0.0.37's differences.

- no POST /associations;
- DELETE /user/{user_name} never removes: the reference answers 400 with no
  error entry (its handler refuses every method but GET, then dumps again);
  GET /user/{user_name} that fails answers 400;
- GET /diag answers 500 (errors[] empty, the statistics whole) once slurmdbd
  lists any user: its dump took the count of users dumped for a failure;
- its own tables (dbv0_0_36/tables.py).
"""

from __future__ import annotations

import dataclasses

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi import dbv0_0_37, dbv0_0_38
from slurmrestd.openapi.common import legacydoc, routes
from slurmrestd.openapi.dbv0_0_36 import tables
from slurmrestd.openapi.slurmdbd import context, diag, users
from slurmrestd.openapi.slurmdbd.context import Ctx, param
from slurmrestd.slurm.constants import ESLURM_DATA_CONV_FAILED, ESLURM_REST_INVALID_QUERY

ENVELOPE = dataclasses.replace(
    dbv0_0_37.ENVELOPE,
    name="openapi/dbv0.0.36",
    title="REST DB v0.0.36",
    prefix="/slurmdb/v0.0.36",
    operation_prefix="slurmdb_v0036_",
)


def get_user(ctx: Ctx) -> int:
    """A failed dump is refused as an invalid query (its error entries stay)."""
    return ESLURM_REST_INVALID_QUERY if users.get_user(ctx) else 0


def get_diag(ctx: Ctx) -> int:
    """The statistics, then a conversion failure if they list any user."""
    rc = diag.diag(ctx)
    if not rc and ctx.doc["statistics"].get("users"):
        return ESLURM_DATA_CONV_FAILED
    return rc


def delete_user(ctx: Ctx) -> int:
    """Refused, whatever the user: 400 with errors[] empty (a missing name says so)."""
    param(ctx, "user_name")
    return ESLURM_REST_INVALID_QUERY


ROUTES = routes.with_handlers(
    routes.without(dbv0_0_37.ROUTES, "POST /associations"),
    {
        "GET /user/{user_name}": get_user,
        "DELETE /user/{user_name}": delete_user,
        "GET /diag": get_diag,
    },
)

# The document's differences from dbv0.0.37's: no QOS limit factor nor jobs' limits
# per account or user; associations in the tables' order but for their limits; the
# diagnostics' statistics named at the top (the answer has them under "statistics").
AMEND = {
    **dbv0_0_37.VERSION.amend,
    "qos": {
        "types": {"id": legacydoc.STRING},
        "fields": {
            "": dbv0_0_38.QOS_FIELDS,
            **{k: v for k, v in dbv0_0_37.QOS_LIMITS.items() if k != "limits/max/jobs"},
            "limits": ("max", "min"),
        },
    },
    "association": {
        "types": {"usage/normalized_priority": legacydoc.INTEGER},
        "fields": dbv0_0_38.ASSOC_LIMITS,
    },
    "diag": {"lift": ("statistics",)},
}

VERSION = dataclasses.replace(
    dbv0_0_37.VERSION, envelope=ENVELOPE, tables=tables, routes=ROUTES, amend=AMEND
)


def plugin() -> Plugin:
    return context.plugin(VERSION)
