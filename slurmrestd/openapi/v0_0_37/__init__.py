"""openapi/v0.0.37: the slurmctld endpoints under /slurm/v0.0.37/, as v0.0.38's differences.

- no /licenses;
- a failed /diag answers an errno entry and empty statistics;
- job properties: five keys are unknown, three are spelled as the reference
  spells them, oversubscribe is refused, and a refused value is an
  "Unknown key";
- its own tables (v0_0_37/tables.py).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi import v0_0_38
from slurmrestd.openapi.common import jobdesc, routes
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import FAILED, OK, errno_entry, fail
from slurmrestd.openapi.slurmctld import version
from slurmrestd.openapi.v0_0_37 import documented, tables

ENVELOPE = dataclasses.replace(
    v0_0_38.ENVELOPE,
    name="openapi/v0.0.37",
    title="Slurm OpenAPI v0.0.37",
    prefix="/slurm/v0.0.37",
    operation_prefix="slurm_v0037_",
    mangle=False,
    id_prefix="slurmctld_",
    meta=False,
    errors_default=False,
)

_V38_ONLY = ("container", "prefer", "cpu_binding_hint", "time_minimum", "mcs_label")
_SETTERS = {k: v for k, v in jobdesc.PROPERTIES.items() if k not in _V38_ONLY} | {
    "cpu_binding hint": jobdesc.PROPERTIES["cpu_binding_hint"],
    "time minimum": jobdesc.PROPERTIES["time_minimum"],
    "msc_label": jobdesc.PROPERTIES["mcs_label"],
}
_SETTERS.pop("oversubscribe")
JOB_PROPERTIES = version.JobProperties(
    _SETTERS, v0_0_38.JOB_PROPERTIES.disabled | {"oversubscribe"}, rejected_text="Unknown key"
)


def diag(v: version.Version, call: Call) -> tuple[str, dict[str, Any]]:
    """As v0.0.38's, but a failure is an errno entry with empty statistics."""
    try:
        stats = slurm.diag(call.identity)
    except slurm.SlurmError:
        raise fail(FAILED, [errno_entry(-1)], statistics={}) from None
    return OK, {"statistics": dump(v.tables.DIAG, stats)}


ROUTES = routes.with_handlers(routes.without(v0_0_38.ROUTES, "GET /licenses"), {"GET /diag": diag})

VERSION = version.Version(ENVELOPE, tables, JOB_PROPERTIES, ROUTES, documented.DOCUMENTED)


def plugin() -> Plugin:
    return version.plugin(VERSION)
