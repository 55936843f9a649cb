"""v0.0.40: jobs and steps as slurmdbd records them (GET /slurmdb/v0.0.40/jobs/, job/{job_id}).

The job record in the reference's key order, with each key's kind: plain
timestamps (a step's are NoVal numbers), exit code objects, state and flag
arrays, TRES lists resolved against slurmdbd's TRES, the association and
QOS by name, and each step with its statistics.  Fields a release's slurmdbd
lacks come from the binding as None and dump as the reference's "unset".
"""

from __future__ import annotations

import pwd
from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common.engine import Env, F, Kind, Table, dump
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.dbkinds import DoubleBits
from slurmrestd.openapi.dataparser.jobkinds import (  # noqa: F401 - ExitCode, sluid_text: the later versions'
    JOB_STATE_NAMES,
    ExitCode,
    GroupName,
    Hold,
    UserName,
    bits,
    flag_schema,
    named_flags,
    sluid_text,
)
from slurmrestd.openapi.dataparser.kinds import (
    NAMES,
    NUMBER,
    STRING,
    TEXT,
    U32_NO_VAL,
    U64_NO_VAL,
    Number,
)
from slurmrestd.slurm import constants as c
from slurmrestd.slurm import db as slurmdb

OBJECT: dict[str, Any] = {"type": "object"}
ARRAY: dict[str, Any] = {"type": "array"}


# A job's (or step's) state: its base state, then its flags.
JOB_STATE = named_flags("job_state", *JOB_STATE_NAMES)


# A 32-bit (or 16-bit) plain number: int32 in the document.
NUMBER32 = Number(32)

# A job's times are plain numbers; a step's start and end are NoVal numbers.
TIMESTAMP = NUMBER
TIMESTAMP_NO_VAL = U64_NO_VAL


class Int64(Kind):
    """An int64 (a TRES count): the unsigned bits read as signed."""

    schema = schemas.integer(64)

    def dump(self, value: Any, env: Env) -> Any:
        value = (value or 0) & 0xFFFFFFFFFFFFFFFF
        return value - (1 << 64) if value >> 63 else value


INT64 = Int64()


def _tres(env: Env, tres_id: int) -> dict[str, Any]:
    for known in env.tres:
        if known["id"] == tres_id:
            return known
    return {}


def tres_pairs(text: str | None) -> list[tuple[int, int]]:
    """A TRES string ("1=2,4=1") as (id, count) pairs in its order."""
    out = []
    for item in (text or "").split(","):
        tid, sep, count = item.partition("=")
        if sep and tid.strip().isdigit():
            try:
                out.append((int(tid), int(count)))
            except ValueError:
                continue
    return out


TRES: Table = (
    F("type", "type", TEXT, required=True),
    F("name", "name", TEXT),
    F("id", "id", NUMBER32),
    F("count", "count", INT64),
)


class TresStr(Kind):
    """A TRES string as [{type, name, id, count}] with slurmdbd's names ([] when unset)."""

    schema = schemas.array("tres_list", schemas.obj("tres", TRES))

    def dump(self, value: Any, env: Env) -> Any:
        out = []
        for tid, count in tres_pairs(value):
            known = _tres(env, tid)
            out.append(
                {
                    "type": known.get("type") or "",
                    "name": known.get("name") or "",
                    "id": tid,
                    "count": INT64.dump(count, env),
                }
            )
        return out


TRES_STR = TresStr()


class QosName(Kind):
    """A QOS id as its name ("" for none, "Unknown" for one slurmdbd does not list)."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        if not value or value == c.INFINITE:
            return ""
        for qos in env.qos:
            if qos["id"] == value:
                return qos.get("name") or str(value)
        return "Unknown"


ASSOC_SHORT: Table = (
    F("account", "acct", TEXT),
    F("cluster", "cluster", TEXT),
    F("partition", "partition", TEXT),
    F("user", "user", TEXT, required=True),
    F("id", "id", NUMBER32),
)


ASSOC_SHORT_SCHEMA = schemas.obj("assoc_short", ASSOC_SHORT)


class JobAssociation(Kind):
    """The job's association in short form ({} when slurmdbd lists none with its id)."""

    schema = ASSOC_SHORT_SCHEMA
    reads = ("associd", "cluster")

    def dump(self, rec: Any, env: Env) -> Any:
        assoc_id = rec.get("associd")
        if assoc_id and assoc_id != c.NO_VAL:
            for assoc in env.assocs:
                if assoc["id"] == assoc_id and assoc.get("cluster") == rec.get("cluster"):
                    return dump(ASSOC_SHORT, assoc, env)
        return {}


