"""GET and POST /clusters, GET and DELETE /cluster/{cluster_name}."""

from __future__ import annotations

from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.slurmdbd.context import CLUSTER_T, TRES_T, Ctx, named
from slurmrestd.slurm.constants import ESLURM_REST_INVALID_QUERY, NO_VAL


def get(ctx: Ctx, name: str | None) -> int:
    ctx.doc["clusters"] = []
    rc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    if not rc:
        cond = {
            "cluster_list": [name] if name else [],
            "with_deleted": 1,
            "with_usage": 1,
            "flags": NO_VAL,
        }
        rc, clusters = ctx.query("clusters", cond, CLUSTER_T)
        if not rc:
            ctx.doc["clusters"] = [dp.dump(ctx.t.CLUSTER, c, ctx.env) for c in clusters]
    return rc


def get_clusters(ctx: Ctx) -> int:
    return get(ctx, None)


def get_cluster(ctx: Ctx) -> int:
    return named(ctx, "cluster_name", get)


def post(ctx: Ctx, commit: bool) -> int:
    entries = ctx.key_list("clusters")
    rc, ctx.env.tres = ctx.query("tres", {"with_deleted": 1}, TRES_T)
    clusters = []
    if not rc:
        for entry in entries or []:
            if not isinstance(entry, dict):
                ctx.error(
                    ESLURM_REST_INVALID_QUERY, "each cluster entry must be a dictionary", None
                )
                break
            prc, rec = dp.parse(ctx.t.CLUSTER, entry, ctx.env, ctx.v.rules)
            clusters.append(rec)
            if prc:
                break
    # As the reference: what parsed is added, and the add's result is the answer.
    rc = ctx.add("clusters", CLUSTER_T, clusters)
    if not rc and commit:
        ctx.commit()
    return rc


def add_clusters(ctx: Ctx) -> int:
    return post(ctx, True)


def delete(ctx: Ctx, name: str) -> int:
    ctx.doc["deleted_clusters"] = []
    rc, names = ctx.removal(
        "slurmdb_clusters_remove",
        "slurmdb_cluster_cond_t",
        {"with_deleted": 1, "cluster_list": [name]},
    )
    if not rc:
        rc = ctx.commit()
    if not rc:
        ctx.doc["deleted_clusters"] = names
    return rc


def delete_cluster(ctx: Ctx) -> int:
    return named(ctx, "cluster_name", delete)
