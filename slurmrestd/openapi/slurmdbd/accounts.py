"""GET and POST /accounts, GET and DELETE /account/{account_name}."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import (
    ACCOUNT_T,
    Ctx,
    not_an_object,
    param,
    parse_entries,
    with_globals,
)
from slurmrestd.slurm.constants import ESLURM_REST_INVALID_QUERY


def get(ctx: Ctx, cond: dict[str, Any]) -> int:
    ctx.doc["accounts"] = []
    cond.update({"with_assocs": 1, "with_coords": 1})
    rc, accts = with_globals(ctx, "accounts", cond, ACCOUNT_T, globals_first=True)
    if not rc:
        ctx.doc["accounts"] = [dp.dump(ctx.t.ACCOUNT, a, ctx.env) for a in accts]
    return rc


def get_accounts(ctx: Ctx) -> int:
    cond: dict[str, Any] = {}
    ctx.v.list_filter(ctx, cond)  # as the reference: a bad query is reported, not fatal
    return get(ctx, cond)


def get_account(ctx: Ctx) -> int:
    name = param(ctx, "account_name")
    if name is None:
        return 0
    cond: dict[str, Any] = {"assoc_cond": {"acct_list": [name]}}
    if ctx.v.list_filter(ctx, cond):
        return ESLURM_REST_INVALID_QUERY
    return get(ctx, cond)


def parsed(ctx: Ctx) -> tuple[int, list[dict[str, Any]]]:
    """The accounts of the body, parsed."""
    entries = ctx.key_list("accounts")
    return parse_entries(
        ctx, entries or [], ctx.t.ACCOUNT, not_an_object(ctx, ESLURM_REST_INVALID_QUERY, "account")
    )


def add(ctx: Ctx, accts: list[dict[str, Any]], commit: bool) -> int:
    rc = ctx.add("accounts", ACCOUNT_T, accts)
    if not rc and commit:
        rc = ctx.commit()
    return rc


def post(ctx: Ctx, commit: bool) -> int:
    """The accounts of the body added, with sacctmgr's defaults."""
    rc, accts = parsed(ctx)
    if rc:
        return rc
    for rec in accts:
        rec.setdefault("organization", rec.get("name"))
        rec.setdefault("description", rec.get("name"))
    return add(ctx, accts, commit)


def update_account(ctx: Ctx) -> int:
    return post(ctx, True)


def delete_account(ctx: Ctx) -> int:
    name = param(ctx, "account_name")
    if name is None:
        return 0
    cond = {"assoc_cond": {"acct_list": [name], "user_list": []}}
    rc, names = ctx.removal("slurmdb_accounts_remove", "slurmdb_account_cond_t", cond)
    if not rc:
        ctx.doc["removed_associations"] = names
    return ctx.commit()
