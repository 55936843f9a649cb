"""What a slurmctld version is to its handlers, and how its declaration becomes a Plugin."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.resource import Handler
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import jobdesc, legacydoc, routes
from slurmrestd.openapi.common.engine import schema, sources
from slurmrestd.openapi.common.legacydoc import INTEGER, STRING, Ref
from slurmrestd.openapi.common.routes import Envelope, Op, Routes


@dataclass(frozen=True)
class JobProperties:
    """The job description a version parses: its keys, the ones it refuses, and the
    reference's text when a value is refused."""

    setters: Mapping[str, jobdesc.Setter]
    disabled: frozenset[str]
    rejected_text: str = "Unable to process key"


@dataclass(frozen=True)
class Version:
    """One slurmctld version: its envelope, tables, job properties and routes."""

    envelope: Envelope
    tables: Any
    job_properties: JobProperties
    routes: Routes
    # Its document's schemas where the tables cannot say: {schema: legacydoc.amend kwargs}.
    documented: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.envelope.name

    @functools.cached_property
    def meta(self) -> dict[str, Any]:
        return envelope.meta(self.envelope.name, self.envelope.title, slurm.version())

    @functools.cached_property
    def job_fields(self) -> frozenset[str]:
        return sources(
            self.tables.JOB,
            "user_id",
            "group_id",
            "user_name",
            "pn_min_memory",
            "nice",
            "core_spec",
            "cpu_freq_min",
            "cpus_per_task",
            "num_tasks",
            "num_cpus",
        )

    def job_desc(self, props: Any, *, submit: bool) -> dict[str, Any]:
        p = self.job_properties
        return jobdesc.job_desc(props, submit=submit, properties=p.setters, disabled=p.disabled)


def plugin(v: Version) -> Plugin:
    def bind(op: Op, _operation_id: str) -> Handler:
        return functools.partial(op.handler, v)

    return routes.plugin(v.envelope, v.routes, bind, schemas(v))


def schemas(v: Version) -> tuple[tuple[str, Any], ...]:
    """components/schemas of a version as 22.05's document names and shapes them: the
    objects from its tables and libslurm's C types, in the version's envelope schemas;
    only those its operations reach (legacydoc.schemas)."""
    env, t = v.envelope, v.tables

    def obj(table: Any, ctype: str) -> dict[str, Any]:
        return documented(table, slurm.json_types(ctype))

    statistics = obj(t.DIAG, "stats_info_response_msg_t")
    for key, item in (("rpcs_by_message_type", "diag_rpcm"), ("rpcs_by_user", "diag_rpcu")):
        if key in statistics["properties"]:
            statistics["properties"][key] = {"type": "array", "items": Ref(item)}
    errors = {"type": "array", "items": Ref("error")}
    candidates: dict[str, Any] = {
        "diag": legacydoc.envelope(env, ("statistics", statistics)),
        "diag_rpcm": _object(
            ("message_type", STRING),
            ("type_id", INTEGER),
            ("count", INTEGER),
            ("average_time", INTEGER),
            ("total_time", INTEGER),
        ),
        "diag_rpcu": _object(
            ("user", STRING),
            ("user_id", INTEGER),
            ("count", INTEGER),
            ("average_time", INTEGER),
            ("total_time", INTEGER),
        ),
        "licenses": _object(
            ("errors", errors), ("licenses", {"type": "array", "items": Ref("license")})
        ),
        "license": obj(t.LICENSE, "slurm_license_info_t"),
        "pings": legacydoc.listing(env, "pings", "ping"),
        "ping": _object(
            ("hostname", STRING),
            ("ping", {"type": "string", "enum": ["UP", "DOWN"]}),
            ("mode", STRING),
            ("status", INTEGER),
        ),
        "partition": obj(t.PARTITION, "partition_info_t"),
        "partitions_response": legacydoc.listing(env, "partitions", "partition"),
        "reservation": obj(t.RESERVATION, "reserve_info_t"),
        "reservations_response": legacydoc.listing(env, "reservations", "reservation"),
        **legacydoc.common(env),
        "signal": {"type": "string", "format": "int32", "enum": list(SIGNALS)},
        **_job_schemas(v, obj(t.JOB, "slurm_job_info_t")),
        "node": obj(t.NODE, "node_info_t"),
        "nodes_response": legacydoc.listing(env, "nodes", "node"),
    }
    for name, changes in v.documented.items():
        candidates[name] = legacydoc.amend(candidates[name], **changes)
    return legacydoc.schemas(env, [op for r in v.routes for op in r.ops], candidates)


def _job_schemas(v: Version, job: dict[str, Any]) -> dict[str, Any]:
    """A version's job schemas: submission, answers, properties."""
    env = v.envelope
    job["properties"]["job_resources"] = Ref("job_resources")
    return {
        "job_submission_response": legacydoc.envelope(
            env, ("job_id", INTEGER), ("step_id", STRING), ("job_submit_user_msg", STRING)
        ),
        "job_submission": {
            "required": ["script"],
            "properties": {
                "script": STRING,
                "job": Ref("job_properties"),
                "jobs": {"type": "array", "items": Ref("job_properties")},
            },
        },
        "jobs_response": legacydoc.listing(env, "jobs", "job_response_properties"),
        "job_response_properties": job,
        "job_resources": _object(
            ("nodes", STRING),
            ("allocated_cpus", INTEGER),
            ("allocated_hosts", INTEGER),
            ("allocated_nodes", {"type": "array", "items": Ref("node_allocation")}),
        ),
        "node_allocation": _object(
            ("memory", INTEGER),
            ("cpus", INTEGER),
            ("sockets", _object(("cores", {"type": "object"}))),
            ("nodename", STRING),
        ),
        "job_properties": {
            "type": "object",
            "required": ["environment"],
            "properties": {key: {} for key in v.job_properties.setters},
        },
    }


# What the slurmctld kinds dump, by class, as 22.05's documents type it where the
# kind leaves it open; a value that is null when unset is its C field's type there.
KIND_TYPES: dict[str, Any] = {
    "Is": legacydoc.BOOLEAN,
    "State": STRING,
    "StateFlags": legacydoc.STRINGS,
    "UserName": STRING,
    "UserNameOf": STRING,
    "GroupName": STRING,
    "Profile": legacydoc.STRINGS,
    "Modes": legacydoc.STRINGS,
    "Enum": STRING,
    **{k: INTEGER for k in ("Nice", "JobCpus", "JobMemory", "Difference", "Ratio", "PerMinute")},
}


def documented(table: Any, c_types: dict[str, Any]) -> dict[str, Any]:
    """A table's schema (engine.schema) with the kinds' types as the document gives them."""
    out = schema(table, c_types)
    for f in table:
        if "/" in f.path:
            continue
        found = KIND_TYPES.get(type(f.kind).__name__)
        if found is not None:
            out["properties"][f.path] = dict(found)
        elif out["properties"][f.path].get("nullable") and f.field in c_types:
            out["properties"][f.path] = dict(c_types[f.field])
    return out


def _object(*props: tuple[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": dict(props)}


# The signals 22.05's document names (Slurm's sig_name2num knows XCPU too).
SIGNALS = tuple(name for name in jobdesc.SIGNAL_NAMES if name != "XCPU")
