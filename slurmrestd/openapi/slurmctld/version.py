"""What a slurmctld version is to its handlers, and how its declaration becomes a Plugin."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.resource import Handler
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import jobdesc, routes
from slurmrestd.openapi.common.engine import schema, sources
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
    """components/schemas of a version, generated from its tables and libslurm's C types."""
    px = v.envelope.operation_prefix.rstrip("_")
    t = v.tables
    objects = {
        "job": (t.JOB, "slurm_job_info_t"),
        "node": (t.NODE, "node_info_t"),
        "partition": (t.PARTITION, "partition_info_t"),
        "reservation": (t.RESERVATION, "reserve_info_t"),
        "license": (t.LICENSE, "slurm_license_info_t"),
        "diag": (t.DIAG, "stats_info_response_msg_t"),
    }
    out = {
        f"{px}_{name}": schema(table, slurm.json_types(ctype))
        for name, (table, ctype) in objects.items()
    }
    out[f"{px}_ping"] = {
        "type": "object",
        "properties": {
            "hostname": {"type": "string"},
            "ping": {"type": "string"},
            "status": {"type": "integer"},
            "mode": {"type": "string"},
        },
    }
    out[f"{px}_job_properties"] = {
        "type": "object",
        "properties": {key: {} for key in sorted(v.job_properties.setters)},
    }
    return tuple(out.items())
