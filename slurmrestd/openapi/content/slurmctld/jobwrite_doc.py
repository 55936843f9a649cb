"""The OpenAPI declarations of the job write operations (jobwrite.py): their
parameters, responses and request bodies as the data_parser names them.

The response keys that differ by version are tables of the version's jobdesc
module (SUBMIT_RESP, POST_RESP); the flag enums are the version's parse tables'
(DELETE_QUERY's and KILL_JOBS' flags and job_state).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from slurmrestd.openapi.common.engine import F
from slurmrestd.openapi.content import Param
from slurmrestd.openapi.dataparser import kinds, parsing, schemas
from slurmrestd.openapi.dataparser.schemas import (
    STRING,
    Named,
    Payload,
    Typed,
    array,
    integer,
    resp,
)
from slurmrestd.openapi.v0_0_40 import jobdesc as v40

INT32 = integer(32)

ARRAY_RESULTS = v40.ARRAY_RESULTS

KILL_JOB = Named(
    "kill_jobs_resp_job",
    (
        F("error/string", None, Typed(STRING), required=True),
        F("error/code", None, Typed(INT32), required=True),
        F("error/message", None, Typed(STRING), required=True),
        F("step_id", None, Typed(STRING), required=True),
        F("job_id", None, Typed(kinds.U32_NO_VAL.schema), required=True),
        F("federation/sibling", None, Typed(STRING), required=True),
    ),
)
KILL_STATUS = array("kill_jobs_resp_msg", KILL_JOB)


def listed(kind: parsing.Flags, version: str, key: str) -> list[str]:
    """The names of a flag kind the document lists in a version."""
    removed = {r.lower() for r in kind.removed}
    out = [
        f.name
        for f in kind.flags
        if f.name.lower() not in removed and not version >= UNLISTED.get(f.name, "v9")
    ]
    for name, after, since, until in LISTED.get(key, ()):
        if since <= version <= until and name not in out:
            out.insert(out.index(after) + 1 if after in out else len(out), name)
    return out


# The named types of the job description's flag arrays (by key).
FLAG_TYPES = {
    "flags": "job_flags",
    "cpu_binding_flags": "cpu_binding_flags",
    "mail_type": "job_mail_flags",
    "memory_binding_type": "memory_binding_type",
    "open_mode": "open_mode",
    "profile": "acct_gather_profile",
    "shared": "job_shared",
    "exclusive": "job_exclusive_flags",
    "kill_warning_flags": "warn_flags",
    "x11": "x11_flags",
}


def kind_schema(kind: Any) -> Any:
    """A parse kind's schema as far as its class tells (best effort: the job
    description's nested types are not named yet)."""
    inner = getattr(kind, "kind", None)
    if inner is not None and inner is not kind:
        return kind_schema(inner)
    if isinstance(kind, parsing.NoValInt):
        return {8: kinds.U16_NO_VAL, 16: kinds.U16_NO_VAL, 32: kinds.U32_NO_VAL}.get(
            kind.bits, kinds.U64_NO_VAL
        ).schema
    if isinstance(kind, parsing.StrList):
        return {"type": "array", "items": STRING}
    if isinstance(kind, parsing.Bool):
        return schemas.BOOLEAN
    found = getattr(kind, "openapi", None)
    if not found:
        return {}
    out = {"type": found[0]}
    if found[1]:
        out["format"] = found[1]
    return out


