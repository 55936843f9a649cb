"""POST /config: a whole accounting configuration loaded at once (v0.0.40-v0.0.45).

design: the body is read as the reference reads it, every list in its order
(clusters, tres, accounts, users, qos, wckeys, associations, instances); the
first that does not parse ends the request.  Then the reference adds the
clusters (none is slurmdbd's "Empty list" refusal) and goes on to the TRES,
which its release builds refuse without a report (adding TRES is for
developers' builds only): nothing after that runs and nothing is ever
committed.  We answer the same, so a POST /config changes nothing in slurmdbd
(the clusters added are dropped with the uncommitted connection), as the
reference's does.
"""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmdbd import shapes
from slurmrestd.openapi.content.slurmdbd.body import Body, Field
from slurmrestd.openapi.content.slurmdbd.limits import (
    TRES,
    assoc_table,
    parse_items,
    qos_table,
)
from slurmrestd.openapi.content.slurmdbd.request import Req, run
from slurmrestd.openapi.content.slurmdbd.writes import ACCOUNT, CLUSTER, USER, WCKEY
from slurmrestd.openapi.dataparser import parsing as ps
from slurmrestd.openapi.dataparser.parsing import P

EMPTY_LIST = 2162  # ESLURM_EMPTY_LIST (24.11 on)
RESPONSE = "DATA_PARSER_OPENAPI_SLURMDBD_CONFIG_RESP"

INSTANCE: tuple[P, ...] = (
    P("cluster", "cluster", ps.Str()),
    P("extra", "extra", ps.Str()),
    P("instance_id", "instance_id", ps.Str()),
    P("instance_type", "instance_type", ps.Str()),
    P("node_name", "node_name", ps.Str()),
    P("time/time_end", "time_end", ps.Int(64)),
    P("time/time_start", "time_start", ps.Int(64)),
)

# The lists of the body, in the reference's order: (key, how its records are read).
# A tuple of Field: writes.py's records (body.Body); of P: the data_parser's (parsing).
KEYS = ("clusters", "tres", "accounts", "users", "qos", "wckeys", "associations", "instances")
ENVELOPE = ("meta", "errors", "warnings")


def _parse_list(req: Req, key: str, items: Any) -> list[dict[str, Any]] | None:
    if not isinstance(items, list):
        req.error(
            ps.DATA_EXPECTED_LIST, f"Expected List but found a {ps.type_name(items)}", f"#/{key}/"
        )
        return None
    fields: tuple[Field, ...] | None = {
        "clusters": CLUSTER,
        "accounts": ACCOUNT,
        "users": USER,
        "wckeys": WCKEY,
    }.get(key)
    parser = {
        "clusters": "CLUSTER_REC",
        "accounts": "ACCOUNT",
        "users": "USER",
        "wckeys": "WCKEY",
    }.get(key, "")
    out: list[dict[str, Any]] = []
    if fields is not None:
        body = Body(req, parser, "SLURMDBD_CONFIG")
        for i, item in enumerate(items):
            rec = body.record(item, f"#/{key}[{i}]/", fields)
            if rec is None:
                return None
            out.append(rec)
        return out
    table, type_string, required = {
        "tres": (TRES, "DATA_PARSER_TRES", "type"),
        "qos": (qos_table(req.dp), "DATA_PARSER_QOS", None),
        "associations": (assoc_table(req.dp), "DATA_PARSER_ASSOC", "user"),
        "instances": (INSTANCE, "DATA_PARSER_INSTANCE", None),
    }[key]
    return parse_items(req, key, items, table, type_string, required)


def _unknown(req: Req, doc: dict[str, Any], path: str) -> None:
    for key, value in doc.items():
        if path == "#/" and key in (*KEYS, *ENVELOPE):
            continue
        if isinstance(value, dict):
            _unknown(req, value, f"{path}{key}/")
        else:
            req.warn(
                f'Ignoring unknown field "{key}" of type {ps.type_name(value)} in {RESPONSE}',
                f"{path}{key}/",
            )


def _parse(req: Req) -> dict[str, list[dict[str, Any]]] | None:
    doc = req.call.raw_body
    if not isinstance(doc, dict):
        req.error(
            ps.DATA_EXPECTED_DICT, f"Rejecting {ps.type_name(doc)} when dictionary expected", "#/"
        )
        return None
    req.lists()
    out: dict[str, list[dict[str, Any]]] = {}
    failed = False
    for key in KEYS:
        if key not in doc:
            continue
        parsed = _parse_list(req, key, doc[key])
        if parsed is None:
            failed = True
            break
        out[key] = parsed
    _unknown(req, doc, "#/")
    return None if failed else out


def post_config(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        parsed = _parse(req)
        if parsed is None:
            return
        clusters = [{k: v for k, v in c.items() if k} for c in parsed.get("clusters") or []]
        if not clusters:
            req.errors.append(
                {
                    "description": req.failed_call("slurmdb_clusters_add"),
                    "error_number": EMPTY_LIST,
                    "error": "Empty list",
                    "source": "update_clusters",
                }
            )
            return
        try:
            rc = req.db.add("clusters", "slurmdb_cluster_rec_t", clusters)
        except slurm.SlurmError as exc:
            rc = exc.errno
        if rc:
            req.error(rc, req.failed_call("slurmdb_clusters_add"), "update_clusters")
        # The TRES come next: refused silently by release builds, which ends the load
        # before anything is committed.

    return run(dp, call, body)


OPS = (
    COp(
        "POST",
        "/config",
        "post_config",
        "Load all configuration information",
        post_config,
        body=True,
        request=shapes.CONFIG,
    ),
)
