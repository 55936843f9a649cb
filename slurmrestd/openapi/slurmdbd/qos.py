"""GET and POST /qos, GET and DELETE /qos/{qos_name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import QOS_T, TRES_T, Ctx, param
from slurmrestd.slurm.constants import ESLURM_REST_INVALID_QUERY, INFINITE, NO_VAL


def _get(ctx: Ctx, *, single: bool) -> int:
    cond: dict[str, Any] = {}
    if ctx.v.list_filter(ctx, cond):
        return ESLURM_REST_INVALID_QUERY
    rc, qos = ctx.query("qos", cond, QOS_T)
    name = None
    if not rc and single:
        name = param(ctx, "qos_name")
        if name is None:
            rc = ESLURM_REST_INVALID_QUERY
    if rc:
        return rc
    ctx.doc["QOS"] = []
    trc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    ctx.env.qos = qos
    if not trc:
        for q in qos:
            if name is None or q["name"] == name:
                ctx.doc["QOS"].append(dp.dump(ctx.t.QOS, q, ctx.env))
    return 0


def get_qos(ctx: Ctx) -> int:
    return _get(ctx, single=False)


def get_single_qos(ctx: Ctx) -> int:
    return _get(ctx, single=True)


def delete_qos(ctx: Ctx) -> int:
    name = param(ctx, "qos_name")
    if name is None:
        return ESLURM_REST_INVALID_QUERY
    rc, names = ctx.removal("slurmdb_qos_remove", "slurmdb_qos_cond_t", {"name_list": [name]})
    if rc:
        return rc
    ctx.doc["removed_qos"] = names
    return ctx.commit()


def post(ctx: Ctx, commit: bool) -> int:
    """Each QOS of the body added, or modified where one of its id or name exists."""
    entries = ctx.key_list("QOS")
    if entries is None:
        return ESLURM_REST_INVALID_QUERY
    rc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    if not rc:
        rc, ctx.env.qos = ctx.query("qos", {}, QOS_T)
    if not rc:
        for entry in entries:
            if _update(ctx, entry):
                rc = ESLURM_REST_INVALID_QUERY
                break
    if not rc and commit:
        rc = ctx.commit()
    return rc


def update_qos(ctx: Ctx) -> int:
    return post(ctx, True)


def _update(ctx: Ctx, entry: Any) -> int:
    if not isinstance(entry, dict):
        return ctx.error(ESLURM_REST_INVALID_QUERY, "each QOS entry must be a dictionary", None)
    prc, rec = dp.parse(ctx.t.QOS, entry, ctx.env, ctx.v.rules)
    if prc:
        return prc
    rec = {"flags": 0, "preempt_mode": 0, **rec}
    qos_id, name = rec.get("id") or 0, rec.get("name")
    if qos_id in (NO_VAL, INFINITE):
        qos_id = 0
        rec.pop("id", None)
    found: list[Any] = []
    cond: dict[str, Any] = {}
    if qos_id:
        cond["id_list"] = [str(qos_id)]
    if name:
        cond["name_list"] = [name]
    if cond:
        try:
            found = ctx.db.get("qos", cond, QOS_T)
        except slurm.SlurmError:
            found = []
    if not found and qos_id:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY,
            "QOS was not found for the requested ID",
            "_foreach_update_qos",
        )
    if not found and not name:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, "Cannot create a QOS without a name", "_foreach_update_qos"
        )
    if not found:
        return ctx.add("qos", QOS_T, [rec])
    if len(found) > 1:
        return ctx.error(
            ESLURM_REST_INVALID_QUERY, "ambiguous modify request", "_foreach_update_qos"
        )
    return ctx.modify("slurmdb_qos_modify", "slurmdb_qos_cond_t", cond, QOS_T, rec)
