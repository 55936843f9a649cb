"""The response and request schemas of openapi/slurmdbd's accounting operations, as the
data_parser names them (one declaration for every version: the tables are the version's,
"accounting.ACCOUNT" of its package).

design: a GET answers its objects' list (openapi_accounts_resp: accounts, an
account_list of account); the POST that writes the same objects takes that very
envelope as its body and answers the bare one (openapi_resp); a DELETE answers
the names it removed (a string_list).  Which key and list each object has is the
table below, not each operation's.
"""

from __future__ import annotations

from slurmrestd.openapi.dataparser.schemas import Named, Payload, array, obj, resp

STRING_LIST = Named("string_list", {"type": "array", "items": {"type": "string"}})


def _list(name: str, table: str) -> Named:
    return array(f"{name}_list", obj(name, table))


ACCOUNTS = resp(
    "openapi_accounts_resp", Payload("accounts", _list("account", "accounting.ACCOUNT"))
)
ASSOCS = resp("openapi_assocs_resp", Payload("associations", _list("assoc", "accounting.ASSOC")))
CLUSTERS = resp(
    "openapi_clusters_resp", Payload("clusters", _list("cluster_rec", "accounting.CLUSTER"))
)
INSTANCES = resp(
    "openapi_instances_resp", Payload("instances", _list("instance", "accounting.INSTANCE"))
)
QOS = resp("openapi_slurmdbd_qos_resp", Payload("qos", _list("qos", "accounting.QOS")))
TRES = resp("openapi_tres_resp", Payload("TRES", _list("tres", "accounting.TRES")))
USERS = resp("openapi_users_resp", Payload("users", _list("user", "accounting.USER")))
WCKEYS = resp("openapi_wckey_resp", Payload("wckeys", _list("wckey", "accounting.WCKEY")))
STATS = resp(
    "openapi_slurmdbd_stats_resp", Payload("statistics", obj("stats_rec", "accounting.STATS"))
)
PINGS = resp(
    "openapi_slurmdbd_ping_resp",
    Payload("pings", array("slurmdbd_ping_array", obj("slurmdbd_ping", "accounting.PING"))),
)
# GET /config: every list, none required (the version's keys: accounting.CONFIG_KEYS).
CONFIG = resp("openapi_slurmdbd_config_resp", "accounting.CONFIG_KEYS")


def removed(name: str, key: str) -> Named:
    """A DELETE's answer: the names removed."""
    return resp(name, Payload(key, STRING_LIST))


ACCOUNTS_REMOVED = removed("openapi_accounts_removed_resp", "removed_accounts")
ASSOCS_REMOVED = removed("openapi_assocs_removed_resp", "removed_associations")
CLUSTERS_REMOVED = removed("openapi_clusters_removed_resp", "deleted_clusters")
QOS_REMOVED = removed("openapi_slurmdbd_qos_removed_resp", "removed_qos")
WCKEYS_REMOVED = removed("openapi_wckey_removed_resp", "deleted_wckeys")

# POST accounts_association/ and users_association/: the condition and the object in,
# the names added out (one string).
ACCOUNTS_ADD = resp("openapi_accounts_add_cond_resp", "accounting.ACCOUNTS_ADD_KEYS")
ACCOUNTS_ADDED = resp(
    "openapi_accounts_add_cond_resp_str", Payload("added_accounts", {"type": "string"})
)
USERS_ADD = resp(
    "openapi_users_add_cond_resp",
    Payload("association_condition", obj("users_add_cond", "accounting.USERS_ADD_COND")),
    Payload("user", obj("user_short", "accounting.USER_SHORT")),
)
USERS_ADDED = resp("openapi_users_add_cond_resp_str", Payload("added_users", {"type": "string"}))
