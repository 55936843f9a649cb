"""The accounting GETs of openapi/slurmdbd: TRES, QOS, accounts, users, associations,
wckeys, clusters, instances, config, diag and ping."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmdbd import shapes
from slurmrestd.openapi.content.slurmdbd.request import (
    AMBIGUOUS_MODIFY,
    AMBIGUOUS_QUERY,
    Key,
    Req,
    params,
    run,
)
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.constants import NO_VAL

B, L, T, N = "bool", "list", "text", "number"

ACCOUNT_KEYS_40 = (
    Key("description", "description_list", L),
    Key("with_assocs", "with_assocs", B),
    Key("with_coords", "with_coords", B),
    Key("with_deleted", "with_deleted", B),
)
# v0.0.41 on: the condition's flags by name; any value sets one.
ACCOUNT_KEYS_41 = (
    Key("description", "description_list", L),
    Key("DELETED", "with_deleted", "flag"),
    Key("WithAssociations", "with_assocs", "flag"),
    Key("WithCoordinators", "with_coords", "flag"),
    Key("NoUsersAreCoords", "", "skip", flag=True),
    Key("UsersAreCoords", "", "skip", flag=True),
)
ACCOUNT_ONE_KEYS = (
    Key("with_assocs", "with_assocs", B),
    Key("with_coords", "with_coords", B),
    Key("with_deleted", "with_deleted", B),
)
USER_KEYS = (
    Key("admin_level", "admin_level", "admin", "accounting.ADMIN_LEVEL"),
    Key("default_account", "def_acct_list", L),
    Key("default_wckey", "def_wckey_list", L),
    Key("with_assocs", "with_assocs", B),
    Key("with_coords", "with_coords", B),
    Key("with_deleted", "with_deleted", B),
    Key("with_wckeys", "with_wckeys", B),
    Key("without_defaults", "without_defaults", B),
)
USER_ONE_KEYS = (
    Key("with_deleted", "with_deleted", B),
    Key("with_assocs", "with_assocs", B),
    Key("with_coords", "with_coords", B),
    Key("with_wckeys", "with_wckeys", B),
)
QOS_KEYS = (
    Key("description", "description_list", L),
    Key("id", "id_list", L),
    Key("format", "format_list", L),
    Key("name", "name_list", L),
    Key("preempt_mode", "preempt_mode", N, "accounting.PREEMPT_MODES"),
    Key("with_deleted", "with_deleted", "flag"),
)
# The document's QOS keys of v0.0.42 on: the flag by its description (the handler reads
# QOS_KEYS, as the reference reads either).
QOS_KEYS_42 = (
    QOS_KEYS[0],
    Key("Include deleted QOS", "with_deleted", "flag"),
    *QOS_KEYS[1:-1],
)
ASSOC_KEYS = (
    Key("account", "acct_list", L),
    Key("cluster", "cluster_list", L),
    Key("default_qos", "def_qos_id_list", L),
    Key("format", "format_list", L),
    Key("id", "id_list", L),
    Key("only_defaults", "only_defs", B),
    Key("parent_account", "parent_acct_list", L),
    Key("partition", "partition_list", L),
    Key("qos", "qos_list", L),
    Key("usage_end", "", "skip"),
    Key("usage_start", "", "skip"),
    Key("user", "user_list", L),
    Key("with_usage", "with_usage", B),
    Key("with_deleted", "with_deleted", B),
    Key("with_raw_qos", "with_raw_qos", B),
    Key("with_sub_accts", "with_sub_accts", B),
    Key("without_parent_info", "without_parent_info", B),
    Key("without_parent_limits", "without_parent_limits", B),
)
# v0.0.42 on: the condition's flags by their descriptions (as the reference names them).
ASSOC_KEYS_42 = (
    *ASSOC_KEYS[:3],
    Key("Include deleted associations", "with_deleted", "flag"),
    Key("Include usage", "with_usage", "flag"),
    Key("Filter to only defaults", "only_defs", "flag"),
    Key("Include the raw QOS or delta_qos", "with_raw_qos", "flag"),
    Key("Include sub acct information", "with_sub_accts", "flag"),
    Key("Exclude parent id/name", "without_parent_info", "flag"),
    Key("Exclude limits from parents", "without_parent_limits", "flag"),
    *(k for k in ASSOC_KEYS[3:] if k.kind != B),
)
WCKEY_KEYS = (
    Key("cluster", "cluster_list", L),
    Key("format", "format_list", L),
    Key("id", "id_list", L),
    Key("name", "name_list", L),
    Key("only_defaults", "only_defs", B),
    Key("usage_end", "", "skip"),
    Key("usage_start", "", "skip"),
    Key("user", "user_list", L),
    Key("with_usage", "with_usage", B),
    Key("with_deleted", "with_deleted", B),
)
CLUSTER_KEYS = (
    Key("classification", "classification", N, "accounting.CLUSTER_CLASSIFICATION"),
    Key("cluster", "cluster_list", L),
    Key("federation", "federation_list", L),
    Key("flags", "flags", N, "accounting.CLUSTER_FLAGS"),
    Key("format", "format_list", L),
    Key("rpc_version", "rpc_version_list", L),
    Key("usage_end", "", "skip"),
    Key("usage_start", "", "skip"),
    Key("with_deleted", "with_deleted", B),
    Key("with_usage", "with_usage", B),
)


# The document's parameters of each condition, version by version.
QOS_PARAMS = params(QOS_KEYS, until="v0.0.41") + params(QOS_KEYS_42, since="v0.0.42")
ASSOC_PARAMS = params(ASSOC_KEYS, until="v0.0.41") + params(ASSOC_KEYS_42, since="v0.0.42")
ACCOUNT_PARAMS = params(ACCOUNT_KEYS_40, until="v0.0.40") + params(ACCOUNT_KEYS_41, since="v0.0.41")


def _dump(req: Req, table: Any, records: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [dump(table, r, req.env) for r in records or []]


def _answer(req: Req, key: str, table: Any, records: list[dict[str, Any]] | None) -> None:
    """The records found under key; nothing when the query failed (None)."""
    if records is not None:
        req.payload[key] = _dump(req, table, records)


# --- TRES -------------------------------------------------------------------------


def _tres(req: Req) -> None:
    found = req.get("tres", {"with_deleted": 1}, "slurmdb_tres_rec_t", "op_handler_tres")
    _answer(req, "TRES", req.t.TRES, found)


def get_tres(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, _tres)


# --- QOS --------------------------------------------------------------------------


def _qos(req: Req, cond: dict[str, Any]) -> None:
    found = req.listed("qos", cond, "slurmdb_qos_rec_t", "_op_handler_qos", qos=False)
    req.env.qos = list(found or [])
    if not req.dp.at_least("v0.0.41") or found:
        req.lists(tres=False)
    _answer(req, "qos", req.t.QOS, found)


def get_qos(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _qos(req, req.condition("QOS_CONDITION", QOS_KEYS)))


def get_single_qos(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        cond = req.condition("QOS_CONDITION", (Key("with_deleted", "with_deleted", "flag"),))
        cond["name_list"] = [call.params.get("qos", "")]
        _qos(req, cond)

    return run(dp, call, body)


# --- accounts ---------------------------------------------------------------------


def _accounts(req: Req, cond: dict[str, Any]) -> None:
    found = req.listed("accounts", cond, "slurmdb_account_rec_t", "_dump_accounts")
    _answer(req, "accounts", req.t.ACCOUNT, found)


def get_accounts(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    keys = ACCOUNT_KEYS_41 if dp.at_least("v0.0.41") else ACCOUNT_KEYS_40
    return run(dp, call, lambda req: _accounts(req, req.condition("ACCOUNT_CONDITION", keys)))


def get_account(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        cond = req.condition("ACCOUNT_CONDITION", ACCOUNT_ONE_KEYS)
        cond["assoc_cond"] = {"acct_list": [call.params.get("account_name", "")]}
        _accounts(req, cond)

    return run(dp, call, body)


# --- users ------------------------------------------------------------------------


def _users(req: Req, cond: dict[str, Any]) -> None:
    found = req.listed("users", cond, "slurmdb_user_rec_t", "_dump_users")
    _answer(req, "users", req.t.USER, found)


def get_users(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _users(req, req.condition("USER_CONDITION", USER_KEYS)))


def get_user(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        cond = req.condition("USER_CONDITION", USER_ONE_KEYS)
        cond["assoc_cond"] = {"user_list": [call.params.get("name", "")]}
        _users(req, cond)

    return run(dp, call, body)


# --- associations -----------------------------------------------------------------


def _associations(req: Req, only_one: bool) -> None:
    keys = ASSOC_KEYS_42 if req.dp.at_least("v0.0.42") else ASSOC_KEYS
    cond = req.condition("ASSOC_CONDITION", keys)
    found = req.listed("associations", cond, "slurmdb_assoc_rec_t", "_dump_assoc_cond")
    if only_one and found and len(found) > 1:
        req.error(
            AMBIGUOUS_QUERY,
            "Ambiguous request: More than 1 association would have been dumped.",
            "_dump_assoc_cond",
        )
        found = []
    req.payload["associations"] = _dump(req, req.t.ASSOC, found)


def get_associations(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _associations(req, False))


def get_association(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _associations(req, True))


# --- wckeys -----------------------------------------------------------------------


def _wckeys(req: Req, cond: dict[str, Any]) -> None:
    found = req.get("wckeys", cond, "slurmdb_wckey_rec_t", "_dump_wckeys")
    _answer(req, "wckeys", req.t.WCKEY, found)


def get_wckeys(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _wckeys(req, req.condition("WCKEY_CONDITION", WCKEY_KEYS)))


def get_wckey(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        # The path names the wckey by name, whatever the parameter is called.
        _wckeys(req, {"name_list": [call.params.get("id", "")]})

    return run(dp, call, body)


# --- clusters ---------------------------------------------------------------------


def _clusters(req: Req, cond: dict[str, Any] | None) -> None:
    found = req.listed("clusters", cond, "slurmdb_cluster_rec_t", "_dump_clusters", qos=False)
    _answer(req, "clusters", req.t.CLUSTER, found)


def get_clusters(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        # No condition at all (as the reference): an empty one finds no cluster.
        req.condition("CLUSTER_CONDITION", ())
        _clusters(req, None)

    return run(dp, call, body)


def get_cluster(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        cond = req.condition("CLUSTER_CONDITION", CLUSTER_KEYS)
        cond["cluster_list"] = [call.params.get("cluster_name", "")]
        cond.setdefault("flags", NO_VAL)  # any flags
        _clusters(req, cond)

    return run(dp, call, body)


# --- instances --------------------------------------------------------------------

INSTANCE_KEYS = (
    Key("cluster", "cluster_list", L),
    Key("extra", "extra_list", L),
    Key("format", "format_list", L),
    Key("instance_id", "instance_id_list", L),
    Key("instance_type", "instance_type_list", L),
    Key("node_list", "node_list", T),
    Key("time_end", "time_end", N),
    Key("time_start", "time_start", N),
)


def _instances(req: Req, only_one: bool) -> None:
    cond = req.condition("INSTANCE_CONDITION", INSTANCE_KEYS)
    if not slurmdb.with_instances():
        # 22.05's slurmdbd keeps no cloud instances: it has none to find.
        req.warn(req.nothing("slurmdb_instances_get"), "_dump_instance_cond")
        return
    found = req.get("instances", cond, "slurmdb_instance_rec_t", "_dump_instance_cond")
    if only_one and found and len(found) > 1:
        req.error(
            AMBIGUOUS_QUERY,
            "Ambiguous request: More than 1 instance would have been dumped.",
            "_dump_instance_cond",
        )
    elif found:
        _answer(req, "instances", req.t.INSTANCE, found)


def get_instances(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _instances(req, False))


def get_instance(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _instances(req, True))


# --- config -----------------------------------------------------------------------

# What GET /config asks slurmdbd for (the reference's conditions), in its order.
CONFIG_ASSOC = {"with_deleted": 1, "with_usage": 1, "with_raw_qos": 1, "with_sub_accts": 1}
CONFIG: tuple[tuple[str, str, str, dict[str, Any] | None], ...] = (
    (
        "clusters",
        "slurmdb_cluster_rec_t",
        "CLUSTER",
        {"flags": NO_VAL, "with_deleted": 1, "with_usage": 1},
    ),
    ("tres", "slurmdb_tres_rec_t", "TRES", {"with_deleted": 1}),
    (
        "accounts",
        "slurmdb_account_rec_t",
        "ACCOUNT",
        {"assoc_cond": CONFIG_ASSOC, "with_deleted": 1, "with_assocs": 1, "with_coords": 1},
    ),
    (
        "users",
        "slurmdb_user_rec_t",
        "USER",
        {"assoc_cond": CONFIG_ASSOC, "with_deleted": 1, "with_assocs": 1, "with_coords": 1},
    ),
    ("qos", "slurmdb_qos_rec_t", "QOS", {"with_deleted": 1}),
    ("wckeys", "slurmdb_wckey_rec_t", "WCKEY", {"with_deleted": 1, "with_usage": 1}),
    ("associations", "slurmdb_assoc_rec_t", "ASSOC", CONFIG_ASSOC),
)


def _config(req: Req) -> None:
    req.lists()
    lists: dict[str, list[dict[str, Any]]] = {}
    for what, item, _table, cond in CONFIG:
        if what == "wckeys":  # nothing found is no warning here
            try:
                lists[what] = req.db.get(what, cond, item)
            except slurm.SlurmError as exc:
                req.error(exc.errno, req.failed("slurmdb_wckeys_get"), "_dump")
                return
            continue
        found = req.get(what, cond, item, "_dump")
        if found is None:
            return
        lists[what] = found
    for what, _item, table, _cond in CONFIG:
        req.payload[what] = _dump(req, getattr(req.t, table), lists.get(what))
    # The instances, never loaded, where the version's answer lists them (not v0.0.45).
    if any(f.path == "instances" for f in req.t.CONFIG_KEYS):
        req.payload["instances"] = []


def get_config(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, _config)


# --- deletions --------------------------------------------------------------------


def delete_account(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        name = call.params.get("account_name", "")
        cond = {"assoc_cond": {"acct_list": [name], "user_list": []}}
        removed = req.remove(
            "slurmdb_accounts_remove", "slurmdb_account_cond_t", cond, "_delete_account"
        )
        if removed is None:
            return
        req.payload["removed_accounts"] = removed
        if removed:
            req.commit("_delete_account")

    return run(dp, call, body)


def delete_user(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        cond = {"assoc_cond": {"user_list": [call.params.get("name", "")]}}
        removed = req.remove("slurmdb_users_remove", "slurmdb_user_cond_t", cond, "_delete_user")
        if removed is not None:
            req.payload["removed_users"] = removed
            req.commit("_delete_user")

    return run(dp, call, body)


def delete_qos(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        cond = {"name_list": [call.params.get("qos", "")]}
        removed = req.remove("slurmdb_qos_remove", "slurmdb_qos_cond_t", cond, "_op_handler_qos")
        if removed and not req.errors:
            req.commit("_op_handler_qos")
        req.payload["removed_qos"] = removed or []

    return run(dp, call, body)


def delete_wckey(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        cond = {"name_list": [call.params.get("id", "")]}
        removed = req.remove("slurmdb_wckeys_remove", "slurmdb_wckey_cond_t", cond, "_delete_wckey")
        if removed is not None:
            req.commit("_delete_wckey")
        req.payload["deleted_wckeys"] = removed or []

    return run(dp, call, body)


def delete_cluster(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        cond = req.condition("CLUSTER_CONDITION", CLUSTER_KEYS)
        cond["cluster_list"] = [call.params.get("cluster_name", "")]
        cond.setdefault("flags", NO_VAL)
        removed = req.remove(
            "slurmdb_clusters_remove", "slurmdb_cluster_cond_t", cond, "_delete_cluster"
        )
        if removed is not None:
            req.commit("_delete_cluster")
            req.payload["deleted_clusters"] = removed

    return run(dp, call, body)


def _delete_associations(req: Req, only_one: bool) -> None:
    keys = ASSOC_KEYS_42 if req.dp.at_least("v0.0.42") else ASSOC_KEYS
    cond = req.condition("ASSOC_CONDITION", keys)
    removed = req.remove(
        "slurmdb_associations_remove", "slurmdb_assoc_cond_t", cond, "_delete_assoc"
    )
    if removed is None:
        first = req.errors[0]
        req.error(first.get("error_number", 0), "remove associations failed", "_delete_assoc")
    elif only_one and len(removed) > 1:
        req.error(
            AMBIGUOUS_MODIFY,
            "ambiguous request: More than 1 association would have been deleted.",
            "_delete_assoc",
        )
    else:
        req.payload["removed_associations"] = removed
        req.commit("_delete_assoc")


def delete_associations(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _delete_associations(req, False))


def delete_association(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, lambda req: _delete_associations(req, True))


# --- diag and ping ----------------------------------------------------------------


def _diag(req: Req) -> None:
    try:
        stats = req.db.stats()
    except slurm.SlurmError as exc:
        req.payload["statistics"] = {}
        req.error(exc.errno, "stats query failed", "slurmdb_get_stats")
        return
    req.payload["statistics"] = dump(req.t.STATS, stats, req.env)


def get_diag(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    return run(dp, call, _diag)


def get_ping(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        req.payload["pings"] = [dump(req.t.PING, p, req.env) for p in slurmdb.ping_all()]

    return run(dp, call, body)


OPS = (
    COp(
        "GET",
        "/config",
        "get_config",
        "Dump all configuration information",
        get_config,
        response=shapes.CONFIG,
    ),
    COp("GET", "/tres/", "get_tres", "Get TRES info", get_tres, response=shapes.TRES),
    COp(
        "GET",
        "/qos/{qos}",
        "get_single_qos",
        "Get QOS info",
        get_single_qos,
        params=params((Key("with_deleted", "with_deleted", "bool"),)),
        response=shapes.QOS,
    ),
    COp(
        "GET",
        "/qos/",
        "get_qos",
        "Get QOS list",
        get_qos,
        params=QOS_PARAMS,
        response=shapes.QOS,
    ),
    COp(
        "GET",
        "/associations/",
        "get_associations",
        "Get association list",
        get_associations,
        params=ASSOC_PARAMS,
        response=shapes.ASSOCS,
    ),
    COp(
        "GET",
        "/association/",
        "get_association",
        "Get association info",
        get_association,
        params=ASSOC_PARAMS,
        response=shapes.ASSOCS,
    ),
    COp(
        "GET",
        "/instances/",
        "get_instances",
        "Get instance list",
        get_instances,
        params=params(INSTANCE_KEYS),
        response=shapes.INSTANCES,
    ),
    COp(
        "GET",
        "/instance/",
        "get_instance",
        "Get instance info",
        get_instance,
        params=params(INSTANCE_KEYS),
        response=shapes.INSTANCES,
    ),
    COp(
        "GET",
        "/user/{name}",
        "get_user",
        "Get user info",
        get_user,
        params=params(USER_ONE_KEYS),
        response=shapes.USERS,
    ),
    COp(
        "GET",
        "/users/",
        "get_users",
        "Get user list",
        get_users,
        params=params(USER_KEYS),
        response=shapes.USERS,
    ),
    COp(
        "GET",
        "/cluster/{cluster_name}",
        "get_cluster",
        "Get cluster info",
        get_cluster,
        params=params(CLUSTER_KEYS),
        response=shapes.CLUSTERS,
    ),
    COp(
        "GET",
        "/clusters/",
        "get_clusters",
        "Get cluster list",
        get_clusters,
        ("update_time",),
        response=shapes.CLUSTERS,
    ),
    COp("GET", "/wckey/{id}", "get_wckey", "Get wckey info", get_wckey, response=shapes.WCKEYS),
    COp(
        "GET",
        "/wckeys/",
        "get_wckeys",
        "Get wckey list",
        get_wckeys,
        params=params(WCKEY_KEYS),
        response=shapes.WCKEYS,
    ),
    COp(
        "GET",
        "/account/{account_name}",
        "get_account",
        "Get account info",
        get_account,
        params=params(ACCOUNT_ONE_KEYS),
        response=shapes.ACCOUNTS,
    ),
    COp(
        "GET",
        "/accounts/",
        "get_accounts",
        "Get account list",
        get_accounts,
        params=ACCOUNT_PARAMS,
        response=shapes.ACCOUNTS,
    ),
    COp(
        "GET",
        "/diag/",
        "get_diag",
        "Get slurmdb diagnostics",
        get_diag,
        response=shapes.STATS,
    ),
    COp(
        "DELETE",
        "/qos/{qos}",
        "delete_single_qos",
        "Delete QOS",
        delete_qos,
        response=shapes.QOS_REMOVED,
    ),
    COp(
        "DELETE",
        "/associations/",
        "delete_associations",
        "Delete associations",
        delete_associations,
        params=ASSOC_PARAMS,
        response=shapes.ASSOCS_REMOVED,
    ),
    COp(
        "DELETE",
        "/association/",
        "delete_association",
        "Delete association",
        delete_association,
        params=ASSOC_PARAMS,
        response=shapes.ASSOCS_REMOVED,
    ),
    COp("DELETE", "/user/{name}", "delete_user", "Delete user", delete_user),
    COp(
        "DELETE",
        "/cluster/{cluster_name}",
        "delete_cluster",
        "Delete cluster",
        delete_cluster,
        params=params(CLUSTER_KEYS),
        response=shapes.CLUSTERS_REMOVED,
    ),
    COp(
        "DELETE",
        "/wckey/{id}",
        "delete_wckey",
        "Delete wckey",
        delete_wckey,
        response=shapes.WCKEYS_REMOVED,
    ),
    COp(
        "DELETE",
        "/account/{account_name}",
        "delete_account",
        "Delete account",
        delete_account,
        response=shapes.ACCOUNTS_REMOVED,
    ),
    COp(
        "GET",
        "/ping/",
        "get_ping",
        "ping test",
        get_ping,
        since="v0.0.42",
        response=shapes.PINGS,
    ),
)
