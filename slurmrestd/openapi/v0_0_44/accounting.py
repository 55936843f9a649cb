"""v0.0.44: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, insert
from slurmrestd.openapi.dataparser.kinds import NUMBER
from slurmrestd.openapi.v0_0_43.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ACCOUNTING,
    ASSOC,
    ASSOC_SHORT,
    CLUSTER,
    COORD,
    INSTANCE,
    PING,
    QOS,
    STATS,
    TRES,
    WCKEY,
)
from slurmrestd.openapi.v0_0_43.accounting import USER as _USER

# A user's default QOS, by id (0: none; releases before 26.05 have none).
USER: Table = insert(_USER, "coordinators", F("default/qos", "def_qos_id", NUMBER))
