"""The handlers dbv0.0.37 overrides: what its reference did differently from dbv0.0.38."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.slurmdbd import accounts, associations, clusters, config, tres, users
from slurmrestd.openapi.slurmdbd.context import ASSOC_T, Ctx, parse_entries
from slurmrestd.slurm.constants import ESLURM_REST_INVALID_QUERY


def every_entry(ctx: Ctx, cond: dict[str, Any]) -> int:
    """List GETs ignore the query and include deleted entries."""
    cond["with_deleted"] = 1
    return 0


def every_cluster(cond: dict[str, Any]) -> None:
    """A job search without ?cluster= is of every cluster."""


def _exact_cond(ctx: Ctx) -> dict[str, Any]:
    """The association filter of the query: each value as sent, not a comma list."""
    cond: dict[str, Any] = {}
    for name, list_field in associations.QUERY:
        value = ctx.call.query.get(name)
        if isinstance(value, str):
            cond[list_field] = [value]
    return cond


def get_associations(ctx: Ctx) -> int:
    """Every association, deleted ones too: the query is ignored."""
    return associations.get(ctx, {"with_deleted": 1}, False)


def get_association(ctx: Ctx) -> int:
    """Every association the query matches, however many."""
    return associations.get(ctx, _exact_cond(ctx), False)


def delete_association(ctx: Ctx) -> int:
    """The key appears only once the removal succeeded; no extra errors[] entry."""
    cond = _exact_cond(ctx)
    cond.setdefault("acct_list", [])
    cond.setdefault("user_list", [])
    rc, names = ctx.removal("slurmdb_associations_remove", "slurmdb_assoc_cond_t", cond)
    if rc:
        return rc
    ctx.doc["removed_associations"] = names
    return ctx.commit()


def update_associations(ctx: Ctx) -> int:
    """Every association added in one call (none modified); any bad entry adds none."""
    entries = ctx.key_list("associations")
    records: list[dict[str, Any]] = []
    if entries is not None:
        rc = ctx.globals()
        if rc:
            return rc
        rc, records = parse_entries(
            ctx,
            entries,
            ctx.t.ASSOC,
            lambda: ctx.error(
                ESLURM_REST_INVALID_QUERY, "Associations must be a list of dictionaries", None
            ),
        )
        if rc:
            return rc
    rc = ctx.add("associations", ASSOC_T, [associations.record(r) for r in records])
    if not rc:
        rc = ctx.commit()
    return rc


def _accounts_as_sent(ctx: Ctx, commit: bool) -> int:
    """Accounts added without sacctmgr's defaults."""
    rc, accts = accounts.parsed(ctx)
    if rc:
        return rc
    return accounts.add(ctx, accts, commit)


def update_account(ctx: Ctx) -> int:
    return _accounts_as_sent(ctx, True)


def get_config(ctx: Ctx) -> int:
    """A step that fails with a negative rc does not stop the dump (the worst rc wins)."""
    return config.run(ctx, config.DUMP, max)


# No QOS step: this version cannot load QOS, so its load ended there and never reached
# wckeys and associations.
LOAD: tuple[config.Step, ...] = (
    lambda ctx: clusters.post(ctx, False),
    lambda ctx: tres.post(ctx, False),
    lambda ctx: _accounts_as_sent(ctx, False),
    lambda ctx: users.post(ctx, False),
)


def set_config(ctx: Ctx) -> int:
    """What loaded before a failure is committed, and the commit's rc is the answer."""
    config.run(ctx, LOAD, max)
    return ctx.commit()
