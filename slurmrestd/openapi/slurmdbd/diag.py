"""GET /diag: slurmdbd's statistics."""

from __future__ import annotations

from slurmrestd import slurm
from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import Ctx
from slurmrestd.slurm import db as slurmdb


def diag(ctx: Ctx) -> int:
    try:
        stats = ctx.db.stats()
    except slurmdb.DbError as exc:
        return ctx.error(exc.errno, None, "openapi_get_db_conn")
    except slurm.SlurmError as exc:
        return ctx.error(exc.errno, None, "slurmdb_get_stats")
    try:
        ctx.doc["statistics"] = dp.dump(ctx.t.STATS, stats, ctx.env)
    except dp.ParseError as exc:
        return exc.rc
    return 0
