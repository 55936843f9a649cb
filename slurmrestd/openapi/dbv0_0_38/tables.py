"""openapi/dbv0.0.38 tables: one per accounting object (JSON path, C field, kind).

The kinds that read slurmdbd's lists (TRES, QOS, associations) or libslurm's
strings are common.dbparse's; the plain ones are the engine's.
"""

from __future__ import annotations

from slurmrestd.openapi.common.dbparse import (
    AccountNames,
    AdminLevel,
    AssocId,
    ExitCode,
    GroupId,
    JobReason,
    Lookup,
    QosId,
    QosIdList,
    QosPreempt,
    ResvName,
    Rollups,
    RpcName,
    SelectPlugin,
    StepId,
    Steps,
    TresList,
    Usage,
    UserId,
    WckeyTag,
)
from slurmrestd.openapi.common.engine import (
    FLOAT,
    I64,
    STR,
    U16,
    U32,
    U64,
    F,
    Flag,
    Flags,
    Records,
    Table,
    Unhandled,
)
from slurmrestd.slurm import constants as c

TRES: Table = (
    F("type", "type", STR, required=True),
    F("name", "name", STR),
    F("id", "id", U32),
    F("count", "count", I64),
)
TRES_LIST = TresList(TRES)

ASSOC_SHORT: Table = (
    F("account", "acct", STR, required=True),
    F("cluster", "cluster", STR),
    F("partition", "partition", STR),
    F("user", "user", STR, required=True),
)

ASSOC_USAGE: Table = (
    F("accrue_job_count", "accrue_cnt", U32),
    F("group_used_wallclock", "grp_used_wall", FLOAT),
    F("fairshare_factor", "fs_factor", FLOAT),
    F("fairshare_shares", "level_shares", U32),
    F("normalized_priority", "priority_norm", FLOAT),
    F("normalized_shares", "shares_norm", FLOAT),
    F("effective_normalized_usage", "usage_efctv", FLOAT),
    F("normalized_usage", "usage_norm", FLOAT),
    F("raw_usage", "usage_raw", U64),
    F("active_jobs", "used_jobs", U32),
    F("job_count", "used_submit_jobs", U32),
    F("fairshare_level", "level_fs", FLOAT),
)

ASSOC_FLAGS = Flags(Flag("DELETED", "flags", c.ASSOC_FLAG_DELETED), Flag("DEFAULT", "is_def"))

ASSOC: Table = (
    F("account", "acct", STR, required=True),
    F("cluster", "cluster", STR),
    F("default/qos", "def_qos_id", QosId()),
    F("flags", None, ASSOC_FLAGS),
    F("max/jobs/per/count", "grp_jobs", U32),
    F("max/jobs/per/accruing", "grp_jobs_accrue", U32),
    F("max/jobs/per/submitted", "grp_submit_jobs", U32),
    F("max/tres/total", "grp_tres", TRES_LIST),
    F("max/tres/minutes/per/job", "max_tres_mins_pj", TRES_LIST),
    F("max/tres/group/minutes", "grp_tres_mins", TRES_LIST),
    F("max/tres/group/active", "grp_tres_run_mins", TRES_LIST),
    F("is_default", "is_def", U16),
    F("max/jobs/active", "max_jobs", U32),
    F("max/jobs/accruing", "max_jobs_accrue", U32),
    F("max/jobs/total", "max_submit_jobs", U32),
    F("max/tres/minutes/total", "max_tres_run_mins", TRES_LIST),
    F("max/per/account/wall_clock", "grp_wall", U32),
    F("max/tres/per/job", "max_tres_pj", TRES_LIST),
    F("max/tres/per/node", "max_tres_pn", TRES_LIST),
    F("max/jobs/per/wall_clock", "max_wall_pj", U32),
    F("min/priority_threshold", "min_prio_thresh", U32),
    F("parent_account", "parent_acct", STR),
    F("partition", "partition", STR),
    F("priority", "priority", U32),
    F("qos", "qos_list", QosIdList()),
    F("shares_raw", "shares_raw", U32),
    F("usage", "usage", Usage(ASSOC_USAGE)),
    F("user", "user", STR, required=True),
)

COORD: Table = (
    F("name", "name", STR, required=True),
    F("direct", "direct", U16),
)