class JobUser(Kind):
    """The job's user: its name as recorded, else its uid's name (null when neither)."""

    schema = STRING
    reads = ("user", "uid")

    def dump(self, rec: Any, env: Env) -> Any:
        if rec.get("user"):
            return rec["user"]
        try:
            return pwd.getpwuid(rec.get("uid")).pw_name or None
        except (KeyError, OverflowError, TypeError):
            return None


class MemPerCpu(Kind):
    schema = U64_NO_VAL.schema

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        return U64_NO_VAL.dump(value & ~c.MEM_PER_CPU if value & c.MEM_PER_CPU else None, env)


class MemPerNode(Kind):
    schema = U64_NO_VAL.schema

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        return U64_NO_VAL.dump(None if value & c.MEM_PER_CPU else value, env)


class Reason(Kind):
    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return slurmdb.text("slurm_job_reason_string", value) or ""


class WckeyTag(Kind):
    """The job's wckey: a leading '*' marks the default it was given."""

    def __init__(self, flags_name: str | None = "wckey_tag_flags") -> None:
        """flags_name: the named type of its flag array (None: written inline)."""
        self.schema = schemas.Named(
            "wckey_tag_struct",
            {
                "type": "object",
                "properties": {
                    "wckey": STRING,
                    "flags": flag_schema(flags_name, ["ASSIGNED_DEFAULT"]),
                },
                "required": ["wckey", "flags"],
            },
        )

    def dump(self, value: Any, env: Env) -> Any:
        if value and value.startswith("*"):
            return {"wckey": value[1:], "flags": ["ASSIGNED_DEFAULT"]}
        return {"wckey": value or "", "flags": []}


# slurmdbd's job flags: NONE and CLEAR_SCHEDULING are the whole value, the others bits.
DB_JOB_FLAGS = named_flags(
    "slurmdb_job_flags",
    ("NONE", 0, c.INFINITE64),
    ("CLEAR_SCHEDULING", c.SLURMDB_JOB_CLEAR_SCHED, c.INFINITE64),
    *bits(
        ("NOT_SET", c.SLURMDB_JOB_FLAG_NOTSET),
        ("STARTED_ON_SUBMIT", c.SLURMDB_JOB_FLAG_SUBMIT),
        ("STARTED_ON_SCHEDULE", c.SLURMDB_JOB_FLAG_SCHED),
        ("STARTED_ON_BACKFILL", c.SLURMDB_JOB_FLAG_BACKFILL),
        ("START_RECEIVED", c.SLURMDB_JOB_FLAG_START_R),
    ),
)


# Step ids as libslurm names them.
STEP_NAMES = {
    c.SLURM_PENDING_STEP: "TBD",
    c.SLURM_EXTERN_CONT: "extern",
    c.SLURM_BATCH_SCRIPT: "batch",
    c.SLURM_INTERACTIVE_STEP: "interactive",
}


class StepIdText(Kind):
    """A step id as libslurm writes it: 12.batch, 12.0, 12.0+1."""

    schema = STRING

    def dump(self, sid: Any, env: Env) -> Any:
        text = str(sid["job_id"])
        step = sid["step_id"]
        if step != c.NO_VAL:
            text += "." + STEP_NAMES.get(step, str(step))
            if sid["step_het_comp"] != c.NO_VAL:
                text += f"+{sid['step_het_comp']}"
        return text


class CpuFreq(Kind):
    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return slurmdb.cpu_freq_text(value)


class Distribution(Kind):
    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return slurmdb.text("slurm_step_layout_type_name", value, owned=True) or ""


class StepNodes(Kind):
    """The step's nodes, one name each (null when it ran on none)."""

    schema = schemas.Named("hostlist", NAMES)

    def dump(self, value: Any, env: Env) -> Any:
        return slurm.hostnames(value) if value else None


