"""GET and POST /tres."""

from __future__ import annotations

from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import TRES_T, Ctx
from slurmrestd.slurm.constants import ESLURM_NOT_SUPPORTED


def get(ctx: Ctx) -> int:
    rc, items = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    if not rc:
        ctx.doc["TRES"] = [dp.dump(ctx.t.TRES, t, ctx.env) for t in items]
    return 0


def post(ctx: Ctx, commit: bool) -> int:
    # Debian's build (NDEBUG): updating TRES is refused; inside /config it is skipped.
    if not commit:
        return 0
    return ctx.error(ESLURM_NOT_SUPPORTED, "Updating TRES is not currently supported.", None)


def update_tres(ctx: Ctx) -> int:
    return post(ctx, True)
