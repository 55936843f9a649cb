"""v0.0.45: slurmctld's configuration (GET /slurm/v0.0.45/conf), new here.

design: the whole table (no earlier version has it), in the data_parser's
order: slurm.conf's settings under their slurm.conf names (CONF), and
what slurmctld adds about them (CONF_META).  The flag arrays give 26.05's
data_parser's names to the bits of the release the binding is built for (a bit
the release lacks is 0 there, never set); a release that lacks a field reads
the reference's unset value (slurmrestd.slurm.releases).
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
from slurmrestd.slurm import constants as c

U16 = U32 = Number(32)
TIMESTAMP = Number()
SECONDS = Seconds()
LOG_LEVEL = LogLevel()


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


# --- the flag arrays: the data_parser's names, the release's values -----------------


def eq(name: str, constant: str, mask: int) -> tuple[str, int, int, str]:
    """An "equal" entry of a constant the release may lack: one that never matches there
    (its name stays in the document, which is 26.05's)."""
    if c.defined(constant):
        return equal(name, getattr(c, constant), mask)
    return equal(name, 1 << 64, 1 << 64)


ACCT_STORAGE_ENFORCE = FlagBits(
    hidden("all", c.INFINITE16 & ~(c.ACCOUNTING_ENFORCE_NO_JOBS | c.ACCOUNTING_ENFORCE_NO_STEPS)),
    bit("associations", c.ACCOUNTING_ENFORCE_ASSOCS),
    bit("limits", c.ACCOUNTING_ENFORCE_LIMITS),
    bit("wckeys", c.ACCOUNTING_ENFORCE_WCKEYS),
    bit("qos", c.ACCOUNTING_ENFORCE_QOS),
    bit("safe", c.ACCOUNTING_ENFORCE_SAFE),
    bit("nojobs", c.ACCOUNTING_ENFORCE_NO_JOBS),
    bit("nosteps", c.ACCOUNTING_ENFORCE_NO_STEPS),
)
CONF_FLAGS = FlagBits(
    bit("DisableRootJobs", c.CONF_FLAG_DRJ),
    bit("AllowSpecResourcesUsage", c.CONF_FLAG_ASRU),
    bit("UsePam", c.CONF_FLAG_PAM),
    bit("TrackWCKey", c.CONF_FLAG_WCKEY),
)
COMMUNICATION_FLAGS = FlagBits(
    bit("IPv4", c.CONF_FLAG_IPV4_ENABLED),
    bit("IPv6", c.CONF_FLAG_IPV6_ENABLED),
    bit("disable_http", c.CONF_FLAG_DISABLE_HTTP),
)
ACCOUNTING_STORE_FLAGS = FlagBits(
    bit("job_comment", c.CONF_FLAG_SJC),
    bit("job_extra", c.CONF_FLAG_SJX),
    bit("job_script", c.CONF_FLAG_SJS),
    bit("job_env", c.CONF_FLAG_SJE),
    bit("no_stdio", c.CONF_FLAG_NO_STDIO),
)
SLURMD_FLAGS = FlagBits(
    bit("config_overrides", c.CONF_FLAG_OR),
    bit("l3cache_as_socket", c.CONF_FLAG_L3CSOCK),
    bit("numa_node_as_socket", c.CONF_FLAG_NNSOCK),
    bit("allow_ecores", c.CONF_FLAG_ECORE),
    bit("shutdown_on_reboot", c.CONF_FLAG_SHR),
    bit("contain_spank", c.CONF_FLAG_CONTAIN_SPANK),
)
CPU_FREQ_GOVS = FlagBits(
    equal("Unset", c.NO_VAL, c.INFINITE),
    equal("Conservative", c.CPU_FREQ_CONSERVATIVE, c.INFINITE),
    equal("OnDemand", c.CPU_FREQ_ONDEMAND, c.INFINITE),
    equal("Performance", c.CPU_FREQ_PERFORMANCE, c.INFINITE),
    equal("PowerSave", c.CPU_FREQ_POWERSAVE, c.INFINITE),
    equal("SchedUtil", c.CPU_FREQ_SCHEDUTIL, c.INFINITE),
    equal("UserSpace", c.CPU_FREQ_USERSPACE, c.INFINITE),
    equal("Low", c.CPU_FREQ_LOW, c.INFINITE),
    equal("Medium", c.CPU_FREQ_MEDIUM, c.INFINITE),
    equal("Highm1", c.CPU_FREQ_HIGHM1, c.INFINITE),
    equal("High", c.CPU_FREQ_HIGH, c.INFINITE),
)
DEBUG_FLAGS = FlagBits(
    bit("Accrue", c.DEBUG_FLAG_ACCRUE),
    bit("Agent", c.DEBUG_FLAG_AGENT),
    bit("AuditRPCs", c.DEBUG_FLAG_AUDIT_RPCS),
    bit("AuditTLS", c.DEBUG_FLAG_AUDIT_TLS),
    bit("Backfill", c.DEBUG_FLAG_BACKFILL),
    bit("BackfillMap", c.DEBUG_FLAG_BACKFILL_MAP),
    bit("BurstBuffer", c.DEBUG_FLAG_BURST_BUF),
    bit("Cgroup", c.DEBUG_FLAG_CGROUP),
    bit("ConMgr", c.DEBUG_FLAG_CONMGR),
    bit("CpuFrequency", c.DEBUG_FLAG_CPU_FREQ),
    bit("CPU_Bind", c.DEBUG_FLAG_CPU_BIND),
    bit("Data", c.DEBUG_FLAG_DATA),
    bit("DBD_Agent", c.DEBUG_FLAG_DBD_AGENT),
    bit("DB_Archive", c.DEBUG_FLAG_DB_ARCHIVE),
    bit("DB_Assoc", c.DEBUG_FLAG_DB_ASSOC),
    bit("DB_Event", c.DEBUG_FLAG_DB_EVENT),
    bit("DB_Job", c.DEBUG_FLAG_DB_JOB),
    bit("DB_QOS", c.DEBUG_FLAG_DB_QOS),
    bit("DB_Query", c.DEBUG_FLAG_DB_QUERY),
    bit("DB_Reservation", c.DEBUG_FLAG_DB_RESV),
    bit("DB_Resource", c.DEBUG_FLAG_DB_RES),
    bit("DB_Step", c.DEBUG_FLAG_DB_STEP),
    bit("DB_TRES", c.DEBUG_FLAG_DB_TRES),
    bit("DB_Usage", c.DEBUG_FLAG_DB_USAGE),
    bit("DB_WCKey", c.DEBUG_FLAG_DB_WCKEY),
    bit("Dependency", c.DEBUG_FLAG_DEPENDENCY),
    bit("Energy", c.DEBUG_FLAG_ENERGY),
    bit("Federation", c.DEBUG_FLAG_FEDR),
    bit("Gang", c.DEBUG_FLAG_GANG),
    bit("GLOB_SILENCE", c.DEBUG_FLAG_GLOB_SILENCE),
    bit("Gres", c.DEBUG_FLAG_GRES),
    bit("Hetjob", c.DEBUG_FLAG_HETJOB),
    bit("Interconnect", c.DEBUG_FLAG_INTERCONNECT),
    bit("JobAccountGather", c.DEBUG_FLAG_JAG),
    bit("JobComp", c.DEBUG_FLAG_JOBCOMP),
    bit("Namespace", c.DEBUG_FLAG_NAMESPACE),
    bit("NodeFeatures", c.DEBUG_FLAG_NODE_FEATURES),
    bit("License", c.DEBUG_FLAG_LICENSE),
    bit("Metrics", c.DEBUG_FLAG_METRICS),
    bit("MPI", c.DEBUG_FLAG_MPI),
    bit("Network", c.DEBUG_FLAG_NET),
    bit("NetworkRaw", c.DEBUG_FLAG_NET_RAW),
    bit("NO_CONF_HASH", c.DEBUG_FLAG_NO_CONF_HASH),
    bit("Power", c.DEBUG_FLAG_POWER),
    bit("Priority", c.DEBUG_FLAG_PRIO),
    bit("Profile", c.DEBUG_FLAG_PROFILE),
    bit("Protocol", c.DEBUG_FLAG_PROTOCOL),
    bit("Reservation", c.DEBUG_FLAG_RESERVATION),
    bit("Route", c.DEBUG_FLAG_ROUTE),
    bit("Sack", c.DEBUG_FLAG_SACK),
    bit("Script", c.DEBUG_FLAG_SCRIPT),
    bit("SelectType", c.DEBUG_FLAG_SELECT_TYPE),
    bit("Steps", c.DEBUG_FLAG_STEPS),
    bit("Switch", c.DEBUG_FLAG_SWITCH),
    bit("thread", c.DEBUG_FLAG_THREAD),
    bit("TLS", c.DEBUG_FLAG_TLS),
    bit("TraceJobs", c.DEBUG_FLAG_TRACE_JOBS),
    bit("Triggers", c.DEBUG_FLAG_TRIGGERS),
)
ENFORCE_PART_LIMITS = FlagBits(
    equal("NO", c.PARTITION_ENFORCE_NONE, c.INFINITE16),
    equal("ANY", c.PARTITION_ENFORCE_ANY, c.INFINITE16),
    equal("ALL", c.PARTITION_ENFORCE_ALL, c.INFINITE16),
)
_HC_ANY = c.HEALTH_CHECK_NODE_ANY
_HC_BASE = _HC_ANY | c.HEALTH_CHECK_START_ONLY | c.HEALTH_CHECK_REBOOT_ONLY
HEALTH_CHECK_NODE_STATE = FlagBits(
    eq("START_ONLY", "HEALTH_CHECK_START_ONLY", _HC_BASE),
    eq("REBOOT_ONLY", "HEALTH_CHECK_REBOOT_ONLY", _HC_BASE),
    equal("ANY", _HC_ANY, _HC_ANY),
    bit("IDLE", c.HEALTH_CHECK_NODE_IDLE, _HC_ANY),
    bit("ALLOC", c.HEALTH_CHECK_NODE_ALLOC, _HC_ANY),
    bit("MIXED", c.HEALTH_CHECK_NODE_MIXED, _HC_ANY),
    bit("NONDRAINED_IDLE", c.HEALTH_CHECK_NODE_NONDRAINED_IDLE, _HC_ANY),
    bit("CYCLE", c.HEALTH_CHECK_CYCLE, c.HEALTH_CHECK_CYCLE),
)
LOG_TIME_FORMAT = One(
    ("iso8601_ms", c.LOG_FMT_ISO8601_MS),
    ("iso8601", c.LOG_FMT_ISO8601),
    ("rfc5424_ms", c.LOG_FMT_RFC5424_MS),
    ("rfc5424", c.LOG_FMT_RFC5424),
    ("rfc3339", c.LOG_FMT_RFC3339),
    ("clock", c.LOG_FMT_CLOCK),
    ("short", c.LOG_FMT_SHORT),
    ("thread_id", c.LOG_FMT_THREAD_ID),
)
PREEMPT_MODES = FlagBits(
    equal("DISABLED", c.PREEMPT_MODE_OFF, c.INFINITE64),
    bit("SUSPEND", c.PREEMPT_MODE_SUSPEND),
    bit("REQUEUE", c.PREEMPT_MODE_REQUEUE),
    bit("CANCEL", c.PREEMPT_MODE_CANCEL),
    bit("GANG", c.PREEMPT_MODE_GANG),
    bit("WITHIN", c.PREEMPT_MODE_WITHIN),
    bit("PRIORITY", c.PREEMPT_MODE_PRIORITY),
)
PRIORITY_FLAGS = FlagBits(
    bit("ACCRUE_ALWAYS", c.PRIORITY_FLAGS_ACCRUE_ALWAYS),
    bit("SMALL_RELATIVE_TO_TIME", c.PRIORITY_FLAGS_SIZE_RELATIVE),
    bit("CALCULATE_RUNNING", c.PRIORITY_FLAGS_CALCULATE_RUNNING),
    bit("DEPTH_OBLIVIOUS", c.PRIORITY_FLAGS_DEPTH_OBLIVIOUS),
    bit("FAIR_TREE", c.PRIORITY_FLAGS_FAIR_TREE),
    bit("INCR_ONLY", c.PRIORITY_FLAGS_INCR_ONLY),
    bit("MAX_TRES", c.PRIORITY_FLAGS_MAX_TRES),
    bit("MAX_TRES_GRES", c.PRIORITY_FLAGS_MAX_TRES_GRES),
    bit("NO_NORMAL_ASSOC", c.PRIORITY_FLAGS_NO_NORMAL_ASSOC),
    bit("NO_NORMAL_PART", c.PRIORITY_FLAGS_NO_NORMAL_PART),
    bit("NO_NORMAL_QOS", c.PRIORITY_FLAGS_NO_NORMAL_QOS),
    bit("NO_NORMAL_TRES", c.PRIORITY_FLAGS_NO_NORMAL_TRES),
)
PRIORITY_RESET_PERIOD = One(
    ("NONE", c.PRIORITY_RESET_NONE),
    ("NOW", c.PRIORITY_RESET_NOW),
    ("DAILY", c.PRIORITY_RESET_DAILY),
    ("WEEKLY", c.PRIORITY_RESET_WEEKLY),
    ("MONTHLY", c.PRIORITY_RESET_MONTHLY),
    ("QUARTERLY", c.PRIORITY_RESET_QUARTERLY),
    ("YEARLY", c.PRIORITY_RESET_YEARLY),
)
PRIVATE_DATA = FlagBits(
    bit("accounts", c.PRIVATE_DATA_ACCOUNTS),
    bit("events", c.PRIVATE_DATA_EVENTS),
    bit("jobs", c.PRIVATE_DATA_JOBS),
    bit("nodes", c.PRIVATE_DATA_NODES),
    bit("partitions", c.PRIVATE_DATA_PARTITIONS),
    bit("reservations", c.PRIVATE_DATA_RESERVATIONS),
    bit("usage", c.PRIVATE_DATA_USAGE),
    bit("users", c.PRIVATE_DATA_USERS),
)
PROLOG_FLAGS = FlagBits(
    bit("Alloc", c.PROLOG_FLAG_ALLOC),
    bit("NoHold", c.PROLOG_FLAG_NOHOLD),
    bit("Contain", c.PROLOG_FLAG_CONTAIN),
    bit("Serial", c.PROLOG_FLAG_SERIAL),
    bit("X11", c.PROLOG_FLAG_X11),
    bit("DeferBatch", c.PROLOG_FLAG_DEFER_BATCH),
    bit("ForceRequeueOnFail", c.PROLOG_FLAG_FORCE_REQUEUE_ON_FAIL),
    bit("RunInJob", c.PROLOG_FLAG_RUN_IN_JOB),
)
PROPAGATE_PRIO_PROCESS = One(
    ("off", c.PROP_PRIO_OFF), ("on", c.PROP_PRIO_ON), ("nicer", c.PROP_PRIO_NICER)
)
RECONFIG_FLAGS = FlagBits(
    bit("KeepPartInfo", c.RECONFIG_KEEP_PART_INFO),
    bit("KeepPartState", c.RECONFIG_KEEP_PART_STAT),
    bit("KeepPowerSaveSettings", c.RECONFIG_KEEP_POWER_SAVE_SETTINGS),
)
RETURN_TO_SERVICE = One(
    ("none", c.RETURN_TO_SERVICE_NONE),
    ("non_responsive_only", c.RETURN_TO_SERVICE_NON_RESP),
    ("all", c.RETURN_TO_SERVICE_ALL),
)
_EXCL = c.CR_CPU | c.CR_SOCKET | c.CR_CORE | c.CR_MEMORY
_NON_EXCL = c.INFINITE64 & ~_EXCL
SELECT_TYPE_PARAM = FlagBits(
    equal("NONE", 0, c.INFINITE),
    equal("CR_CPU_MEMORY", c.CR_CPU | c.CR_MEMORY, _EXCL),
    equal("CR_CPU", c.CR_CPU, _EXCL),
    hidden("CPU", c.CR_CPU, _EXCL),
    equal("CR_CORE_MEMORY", c.CR_CORE | c.CR_MEMORY, _EXCL),
    equal("CR_CORE", c.CR_CORE, _EXCL),
    hidden("CORE", c.CR_CORE, _EXCL),
    equal("CR_SOCKET_MEMORY", c.CR_SOCKET | c.CR_MEMORY, _EXCL),
    equal("CR_SOCKET", c.CR_SOCKET, _EXCL),
    hidden("SOCKET", c.CR_SOCKET, _EXCL),
    equal("CR_MEMORY", c.CR_MEMORY, _EXCL),
    hidden("MEMORY", c.CR_MEMORY, _EXCL),
    hidden("BOARD", c.CR_BOARD, _NON_EXCL),
    bit("CR_ONE_TASK_PER_CORE", c.CR_ONE_TASK_PER_CORE, _NON_EXCL),
    hidden("ONE_TASK_PER_CORE", c.CR_ONE_TASK_PER_CORE, _NON_EXCL),
    bit("CR_CORE_DEFAULT_DIST_BLOCK", c.CR_CORE_DEFAULT_DIST_BLOCK, _NON_EXCL),
    hidden("CORE_DEFAULT_DIST_BLOCK", c.CR_CORE_DEFAULT_DIST_BLOCK, _NON_EXCL),
    bit("CR_NO_DIST_TOPO_BLOCK", c.CR_NO_DIST_TOPO_BLOCK, _NON_EXCL),
    bit("CR_LLN", c.CR_LLN, _NON_EXCL),
    hidden("LLN", c.CR_LLN, _NON_EXCL),
    bit("CR_PACK_NODES", c.CR_PACK_NODES, _NON_EXCL),
    hidden("PACK_NODES", c.CR_PACK_NODES, _NON_EXCL),
    bit("LL_SHARED_GRES", c.LL_SHARED_GRES, _NON_EXCL),
    bit("MULTIPLE_SHARING_GRES_PJ", c.MULTIPLE_SHARING_GRES_PJ, _NON_EXCL),
    bit("ENFORCE_BINDING_GRES", c.ENFORCE_BINDING_GRES, _NON_EXCL),
    bit("ONE_TASK_PER_SHARING_GRES", c.ONE_TASK_PER_SHARING_GRES, _NON_EXCL),
    hidden("LINEAR", c.CR_LINEAR, _NON_EXCL),
)
TASK_PLUGIN_PARAM = FlagBits(
    equal("None", c.CPU_BIND_NONE, c.CPU_BIND_T_MASK),
    equal("Threads", c.CPU_BIND_TO_THREADS, c.CPU_BIND_T_TO_MASK),
    equal("Cores", c.CPU_BIND_TO_CORES, c.CPU_BIND_T_TO_MASK),
    equal("Sockets", c.CPU_BIND_TO_SOCKETS, c.CPU_BIND_T_TO_MASK),
    equal("autobind=threads", c.CPU_AUTO_BIND_TO_THREADS, c.CPU_BIND_T_AUTO_TO_MASK),
    equal("autobind=cores", c.CPU_AUTO_BIND_TO_CORES, c.CPU_BIND_T_AUTO_TO_MASK),
    equal("autobind=sockets", c.CPU_AUTO_BIND_TO_SOCKETS, c.CPU_BIND_T_AUTO_TO_MASK),
    bit("Verbose", c.CPU_BIND_VERBOSE, c.CPU_BIND_VERBOSE),
    bit("SlurmdOffSpec", c.SLURMD_OFF_SPEC),
    bit("OOMKillStep", c.OOM_KILL_STEP),
    bit("SlurmdSpecOverride", c.SLURMD_SPEC_OVERRIDE),
)

CONTROLLER = (
    F("address", "addr", TEXT),
    F("machine", "machine", TEXT),
)
JOB_DEFAULTS = (
    F(
        "type",
        "type",
        FlagBits(
            equal("DefCpuPerGPU", c.JOB_DEF_CPU_PER_GPU, c.INFINITE64),
            equal("DefMemPerGPU", c.JOB_DEF_MEM_PER_GPU, c.INFINITE64),
        ),
    ),
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
