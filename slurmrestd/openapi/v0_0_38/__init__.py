"""openapi/v0.0.38: the slurmctld endpoints under /slurm/v0.0.38/.

Its declaration: envelope, tables, job properties and routes (which handler
serves which path, with the names of its schemas).
"""

from __future__ import annotations

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import jobdesc
from slurmrestd.openapi.common.routes import Envelope, Op, Param, Ref, Route
from slurmrestd.openapi.slurmctld import diag, jobs, nodes, partitions, reservations, version
from slurmrestd.openapi.v0_0_38 import documented, tables

ENVELOPE = Envelope(
    name="openapi/v0.0.38",
    title="Slurm OpenAPI v0.0.38",
    prefix="/slurm/v0.0.38",
    operation_prefix="slurm_v0038_",
    tag=("slurm", "methods that query slurmctld"),
)

JOB_PROPERTIES = version.JobProperties(jobdesc.PROPERTIES, jobdesc.DISABLED)

ROUTES = (
    Route(
        "/diag",
        (
            Op(
                "GET",
                "diag",
                "get diagnostics",
                diag.diag,
                reply=Ref("diag"),
            ),
        ),
    ),
    Route(
        "/ping",
        (
            Op(
                "GET",
                "ping",
                "ping test",
                diag.ping,
                reply=Ref("pings"),
            ),
        ),
    ),
    Route(
        "/jobs",
        (
            Op(
                "GET",
                "get_jobs",
                "get list of jobs",
                jobs.get_jobs,
                ("update_time",),
                reply=Ref("jobs_response"),
            ),
        ),
    ),
    Route(
        "/job/{job_id}",
        (
            Op(
                "GET",
                "get_job",
                "get job info",
                jobs.get_job,
                reply=Ref("jobs_response"),
                errors=False,
            ),
            Op(
                "POST",
                "update_job",
                "update job",
                jobs.update_job,
                body=True,
                any_body=True,
                request=Ref("job_properties"),
            ),
            Op(
                "DELETE",
                "cancel_job",
                "cancel or signal job",
                jobs.cancel_job,
                ("signal",),
                params=(Param("signal", Ref("signal"), style="form", explode=True),),
            ),
        ),
    ),
    Route(
        "/job/submit",
        (
            Op(
                "POST",
                "submit_job",
                "submit new job",
                jobs.submit_job,
                body=True,
                request=Ref("job_submission"),
                reply=Ref("job_submission_response"),
            ),
        ),
    ),
    Route(
        "/nodes",
        (
            Op(
                "GET",
                "get_nodes",
                "get all node info",
                nodes.get_nodes,
                ("update_time",),
                reply=Ref("nodes_response"),
            ),
        ),
    ),
    Route(
        "/node/{node_name}",
        (
            Op(
                "GET",
                "get_node",
                "get node info",
                nodes.get_node,
                reply=Ref("nodes_response"),
            ),
        ),
    ),
    Route(
        "/partitions",
        (
            Op(
                "GET",
                "get_partitions",
                "get all partition info",
                partitions.get_partitions,
                ("update_time",),
                reply=Ref("partitions_response"),
            ),
        ),
    ),
    Route(
        "/partition/{partition_name}",
        (
            Op(
                "GET",
                "get_partition",
                "get partition info",
                partitions.get_partition,
                ("update_time",),
                reply=Ref("partitions_response"),
            ),
        ),
    ),
    Route(
        "/reservations",
        (
            Op(
                "GET",
                "get_reservations",
                "get all reservation info",
                reservations.get_reservations,
                ("update_time",),
                reply=Ref("reservations_response"),
            ),
        ),
    ),
    Route(
        "/reservation/{reservation_name}",
        (
            Op(
                "GET",
                "get_reservation",
                "get reservation info",
                reservations.get_reservation,
                ("update_time",),
                reply=Ref("reservations_response"),
            ),
        ),
    ),
    Route(
        "/licenses",
        (
            Op(
                "GET",
                "slurmctld_get_licenses",
                "get all licenses",
                diag.licenses,
                reply=Ref("licenses"),
                errors=False,
            ),
        ),
    ),
)

VERSION = version.Version(ENVELOPE, tables, JOB_PROPERTIES, ROUTES, documented.DOCUMENTED)


def plugin() -> Plugin:
    return version.plugin(VERSION)