USER: Table = (
    F("administrator_level", "admin_level", AdminLevel()),
    F("associations", "assoc_list", Records(lambda: ASSOC_SHORT)),
    F("coordinators", "coord_accts", Records(lambda: COORD)),
    F("default/account", "default_acct", STR),
    F("default/wckey", "default_wckey", STR),
    F("flags", None, Flags(Flag("DELETED", "flags", c.SLURMDB_USER_FLAG_DELETED))),
    F("name", "name", STR, required=True),
)

ACCOUNT: Table = (
    F("associations", "assoc_list", Records(lambda: ASSOC_SHORT)),
    F("coordinators", "coordinators", Records(lambda: COORD)),
    F("description", "description", STR),
    F("name", "name", STR),
    F("organization", "organization", STR),
    F("flags", None, Flags(Flag("DELETED", "flags", c.SLURMDB_ACCT_FLAG_DELETED))),
)

WCKEY: Table = (
    F("accounts", "accounting_list", AccountNames()),
    F("cluster", "cluster", STR, required=True),
    F("id", "id", U32, required=True),
    F("name", "name", STR, required=True),
    F("user", "user", STR, required=True),
    F(
        "flags",
        None,
        Flags(Flag("DELETED", "flags", c.SLURMDB_WCKEY_FLAG_DELETED), Flag("DEFAULT", "is_def")),
    ),
)

QOS_FLAGS = Flags(
    *(
        Flag(name, "flags", bit)
        for bit, name in (
            (c.QOS_FLAG_PART_MIN_NODE, "PARTITION_MINIMUM_NODE"),
            (c.QOS_FLAG_PART_MAX_NODE, "PARTITION_MAXIMUM_NODE"),
            (c.QOS_FLAG_PART_TIME_LIMIT, "PARTITION_TIME_LIMIT"),
            (c.QOS_FLAG_ENFORCE_USAGE_THRES, "ENFORCE_USAGE_THRESHOLD"),
            (c.QOS_FLAG_NO_RESERVE, "NO_RESERVE"),
            (c.QOS_FLAG_REQ_RESV, "REQUIRED_RESERVATION"),
            (c.QOS_FLAG_DENY_LIMIT, "DENY_LIMIT"),
            (c.QOS_FLAG_OVER_PART_QOS, "OVERRIDE_PARTITION_QOS"),
            (c.QOS_FLAG_NO_DECAY, "NO_DECAY"),
            (c.QOS_FLAG_USAGE_FACTOR_SAFE, "USAGE_FACTOR_SAFE"),
        )
    )
)
PREEMPT_MODES = Flags(
    Flag("SUSPEND", "preempt_mode", c.PREEMPT_MODE_SUSPEND),
    Flag("REQUEUE", "preempt_mode", c.PREEMPT_MODE_REQUEUE),
    Flag("CANCEL", "preempt_mode", c.PREEMPT_MODE_CANCEL),
    Flag("GANG", "preempt_mode", c.PREEMPT_MODE_GANG),
)

QOS: Table = (
    F("description", "description", STR),
    F("flags", None, QOS_FLAGS),
    F("id", "id", U32),
    F("limits/grace_time", "grace_time", U32),
    F("limits/max/active_jobs/accruing", "grp_jobs_accrue", U32),
    F("limits/max/active_jobs/count", "grp_jobs", U32),
    F("limits/max/tres/total", "grp_tres", TRES_LIST),
    F("limits/max/tres/minutes/per/qos", "grp_tres_run_mins", TRES_LIST),
    F("name", "name", STR),
    F("limits/max/wall_clock/per/qos", "grp_wall", U32),
    F("limits/factor", "limit_factor", FLOAT),
    F("limits/max/jobs/active_jobs/per/account", "max_jobs_pa", U32),
    F("limits/max/jobs/active_jobs/per/user", "max_jobs_pu", U32),
    F("limits/max/accruing/per/account", "max_jobs_accrue_pa", U32),
    F("limits/max/accruing/per/user", "max_jobs_accrue_pu", U32),
    F("limits/max/jobs/per/account", "max_submit_jobs_pa", U32),
    F("limits/max/jobs/per/user", "max_submit_jobs_pu", U32),
    F("limits/max/tres/minutes/per/job", "max_tres_mins_pj", TRES_LIST),
    F("limits/max/tres/per/account", "max_tres_pa", TRES_LIST),
    F("limits/max/tres/per/job", "max_tres_pj", TRES_LIST),
    F("limits/max/tres/per/node", "max_tres_pn", TRES_LIST),
    F("limits/max/tres/per/user", "max_tres_pu", TRES_LIST),
    F("limits/max/tres/minutes/per/account", "max_tres_run_mins_pa", TRES_LIST),
    F("limits/max/tres/minutes/per/user", "max_tres_run_mins_pu", TRES_LIST),
    F("limits/max/wall_clock/per/job", "max_wall_pj", U32),
    F("limits/min/priority_threshold", "min_prio_thresh", U32),
    F("limits/min/tres/per/job", "min_tres_pj", TRES_LIST),
    F("preempt/list", "preempt_bitstr", QosPreempt()),
    F("preempt/mode", None, PREEMPT_MODES),
    F("preempt/exempt_time", "preempt_exempt_time", U32),
    F("priority", "priority", U32),
    F("usage_factor", "usage_factor", FLOAT),
    F("usage_threshold", "usage_thres", FLOAT),
)