# The entries whose schema their parse kind does not tell (a Timestamp is a no-value
# number or a plain int64 by field; a list of strings is the named string_array).
CRON_ENTRY = Named(
    "cron_entry",
    {
        "type": "object",
        "properties": {
            "flags": schemas.flags(
                "cron_entry_flags",
                ("WILD_MINUTE", "WILD_HOUR", "WILD_DAY_OF_MONTH", "WILD_MONTH", "WILD_DAY_OF_WEEK"),
            ),
            "minute": STRING,
            "hour": STRING,
            "day_of_month": STRING,
            "month": STRING,
            "day_of_week": STRING,
            "specification": STRING,
            "command": STRING,
            "line": {"type": "object", "properties": {"start": INT32, "end": INT32}},
        },
    },
)
STEP_ID = Named(
    "slurm_step_id",
    {
        "type": "object",
        "properties": {
            "sluid": STRING,
            "job_id": kinds.U32_NO_VAL.schema,
            "step_het_component": kinds.U32_NO_VAL.schema,
            "step_id": STRING,
        },
    },
)
# power_flags: read and ignored; an array of anything, deprecated (named in v0.0.40).
POWER_FLAGS = Named("power_flags", {"type": "array", "items": {}}, deprecated=True)

KEYED: dict[str, Any] = {
    "crontab": CRON_ENTRY,
    "step_id": STEP_ID,
    "power_flags": POWER_FLAGS,
    "argv": schemas.STRING_ARRAY,
    "environment": schemas.STRING_ARRAY,
    "spank_environment": schemas.STRING_ARRAY,
    "begin_time": kinds.U64_NO_VAL.schema,
    "memory_per_cpu": kinds.U64_NO_VAL.schema,
    "memory_per_node": kinds.U64_NO_VAL.schema,
    "deadline": integer(64),
    "end_time": integer(64),
    "excluded_nodes": kinds.CSV.schema,
    "required_nodes": kinds.CSV.schema,
}


def _job_desc(package: ModuleType) -> dict[str, Any]:
    root: dict[str, Any] = {"type": "object", "properties": {}}
    version = _version(package)
    for p in package.jobdesc.JOB_DESC:
        kind = getattr(p.kind, "kind", p.kind)
        if isinstance(kind, parsing.Flags):
            names = listed(kind, version, f"JOB_DESC.{p.key}")
            declared: Any = schemas.enum_array(names)
            if p.key in FLAG_TYPES:
                declared = schemas.flags(FLAG_TYPES[p.key], names)
            root["properties"][p.key] = declared
            continue
        if p.key == "power_flags" and version != "v0.0.40":  # inline from v0.0.41 on
            root["properties"][p.key] = schemas.deprecated(POWER_FLAGS.shape)
            continue
        parent = root
        *heads, last = p.key.split("/")
        for head in heads:
            parent = parent["properties"].setdefault(head, {"type": "object", "properties": {}})
        parent["properties"][last] = KEYED.get(p.key) or kind_schema(p.kind)
    return root


JOB_DESC = Named("job_desc_msg", _job_desc)
JOB_DESC_LIST = array("job_desc_msg_list", JOB_DESC)


# What the document lists of a flag array otherwise than the parse table reads it:
# names read but not listed from a version on, and names listed (after another, or
# last) in some versions that the tables do not read (the reference's flag tables
# have them; slurmctld of the releases we run on does not take them).
UNLISTED = {
    "NO_CRON_JOBS": "v0.0.41",
    "UPDATE_DB": "v0.0.40",
    "SAVE_BATCH_SCRIPT": "v0.0.41",
    "GRES_ONE_TASK_PER_SHARING": "v0.0.41",
    "GRES_MULTIPLE_TASKS_PER_SHARING": "v0.0.41",
    "GRES_ALLOW_TASK_SHARING": "v0.0.41",
    "SORT": "v0.0.44",
}
# table.key: ((name, after (None: last), since, until), ...)
LISTED: dict[str, tuple[tuple[str, str | None, str, str], ...]] = {
    "KILL_JOBS.job_state": (("EXPEDITING", None, "v0.0.44", "v0.0.45"),),
    "JOB_DESC.flags": (
        ("EXTERNAL_JOB", "EXACT_MEMORY_REQUESTED", "v0.0.43", "v0.0.45"),
        ("STEPMGR_ENABLED", None, "v0.0.41", "v0.0.45"),
        ("SPREAD_SEGMENTS", None, "v0.0.44", "v0.0.45"),
        ("CONSOLIDATE_SEGMENTS", None, "v0.0.44", "v0.0.45"),
        ("EXPEDITED_REQUEUE", None, "v0.0.44", "v0.0.45"),
        ("JOB_IMPLICIT_MAX_NODES", None, "v0.0.45", "v0.0.45"),
    ),
    "JOB_DESC.cpu_binding_flags": (("CPU_BIND_RANK", "CPU_BIND_NONE", "v0.0.40", "v0.0.44"),),
    "JOB_DESC.shared": (("topo", None, "v0.0.41", "v0.0.45"),),
    "JOB_DESC.exclusive": (("topo", None, "v0.0.41", "v0.0.45"),),
}


