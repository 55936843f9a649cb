"""v0.0.44: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, insert, replace
from slurmrestd.openapi.dataparser.schemas import Typed, integer
from slurmrestd.openapi.v0_0_40.accounting import NUMBER32
from slurmrestd.openapi.v0_0_43.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ACCOUNT_SHORT,
    ACCOUNTING,
    ACCOUNTS_ADD_COND,
    ADMIN_LEVEL,
    ASSOC,
    ASSOC_REC_SET,
    ASSOC_SHORT,
    CLUSTER,
    CLUSTER_CLASSIFICATION,
    CLUSTER_FLAGS,
    CONFIG_KEYS,
    COORD,
    INSTANCE,
    PING,
    PREEMPT_MODES,
    QOS,
    ROLLUPS,
    STATS,
    STATS_RPC,
    STATS_USER,
    TRES,
    USERS_ADD_COND,
    WCKEY,
)
from slurmrestd.openapi.v0_0_43.accounting import ACCOUNTS_ADD_KEYS as _ACCOUNTS_ADD_KEYS
from slurmrestd.openapi.v0_0_43.accounting import USER as _USER
from slurmrestd.openapi.v0_0_43.accounting import USER_SHORT as _USER_SHORT

# A user's default QOS, by id (0: none; releases before 26.05 have none).
USER: Table = insert(_USER, "coordinators", F("default/qos", "def_qos_id", NUMBER32))
# users_association/ takes the new users' default QOS.
USER_SHORT: Table = insert(_USER_SHORT, "adminlevel", F("defaultqos", None, Typed(integer(32))))
# accounts_association/ requires its condition.
ACCOUNTS_ADD_KEYS: Table = replace(
    _ACCOUNTS_ADD_KEYS, F("association_condition", None, _ACCOUNTS_ADD_KEYS[0].kind, required=True)
)
