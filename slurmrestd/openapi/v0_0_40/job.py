"""v0.0.40: jobs (job_info): GET jobs, job/{job_id}, jobs/state.

The job object in the reference's key order, with each key's kind: NoVal
numbers, flag arrays (job_state is its base state and then its flags), exit
code objects, the job's resources.  Fields a release's libslurm lacks come
from the binding as None and dump as the reference's "unset" value.
"""

from __future__ import annotations

from typing import Any

# v0.0.38's allocated node is v0.0.40's too (sockets and cores as maps).
from slurmrestd.openapi.common.ctlkinds import _allocated_node as allocated_node
from slurmrestd.openapi.common.engine import Env, F, Kind, Table
from slurmrestd.openapi.dataparser.jobkinds import (
    JOB_STATE_NAMES,
    ExitCode,
    Flags,
    GroupName,
    Hold,
    UserName,
    bits,
    sluid_text,
)
from slurmrestd.openapi.dataparser.kinds import (
    BOOL,
    BOOLEAN,
    CSV,
    F64_NO_VAL,
    I64_NO_VAL,
    INTEGER,
    NAMES,
    NUMBER,
    TEXT,
    U16_NO_VAL,
    U32_NO_VAL,
    U64_NO_VAL,
)
from slurmrestd.slurm import constants as c

__all__ = [
    "FLAGS_FATAL",
    "JOB",
    "JOBS_REPLY",
    "JOB_STATE",
    "JOB_STATE_ENTRY",
    "STATE_ARRAY_ID",
    "TYPED_QUERY",
]

# How the version reads the jobs queries: update_time's text is handed to Slurm's time
# parser (TYPED_QUERY False: a number in it is not detected first), and an unknown show
# flag refuses the request (FLAGS_FATAL; later versions report it and load anyway).
TYPED_QUERY = False
FLAGS_FATAL = True
# jobs/state names an array task 12_3 by its array's id (STATE_ARRAY_ID, the record's
# field); from v0.0.41 on by the id of the task's own record.
STATE_ARRAY_ID = "array_job_id"

# time_t as the reference dumps it: an unsigned 64-bit NoVal number.
TIMESTAMP = I64_NO_VAL
OBJECT: dict[str, Any] = {"type": "object"}
ARRAY: dict[str, Any] = {"type": "array"}


JOB_STATE = Flags(*JOB_STATE_NAMES)

