"""v0.0.45: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, drop, insert
from slurmrestd.openapi.dataparser.dbkinds import Status
from slurmrestd.openapi.v0_0_44.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ACCOUNTING,
    ASSOC,
    ASSOC_SHORT,
    COORD,
    INSTANCE,
    QOS,
    STATS,
    TRES,
    USER,
    WCKEY,
)
from slurmrestd.openapi.v0_0_44.accounting import CLUSTER as _CLUSTER
from slurmrestd.openapi.v0_0_44.accounting import PING as _PING

CLUSTER: Table = drop(_CLUSTER, "select_plugin")
# Each ping's result as text.
PING: Table = insert(_PING, "primary", F("status", "rc", Status()))
