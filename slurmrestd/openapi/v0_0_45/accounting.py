"""v0.0.45: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, drop, insert
from slurmrestd.openapi.dataparser.dbkinds import Status
from slurmrestd.openapi.v0_0_44.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ACCOUNT_SHORT,
    ACCOUNTING,
    ACCOUNTS_ADD_COND,
    ACCOUNTS_ADD_KEYS,
    ADMIN_LEVEL,
    ASSOC,
    ASSOC_REC_SET,
    ASSOC_SHORT,
    CLUSTER_CLASSIFICATION,
    CLUSTER_FLAGS,
    COORD,
    INSTANCE,
    PREEMPT_MODES,
    QOS,
    ROLLUPS,
    STATS,
    STATS_RPC,
    STATS_USER,
    TRES,
    USER,
    USER_SHORT,
    USERS_ADD_COND,
    WCKEY,
)
from slurmrestd.openapi.v0_0_44.accounting import CLUSTER as _CLUSTER
from slurmrestd.openapi.v0_0_44.accounting import CONFIG_KEYS as _CONFIG_KEYS
from slurmrestd.openapi.v0_0_44.accounting import PING as _PING

CLUSTER: Table = drop(_CLUSTER, "select_plugin")
# Each ping's result as text.
PING: Table = insert(_PING, "primary", F("status", "rc", Status(), required=True))
# GET /config no longer lists the instances.
CONFIG_KEYS: Table = drop(_CONFIG_KEYS, "instances")
