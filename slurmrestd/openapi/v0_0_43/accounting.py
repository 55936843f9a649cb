"""v0.0.43: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table, replace
from slurmrestd.openapi.dataparser.kinds import Bits
from slurmrestd.openapi.v0_0_40.accounting import CLUSTER_FLAG_NAMES, NUMBER32
from slurmrestd.openapi.v0_0_42.accounting import (  # noqa: F401 - the tables this version keeps
    ACCOUNT,
    ACCOUNT_SHORT,
    ACCOUNTING,
    ACCOUNTS_ADD_COND,
    ACCOUNTS_ADD_KEYS,
    ADMIN_LEVEL,
    ASSOC_REC_SET,
    ASSOC_SHORT,
    CLUSTER_CLASSIFICATION,
    CONFIG_KEYS,
    COORD,
    INSTANCE,
    PING,
    PREEMPT_MODES,
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
from slurmrestd.openapi.v0_0_42.accounting import ASSOC as _ASSOC
from slurmrestd.openapi.v0_0_42.accounting import CLUSTER as _CLUSTER
from slurmrestd.openapi.v0_0_42.accounting import QOS as _QOS
from slurmrestd.openapi.v0_0_42.accounting import QOS_FLAGS as _QOS_FLAGS

# An association's own id again.
ASSOC: Table = replace(_ASSOC, F("id", "id", NUMBER32))

# A deleted cluster or QOS says so; a partition's QOS too.
CLUSTER_FLAGS = Bits(("DELETED", 1 << 1), *CLUSTER_FLAG_NAMES, name="cluster_rec_flags")
CLUSTER: Table = replace(_CLUSTER, F("flags", "flags", CLUSTER_FLAGS))
_QOS_NAMES = _QOS_FLAGS.names
QOS_FLAGS = Bits(
    *_QOS_NAMES[:3],
    ("DELETED", 1 << 13),
    *_QOS_NAMES[3:11],
    ("PARTITION_QOS", 1 << 12),
    *_QOS_NAMES[11:],
    name="qos_flags",
)
QOS: Table = replace(_QOS, F("flags", "flags", QOS_FLAGS))