JOB_FLAG_BITS = (
    ("KILL_INVALID_DEPENDENCY", c.KILL_INV_DEP),
    ("NO_KILL_INVALID_DEPENDENCY", c.NO_KILL_INV_DEP),
    ("HAS_STATE_DIRECTORY", c.HAS_STATE_DIR),
    ("TESTING_BACKFILL", c.BACKFILL_TEST),
    ("GRES_BINDING_ENFORCED", c.GRES_ENFORCE_BIND),
    ("TEST_NOW_ONLY", c.TEST_NOW_ONLY),
    ("SEND_JOB_ENVIRONMENT", c.JOB_SEND_ENV),
    ("SPREAD_JOB", c.SPREAD_JOB),
    ("PREFER_MINIMUM_NODE_COUNT", c.USE_MIN_NODES),
    ("JOB_KILL_HURRY", c.JOB_KILL_HURRY),
    ("SKIP_TRES_STRING_ACCOUNTING", c.TRES_STR_CALC),
    ("SIBLING_CLUSTER_UPDATE_ONLY", c.SIB_JOB_FLUSH),
    ("HETEROGENEOUS_JOB", c.HET_JOB_FLAG),
    ("EXACT_TASK_COUNT_REQUESTED", c.JOB_NTASKS_SET),
    ("EXACT_CPU_COUNT_REQUESTED", c.JOB_CPUS_SET),
    ("TESTING_WHOLE_NODE_BACKFILL", c.BF_WHOLE_NODE_TEST),
    ("TOP_PRIORITY_JOB", c.TOP_PRIO_TMP),
    ("ACCRUE_COUNT_CLEARED", c.JOB_ACCRUE_OVER),
    ("GRES_BINDING_DISABLED", c.GRES_DISABLE_BIND),
    ("JOB_WAS_RUNNING", c.JOB_WAS_RUNNING),
    ("JOB_ACCRUE_TIME_RESET", c.RESET_ACCRUE_TIME),
    ("CRON_JOB", c.CRON_JOB),
    ("EXACT_MEMORY_REQUESTED", c.JOB_MEM_SET),
    ("USING_DEFAULT_ACCOUNT", c.USE_DEFAULT_ACCT),
    ("USING_DEFAULT_PARTITION", c.USE_DEFAULT_PART),
    ("USING_DEFAULT_QOS", c.USE_DEFAULT_QOS),
    ("USING_DEFAULT_WCKEY", c.USE_DEFAULT_WCKEY),
    ("DEPENDENT", c.JOB_DEPENDENT),
    ("MAGNETIC", c.JOB_MAGNETIC),
    ("PARTITION_ASSIGNED", c.JOB_PART_ASSIGNED),
    ("BACKFILL_ATTEMPTED", c.BACKFILL_SCHED),
    ("SCHEDULING_ATTEMPTED", c.BACKFILL_LAST),
)
JOB_FLAGS = Flags(
    *bits(
        *JOB_FLAG_BITS,
        ("SAVE_BATCH_SCRIPT", c.JOB_SEND_SCRIPT),
        ("GRES_ONE_TASK_PER_SHARING", c.GRES_ONE_TASK_PER_SHARING),
        ("GRES_MULTIPLE_TASKS_PER_SHARING", c.GRES_MULT_TASKS_PER_SHARING),
        ("GRES_ALLOW_TASK_SHARING", c.GRES_ALLOW_TASK_SHARING),
    )
)

MAIL_TYPE = Flags(
    *bits(
        ("BEGIN", c.MAIL_JOB_BEGIN),
        ("END", c.MAIL_JOB_END),
        ("FAIL", c.MAIL_JOB_FAIL),
        ("REQUEUE", c.MAIL_JOB_REQUEUE),
        ("TIME=100%", c.MAIL_JOB_TIME100),
        ("TIME=90%", c.MAIL_JOB_TIME90),
        ("TIME=80%", c.MAIL_JOB_TIME80),
        ("TIME=50%", c.MAIL_JOB_TIME50),
        ("STAGE_OUT", c.MAIL_JOB_STAGE_OUT),
        ("ARRAY_TASKS", c.MAIL_ARRAY_TASKS),
        ("INVALID_DEPENDENCY", c.MAIL_INVALID_DEPEND),
    )
)

PROFILE = Flags(
    ("NOT_SET", c.ACCT_GATHER_PROFILE_NOT_SET, c.INFINITE),
    ("NONE", c.ACCT_GATHER_PROFILE_NONE, c.INFINITE),
    *bits(
        ("ENERGY", c.ACCT_GATHER_PROFILE_ENERGY),
        ("LUSTRE", c.ACCT_GATHER_PROFILE_LUSTRE),
        ("NETWORK", c.ACCT_GATHER_PROFILE_NETWORK),
        ("TASK", c.ACCT_GATHER_PROFILE_TASK),
    ),
)


def shared_names(none: str, ok: str) -> Flags:
    """The shared field as names: none and ok name JOB_SHARED_NONE and JOB_SHARED_OK."""
    return Flags(
        *(
            (name, value, c.INFINITE16)
            for name, value in (
                (none, c.JOB_SHARED_NONE),
                (ok, c.JOB_SHARED_OK),
                ("user", c.JOB_SHARED_USER),
                ("mcs", c.JOB_SHARED_MCS),
            )
        )
    )


SHARED = shared_names("none", "oversubscribe")
EXCLUSIVE = shared_names("true", "false")