JOB_STATE = Lookup("slurm_job_state_string")

STEP: Table = (
    F("time/elapsed", "elapsed", U32),
    F("time/end", "end", U32),
    F("exit_code", "exitcode", ExitCode()),
    F("nodes/count", "nnodes", U32),
    F("nodes/range", "nodes", STR),
    F("tasks/count", "ntasks", U32),
    F("pid", "pid_str", STR),
    F("CPU/requested_frequency/min", "req_cpufreq_min", U32),
    F("CPU/requested_frequency/max", "req_cpufreq_max", U32),
    F(
        "CPU/governor",
        None,
        Flags(
            Flag("Conservative", "req_cpufreq_gov", c.CPU_FREQ_CONSERVATIVE),
            Flag("Performance", "req_cpufreq_gov", c.CPU_FREQ_PERFORMANCE),
            Flag("PowerSave", "req_cpufreq_gov", c.CPU_FREQ_POWERSAVE),
            Flag("OnDemand", "req_cpufreq_gov", c.CPU_FREQ_ONDEMAND),
            Flag("UserSpace", "req_cpufreq_gov", c.CPU_FREQ_USERSPACE),
        ),
    ),
    F("kill_request_user", "requid", UserId()),
    F("time/start", "start", U32),
    F("state", "state", JOB_STATE),
    F("statistics/CPU/actual_frequency", "stats.act_cpufreq", U32),
    F("statistics/energy/consumed", "stats.consumed_energy", U32),
    F("step/job_id", "step_id.job_id", U32),
    F("step/het/component", "step_id.step_het_comp", U32),
    F("step/id", "step_id.step_id", StepId()),
    F("step/name", "stepname", STR),
    F("time/suspended", "suspended", U32),
    F("time/system/seconds", "sys_cpu_sec", U32),
    F("time/system/microseconds", "sys_cpu_usec", U32),
    F("task/distribution", "task_dist", Lookup("slurm_step_layout_type_name", owned=True)),
    F("time/total/seconds", "tot_cpu_sec", U32),
    F("time/total/microseconds", "tot_cpu_usec", U32),
    F("time/user/seconds", "user_cpu_sec", U32),
    F("time/user/microseconds", "user_cpu_usec", U32),
    F("tres/requested/average", "stats.tres_usage_in_ave", TRES_LIST),
    F("tres/requested/total", "stats.tres_usage_in_tot", TRES_LIST),
    F("tres/consumed/average", "stats.tres_usage_out_ave", TRES_LIST),
    F("tres/consumed/total", "stats.tres_usage_out_tot", TRES_LIST),
    F("tres/allocated", "tres_alloc_str", TRES_LIST),
)