def _version(package: ModuleType) -> str:
    return "v" + package.__name__.rsplit(".", 1)[1][1:].replace("_", ".")


def flag_names(package: ModuleType, table: str, path: str) -> list[str]:
    """The names a flag entry of a version's jobdesc parse table lists in the document."""
    version = _version(package)
    entries = getattr(package.jobdesc, table)
    kind = next(p.kind for p in entries if p.key == path)
    return listed(kind, version, f"{table}.{path}")


def _kill_jobs_msg(package: ModuleType) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "account": STRING,
            "flags": schemas.flags("warn_flags", flag_names(package, "KILL_JOBS", "flags")),
            "job_name": STRING,
            "jobs": Named("kill_jobs_msg_jobs_array", {"type": "array", "items": STRING}),
            "partition": STRING,
            "qos": STRING,
            "reservation": STRING,
            "signal": STRING,
            "job_state": schemas.flags("job_state", flag_names(package, "KILL_JOBS", "job_state")),
            "user_id": STRING,
            "user_name": STRING,
            "wckey": STRING,
            "nodes": Named("hostlist_string", {"type": "array", "items": STRING}),
        },
    }


SUBMIT = resp("openapi_job_submit_response", "jobdesc.SUBMIT_RESP")
SUBMIT_REQ = Named(
    "job_submit_req",
    {
        "type": "object",
        "properties": {"script": STRING, "jobs": JOB_DESC_LIST, "job": JOB_DESC},
    },
)
ALLOC = resp(
    "openapi_job_alloc_resp",
    Payload("job_id", INT32, False),
    Payload("job_submit_user_msg", STRING, False),
)
ALLOC_REQ = Named(
    "job_alloc_req",
    {"type": "object", "properties": {"hetjob": JOB_DESC_LIST, "job": JOB_DESC}},
)
POST = resp("openapi_job_post_response", "jobdesc.POST_RESP")
KILL_JOB_RESP = resp("openapi_kill_job_resp", Payload("status", KILL_STATUS))
KILL_JOBS_RESP = resp("openapi_kill_jobs_resp", Payload("status", KILL_STATUS))
KILL_JOBS_MSG = Named("kill_jobs_msg", _kill_jobs_msg)
REQUEUE_RESP = resp("openapi_job_requeue_resp", Payload("status", ARRAY_RESULTS))
REQUEUES_RESP = resp(
    "openapi_jobs_requeue_resp",
    Payload("status", array("job_array_response_msg_ptr_list", ARRAY_RESULTS)),
)
REQUEUES_QUERY = Named(
    "openapi_jobs_requeue_query",
    {
        "type": "object",
        "properties": {
            "flags": schemas.enum_array(("Incomplete", "Hold", "SpecialExit")),
            "jobs": Named("selected_step_list", {"type": "array", "items": STRING}),
        },
    },
)

JOB_ID = Param("job_id", "Job ID")
SIGNAL = Param("signal", "Signal to send to Job")


def _delete_flags(version: str) -> tuple[str, ...]:
    import importlib

    package = importlib.import_module(f"slurmrestd.openapi.v{version[1:].replace('.', '_')}")
    return tuple(flag_names(package, "DELETE_QUERY", "flags"))