class Always(Kind):
    """A key the version keeps for a field it no longer has: always this value."""

    def __init__(self, value: Any, schema: dict[str, Any]) -> None:
        self.value = value
        self.schema = schema

    def dump(self, value: Any, env: Env) -> Any:
        return type(self.value)(self.value)


REMOVED_FLAGS = Always([], NAMES)


class Bool16NoVal(Kind):
    """A uint16 Boolean that may be NO_VAL16 (false then)."""

    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return value not in (None, c.NO_VAL16) and bool(value)


class Spec(Kind):
    """core_spec as the core count (without the thread bit) or the thread count (with it)."""

    schema = INTEGER

    def __init__(self, threads: bool) -> None:
        self.threads = threads

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        if bool(value & c.CORE_SPEC_THREAD) != self.threads:
            return 0
        return value & ~c.CORE_SPEC_THREAD


class Nice(Kind):
    schema = INTEGER

    def dump(self, value: Any, env: Env) -> Any:
        return 0 if value in (None, c.NO_VAL, c.NICE_OFFSET) else value - c.NICE_OFFSET


class Memory(Kind):
    """pn_min_memory per CPU (MEM_PER_CPU set) or per node (not set), else unset."""

    schema = U64_NO_VAL.schema

    def __init__(self, per_cpu: bool) -> None:
        self.per_cpu = per_cpu

    def dump(self, value: Any, env: Env) -> Any:
        value = c.NO_VAL64 if value is None else value
        if bool(value & c.MEM_PER_CPU) != self.per_cpu:
            value = c.NO_VAL64
        elif self.per_cpu:
            value &= ~c.MEM_PER_CPU
        return U64_NO_VAL.dump(value, env)


class Strings(Kind):
    """A list of C strings ([] when unset)."""

    schema = NAMES

    def dump(self, value: Any, env: Env) -> Any:
        return list(value or [])


class Resources(Kind):
    """job_resources as v0.0.40 dumps it ({} when the job has none)."""

    schema = OBJECT

    def dump(self, res: Any, env: Env) -> Any:
        if res is None:
            return {}
        return {
            "nodes": res["nodes"] or "",
            "allocated_cores": res["ncpus"] if res["cr_core"] else 0,
            "allocated_cpus": res["ncpus"] if res["cr_cpu"] else 0,
            "allocated_hosts": res["nhosts"],
            "allocated_nodes": [allocated_node(host) for host in res["hosts"]],
        }


class StepIdOf(Kind):
    """The job's step id object, from the record's step_id (26.05) or its job_id."""

    schema = OBJECT
    reads = ("job_id", "step_id")

    def dump(self, rec: Any, env: Env) -> Any:
        sid = rec.get("step_id") or {
            "sluid": 0,
            "job_id": rec.get("job_id"),
            "step_het_comp": c.NO_VAL,
            "step_id": c.NO_VAL,
        }
        return {
            "sluid": sluid_text(sid["sluid"]),
            "job_id": U32_NO_VAL.dump(sid["job_id"], env),
            "step_het_component": U32_NO_VAL.dump(sid["step_het_comp"], env),
            "step_id": step_name(sid["step_id"]),
        }


def step_name(step: int) -> str:
    if step <= c.SLURM_MAX_NORMAL_STEP_ID:
        return str(step)
    return {
        c.SLURM_PENDING_STEP: "TBD",
        c.SLURM_EXTERN_CONT: "extern",
        c.SLURM_BATCH_SCRIPT: "batch",
        c.SLURM_INTERACTIVE_STEP: "interactive",
        c.NO_VAL: "entire",
    }.get(step, str(step))