class TresNct(Kind):
    """A step's per-TRES maximum or minimum: count, on which node, by which task (the
    reference's document calls it a TRES list)."""

    def __init__(self, stat: str, schema_name: str) -> None:
        self.stat = stat
        self.schema = schemas.array(schema_name, schemas.obj("tres", TRES))
        self.reads = ("stats", "nodes")

    def dump(self, rec: Any, env: Env) -> Any:
        stats = rec.get("stats") or {}
        count, node, task = (
            stats.get(self.stat),
            stats.get(self.stat + "_nodeid"),
            stats.get(self.stat + "_taskid"),
        )
        if count is None and node is None and task is None:
            return []
        slots: dict[int, dict[str, Any]] = {
            t["id"]: {"count": 0, "node": None, "task": 0} for t in env.tres
        }
        hosts = slurm.hostnames(rec["nodes"]) if rec.get("nodes") else []
        for tid, value in tres_pairs(count):
            if tid in slots:
                slots[tid]["count"] = value
        for tid, value in tres_pairs(node):
            if tid in slots:
                slots[tid]["node"] = hosts[value] if 0 <= value < len(hosts) else None
        for tid, value in tres_pairs(task):
            if tid in slots:
                slots[tid]["task"] = value
        out = []
        for t in env.tres:
            s = slots[t["id"]]
            if s["count"] or s["node"] is not None or s["task"]:
                out.append(
                    {
                        "type": t.get("type") or "",
                        "name": t.get("name") or "",
                        "id": t["id"],
                        "count": INT64.dump(s["count"], env),
                        "task": INT64.dump(s["task"], env),
                        "node": s["node"] or "",
                    }
                )
        return out


class Steps(Kind):
    """The job's steps, each with table (a step's kinds find its job under "job")."""

    reads = ("steps",)

    def __init__(self, table: Table) -> None:
        self.table = table
        self.schema = schemas.array("step_list", schemas.obj("step", table))

    def dump(self, rec: Any, env: Env) -> Any:
        return [dump(self.table, {**step, "job": rec}, env) for step in rec.get("steps") or []]


STEP: Table = (
    F("time/elapsed", "elapsed", NUMBER32),
    F("time/end", "end", TIMESTAMP_NO_VAL),
    F("exit_code", "exitcode", ExitCode()),
    F("nodes/count", "nnodes", NUMBER32),
    F("nodes/range", "nodes", TEXT),
    F("tasks/count", "ntasks", NUMBER32),
    F("pid", "pid_str", TEXT),
    F("CPU/requested_frequency/min", "req_cpufreq_min", U32_NO_VAL),
    F("CPU/requested_frequency/max", "req_cpufreq_max", U32_NO_VAL),
    F("CPU/governor", "req_cpufreq_gov", CpuFreq()),
    F("kill_request_user", "requid", UserName()),
    F("time/start", "start", TIMESTAMP_NO_VAL),
    F("state", "state", JOB_STATE),
    F("statistics/CPU/actual_frequency", "stats.act_cpufreq", DoubleBits()),
    F("statistics/energy/consumed", "stats.consumed_energy", U64_NO_VAL),
    F("step/id", "step_id", StepIdText()),
    F("step/name", "stepname", TEXT),
    F("time/suspended", "suspended", NUMBER32),
    F("time/system/seconds", "sys_cpu_sec", NUMBER),
    F("time/system/microseconds", "sys_cpu_usec", NUMBER32),
    F("task/distribution", "task_dist", Distribution()),
    F("time/total/seconds", "tot_cpu_sec", NUMBER),
    F("time/total/microseconds", "tot_cpu_usec", NUMBER32),
    F("time/user/seconds", "user_cpu_sec", NUMBER),
    F("time/user/microseconds", "user_cpu_usec", NUMBER32),
    F("nodes/list", "nodes", StepNodes()),
    F("tres/requested/max", None, TresNct("tres_usage_in_max", "step_tres_req_max")),
    F("tres/requested/min", None, TresNct("tres_usage_in_min", "step_tres_req_min")),
    F("tres/consumed/max", None, TresNct("tres_usage_out_max", "step_tres_usage_max")),
    F("tres/consumed/min", None, TresNct("tres_usage_out_min", "step_tres_usage_min")),
    F("tres/requested/average", "stats.tres_usage_in_ave", TRES_STR),
    F("tres/requested/total", "stats.tres_usage_in_tot", TRES_STR),
    F("tres/consumed/average", "stats.tres_usage_out_ave", TRES_STR),
    F("tres/consumed/total", "stats.tres_usage_out_tot", TRES_STR),
    F("tres/allocated", "tres_alloc_str", TRES_STR),
)

