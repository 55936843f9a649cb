"""v0.0.45: slurmctld's configuration (GET /slurm/v0.0.45/conf), new here.

design: the whole table (no earlier version has it), in the data_parser's
order: slurm.conf's settings under their slurm.conf names (CONF), and
what slurmctld adds about them (CONF_META).  The flag arrays name the
bits of 26.05's slurm.h (the one data_parser that has this table); a release
that lacks a field reads the reference's unset value (slurmrestd.slurm.releases).
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, dump
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.dbkinds import List
from slurmrestd.openapi.dataparser.kinds import (
    BOOL,
    CSV,
    STRING,
    TEXT,
    U16_NO_VAL,
    U32_NO_VAL,
    FlagBits,
    Number,
    bit,
    equal,
    hidden,
)
from slurmrestd.openapi.v0_0_40.dbjob import CpuFreq, MemPerCpu, MemPerNode
from slurmrestd.openapi.v0_0_45.dbconf import LogLevel, Seconds

U16 = U32 = Number(32)
TIMESTAMP = Number()
SECONDS = Seconds()
LOG_LEVEL = LogLevel()
ALL16, ALL32, ALL64 = 0xFFFF, 0xFFFFFFFF, (1 << 64) - 1


class One(Kind):
    """A value that is one of several (the data_parser's single-name flags): its name,
    "" when it is none of them."""

    schema = STRING

    def __init__(self, *names: tuple[str, int]) -> None:
        self.names = names

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        return next((n for n, v in self.names if v == value), "")


class Paths(Kind):
    """A list of paths (Prolog, Epilog): the binding gives a list on every release."""

    schema = schemas.STRING_ARRAY

    def dump(self, value: Any, env: Env) -> Any:
        return list(value or [])


class PortRange(Kind):
    """SrunPortRange: (min, max) from the binding, set when both are given."""

    TABLE = (
        F("minimum", "min", U16),
        F("maximum", "max", U16),
        F("set", "set", BOOL),
    )
    schema = schemas.obj("port_range", TABLE)

    def dump(self, value: Any, env: Env) -> Any:
        low, high = value or (0, 0)
        given = low > 0 and high > 0
        rec = {"min": low if given else 0, "max": high if given else 0, "set": given}
        return dump(self.TABLE, rec, env)


# --- the flag arrays (26.05's values) ------------------------------------------------

ACCT_STORAGE_ENFORCE = FlagBits(
    hidden("all", 0xFFFF & ~((1 << 5) | (1 << 6))),
    bit("associations", 1 << 0),
    bit("limits", 1 << 1),
    bit("wckeys", 1 << 2),
    bit("qos", 1 << 3),
    bit("safe", 1 << 4),
    bit("nojobs", 1 << 5),
    bit("nosteps", 1 << 6),
)
CONF_FLAGS = FlagBits(
    bit("DisableRootJobs", 1 << 2),
    bit("AllowSpecResourcesUsage", 1 << 3),
    bit("UsePam", 1 << 4),
    bit("TrackWCKey", 1 << 5),
)
COMMUNICATION_FLAGS = FlagBits(
    bit("IPv4", 1 << 6), bit("IPv6", 1 << 7), bit("disable_http", 1 << 17)
)
ACCOUNTING_STORE_FLAGS = FlagBits(
    bit("job_comment", 1 << 1),
    bit("job_extra", 1 << 8),
    bit("job_script", 1 << 9),
    bit("job_env", 1 << 10),
    bit("no_stdio", 1 << 16),
)
SLURMD_FLAGS = FlagBits(
    bit("config_overrides", 1 << 0),
    bit("l3cache_as_socket", 1 << 11),
    bit("numa_node_as_socket", 1 << 12),
    bit("allow_ecores", 1 << 13),
    bit("shutdown_on_reboot", 1 << 14),
    bit("contain_spank", 1 << 15),
)
CPU_FREQ_GOVS = FlagBits(
    equal("Unset", 0xFFFFFFFE, ALL32),
    equal("Conservative", 0x88000000, ALL32),
    equal("OnDemand", 0x84000000, ALL32),
    equal("Performance", 0x82000000, ALL32),
    equal("PowerSave", 0x81000000, ALL32),
    equal("SchedUtil", 0x80400000, ALL32),
    equal("UserSpace", 0x80800000, ALL32),
    equal("Low", 0x80000001, ALL32),
    equal("Medium", 0x80000002, ALL32),
    equal("Highm1", 0x80000004, ALL32),
    equal("High", 0x80000003, ALL32),
)
DEBUG_FLAGS = FlagBits(
    *(
        bit(name, 1 << shift)
        for name, shift in (
            ("Accrue", 50),
            ("Agent", 52),
            ("AuditRPCs", 25),
            ("AuditTLS", 15),
            ("Backfill", 12),
            ("BackfillMap", 27),
            ("BurstBuffer", 40),
            ("Cgroup", 55),
            ("ConMgr", 9),
            ("CpuFrequency", 41),
            ("CPU_Bind", 3),
            ("Data", 8),
            ("DBD_Agent", 51),
            ("DB_Archive", 44),
            ("DB_Assoc", 30),
            ("DB_Event", 31),
            ("DB_Job", 32),
            ("DB_QOS", 33),
            ("DB_Query", 34),
            ("DB_Reservation", 35),
            ("DB_Resource", 36),
            ("DB_Step", 37),
            ("DB_TRES", 45),
            ("DB_Usage", 38),
            ("DB_WCKey", 39),
            ("Dependency", 53),
            ("Energy", 18),
            ("Federation", 48),
            ("Gang", 13),
            ("GLOB_SILENCE", 23),
            ("Gres", 6),
            ("Hetjob", 49),
            ("Interconnect", 22),
            ("JobAccountGather", 54),
            ("JobComp", 46),
            ("Namespace", 24),
            ("NodeFeatures", 47),
            ("License", 20),
            ("Metrics", 57),
            ("MPI", 7),
            ("Network", 10),
            ("NetworkRaw", 4),
            ("NO_CONF_HASH", 5),
            ("Power", 42),
            ("Priority", 11),
            ("Profile", 21),
            ("Protocol", 26),
            ("Reservation", 14),
            ("Route", 29),
            ("Sack", 16),
            ("Script", 56),
            ("SelectType", 0),
            ("Steps", 1),
            ("Switch", 17),
            ("thread", 43),
            ("TLS", 19),
            ("TraceJobs", 28),
            ("Triggers", 2),
        )
    )
)
ENFORCE_PART_LIMITS = FlagBits(
    equal("NO", 0, ALL16), equal("ANY", 2, ALL16), equal("ALL", 1, ALL16)
)
_HC_ANY = 0x00FF
_HC_BASE = _HC_ANY | (1 << 9) | (1 << 10)
HEALTH_CHECK_NODE_STATE = FlagBits(
    equal("START_ONLY", 1 << 9, _HC_BASE),
    equal("REBOOT_ONLY", 1 << 10, _HC_BASE),
    equal("ANY", _HC_ANY, _HC_ANY),
    bit("IDLE", 1 << 0, _HC_ANY),
    bit("ALLOC", 1 << 1, _HC_ANY),
    bit("MIXED", 1 << 2, _HC_ANY),
    bit("NONDRAINED_IDLE", 1 << 3, _HC_ANY),
    bit("CYCLE", 1 << 8, 1 << 8),
)
LOG_TIME_FORMAT = One(
    ("iso8601_ms", 0),
    ("iso8601", 1),
    ("rfc5424_ms", 2),
    ("rfc5424", 3),
    ("rfc3339", 7),
    ("clock", 4),
    ("short", 5),
    ("thread_id", 6),
)
PREEMPT_MODES = FlagBits(
    equal("DISABLED", 0, ALL64),
    bit("SUSPEND", 0x0001),
    bit("REQUEUE", 0x0002),
    bit("CANCEL", 0x0008),
    bit("GANG", 0x8000),
    bit("WITHIN", 0x4000),
    bit("PRIORITY", 0x2000),
)
PRIORITY_FLAGS = FlagBits(
    bit("ACCRUE_ALWAYS", 1 << 0),
    bit("SMALL_RELATIVE_TO_TIME", 1 << 2),
    bit("CALCULATE_RUNNING", 1 << 4),
    bit("DEPTH_OBLIVIOUS", 1 << 3),
    bit("FAIR_TREE", 1 << 5),
    bit("INCR_ONLY", 1 << 6),
    bit("MAX_TRES", 1 << 1),
    bit("MAX_TRES_GRES", 1 << 11),
    bit("NO_NORMAL_ASSOC", 1 << 7),
    bit("NO_NORMAL_PART", 1 << 8),
    bit("NO_NORMAL_QOS", 1 << 9),
    bit("NO_NORMAL_TRES", 1 << 10),
)
PRIORITY_RESET_PERIOD = One(
    ("NONE", 0),
    ("NOW", 1),
    ("DAILY", 2),
    ("WEEKLY", 3),
    ("MONTHLY", 4),
    ("QUARTERLY", 5),
    ("YEARLY", 6),
)
PRIVATE_DATA = FlagBits(
    bit("accounts", 32),
    bit("events", 256),
    bit("jobs", 1),
    bit("nodes", 2),
    bit("partitions", 4),
    bit("reservations", 64),
    bit("usage", 8),
    bit("users", 16),
)
PROLOG_FLAGS = FlagBits(
    bit("Alloc", 1),
    bit("NoHold", 2),
    bit("Contain", 4),
    bit("Serial", 8),
    bit("X11", 16),
    bit("DeferBatch", 32),
    bit("ForceRequeueOnFail", 64),
    bit("RunInJob", 128),
)
PROPAGATE_PRIO_PROCESS = One(("off", 0), ("on", 1), ("nicer", 2))
RECONFIG_FLAGS = FlagBits(
    bit("KeepPartInfo", 1), bit("KeepPartState", 2), bit("KeepPowerSaveSettings", 4)
)
RETURN_TO_SERVICE = One(("none", 0), ("non_responsive_only", 1), ("all", 2))
_CPU, _SOCKET, _CORE, _MEMORY = 1 << 0, 1 << 1, 1 << 2, 1 << 4
_EXCL = _CPU | _SOCKET | _CORE | _MEMORY
_NON_EXCL = ALL64 & ~_EXCL
SELECT_TYPE_PARAM = FlagBits(
    equal("NONE", 0, ALL32),
    equal("CR_CPU_MEMORY", _CPU | _MEMORY, _EXCL),
    equal("CR_CPU", _CPU, _EXCL),
    hidden("CPU", _CPU, _EXCL),
    equal("CR_CORE_MEMORY", _CORE | _MEMORY, _EXCL),
    equal("CR_CORE", _CORE, _EXCL),
    hidden("CORE", _CORE, _EXCL),
    equal("CR_SOCKET_MEMORY", _SOCKET | _MEMORY, _EXCL),
    equal("CR_SOCKET", _SOCKET, _EXCL),
    hidden("SOCKET", _SOCKET, _EXCL),
    equal("CR_MEMORY", _MEMORY, _EXCL),
    hidden("MEMORY", _MEMORY, _EXCL),
    hidden("BOARD", 1 << 3, _NON_EXCL),
    bit("CR_ONE_TASK_PER_CORE", 1 << 8, _NON_EXCL),
    hidden("ONE_TASK_PER_CORE", 1 << 8, _NON_EXCL),
    bit("CR_CORE_DEFAULT_DIST_BLOCK", 1 << 12, _NON_EXCL),
    hidden("CORE_DEFAULT_DIST_BLOCK", 1 << 12, _NON_EXCL),
    bit("CR_NO_DIST_TOPO_BLOCK", 1 << 11, _NON_EXCL),
    bit("CR_LLN", 1 << 14, _NON_EXCL),
    hidden("LLN", 1 << 14, _NON_EXCL),
    bit("CR_PACK_NODES", 1 << 9, _NON_EXCL),
    hidden("PACK_NODES", 1 << 9, _NON_EXCL),
    bit("LL_SHARED_GRES", 1 << 10, _NON_EXCL),
    bit("MULTIPLE_SHARING_GRES_PJ", 1 << 15, _NON_EXCL),
    bit("ENFORCE_BINDING_GRES", 1 << 6, _NON_EXCL),
    bit("ONE_TASK_PER_SHARING_GRES", 1 << 7, _NON_EXCL),
    hidden("LINEAR", 1 << 5, _NON_EXCL),
)
TASK_PLUGIN_PARAM = FlagBits(
    equal("None", 0x0020, 0x0FE0),
    equal("Threads", 0x0002, 0x001E),
    equal("Cores", 0x0004, 0x001E),
    equal("Sockets", 0x0008, 0x001E),
    equal("autobind=threads", 0x04000, 0x34000),
    equal("autobind=cores", 0x10000, 0x34000),
    equal("autobind=sockets", 0x20000, 0x34000),
    bit("Verbose", 0x0001, 0x0001),
    bit("SlurmdOffSpec", 0x40000),
    bit("OOMKillStep", 0x100000),
    bit("SlurmdSpecOverride", 0x200000),
)

CONTROLLER = (
    F("address", "addr", TEXT),
    F("machine", "machine", TEXT),
)
JOB_DEFAULTS = (
    F("type", "type", FlagBits(equal("DefCpuPerGPU", 1, ALL64), equal("DefMemPerGPU", 2, ALL64))),
    F("value", "value", Number()),
)


class Records(List):
    """A named array of records ([] when there are none)."""

    def __init__(self, name: str, item: str, table: Any) -> None:
        super().__init__(lambda: table)
        self.schema: Any = schemas.array(name, schemas.obj(item, table))


CONF = (
    F("AccountingStorageTRES", "accounting_storage_tres", CSV),
    F("AccountingStorageBackupHost", "accounting_storage_backup_host", TEXT),
    F("AccountingStorageEnforce", "accounting_storage_enforce", ACCT_STORAGE_ENFORCE),
    F("AccountingStorageExternalHost", "accounting_storage_ext_host", TEXT),
    F("AccountingStorageHost", "accounting_storage_host", TEXT),
    F("AccountingStorageParameters", "accounting_storage_params", CSV),
    F("AccountingStoragePort", "accounting_storage_port", U16),
    F("AccountingStorageType", "accounting_storage_type", TEXT),
    F("AcctGatherEnergyType", "acct_gather_energy_type", CSV),
    F("AcctGatherProfileType", "acct_gather_profile_type", TEXT),
    F("AcctGatherInterconnectType", "acct_gather_interconnect_type", TEXT),
    F("AcctGatherFilesystemType", "acct_gather_filesystem_type", TEXT),
    F("AcctGatherNodeFreq", "acct_gather_node_freq", U16),
    F("ConfFlags", "conf_flags", CONF_FLAGS),
    F("AuthAltTypes", "authalttypes", CSV),
    F("AuthInfo", "authinfo", TEXT),
    F("AuthAltParameters", "authalt_params", TEXT),
    F("AuthType", "authtype", TEXT),
    F("BatchStartTimeout", "batch_start_timeout", U16),
    F("BurstBufferType", "bb_type", TEXT),
    F("BcastExclude", "bcast_exclude", CSV),
    F("BcastParameters", "bcast_parameters", CSV),
    F("CertgenParameters", "certgen_params", CSV),
    F("CertgenType", "certgen_type", TEXT),
    F("CertmgrParameters", "certmgr_params", TEXT),
    F("CertmgrType", "certmgr_type", TEXT),
    F("CliFilterParameters", "cli_filter_params", CSV),
    F("CliFilterPlugins", "cli_filter_plugins", CSV),
    F("ClusterName", "cluster_name", TEXT),
    F("CommunicationParameters", "comm_params", CSV),
    F("CompleteWait", "complete_wait", U16),
    F("CommunicationParametersFlags", "conf_flags", COMMUNICATION_FLAGS),
    F("AccountingStoreFlags", "conf_flags", ACCOUNTING_STORE_FLAGS),
    F("SlurmdParametersFlags", "conf_flags", SLURMD_FLAGS),
    F("controllers", "controllers", Records("controllers_array", "controller", CONTROLLER)),
    F("CpuFreqDef", "cpu_freq_def", CpuFreq()),
    F("CpuFreqGovernors", "cpu_freq_govs", CPU_FREQ_GOVS),
    F("CredType", "cred_type", TEXT),
    F("DataParserParameters", "data_parser_parameters", TEXT),
    F("DebugFlags", "debug_flags", DEBUG_FLAGS),
    F("DefMemPerCPU", "def_mem_per_cpu", MemPerCpu()),
    F("DependencyParameters", "dependency_params", CSV),
    F("EioTimeout", "eio_timeout", U16),
    F("EnforcePartLimits", "enforce_part_limits", ENFORCE_PART_LIMITS),
    F("Epilog", "epilog", Paths()),
    F("EpilogMsgTime", "epilog_msg_time", U32),
    F("EpilogSlurmctld", "epilog_slurmctld", Paths()),
    F("EpilogTimeout", "epilog_timeout", U16_NO_VAL),
    F("FederationParameters", "fed_params", CSV),
    F("FirstJobId", "first_job_id", U32),
    F("FairShareDampeningFactor", "fs_dampening_factor", U16),
    F("GetNameInfoCacheTimeout", "getnameinfo_cache_timeout", U16),
    F("GresTypes", "gres_plugins", CSV),
    F("GroupUpdateTime", "group_time", U16),
    F("GroupUpdateForce", "group_force", BOOL),
    F("GpuFreqDef", "gpu_freq_def", TEXT),
    F("HashPlugin", "hash_plugin", TEXT),
    F("HealthCheckInterval", "health_check_interval", U16),
    F("HealthCheckNodeState", "health_check_node_state", HEALTH_CHECK_NODE_STATE),
    F("HealthCheckProgram", "health_check_program", TEXT),
    F("HealthCheckTimeout", "health_check_timeout", U16),
    F("HttpParserType", "http_parser_type", TEXT),
    F("HostUnreachRetryCount", "host_unreach_retry_count", U32),
    F("InactiveLimit", "inactive_limit", U16),
    F("InteractiveStepOptions", "interactive_step_opts", TEXT),
    F("JobAcctGatherFrequency", "job_acct_gather_freq", CSV),
    F("JobAcctGatherType", "job_acct_gather_type", TEXT),
    F("JobAcctGatherParams", "job_acct_gather_params", CSV),
    F("JobAcctOomKill", "job_acct_oom_kill", BOOL),
    F("JobCompHost", "job_comp_host", TEXT),
    F("JobCompLoc", "job_comp_loc", TEXT),
    F("JobCompParams", "job_comp_params", TEXT),
    F("JobCompPort", "job_comp_port", U32),
    F("JobCompType", "job_comp_type", TEXT),
    F("JobCompUser", "job_comp_user", TEXT),
    F(
        "JobDefaults",
        "job_defaults_list",
        Records("job_defaults_list", "job_defaults", JOB_DEFAULTS),
    ),
    F("JobFileAppend", "job_file_append", BOOL),
    F("JobRequeue", "job_requeue", BOOL),
    F("JobSubmitPlugins", "job_submit_plugins", CSV),
    F("KeepaliveInterval", "keepalive_interval", U32),
    F("KeepaliveProbes", "keepalive_probes", U32),
    F("KeepaliveTime", "keepalive_time", U32),
    F("KillOnBadExit", "kill_on_bad_exit", BOOL),
    F("KillWait", "kill_wait", U16),
    F("LaunchParameters", "launch_params", CSV),
    F("Licenses", "licenses", CSV),
    F("LicenseParameters", "license_params", CSV),
    F("LogTimeFormat", "log_fmt", LOG_TIME_FORMAT),
    F("MailDomain", "mail_domain", TEXT),
    F("MailProg", "mail_prog", TEXT),
    F("MaxArraySize", "max_array_sz", U32),
    F("MaxBatchRequeue", "max_batch_requeue", U32),
    F("MaxDBDMsgs", "max_dbd_msgs", U32),
    F("MaxJobCount", "max_job_cnt", U32),
    F("MaxJobId", "max_job_id", U32),
    F("MaxMemPerCPU", "max_mem_per_cpu", MemPerNode()),
    F("MaxNodeCount", "max_node_cnt", U32),
    F("MaxStepCount", "max_step_cnt", U32),
    F("MaxTasksPerNode", "max_tasks_per_node", U16),
    F("MCSPlugin", "mcs_plugin", TEXT),
    F("MCSParameters", "mcs_plugin_params", CSV),
    F("MetricsAuthUsers", "metrics_auth_users", CSV),
    F("MetricsParameters", "metrics_params", CSV),
    F("MetricsType", "metrics_type", TEXT),
    F("MinJobAge", "min_job_age", U32),
    F("MpiDefault", "mpi_default", TEXT),
    F("MpiParams", "mpi_params", CSV),
    F("MessageTimeout", "msg_timeout", U16),
    F("NamespaceType", "namespace_plugin", TEXT),
    F("NodeFeaturesPlugins", "node_features_plugins", CSV),
    F("OverTimeLimit", "over_time_limit", U16),
    F("PluginDir", "plugindir", TEXT),
    F("PlugStackConfig", "plugstack", TEXT),
    F("PreemptExemptTime", "preempt_exempt_time", U32_NO_VAL),
    F("PreemptMode", "preempt_mode", PREEMPT_MODES),
    F("PreemptParameters", "preempt_params", CSV),
    F("PreemptType", "preempt_type", TEXT),
    F("PrEpParameters", "prep_params", TEXT),
    F("PrEpPlugins", "prep_plugins", CSV),
    F("PriorityDecayHalfLife", "priority_decay_hl", SECONDS),
    F("PriorityCalcPeriod", "priority_calc_period", SECONDS),
    F("PriorityFavorSmall", "priority_favor_small", BOOL),
    F("PriorityFlags", "priority_flags", PRIORITY_FLAGS),
    F("PriorityMaxAge", "priority_max_age", SECONDS),
    F("PriorityParameters", "priority_params", TEXT),
    F("PriorityUsageResetPeriod", "priority_reset_period", PRIORITY_RESET_PERIOD),
    F("PriorityType", "priority_type", TEXT),
    F("PriorityWeightAge", "priority_weight_age", U32),
    F("PriorityWeightAssoc", "priority_weight_assoc", U32),
    F("PriorityWeightFairshare", "priority_weight_fs", U32),
    F("PriorityWeightJobSize", "priority_weight_js", U32),
    F("PriorityWeightPartition", "priority_weight_part", U32),
    F("PriorityWeightQOS", "priority_weight_qos", U32),
    F("PriorityWeightTRES", "priority_weight_tres", TEXT),
    F("PrivateData", "private_data", PRIVATE_DATA),
    F("ProctrackType", "proctrack_type", TEXT),
    F("Prolog", "prolog", Paths()),
    F("PrologSlurmctld", "prolog_slurmctld", Paths()),
    F("PrologTimeout", "prolog_timeout", U16_NO_VAL),
    F("PropagatePrioProcess", "propagate_prio_process", PROPAGATE_PRIO_PROCESS),
    F("PrologFlags", "prolog_flags", PROLOG_FLAGS),
    F("PropagateResourceLimits", "propagate_rlimits", CSV),
    F("PropagateResourceLimitsExcept", "propagate_rlimits_except", CSV),
    F("RebootProgram", "reboot_program", TEXT),
    F("ReconfigFlags", "reconfig_flags", RECONFIG_FLAGS),
    F("RequeueExit", "requeue_exit", CSV),
    F("RequeueExitHold", "requeue_exit_hold", CSV),
    F("ResumeFailProgram", "resume_fail_program", TEXT),
    F("ResumeProgram", "resume_program", TEXT),
    F("ResumeRate", "resume_rate", U16),
    F("ResumeTimeout", "resume_timeout", U16),
    F("ResvEpilog", "resv_epilog", TEXT),
    F("ResvOverRun", "resv_over_run", U16),
    F("ResvProlog", "resv_prolog", TEXT),
    F("ReturnToService", "ret2service", RETURN_TO_SERVICE),
    F("SlurmSchedLogFile", "sched_logfile", TEXT),
    F("SlurmSchedLogLevel", "sched_log_level", U16),
    F("SchedulerParameters", "sched_params", CSV),
    F("SchedulerTimeSlice", "sched_time_slice", U16),
    F("SchedulerType", "schedtype", TEXT),
    F("ScronParameters", "scron_params", CSV),
    F("SelectType", "select_type", TEXT),
    F("SelectTypeParameters", "select_type_param", SELECT_TYPE_PARAM),
    F("PrioritySiteFactorPlugin", "site_factor_plugin", TEXT),
    F("PrioritySiteFactorParameters", "site_factor_params", TEXT),
    F("SlurmUserId", "slurm_user_id", U32),
    F("SlurmUser", "slurm_user_name", TEXT),
    F("SlurmdUserId", "slurmd_user_id", U32),
    F("SlurmdUser", "slurmd_user_name", TEXT),
    F("SlurmctldAddr", "slurmctld_addr", TEXT),
    F("SlurmctldDebug", "slurmctld_debug", LOG_LEVEL),
    F("SlurmctldHttpAuthParams", "slurmctld_http_auth_params", CSV),
    F("SlurmctldLogFile", "slurmctld_logfile", TEXT),
    F("SlurmctldPidFile", "slurmctld_pidfile", TEXT),
    F("SlurmctldPort", "slurmctld_port", U32),
    F("SlurmctldPortCount", "slurmctld_port_count", U16),
    F("SlurmctldPrimaryOffProg", "slurmctld_primary_off_prog", TEXT),
    F("SlurmctldPrimaryOnProg", "slurmctld_primary_on_prog", TEXT),
    F("SlurmctldSyslogDebug", "slurmctld_syslog_debug", LOG_LEVEL),
    F("SlurmctldTimeout", "slurmctld_timeout", U16),
    F("SlurmctldParameters", "slurmctld_params", CSV),
    F("SlurmdDebug", "slurmd_debug", LOG_LEVEL),
    F("SlurmdHttpAuthParams", "slurmd_http_auth_params", CSV),
    F("SlurmdLogFile", "slurmd_logfile", TEXT),
    F("SlurmdParameters", "slurmd_params", CSV),
    F("SlurmdPidFile", "slurmd_pidfile", TEXT),
    F("SlurmdPort", "slurmd_port", U32),
    F("SlurmdSpoolDir", "slurmd_spooldir", TEXT),
    F("SlurmdSyslogDebug", "slurmd_syslog_debug", LOG_LEVEL),
    F("SlurmdTimeout", "slurmd_timeout", U16),
    F("SrunEpilog", "srun_epilog", TEXT),
    F("SrunPortRange", "srun_port_range", PortRange()),
    F("SrunProlog", "srun_prolog", TEXT),
    F("StateSaveLocation", "state_save_location", TEXT),
    F("SuspendExcNodes", "suspend_exc_nodes", CSV),
    F("SuspendExcParts", "suspend_exc_parts", CSV),
    F("SuspendExcStates", "suspend_exc_states", CSV),
    F("SuspendProgram", "suspend_program", TEXT),
    F("SuspendRate", "suspend_rate", U16),
    F("SuspendTime", "suspend_time", U32_NO_VAL),
    F("SuspendTimeout", "suspend_timeout", U16),
    F("SwitchType", "switch_type", TEXT),
    F("SwitchParameters", "switch_param", CSV),
    F("TaskEpilog", "task_epilog", TEXT),
    F("TaskPlugin", "task_plugin", CSV),
    F("TaskPluginParam", "task_plugin_param", TASK_PLUGIN_PARAM),
    F("TaskProlog", "task_prolog", TEXT),
    F("TLSParameters", "tls_params", CSV),
    F("TLSType", "tls_type", TEXT),
    F("TCPTimeout", "tcp_timeout", U16),
    F("TmpFS", "tmp_fs", TEXT),
    F("TopologyParam", "topology_param", CSV),
    F("TopologyPlugin", "topology_plugin", TEXT),
    F("TreeWidth", "tree_width", U16),
    F("UnkillableStepProgram", "unkillable_program", TEXT),
    F("UnkillableStepTimeout", "unkillable_timeout", U16),
    F("UrlParserType", "url_parser_type", TEXT),
    F("VSizeFactor", "vsize_factor", U16),
    F("WaitTime", "wait_time", U16),
    F("X11Parameters", "x11_params", CSV),
)

CONF_META = (
    F("LastUpdate", "last_update", TIMESTAMP),
    F("BOOT_TIME", "boot_time", TIMESTAMP),
    F("ClusterId", "cluster_id", U16_NO_VAL),
    F("HashValue", "hash_val", U32),
    F("NEXT_JOB_ID", "next_job_id", U32_NO_VAL),
    F("SLURM_CONF", "slurm_conf", TEXT),
    F("SLURM_VERSION", "version", TEXT),
)
