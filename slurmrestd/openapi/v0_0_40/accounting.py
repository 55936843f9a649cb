"""v0.0.40: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table
from slurmrestd.openapi.dataparser.dbkinds import (
    Equal,
    List,
    PreemptNames,
    QosName,
    QosNames,
    Record,
    Rollups,
    RpcName,
    TresStr,
    UserName,
)
from slurmrestd.openapi.dataparser.kinds import (
    BOOL,
    F64_NO_VAL,
    NUMBER,
    TEXT,
    U32_NO_VAL,
    Bits,
)

TRES_STR = TresStr()

TRES: Table = (
    F("type", "type", TEXT, required=True),
    F("name", "name", TEXT),
    F("id", "id", NUMBER),
    F("count", "count", NUMBER),
)

# A usage record of an association or wckey (asked with with_usage): one TRES in one period.
ACCOUNTING: Table = (
    F("allocated/seconds", "alloc_secs", NUMBER),
    F("id", "id", NUMBER),
    F("start", "period_start", NUMBER),
    F("TRES", "tres_rec", Record(lambda: TRES)),
)

ASSOC_SHORT: Table = (
    F("account", "acct", TEXT),
    F("cluster", "cluster", TEXT),
    F("partition", "partition", TEXT),
    F("user", "user", TEXT, required=True),
    F("id", "id", NUMBER),
)

ASSOC_FLAGS = Bits(("DELETED", 1 << 0))

ASSOC: Table = (
    F("accounting", "accounting_list", List(lambda: ACCOUNTING)),
    F("account", "acct", TEXT),
    F("cluster", "cluster", TEXT),
    F("comment", "comment", TEXT),
    F("default/qos", "def_qos_id", QosName()),
    F("flags", "flags", ASSOC_FLAGS),
    F("max/jobs/per/count", "grp_jobs", U32_NO_VAL),
    F("max/jobs/per/accruing", "grp_jobs_accrue", U32_NO_VAL),
    F("max/jobs/per/submitted", "grp_submit_jobs", U32_NO_VAL),
    F("max/tres/total", "grp_tres", TRES_STR),
    F("max/tres/group/minutes", "grp_tres_mins", TRES_STR),
    F("max/tres/group/active", "grp_tres_run_mins", TRES_STR),
    F("max/tres/minutes/total", "max_tres_run_mins", TRES_STR),
    F("max/per/account/wall_clock", "grp_wall", U32_NO_VAL),
    F("id", None, Record(lambda: ASSOC_SHORT)),
    F("is_default", "is_def", BOOL),
    F("lineage", "lineage", TEXT),
    F("max/jobs/active", "max_jobs", U32_NO_VAL),
    F("max/jobs/accruing", "max_jobs_accrue", U32_NO_VAL),
    F("max/jobs/total", "max_submit_jobs", U32_NO_VAL),
    F("max/tres/minutes/per/job", "max_tres_mins_pj", TRES_STR),
    F("max/tres/per/job", "max_tres_pj", TRES_STR),
    F("max/tres/per/node", "max_tres_pn", TRES_STR),
    F("max/jobs/per/wall_clock", "max_wall_pj", U32_NO_VAL),
    F("min/priority_threshold", "min_prio_thresh", U32_NO_VAL),
    F("parent_account", "parent_acct", TEXT),
    F("partition", "partition", TEXT),
    F("priority", "priority", U32_NO_VAL),
    F("qos", "qos_list", QosNames()),
    F("shares_raw", "shares_raw", NUMBER),
    F("user", "user", TEXT, required=True),
)

COORD: Table = (
    F("name", "name", TEXT, required=True),
    F("direct", "direct", BOOL),
)

ADMIN_LEVEL = Equal(("Not Set", 0), ("None", 1), ("Operator", 2), ("Administrator", 3))
USER_FLAGS = Bits(("NONE", 0), ("DELETED", 1 << 0))

WCKEY: Table = (
    F("accounting", "accounting_list", List(lambda: ACCOUNTING)),
    F("cluster", "cluster", TEXT, required=True),
    F("id", "id", NUMBER),
    F("name", "name", TEXT, required=True),
    F("user", "user", TEXT, required=True),
    F("flags", "flags", Bits(("DELETED", 1 << 0))),
)

USER: Table = (
    F("administrator_level", "admin_level", ADMIN_LEVEL),
    F("associations", "assoc_list", List(lambda: ASSOC_SHORT)),
    F("coordinators", "coord_accts", List(lambda: COORD)),
    F("default/account", "default_acct", TEXT),
    F("default/wckey", "default_wckey", TEXT),
    F("flags", "flags", USER_FLAGS),
    F("name", "name", TEXT, required=True),
    F("old_name", "old_name", TEXT),
    F("wckeys", "wckey_list", List(lambda: WCKEY)),
)

ACCOUNT: Table = (
    F("associations", "assoc_list", List(lambda: ASSOC_SHORT)),
    F("coordinators", "coordinators", List(lambda: COORD)),
    F("description", "description", TEXT, required=True),
    F("name", "name", TEXT, required=True),
    F("organization", "organization", TEXT, required=True),
    F("flags", "flags", Bits(("DELETED", 1 << 0))),
)

INSTANCE: Table = (
    F("cluster", "cluster", TEXT),
    F("extra", "extra", TEXT),
    F("instance_id", "instance_id", TEXT),
    F("instance_type", "instance_type", TEXT),
    F("node_name", "node_name", TEXT),
    F("time/time_end", "time_end", NUMBER),
    F("time/time_start", "time_start", NUMBER),
)

QOS_FLAGS = Bits(
    ("NOT_SET", 1 << 28),
    ("ADD", 1 << 29),
    ("REMOVE", 1 << 30),
    ("PARTITION_MINIMUM_NODE", 1 << 0),
    ("PARTITION_MAXIMUM_NODE", 1 << 1),
    ("PARTITION_TIME_LIMIT", 1 << 2),
    ("ENFORCE_USAGE_THRESHOLD", 1 << 3),
    ("NO_RESERVE", 1 << 4),
    ("REQUIRED_RESERVATION", 1 << 5),
    ("DENY_LIMIT", 1 << 6),
    ("OVERRIDE_PARTITION_QOS", 1 << 7),
    ("NO_DECAY", 1 << 8),
    ("USAGE_FACTOR_SAFE", 1 << 9),
    ("RELATIVE", 1 << 10),
)
PREEMPT_MODES = Bits(
    ("DISABLED", 0),
    ("SUSPEND", 0x0001),
    ("REQUEUE", 0x0002),
    ("CANCEL", 0x0008),
    ("GANG", 0x8000),
)

QOS: Table = (
    F("description", "description", TEXT),
    F("flags", "flags", QOS_FLAGS),
    F("id", "id", NUMBER),
    F("limits/grace_time", "grace_time", NUMBER),
    F("limits/max/active_jobs/accruing", "grp_jobs_accrue", U32_NO_VAL),
    F("limits/max/active_jobs/count", "grp_jobs", U32_NO_VAL),
    F("limits/max/tres/total", "grp_tres", TRES_STR),
    F("limits/max/tres/minutes/per/qos", "grp_tres_run_mins", TRES_STR),
    F("name", "name", TEXT),
    F("limits/max/wall_clock/per/qos", "grp_wall", U32_NO_VAL),
    F("limits/factor", "limit_factor", F64_NO_VAL),
    F("limits/max/jobs/active_jobs/per/account", "max_jobs_pa", U32_NO_VAL),
    F("limits/max/jobs/active_jobs/per/user", "max_jobs_pu", U32_NO_VAL),
    F("limits/max/accruing/per/account", "max_jobs_accrue_pa", U32_NO_VAL),
    F("limits/max/accruing/per/user", "max_jobs_accrue_pu", U32_NO_VAL),
    F("limits/max/jobs/per/account", "max_submit_jobs_pa", U32_NO_VAL),
    F("limits/max/jobs/per/user", "max_submit_jobs_pu", U32_NO_VAL),
    F("limits/max/tres/minutes/per/job", "max_tres_mins_pj", TRES_STR),
    F("limits/max/tres/per/account", "max_tres_pa", TRES_STR),
    F("limits/max/tres/per/job", "max_tres_pj", TRES_STR),
    F("limits/max/tres/per/node", "max_tres_pn", TRES_STR),
    F("limits/max/tres/per/user", "max_tres_pu", TRES_STR),
    F("limits/max/tres/minutes/per/account", "max_tres_run_mins_pa", TRES_STR),
    F("limits/max/tres/minutes/per/user", "max_tres_run_mins_pu", TRES_STR),
    F("limits/max/wall_clock/per/job", "max_wall_pj", U32_NO_VAL),
    F("limits/min/priority_threshold", "min_prio_thresh", U32_NO_VAL),
    F("limits/min/tres/per/job", "min_tres_pj", TRES_STR),
    F("preempt/list", "preempt_bitstr", PreemptNames()),
    F("preempt/mode", "preempt_mode", PREEMPT_MODES),
    F("preempt/exempt_time", "preempt_exempt_time", U32_NO_VAL),
    F("priority", "priority", U32_NO_VAL),
    F("usage_factor", "usage_factor", F64_NO_VAL),
    F("usage_threshold", "usage_thres", F64_NO_VAL),
)

CLUSTER_FLAGS = Bits(
    ("REGISTERING", 1 << 0),
    ("MULTIPLE_SLURMD", 1 << 7),
    ("FRONT_END", 1 << 9),
    ("FEDERATION", 1 << 11),
    ("EXTERNAL", 1 << 12),
)

CLUSTER: Table = (
    F("controller/host", "control_host", TEXT),
    F("controller/port", "control_port", NUMBER),
    F("flags", "flags", CLUSTER_FLAGS),
    F("name", "name", TEXT),
    F("nodes", "nodes", TEXT),
    # removed in 24.05: the reference still names it, never set
    F("select_plugin", "no_select_plugin", TEXT),
    F("associations/root", "root_assoc", Record(lambda: ASSOC_SHORT)),
    F("rpc_version", "rpc_version", NUMBER),
    F("tres", "tres_str", TRES_STR),
)

STATS_RPC: Table = (
    F("rpc", "id", RpcName()),
    F("count", "cnt", NUMBER),
    F("time/average", "time_ave", NUMBER),
    F("time/total", "time", NUMBER),
)

STATS_USER: Table = (
    F("user", "id", UserName()),
    F("count", "cnt", NUMBER),
    F("time/average", "time_ave", NUMBER),
    F("time/total", "time", NUMBER),
)

STATS: Table = (
    F("time_start", "time_start", NUMBER),
    F("rollups", "dbd_rollup_stats", Rollups()),
    F("RPCs", "rpc_list", List(lambda: STATS_RPC)),
    F("users", "user_list", List(lambda: STATS_USER)),
)