JOB: Table = (
    F("account", "account", TEXT),
    F("accrue_time", "accrue_time", TIMESTAMP),
    F("admin_comment", "admin_comment", TEXT),
    F("allocating_node", "alloc_node", TEXT),
    F("array_job_id", "array_job_id", U32_NO_VAL),
    F("array_task_id", "array_task_id", U32_NO_VAL),
    F("array_max_tasks", "array_max_tasks", U32_NO_VAL),
    F("array_task_string", "array_task_str", TEXT),
    F("association_id", "assoc_id", NUMBER),
    F("batch_features", "batch_features", TEXT),
    F("batch_flag", "batch_flag", BOOL),
    F("batch_host", "batch_host", TEXT),
    F("flags", "bitflags", JOB_FLAGS),
    F("burst_buffer", "burst_buffer", TEXT),
    F("burst_buffer_state", "burst_buffer_state", TEXT),
    F("cluster", "cluster", TEXT),
    F("cluster_features", "cluster_features", TEXT),
    F("command", "command", TEXT),
    F("comment", "comment", TEXT),
    F("container", "container", TEXT),
    F("container_id", "container_id", TEXT),
    F("contiguous", "contiguous", Bool16NoVal()),
    F("core_spec", "core_spec", Spec(threads=False)),
    F("thread_spec", "core_spec", Spec(threads=True)),
    F("cores_per_socket", "cores_per_socket", U16_NO_VAL),
    F("billable_tres", "billable_tres", F64_NO_VAL),
    F("cpus_per_task", "cpus_per_task", U16_NO_VAL),
    F("cpu_frequency_minimum", "cpu_freq_min", U32_NO_VAL),
    F("cpu_frequency_maximum", "cpu_freq_max", U32_NO_VAL),
    F("cpu_frequency_governor", "cpu_freq_gov", U32_NO_VAL),
    F("cpus_per_tres", "cpus_per_tres", TEXT),
    F("cron", "cronspec", TEXT),
    F("deadline", "deadline", TIMESTAMP),
    F("delay_boot", "delay_boot", U32_NO_VAL),
    F("dependency", "dependency", TEXT),
    F("derived_exit_code", "derived_ec", ExitCode(schema=OBJECT)),
    F("eligible_time", "eligible_time", TIMESTAMP),
    F("end_time", "end_time", TIMESTAMP),
    F("excluded_nodes", "exc_nodes", TEXT),
    F("exit_code", "exit_code", ExitCode(schema=OBJECT)),
    F("extra", "extra", TEXT),
    F("failed_node", "failed_node", TEXT),
    F("features", "features", TEXT),
    F("federation_origin", "fed_origin_str", TEXT),
    F("federation_siblings_active", "fed_siblings_active_str", TEXT),
    F("federation_siblings_viable", "fed_siblings_viable_str", TEXT),
    F("gres_detail", "gres_detail_str", Strings()),
    F("group_id", "group_id", NUMBER),
    F("group_name", "group_id", GroupName()),
    F("het_job_id", "het_job_id", U32_NO_VAL),
    F("het_job_id_set", "het_job_id_set", TEXT),
    F("het_job_offset", "het_job_offset", U32_NO_VAL),
    F("job_id", "job_id", NUMBER),
    F("job_resources", "job_resources", Resources()),
    F("job_size_str", "job_size_str", CSV),
    F("job_state", "job_state", JOB_STATE),
    F("last_sched_evaluation", "last_sched_eval", TIMESTAMP),
    F("licenses", "licenses", TEXT),
    F("mail_type", "mail_type", MAIL_TYPE),
    F("mail_user", "mail_user", TEXT),
    F("max_cpus", "max_cpus", U32_NO_VAL),
    F("max_nodes", "max_nodes", U32_NO_VAL),
    F("mcs_label", "mcs_label", TEXT),
    F("memory_per_tres", "mem_per_tres", TEXT),
    F("name", "name", TEXT),
    F("network", "network", TEXT),
    F("nodes", "nodes", TEXT),
    F("nice", "nice", Nice()),
    F("tasks_per_core", "ntasks_per_core", U16_NO_VAL),
    F("tasks_per_tres", "ntasks_per_tres", U16_NO_VAL),
    F("tasks_per_node", "ntasks_per_node", U16_NO_VAL),
    F("tasks_per_socket", "ntasks_per_socket", U16_NO_VAL),
    F("tasks_per_board", "ntasks_per_board", U16_NO_VAL),
    F("cpus", "num_cpus", U32_NO_VAL),
    F("node_count", "num_nodes", U32_NO_VAL),
    F("tasks", "num_tasks", U32_NO_VAL),
    F("partition", "partition", TEXT),
    F("prefer", "prefer", TEXT),
    F("memory_per_cpu", "pn_min_memory", Memory(per_cpu=True)),
    F("memory_per_node", "pn_min_memory", Memory(per_cpu=False)),
    F("minimum_cpus_per_node", "pn_min_cpus", U16_NO_VAL),
    F("minimum_tmp_disk_per_node", "pn_min_tmp_disk", U32_NO_VAL),
    F("power/flags", None, REMOVED_FLAGS),
    F("preempt_time", "preempt_time", TIMESTAMP),
    F("preemptable_time", "preemptable_time", TIMESTAMP),
    F("pre_sus_time", "pre_sus_time", TIMESTAMP),
    F("hold", "priority", Hold()),
    F("priority", "priority", U32_NO_VAL),
    F("profile", "profile", PROFILE),
    F("qos", "qos", TEXT),
    F("reboot", "reboot", BOOL),
    F("required_nodes", "req_nodes", TEXT),
    F("minimum_switches", "req_switch", NUMBER),
    F("requeue", "requeue", BOOL),
    F("resize_time", "resize_time", TIMESTAMP),
    F("restart_cnt", "restart_cnt", NUMBER),
    F("resv_name", "resv_name", TEXT),
    F("scheduled_nodes", "sched_nodes", TEXT),
    F("selinux_context", "selinux_context", TEXT),
    F("shared", "shared", SHARED),
    F("exclusive", "shared", EXCLUSIVE),
    F("oversubscribe", "shared", BOOL),
    F("show_flags", None, REMOVED_FLAGS),
    F("sockets_per_board", "sockets_per_board", NUMBER),
    F("sockets_per_node", "sockets_per_node", U16_NO_VAL),
    F("start_time", "start_time", TIMESTAMP),
    F("state_description", "state_desc", TEXT),
    F("state_reason", "state_reason_str", TEXT),
    F("standard_error", "std_err_path", TEXT),
    F("standard_input", "std_in_path", TEXT),
    F("standard_output", "std_out_path", TEXT),
    F("submit_time", "submit_time", TIMESTAMP),
    F("suspend_time", "suspend_time", TIMESTAMP),
    F("system_comment", "system_comment", TEXT),
    F("time_limit", "time_limit", U32_NO_VAL),
    F("time_minimum", "time_min", U32_NO_VAL),
    F("threads_per_core", "threads_per_core", U16_NO_VAL),
    F("tres_bind", "tres_bind", TEXT),
    F("tres_freq", "tres_freq", TEXT),
    F("tres_per_job", "tres_per_job", TEXT),
    F("tres_per_node", "tres_per_node", TEXT),
    F("tres_per_socket", "tres_per_socket", TEXT),
    F("tres_per_task", "tres_per_task", TEXT),
    F("tres_req_str", "tres_req_str", TEXT),
    F("tres_alloc_str", "tres_alloc_str", TEXT),
    F("user_id", "user_id", NUMBER),
    F("user_name", "user_id", UserName()),
    F("maximum_switch_wait_time", "wait4switch", NUMBER),
    F("wckey", "wckey", TEXT),
    F("current_working_directory", "work_dir", TEXT),
)

# GET jobs/state: one job's id (as text) and state.
JOB_STATE_ENTRY: Table = (
    F("job_id", "job_id_text", TEXT),
    F("state", "job_state", JOB_STATE),
)

# The reply of GET jobs and job/{job_id} after its jobs[].
JOBS_REPLY: Table = (
    F("last_backfill", "last_backfill", TIMESTAMP),
    F("last_update", "last_update", TIMESTAMP),
)