# The signalling flags: v0.0.41 dropped NO_CRON_JOBS (the version's DELETE_QUERY table).
FLAGS = (
    Param("flags", "Signalling flags", enum=_delete_flags("v0.0.40"), until="v0.0.40"),
    Param("flags", "Signalling flags", enum=_delete_flags("v0.0.41"), since="v0.0.41"),
)
REQUEUE_PARAMS = (
    Param(
        "Incomplete",
        "Operate only on jobs (or tasks of a job array) which have not completed",
        allow_empty=True,
    ),
    Param(
        "Hold", "Hold job after requeue, will require manual release to run again", allow_empty=True
    ),
    Param(
        "SpecialExit",
        "Set SPECIAL_EXIT state after requeue; must also specify the Hold flag",
        allow_empty=True,
    ),
)


# --- job_info (GET jobs/, job/{job_id}): the document's types of the job table's
# entries where their kinds' schemas are not the reference's (the values dumped are
# the same: a Number dumps as it is, whatever its declared width).
INT32_KEYS = frozenset(
    {
        "association_id",
        "core_spec",
        "thread_spec",
        "group_id",
        "job_id",
        "nice",
        "minimum_switches",
        "required_switches",
        "restart_cnt",
        "sockets_per_board",
        "user_id",
        "maximum_switch_wait_time",
        "memory_update_delay",
        "memory_update_margin",
        "segment_size",
    }
)
# job_info's flag arrays: the job description's named types.
INFO_FLAGS = {
    "flags": ("JOB_DESC", "flags"),
    "mail_type": ("JOB_DESC", "mail_type"),
    "profile": ("JOB_DESC", "profile"),
    "shared": ("JOB_DESC", "shared"),
    "exclusive": ("JOB_DESC", "exclusive"),
    "job_state": ("KILL_JOBS", "job_state"),
}


OTHER_KEYS = frozenset(
    {
        "power/flags",
        "step_id",
        "exit_code",
        "derived_exit_code",
        "gres_detail",
        "priority_by_partition",
        "show_flags",
        "job_resources",
    }
)
# job_resources: v0.0.40's, then v0.0.41's on (inline in v0.0.41).
JOB_RES_40 = Named(
    "job_res",
    {
        "type": "object",
        "properties": {
            "nodes": STRING,
            "allocated_cores": INT32,
            "allocated_cpus": INT32,
            "allocated_hosts": INT32,
            "allocated_nodes": Named("job_res_nodes", {"type": "array", "items": {}}),
        },
    },
)
CR_TYPES = (
    "CPU",
    "SOCKET",
    "CORE",
    "BOARD",
    "MEMORY",
    "ONE_TASK_PER_CORE",
    "PACK_NODES",
    "CORE_DEFAULT_DIST_BLOCK",
    "LLN",
    "LINEAR",
)
# v0.0.45 writes select_type as slurm.conf's SelectTypeParameters names.
CR_TYPES_45 = (
    "NONE",
    "CR_CPU_MEMORY",
    "CR_CPU",
    "CR_CORE_MEMORY",
    "CR_CORE",
    "CR_SOCKET_MEMORY",
    "CR_SOCKET",
    "CR_MEMORY",
    "CR_ONE_TASK_PER_CORE",
    "CR_CORE_DEFAULT_DIST_BLOCK",
    "CR_NO_DIST_TOPO_BLOCK",
    "CR_LLN",
    "CR_PACK_NODES",
    "LL_SHARED_GRES",
    "MULTIPLE_SHARING_GRES_PJ",
    "ENFORCE_BINDING_GRES",
    "ONE_TASK_PER_SHARING_GRES",
)
_CORE = Named(
    "job_res_core",
    {
        "type": "object",
        "properties": {
            "index": INT32,
            "status": schemas.flags(
                "job_res_core_status", ("INVALID", "UNALLOCATED", "ALLOCATED", "IN_USE")
            ),
        },
        "required": ["index", "status"],
    },
)
_SOCKET = Named(
    "job_res_socket",
    {
        "type": "object",
        "properties": {"index": INT32, "cores": array("job_res_core_array", _CORE)},
        "required": ["index", "cores"],
    },
)
_NODE = Named(
    "job_res_node",
    {
        "type": "object",
        "properties": {
            "index": INT32,
            "name": STRING,
            "cpus": {"type": "object", "properties": {"count": INT32, "used": INT32}},
            "memory": {
                "type": "object",
                "properties": {"used": integer(64), "allocated": integer(64)},
            },
            "sockets": array("job_res_socket_array", _SOCKET),
        },
        "required": [
            "index",
            "name",
            "cpus/count",
            "cpus/used",
            "memory/used",
            "memory/allocated",
            "sockets",
        ],
    },
)


