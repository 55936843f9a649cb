"""v0.0.40: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats.

Each kind declares the document's schema of its field (the data_parser's named types:
account_flags, assoc_short_list, uint32_no_val, ...), so the tables that dump the
answers also write their component schemas.
"""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, Table
from slurmrestd.openapi.dataparser import schemas
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
    Documented,
    Number,
)
from slurmrestd.openapi.dataparser.schemas import Typed, array, obj
from slurmrestd.slurm import constants as c

NUMBER32 = Number(32)

TRES_STR = TresStr()

TRES: Table = (
    F("type", "type", TEXT, required=True),
    F("name", "name", TEXT),
    F("id", "id", NUMBER32),
    F("count", "count", NUMBER),
)

# A usage record of an association or wckey (asked with with_usage): one TRES in one period.
ACCOUNTING: Table = (
    F("allocated/seconds", "alloc_secs", NUMBER),
    F("id", "id", NUMBER32),
    F("start", "period_start", NUMBER),
    F("TRES", "tres_rec", Record(lambda: TRES, obj("tres", "accounting.TRES"))),
)
ACCOUNTING_LIST = array("accounting_list", obj("accounting", "accounting.ACCOUNTING"))

ASSOC_SHORT: Table = (
    F("account", "acct", TEXT),
    F("cluster", "cluster", TEXT),
    F("partition", "partition", TEXT),
    F("user", "user", TEXT, required=True),
    F("id", "id", NUMBER32),
)
ASSOC_SHORT_OBJ = obj("assoc_short", "accounting.ASSOC_SHORT")
ASSOC_SHORT_LIST = array("assoc_short_list", ASSOC_SHORT_OBJ)

ASSOC_FLAGS = Bits(("DELETED", 1 << 0), name="assoc_flags")

ASSOC: Table = (
    F("accounting", "accounting_list", List(lambda: ACCOUNTING, ACCOUNTING_LIST)),
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
    F("id", None, Record(lambda: ASSOC_SHORT, ASSOC_SHORT_OBJ)),
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
    F("shares_raw", "shares_raw", NUMBER32),
    F("user", "user", TEXT, required=True),
)

COORD: Table = (
    F("name", "name", TEXT, required=True),
    F("direct", "direct", BOOL),
)

COORD_LIST = array("coord_list", obj("coord", "accounting.COORD"))

ADMIN_LEVEL = Equal(
    ("Not Set", 0), ("None", 1), ("Operator", 2), ("Administrator", 3), name="admin_lvl"
)
USER_FLAGS = Bits(("NONE", 0), ("DELETED", 1 << 0), name="user_flags")

WCKEY: Table = (
    F("accounting", "accounting_list", List(lambda: ACCOUNTING, ACCOUNTING_LIST)),
    F("cluster", "cluster", TEXT, required=True),
    F("id", "id", NUMBER32),
    F("name", "name", TEXT, required=True),
    F("user", "user", TEXT, required=True),
    F("flags", "flags", Bits(("DELETED", 1 << 0), name="wckey_flags")),
)
WCKEY_LIST = array("wckey_list", obj("wckey", "accounting.WCKEY"))

USER: Table = (
    F("administrator_level", "admin_level", ADMIN_LEVEL),
    F("associations", "assoc_list", List(lambda: ASSOC_SHORT, ASSOC_SHORT_LIST)),
    F("coordinators", "coord_accts", List(lambda: COORD, COORD_LIST)),
    F("default/account", "default_acct", TEXT),
    F("default/wckey", "default_wckey", TEXT),
    F("flags", "flags", USER_FLAGS),
    F("name", "name", TEXT, required=True),
    F("old_name", "old_name", TEXT),
    F("wckeys", "wckey_list", List(lambda: WCKEY, WCKEY_LIST)),
)

ACCOUNT_FLAGS = Bits(("DELETED", 1 << 0), name="account_flags")
ACCOUNT: Table = (
    F("associations", "assoc_list", List(lambda: ASSOC_SHORT, ASSOC_SHORT_LIST)),
    F("coordinators", "coordinators", List(lambda: COORD, COORD_LIST)),
    F("description", "description", TEXT, required=True),
    F("name", "name", TEXT, required=True),
    F("organization", "organization", TEXT, required=True),
    F("flags", "flags", ACCOUNT_FLAGS),
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
    name="qos_flags",
)
PREEMPT_MODES = Bits(
    ("DISABLED", 0),
    ("SUSPEND", 0x0001),
    ("REQUEUE", 0x0002),
    ("CANCEL", 0x0008),
    ("GANG", 0x8000),
    name="qos_preempt_modes",
)

