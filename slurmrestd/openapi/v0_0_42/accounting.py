"""v0.0.42: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, insert, replace
from slurmrestd.openapi.dataparser.dbkinds import List, Primary
from slurmrestd.openapi.dataparser.kinds import BOOL, NUMBER, TEXT, U32_NO_VAL
from slurmrestd.openapi.v0_0_40.accounting import ACCOUNTING_LIST, NUMBER32, WCKEY_LIST
from slurmrestd.openapi.v0_0_41.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ACCOUNT_SHORT,
    ACCOUNTS_ADD_COND,
    ACCOUNTS_ADD_KEYS,
    ADMIN_LEVEL,
    ASSOC_REC_SET,
    ASSOC_SHORT,
    CLUSTER,
    CLUSTER_FLAGS,
    CONFIG_KEYS,
    COORD,
    INSTANCE,
    PREEMPT_MODES,
    QOS_FLAGS,
    ROLLUPS,
    STATS,
    STATS_RPC,
    STATS_USER,
    TRES,
    TRES_STR,
    USER_SHORT,
    USERS_ADD_COND,
)
from slurmrestd.openapi.v0_0_41.accounting import ACCOUNTING as _ACCOUNTING
from slurmrestd.openapi.v0_0_41.accounting import ASSOC as _ASSOC
from slurmrestd.openapi.v0_0_41.accounting import CLUSTER_CLASSIFICATION as _CLASSIFICATION
from slurmrestd.openapi.v0_0_41.accounting import QOS as _QOS
from slurmrestd.openapi.v0_0_41.accounting import USER as _USER
from slurmrestd.openapi.v0_0_41.accounting import WCKEY as _WCKEY

# A usage record names its alternate id (0 where the release has none: 22.05).
ACCOUNTING: Table = insert(_ACCOUNTING, "id", F("id_alt", "id_alt", NUMBER32))
ASSOC: Table = replace(
    _ASSOC, F("accounting", "accounting_list", List(lambda: ACCOUNTING, ACCOUNTING_LIST))
)
WCKEY: Table = replace(
    _WCKEY, F("accounting", "accounting_list", List(lambda: ACCOUNTING, ACCOUNTING_LIST))
)
USER: Table = replace(_USER, F("wckeys", "wckey_list", List(lambda: WCKEY, WCKEY_LIST)))

QOS: Table = insert(
    insert(
        _QOS,
        "limits/max/active_jobs/count",
        F("limits/max/jobs/count", "grp_submit_jobs", U32_NO_VAL),
    ),
    "limits/max/tres/total",
    F("limits/max/tres/minutes/total", "grp_tres_mins", TRES_STR),
)

# GET /ping/ (slurmdbd's, new in this version): each slurmdbd asked.
PING: Table = (
    F("hostname", "hostname", TEXT, required=True),
    F("responding", "pinged", BOOL, required=True),
    F("latency", "latency", NUMBER, required=True),
    F("primary", "offset", Primary(), required=True),
)

# The classification's last name without its explanation.
CLUSTER_CLASSIFICATION = (*_CLASSIFICATION[:-1], "CAPAPACITY")
