"""openapi/v0.0.36: the slurmctld endpoints under /slurm/v0.0.36/, as v0.0.37's differences.

- no /reservations; update_time is not read (every list is loaded whole);
- its own error entries: {"error": "<function>: <text>", "error_code": 0} for
  jobs (the reference clears errno before it writes it), errno entries naming
  the missing node or partition whatever failed;
- GET /job/{job_id} takes a number (a path that is none is not found), as
  signed 32 bits;
- job properties: three more spellings, priority refused, a job without a
  name is named "openapi" (an update too);
- its own tables (v0_0_36/tables.py).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi import v0_0_37
from slurmrestd.openapi.common import jobdesc, legacydoc, routes
from slurmrestd.openapi.slurmctld import version
from slurmrestd.openapi.v0_0_36 import documented, handlers, tables

ENVELOPE = dataclasses.replace(
    v0_0_37.ENVELOPE,
    name="openapi/v0.0.36",
    title="REST v0.0.36",
    prefix="/slurm/v0.0.36",
    operation_prefix="slurm_v0036_",
)

_SETTERS: dict[str, Any] = {
    **v0_0_37.JOB_PROPERTIES.setters,
    "kill_on_invalid dependency": jobdesc.PROPERTIES["kill_on_invalid_dependency"],
    "standard_in": jobdesc.PROPERTIES["standard_input"],
    "standard_out": jobdesc.PROPERTIES["standard_output"],
}
JOB_PROPERTIES = version.JobProperties(
    _SETTERS, v0_0_37.JOB_PROPERTIES.disabled | {"priority"}, rejected_text="Unknown key"
)

_LISTS = ("GET /jobs", "GET /nodes", "GET /partitions")
ROUTES = routes.with_handlers(
    routes.without(v0_0_37.ROUTES, "GET /reservations", "GET /reservation/{reservation_name}"),
    {
        "GET /ping": handlers.ping,
        "GET /jobs": handlers.get_jobs,
        "GET /job/{job_id}": handlers.get_job,
        "POST /job/{job_id}": handlers.update_job,
        "DELETE /job/{job_id}": handlers.cancel_job,
        "POST /job/submit": handlers.submit_job,
        "GET /nodes": handlers.get_nodes,
        "GET /node/{node_name}": handlers.get_node,
        "GET /partitions": handlers.get_partitions,
        "GET /partition/{partition_name}": handlers.get_partition,
    },
)
for _key in _LISTS:
    ROUTES = routes.override(ROUTES, _key, query=())
# A submission that is no object is read (and refused: no script) by the handler.
ROUTES = routes.override(ROUTES, "POST /job/submit", any_body=True)
# Its document: no update_time on a partition, a job's id is a number.
ROUTES = routes.override(ROUTES, "GET /partition/{partition_name}", query=())
_JOB_ID = routes.Param("job_id", legacydoc.INT64)
for _key in ("GET /job/{job_id}", "POST /job/{job_id}"):
    ROUTES = routes.override(ROUTES, _key, params=(_JOB_ID,))
_SIGNAL = routes.Param("signal", routes.Ref("signal"), style="form", explode=True)
ROUTES = routes.override(ROUTES, "DELETE /job/{job_id}", params=(_JOB_ID, _SIGNAL))

VERSION = version.Version(ENVELOPE, tables, JOB_PROPERTIES, ROUTES, documented.DOCUMENTED)


def plugin() -> Plugin:
    return version.plugin(VERSION)
