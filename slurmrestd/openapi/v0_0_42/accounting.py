"""v0.0.42: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, insert, replace
from slurmrestd.openapi.dataparser.dbkinds import List, Primary
from slurmrestd.openapi.dataparser.kinds import BOOL, NUMBER, TEXT, U32_NO_VAL
from slurmrestd.openapi.v0_0_40.accounting import TRES_STR
from slurmrestd.openapi.v0_0_41.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ASSOC_SHORT,
    CLUSTER,
    COORD,
    INSTANCE,
    STATS,
    TRES,
)
from slurmrestd.openapi.v0_0_41.accounting import ACCOUNTING as _ACCOUNTING
from slurmrestd.openapi.v0_0_41.accounting import ASSOC as _ASSOC
from slurmrestd.openapi.v0_0_41.accounting import QOS as _QOS
from slurmrestd.openapi.v0_0_41.accounting import USER as _USER
from slurmrestd.openapi.v0_0_41.accounting import WCKEY as _WCKEY

# A usage record names its alternate id (0 where the release has none: 22.05).
ACCOUNTING: Table = insert(_ACCOUNTING, "id", F("id_alt", "id_alt", NUMBER))
ASSOC: Table = replace(_ASSOC, F("accounting", "accounting_list", List(lambda: ACCOUNTING)))
WCKEY: Table = replace(_WCKEY, F("accounting", "accounting_list", List(lambda: ACCOUNTING)))
USER: Table = replace(_USER, F("wckeys", "wckey_list", List(lambda: WCKEY)))

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
