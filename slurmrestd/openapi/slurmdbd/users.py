"""GET and POST /users, GET and DELETE /user/{user_name}."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import (
    USER_T,
    Ctx,
    named,
    not_an_object,
    param,
    parse_entries,
    with_globals,
)
from slurmrestd.slurm.constants import ESLURM_NOT_SUPPORTED, ESLURM_REST_INVALID_QUERY


def get(ctx: Ctx, name: str | None, cond: dict[str, Any]) -> int:
    cond.update(
        {
            "assoc_cond": {"user_list": [name]} if name else {},
            "with_assocs": 1,
            "with_coords": 1,
            "with_wckeys": 1,
        }
    )
    ctx.doc["users"] = []
    rc, users = with_globals(ctx, "users", cond, USER_T, globals_first=False)
    if not rc:
        ctx.doc["users"] = [dp.dump(ctx.t.USER, u, ctx.env) for u in users]
    return rc


def _get(ctx: Ctx, name: str | None) -> int:
    cond: dict[str, Any] = {}
    if ctx.v.list_filter(ctx, cond):
        return ESLURM_REST_INVALID_QUERY
    return get(ctx, name, cond)


def get_users(ctx: Ctx) -> int:
    return _get(ctx, None)


def get_user(ctx: Ctx) -> int:
    name = param(ctx, "user_name")
    return ESLURM_REST_INVALID_QUERY if name is None else _get(ctx, name)


def post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("users")
    if entries is None:
        return ESLURM_REST_INVALID_QUERY
    rc, users = parse_entries(
        ctx, entries, ctx.t.USER, not_an_object(ctx, ESLURM_NOT_SUPPORTED, "user")
    )
    if rc:
        return rc
    rc = ctx.add("users", USER_T, users)
    if not rc:
        for u in users:
            direct = [c["name"] for c in u.get("coord_accts") or [] if c.get("direct")]
            if not u.get("coord_accts"):
                continue
            crc = ctx.db.coord_add(direct, u.get("name") or "")
            if crc:
                rc = ctx.error(crc, None, "slurmdb_coord_add")
                break
    if not rc and commit:
        ctx.commit()
    return rc


def update_users(ctx: Ctx) -> int:
    return post(ctx, True)


def delete(ctx: Ctx, name: str) -> int:
    cond = {
        "assoc_cond": {"user_list": [name]},
        "with_assocs": 1,
        "with_coords": 1,
        "with_wckeys": 1,
    }
    rc, names = ctx.removal("slurmdb_users_remove", "slurmdb_user_cond_t", cond)
    if not rc:
        ctx.doc["removed_users"] = names
        rc = ctx.commit()
    return rc


def delete_user(ctx: Ctx) -> int:
    return named(ctx, "user_name", delete)
