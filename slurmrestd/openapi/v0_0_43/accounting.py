"""v0.0.43: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, replace
from slurmrestd.openapi.dataparser.kinds import NUMBER
from slurmrestd.openapi.v0_0_42.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ACCOUNTING,
    ASSOC_SHORT,
    CLUSTER,
    COORD,
    INSTANCE,
    PING,
    QOS,
    STATS,
    TRES,
    USER,
    WCKEY,
)
from slurmrestd.openapi.v0_0_42.accounting import ASSOC as _ASSOC

# An association's own id again.
ASSOC: Table = replace(_ASSOC, F("id", "id", NUMBER))
