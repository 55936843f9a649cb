"""v0.0.41: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, replace
from slurmrestd.openapi.dataparser.dbkinds import At, Constant
from slurmrestd.openapi.dataparser.kinds import NUMBER
from slurmrestd.openapi.v0_0_40.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ACCOUNTING,
    ADMIN_LEVEL,
    ASSOC_SHORT,
    CLUSTER,
    COORD,
    INSTANCE,
    QOS,
    STATS_RPC,
    STATS_USER,
    TRES,
    USER,
    WCKEY,
)
from slurmrestd.openapi.v0_0_40.accounting import ASSOC as _ASSOC
from slurmrestd.openapi.v0_0_40.accounting import STATS as _STATS

# An association's id is a number, found in a list of associations the reference never
# loads for these requests: always 0.
ASSOC: Table = replace(_ASSOC, F("id", "id", Constant(0)))

# The rollups by period (hourly, daily, monthly) instead of a list of the ones that ran.
ROLLUPS: Table = tuple(
    F(f"rollups/{period}/{path}", f"dbd_rollup_stats.{field}", At(i, NUMBER))
    for i, period in enumerate(("hourly", "daily", "monthly"))
    for path, field in (
        ("count", "count"),
        ("last_run", "timestamp"),
        ("duration/last", "time_last"),
        ("duration/max", "time_max"),
        ("duration/time", "time_total"),
    )
)
STATS: Table = (_STATS[0], *ROLLUPS, *_STATS[2:])