QOS: Table = (
    F("description", "description", TEXT),
    F("flags", "flags", QOS_FLAGS),
    F("id", "id", NUMBER32),
    F("limits/grace_time", "grace_time", NUMBER32),
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

# FRONT_END: where the release has front end nodes (not 26.05).
CLUSTER_FLAG_NAMES: tuple[tuple[str, int], ...] = (
    ("REGISTERING", 1 << 0),
    ("MULTIPLE_SLURMD", 1 << 7),
    *((("FRONT_END", 1 << 9),) if c.defined("CLUSTER_FLAG_FE") else ()),
    ("FEDERATION", 1 << 11),
    ("EXTERNAL", 1 << 12),
)
CLUSTER_FLAGS = Bits(*CLUSTER_FLAG_NAMES, name="cluster_rec_flags")
# A cluster condition's classification (a query parameter's names).
CLUSTER_CLASSIFICATION = (
    "UNCLASSIFIED",
    "CAPABILITY",
    "CAPACITY",
    "CAPAPACITY (both CAPABILITY and CAPACITY)",
)

CLUSTER: Table = (
    F("controller/host", "control_host", TEXT),
    F("controller/port", "control_port", NUMBER32),
    F("flags", "flags", CLUSTER_FLAGS),
    F("name", "name", TEXT),
    F("nodes", "nodes", TEXT),
    # removed in 24.05: the reference still names it, never set
    F("select_plugin", "no_select_plugin", TEXT),
    F("associations/root", "root_assoc", Record(lambda: ASSOC_SHORT, ASSOC_SHORT_OBJ)),
    F("rpc_version", "rpc_version", NUMBER32),
    F("tres", "tres_str", TRES_STR),
)

STATS_RPC: Table = (
    F("rpc", "id", RpcName()),
    F("count", "cnt", NUMBER32),
    F("time/average", "time_ave", NUMBER),
    F("time/total", "time", NUMBER),
)

STATS_USER: Table = (
    F("user", "id", UserName()),
    F("count", "cnt", NUMBER32),
    F("time/average", "time_ave", NUMBER),
    F("time/total", "time", NUMBER),
)

ROLLUP_STATS = schemas.Named(
    "rollup_stats",
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["internal", "user", "unknown"]},
                "last run": schemas.integer(32),
                **{k: schemas.integer(64) for k in ("max_cycle", "total_time")},
                **{k: schemas.integer(64) for k in ("total_cycles", "mean_cycles")},
            },
        },
    },
)
STATS: Table = (
    F("time_start", "time_start", NUMBER),
    F("rollups", "dbd_rollup_stats", Documented(Rollups(), ROLLUP_STATS)),
    F(
        "RPCs",
        "rpc_list",
        List(lambda: STATS_RPC, array("stats_rpc_list", obj("stats_rpc", "accounting.STATS_RPC"))),
    ),
    F(
        "users",
        "user_list",
        List(
            lambda: STATS_USER, array("stats_user_list", obj("stats_user", "accounting.STATS_USER"))
        ),
    ),
)

# GET /config's keys (the lists it dumps), none required.
CONFIG_KEYS: Table = tuple(
    F(key, None, Typed(array(f"{name}_list", obj(name, f"accounting.{table}"))))
    for key, name, table in (
        ("clusters", "cluster_rec", "CLUSTER"),
        ("tres", "tres", "TRES"),
        ("accounts", "account", "ACCOUNT"),
        ("users", "user", "USER"),
        ("qos", "qos", "QOS"),
        ("wckeys", "wckey", "WCKEY"),
        ("associations", "assoc", "ASSOC"),
        ("instances", "instance", "INSTANCE"),
    )
)

# --- the bodies of POST accounts_association/ and users_association/ (the document's:
# condadd.py reads them) ------------------------------------------------------------

STRING_LIST = schemas.Named("string_list", {"type": "array", "items": {"type": "string"}})
_U32 = U32_NO_VAL.schema
_TRES_LIST = TRES_STR.schema

# An association's limits and options as sacctmgr names them.
ASSOC_REC_SET: Table = tuple(
    F(key, None, Typed(schema))
    for key, schema in (
        ("comment", schemas.STRING),
        ("defaultqos", schemas.STRING),
        ("grpjobs", _U32),
        ("grpjobsaccrue", _U32),
        ("grpsubmitjobs", _U32),
        ("grptres", _TRES_LIST),
        ("grptresmins", _TRES_LIST),
        ("grptresrunmins", _TRES_LIST),
        ("grpwall", _U32),
        ("maxjobs", _U32),
        ("maxjobsaccrue", _U32),
        ("maxsubmitjobs", _U32),
        ("maxtresminsperjob", _TRES_LIST),
        ("maxtresrunmins", _TRES_LIST),
        ("maxtresperjob", _TRES_LIST),
        ("maxtrespernode", _TRES_LIST),
        ("maxwalldurationperjob", _U32),
        ("minpriothresh", _U32),
        ("parent", schemas.STRING),
        ("priority", _U32),
        ("qoslevel", QosNames.schema),
        ("fairshare", schemas.integer(32)),
    )
)
_ASSOC_REC_SET = obj("assoc_rec_set", "accounting.ASSOC_REC_SET")


def _cond(*keys: str, required: str) -> Table:
    return tuple(
        F(
            k,
            None,
            Typed(_ASSOC_REC_SET if k == "association" else STRING_LIST),
            required=k == required,
        )
        for k in keys
    )


ACCOUNTS_ADD_COND: Table = _cond("accounts", "association", "clusters", required="accounts")
USERS_ADD_COND: Table = _cond(
    "accounts", "association", "clusters", "partitions", "users", "wckeys", required="users"
)
ACCOUNT_SHORT: Table = (
    F("description", None, Typed(schemas.STRING)),
    F("organization", None, Typed(schemas.STRING)),
)
USER_SHORT: Table = (
    F("adminlevel", None, Typed(ADMIN_LEVEL.schema)),
    F("defaultaccount", None, Typed(schemas.STRING)),
    F("defaultwckey", None, Typed(schemas.STRING)),
)
# The request of POST accounts_association/: its keys, none required.
ACCOUNTS_ADD_KEYS: Table = (
    F(
        "association_condition",
        None,
        Typed(obj("accounts_add_cond", "accounting.ACCOUNTS_ADD_COND")),
    ),
    F("account", None, Typed(obj("account_short", "accounting.ACCOUNT_SHORT"))),
)
