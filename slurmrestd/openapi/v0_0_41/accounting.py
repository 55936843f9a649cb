"""v0.0.41: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, replace
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.dbkinds import At, Constant, Record
from slurmrestd.openapi.dataparser.kinds import NUMBER, TEXT, Bits, Deprecated
from slurmrestd.openapi.v0_0_40.accounting import ACCOUNT as _ACCOUNT
from slurmrestd.openapi.v0_0_40.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT_SHORT,
    ACCOUNTING,
    ACCOUNTS_ADD_COND,
    ACCOUNTS_ADD_KEYS,
    ADMIN_LEVEL,
    ASSOC_REC_SET,
    ASSOC_SHORT,
    CLUSTER_CLASSIFICATION,
    CLUSTER_FLAGS,
    CONFIG_KEYS,
    COORD,
    INSTANCE,
    NUMBER32,
    PREEMPT_MODES,
    QOS,
    QOS_FLAGS,
    STATS_RPC,
    STATS_USER,
    TRES,
    TRES_STR,
    USER,
    USER_SHORT,
    USERS_ADD_COND,
    WCKEY,
)
from slurmrestd.openapi.v0_0_40.accounting import ASSOC as _ASSOC
from slurmrestd.openapi.v0_0_40.accounting import CLUSTER as _CLUSTER
from slurmrestd.openapi.v0_0_40.accounting import STATS as _STATS

# The rollups by period (hourly, daily, monthly) instead of a list of the ones that ran,
# every one required.
ROLLUPS: Table = tuple(
    F(f"{period}/{path}", f"dbd_rollup_stats.{field}", At(i, kind), required=True)
    for path, field, kind in (
        ("count", "count", NUMBER32),
        ("last_run", "timestamp", NUMBER),
        ("duration/last", "time_last", NUMBER),
        ("duration/max", "time_max", NUMBER),
        ("duration/time", "time_total", NUMBER),
    )
    for i, period in enumerate(("hourly", "daily", "monthly"))
)
STATS: Table = replace(
    _STATS,
    F("rollups", None, Record(lambda: ROLLUPS, schemas.obj("rollup_stats", "accounting.ROLLUPS"))),
)

# Account and association flags: the query's flags too.
ACCOUNT_FLAGS = Bits(
    ("DELETED", 1 << 0),
    ("WithAssociations", 1 << 1),
    ("WithCoordinators", 1 << 2),
    ("NoUsersAreCoords", 1 << 3),
    ("UsersAreCoords", 1 << 16),
    name="account_flags",
)
ASSOC_FLAGS = Bits(
    ("DELETED", 1 << 0),
    ("NoUpdate", 1 << 1),
    ("Exact", 1 << 2),
    ("NoUsersAreCoords", 1 << 3),
    ("UsersAreCoords", 1 << 16),
    name="assoc_flags",
)
ACCOUNT: Table = replace(_ACCOUNT, F("flags", "flags", ACCOUNT_FLAGS))
# An association's id is a number, found in a list of associations the reference never
# loads for these requests: always 0.
ASSOC: Table = replace(
    _ASSOC, F("id", "id", Constant(0, schemas.integer(32))), F("flags", "flags", ASSOC_FLAGS)
)
# The cluster's select plugin, gone from the releases, is marked so.
CLUSTER: Table = replace(_CLUSTER, F("select_plugin", "no_select_plugin", Deprecated(TEXT)))