def job_res(version: str) -> Named:
    names = CR_TYPES_45 if version >= "v0.0.45" else CR_TYPES
    return Named(
        "job_res",
        {
            "type": "object",
            "properties": {
                "select_type": schemas.flags("cr_type", names),
                "nodes": {
                    "type": "object",
                    "properties": {
                        "count": INT32,
                        "select_type": schemas.flags(
                            "node_cr_type", ("AVAILABLE", "ONE_ROW", "RESERVED")
                        ),
                        "list": STRING,
                        "whole": schemas.BOOLEAN,
                        "allocation": array("job_res_nodes", _NODE),
                    },
                },
                "cpus": INT32,
                "threads_per_core": kinds.U16_NO_VAL.schema,
            },
            "required": [
                "select_type",
                "nodes/count",
                "nodes/select_type",
                "nodes/list",
                "cpus",
                "threads_per_core",
                "nodes/whole",
                "nodes/allocation",
            ],
        },
    )


# v0.0.40 and v0.0.41 list job_info's show_flags (the later versions: untyped strings).
SHOW_FLAGS = schemas.flags(
    "job_show_flags", ("ALL", "DETAIL", "MIXED", "LOCAL", "SIBLING", "FEDERATION", "FUTURE")
)
GRES_DETAIL = Named("job_info_gres_detail", {"type": "array", "items": STRING})
PRIORITIES = array(
    "priority_by_partition",
    Named("part_prio", {"type": "object", "properties": {"partition": STRING, "priority": INT32}}),
)


def _info_schema(package: ModuleType, path: str) -> Any:
    version = _version(package)
    if path in INT32_KEYS:
        return INT32
    if path == "power/flags":
        return POWER_FLAGS if version == "v0.0.40" else schemas.deprecated(POWER_FLAGS.shape)
    if path in ("exit_code", "derived_exit_code"):  # slurmdbd's jobs' type
        return next(f.kind.schema for f in package.dbjob.JOB if f.path == "exit_code")
    if path == "gres_detail":
        return GRES_DETAIL
    if path == "job_resources":
        return job_res(version) if version >= "v0.0.41" else JOB_RES_40
    if path == "show_flags":
        return SHOW_FLAGS if version <= "v0.0.41" else None
    if path == "priority_by_partition":
        return PRIORITIES
    if path == "step_id":  # named from v0.0.44 on
        return STEP_ID if version >= "v0.0.44" else None
    table, key = INFO_FLAGS[path]
    entries = getattr(package.jobdesc, table)
    found = [p.kind for p in entries if p.key == key]
    if not found:
        return None
    name = "job_state" if table == "KILL_JOBS" else FLAG_TYPES[key]
    kind = getattr(found[0], "kind", found[0])
    return schemas.flags(name, listed(kind, _version(package), f"{table}.{key}"))


@dataclass(frozen=True)
class InfoTable(schemas.TableRef):
    """A version's job table with the document's types of its entries."""

    def resolve(self, package: ModuleType) -> Any:
        out = []
        for f in super().resolve(package):
            if f.path in INT32_KEYS or f.path in INFO_FLAGS or f.path in OTHER_KEYS:
                declared = _info_schema(package, f.path)
                if declared is not None:
                    f = F(f.path, f.field, Typed(declared), f.required)
            out.append(f)
        return tuple(out)


JOB_INFO = Named("job_info", InfoTable("job.JOB"))