JOB: Table = (
    F("account", "account", STR),
    F("comment/administrator", "admin_comment", STR),
    F("allocation_nodes", "alloc_nodes", U32),
    F("array/job_id", "array_job_id", U32),
    F("array/limits/max/running/tasks", "array_max_tasks", U32),
    F("array/task", "array_task_str", STR),
    F("array/task_id", "array_task_id", U32),
    F("association", "associd", AssocId(ASSOC_SHORT)),
    F("cluster", "cluster", STR),
    F("constraints", "constraints", STR),
    F("container", "container", STR),
    F("derived_exit_code", "derived_ec", ExitCode()),
    F("comment/job", "derived_es", STR),
    F("time/elapsed", "elapsed", U32),
    F("time/eligible", "eligible", U32),
    F("time/end", "end", U32),
    F("exit_code", "exitcode", ExitCode()),
    F(
        "flags",
        None,
        Flags(
            Flag("CLEAR_SCHEDULING", "flags", c.SLURMDB_JOB_CLEAR_SCHED),
            Flag("NOT_SET", "flags", c.SLURMDB_JOB_FLAG_NOTSET),
            Flag("STARTED_ON_SUBMIT", "flags", c.SLURMDB_JOB_FLAG_SUBMIT),
            Flag("STARTED_ON_SCHEDULE", "flags", c.SLURMDB_JOB_FLAG_SCHED),
            Flag("STARTED_ON_BACKFILL", "flags", c.SLURMDB_JOB_FLAG_BACKFILL),
        ),
    ),
    F("group", "gid", GroupId()),
    F("het/job_id", "het_job_id", U32),
    F("het/job_offset", "het_job_offset", U32),
    F("job_id", "jobid", U32),
    F("name", "jobname", STR),
    F("mcs/label", "mcs_label", STR),
    F("nodes", "nodes", STR),
    F("partition", "partition", STR),
    F("priority", "priority", U32),
    F("qos", "qosid", QosId()),
    F("required/CPUs", "req_cpus", U32),
    F("required/memory", "req_mem", U32),
    F("kill_request_user", "requid", UserId()),
    F("reservation/id", "resvid", U32),
    F("reservation/name", "resv_name", ResvName()),
    F("time/start", "start", U32),
    F("state/current", "state", JOB_STATE),
    F("state/reason", "state_reason_prev", JobReason()),
    F("time/submission", "submit", U32),
    F("steps", "steps", Steps(STEP)),
    F("time/suspended", "suspended", U32),
    F("comment/system", "system_comment", STR),
    F("time/system/seconds", "sys_cpu_sec", U32),
    F("time/system/microseconds", "sys_cpu_usec", U32),
    F("time/limit", "timelimit", U32),
    F("time/total/seconds", "tot_cpu_sec", U32),
    F("time/total/microseconds", "tot_cpu_usec", U32),
    F("tres/allocated", "tres_alloc_str", TRES_LIST),
    F("tres/requested", "tres_req_str", TRES_LIST),
    F("user", "user", STR),
    F("time/user/seconds", "user_cpu_sec", U32),
    F("time/user/microseconds", "user_cpu_usec", U32),
    F("wckey", "wckey", WckeyTag()),
    F("working_directory", "work_dir", STR),
)


STATS_RPC: Table = (
    F("rpc", "id", RpcName()),
    F("count", "cnt", U32),
    F("time/average", "time_ave", U64),
    F("time/total", "time", U64),
)
STATS_USER: Table = (
    F("user", "id", UserId()),
    F("count", "cnt", U32),
    F("time/average", "time_ave", U64),
    F("time/total", "time", U64),
)
STATS: Table = (
    F("time_start", "time_start", U32),
    F("rollups", "dbd_rollup_stats", Rollups()),
    F("RPCs", "rpc_list", Records(lambda: STATS_RPC)),
    F("users", "user_list", Records(lambda: STATS_USER)),
)

CLUSTER: Table = (
    F("controller/host", "control_host", STR),
    F("controller/port", "control_port", U32),
    F(
        "flags",
        None,
        Flags(
            Flag("MULTIPLE_SLURMD", "flags", c.CLUSTER_FLAG_MULTSD),
            Flag("FRONT_END", "flags", c.CLUSTER_FLAG_FE),
            Flag("CRAY_NATIVE", "flags", c.CLUSTER_FLAG_CRAY),
            Flag("FEDERATION", "flags", c.CLUSTER_FLAG_FED),
            Flag("EXTERNAL", "flags", c.CLUSTER_FLAG_EXT),
        ),
    ),
    F("name", "name", STR),
    F("nodes", "nodes", STR),
    F("select_plugin", "plugin_id_select", SelectPlugin()),
    F("associations/root", "root_assoc", Unhandled()),
    F("rpc_version", "rpc_version", U16),
    F("tres", "tres_str", TRES_LIST),
)