JOB: Table = (
    F("account", "account", TEXT),
    F("comment/administrator", "admin_comment", TEXT),
    F("allocation_nodes", "alloc_nodes", NUMBER32),
    F("array/job_id", "array_job_id", NUMBER32),
    F("array/limits/max/running/tasks", "array_max_tasks", NUMBER32),
    F("array/task_id", "array_task_id", U32_NO_VAL),
    F("array/task", "array_task_str", TEXT),
    F("association", None, JobAssociation()),
    F("block", "blockid", TEXT),
    F("cluster", "cluster", TEXT),
    F("constraints", "constraints", TEXT),
    F("container", "container", TEXT),
    F("derived_exit_code", "derived_ec", ExitCode()),
    F("comment/job", "derived_es", TEXT),
    F("time/elapsed", "elapsed", NUMBER32),
    F("time/eligible", "eligible", TIMESTAMP),
    F("time/end", "end", TIMESTAMP),
    F("exit_code", "exitcode", ExitCode()),
    F("extra", "extra", TEXT),
    F("failed_node", "failed_node", TEXT),
    F("flags", "flags", DB_JOB_FLAGS),
    F("group", "gid", GroupName()),
    F("het/job_id", "het_job_id", NUMBER32),
    F("het/job_offset", "het_job_offset", U32_NO_VAL),
    F("job_id", "jobid", NUMBER32),
    F("name", "jobname", TEXT),
    F("licenses", "licenses", TEXT),
    F("mcs/label", "mcs_label", TEXT),
    F("nodes", "nodes", TEXT),
    F("partition", "partition", TEXT),
    F("hold", "priority", Hold()),
    F("priority", "priority", U32_NO_VAL),
    F("qos", "qosid", QosName()),
    F("required/CPUs", "req_cpus", NUMBER32),
    F("required/memory_per_cpu", "req_mem", MemPerCpu()),
    F("required/memory_per_node", "req_mem", MemPerNode()),
    F("kill_request_user", "requid", UserName()),
    F("reservation/id", "resvid", NUMBER32),
    F("reservation/name", "resv_name", TEXT),
    F("script", "script", TEXT),
    F("time/start", "start", TIMESTAMP),
    F("state/current", "state", JOB_STATE),
    F("state/reason", "state_reason_prev", Reason()),
    F("steps", None, Steps(STEP)),
    F("time/submission", "submit", TIMESTAMP),
    F("submit_line", "submit_line", TEXT),
    F("time/suspended", "suspended", NUMBER32),
    F("comment/system", "system_comment", TEXT),
    F("time/system/seconds", "sys_cpu_sec", NUMBER),
    F("time/system/microseconds", "sys_cpu_usec", NUMBER),
    F("time/limit", "timelimit", U32_NO_VAL),
    F("time/total/seconds", "tot_cpu_sec", NUMBER),
    F("time/total/microseconds", "tot_cpu_usec", NUMBER),
    F("tres/allocated", "tres_alloc_str", TRES_STR),
    F("tres/requested", "tres_req_str", TRES_STR),
    F("used_gres", "used_gres", TEXT),
    F("user", None, JobUser()),
    F("time/user/seconds", "user_cpu_sec", NUMBER),
    F("time/user/microseconds", "user_cpu_usec", NUMBER),
    F("wckey", "wckey", WckeyTag()),
    F("working_directory", "work_dir", TEXT),
)

# How the version reads GET jobs/'s query (slurmrestd.openapi.content.slurmdbd.jobcond):
# the fields it knows (the others are a warning), whether its messages quote the value,
# and the state names it takes.
QUERY_FIELDS = frozenset(
    {
        "account",
        "association",
        "cluster",
        "constraints",
        "cpus_max",
        "cpus_min",
        "scheduler_unset",
        "scheduled_on_submit",
        "scheduled_by_main",
        "scheduled_by_backfill",
        "job_started",
        "exit_code",
        "show_duplicates",
        "skip_steps",
        "disable_truncate_usage_time",
        "run_away_jobs",
        "whole_hetjob",
        "disable_whole_hetjob",
        "disable_wait_for_result",
        "usage_time_as_submit_time",
        "show_batch_script",
        "show_job_environment",
        "format",
        "groups",
        "job_name",
        "nodes_max",
        "nodes_min",
        "partition",
        "qos",
        "reason",
        "reservation",
        "reservation_id",
        "state",
        "step",
        "timelimit_max",
        "timelimit_min",
        "end_time",
        "start_time",
        "submit_time",
        "node",
        "users",
        "wckey",
    }
)
QUOTED = False
NUMBER_TIMES = False  # a time given as a number is refused (handed to Slurm's parser)
STATE_FATAL = True  # an unknown state refuses the request
STATE_NAMES = JOB_STATE.names
