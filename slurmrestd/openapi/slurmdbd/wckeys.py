"""GET and POST /wckeys, GET and DELETE /wckey/{wckey}."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import WCKEY_T, Ctx, named, parse_entries
from slurmrestd.slurm.constants import ESLURM_REST_INVALID_QUERY


def get(ctx: Ctx, name: str | None) -> int:
    cond: dict[str, Any] = {"with_deleted": 1}
    if name:
        cond["name_list"] = [name]
    ctx.doc["wckeys"] = []
    rc, keys = ctx.query("wckeys", cond, WCKEY_T)
    if not rc:
        ctx.doc["wckeys"] = [dp.dump(ctx.t.WCKEY, k, ctx.env) for k in keys]
    return rc


def get_wckeys(ctx: Ctx) -> int:
    return get(ctx, None)


def get_wckey(ctx: Ctx) -> int:
    return named(ctx, "wckey", get)


def post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("wckeys")
    if entries is None:
        return ESLURM_REST_INVALID_QUERY
    rc, keys = parse_entries(
        ctx,
        entries,
        ctx.t.WCKEY,
        lambda: ctx.env.errors.append(
            {"field": "wckey", "error": "each wckey entry must be a dictionary"}
        ),
    )
    if rc:
        return rc
    rc = ctx.add("wckeys", WCKEY_T, keys)
    if not rc and commit:
        rc = ctx.commit()
    return rc


def add_wckeys(ctx: Ctx) -> int:
    return post(ctx, True)


def delete(ctx: Ctx, name: str) -> int:
    ctx.doc["deleted_wckeys"] = []
    rc, names = ctx.removal(
        "slurmdb_wckeys_remove", "slurmdb_wckey_cond_t", {"with_deleted": 1, "name_list": [name]}
    )
    if not rc:
        rc = ctx.commit()
    if not rc:
        ctx.doc["deleted_wckeys"] = names
    return rc


def delete_wckey(ctx: Ctx) -> int:
    return named(ctx, "wckey", delete)
