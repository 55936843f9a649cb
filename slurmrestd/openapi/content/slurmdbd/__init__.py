"""openapi/slurmdbd: slurmdbd's endpoints under /slurmdb/{data_parser}/, for v0.0.40 to v0.0.45.

Each resource's module declares its operations (OPS) and handlers; the
document lists the paths in the reference's order (ORDER).
"""

from __future__ import annotations

from collections.abc import Sequence

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.content import Content, bind
from slurmrestd.openapi.content.slurmdbd import (
    accounting,
    condadd,
    conf,
    config,
    jobmodify,
    jobs,
    limits,
    writes,
)
from slurmrestd.openapi.dataparser import PARSERS, Parser

ORDER = (
    "/job/{job_id}",
    "/config",
    "/conf",
    "/tres/",
    "/qos/{qos}",
    "/qos/",
    "/associations/",
    "/association/",
    "/instances/",
    "/instance/",
    "/user/{name}",
    "/users_association/",
    "/users/",
    "/cluster/{cluster_name}",
    "/clusters/",
    "/wckey/{id}",
    "/wckeys/",
    "/account/{account_name}",
    "/accounts_association/",
    "/accounts/",
    "/jobs/",
    "/diag/",
    "/ping/",
)

CONTENT = Content(
    name="openapi/slurmdbd",
    title="Slurm OpenAPI slurmdbd",
    prefix="slurmdb",
    tag=("slurmdb", "methods that query slurmdbd"),
    ops=(
        *accounting.OPS,
        *writes.OPS,
        *jobs.OPS,
        *jobmodify.OPS,
        *conf.OPS,
        *limits.OPS,
        *condadd.OPS,
        *config.OPS,
    ),
    order=ORDER,
    methods={
        "/tres/": ("POST", "GET"),
        "/users/": ("POST", "GET"),
        "/associations/": ("POST", "GET", "DELETE"),
        "/account/{account_name}": ("DELETE", "GET"),
        "/cluster/{cluster_name}": ("DELETE", "GET"),
        "/user/{name}": ("DELETE", "GET"),
        "/wckey/{id}": ("DELETE", "GET"),
    },
)


def plugin(parsers: Sequence[Parser] = PARSERS) -> Plugin:
    return bind(CONTENT, parsers)
