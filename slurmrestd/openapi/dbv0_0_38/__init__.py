"""openapi/dbv0.0.38: the slurmdbd endpoints under /slurmdb/v0.0.38/.

Its declaration: envelope, tables, how list GETs read the query, how jobs are
searched, and routes (which handler serves which path).
"""

from __future__ import annotations

from collections.abc import Callable

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common.routes import Envelope, Op, Route
from slurmrestd.openapi.dbv0_0_38 import tables
from slurmrestd.openapi.slurmdbd import (
    accounts,
    associations,
    clusters,
    config,
    context,
    diag,
    jobs,
    qos,
    tres,
    users,
    wckeys,
)
from slurmrestd.slurm.constants import JOBCOND_FLAG_DUP, JOBCOND_FLAG_NO_TRUNC

ENVELOPE = Envelope(
    name="openapi/dbv0.0.38",
    title="Slurm OpenAPI DB v0.0.38",
    prefix="/slurmdb/v0.0.38",
    operation_prefix="slurmdb_v0038_",
    tag=("slurmdb", "methods that query slurmdbd"),
)

JOB_SEARCH = context.JobSearch(
    flags=JOBCOND_FLAG_DUP | JOBCOND_FLAG_NO_TRUNC,
    scope=jobs.local_cluster,
    states=jobs.job_states,
)


def _post(operation: str, summary: str, handler: Callable[[context.Ctx], int]) -> Op:
    """A POST: its body is read whatever its shape (the handler checks it)."""
    return Op("POST", operation, summary, handler, body=True, any_body=True)


ROUTES = (
    Route(
        "/config",
        (
            Op("GET", "get_config", "Dump all configuration information", config.get_config),
            _post("set_config", "Load all configuration information", config.set_config),
        ),
    ),
    Route(
        "/tres",
        (
            Op("GET", "get_tres", "Get TRES info", tres.get),
            _post("update_tres", "Set TRES info", tres.update_tres),
        ),
    ),
    Route(
        "/qos",
        (
            Op("GET", "get_qos", "Get QOS list", qos.get_qos, ("with_deleted",)),
            _post("update_qos", "Set QOS info", qos.update_qos),
        ),
    ),
    Route(
        "/qos/{qos_name}",
        (
            Op("GET", "get_single_qos", "Get QOS info", qos.get_single_qos, ("with_deleted",)),
            Op("DELETE", "delete_qos", "Delete QOS", qos.delete_qos),
        ),
    ),
    Route(
        "/users",
        (
            Op("GET", "get_users", "Get user list", users.get_users, ("with_deleted",)),
            _post("update_users", "Update users", users.update_users),
        ),
    ),
    Route(
        "/user/{user_name}",
        (
            Op("GET", "get_user", "Get user info", users.get_user, ("with_deleted",)),
            Op("DELETE", "delete_user", "Delete user", users.delete_user),
        ),
    ),
    Route(
        "/clusters",
        (
            Op("GET", "get_clusters", "Get cluster list", clusters.get_clusters),
            _post("add_clusters", "Add clusters", clusters.add_clusters),
        ),
    ),
    Route(
        "/cluster/{cluster_name}",
        (
            Op("GET", "get_cluster", "Get cluster info", clusters.get_cluster),
            Op("DELETE", "delete_cluster", "Delete cluster", clusters.delete_cluster),
        ),
    ),
    Route(
        "/wckeys",
        (
            Op("GET", "get_wckeys", "Get wckey list", wckeys.get_wckeys),
            _post("add_wckeys", "Add wckeys", wckeys.add_wckeys),
        ),
    ),
    Route(
        "/wckey/{wckey}",
        (
            Op("GET", "get_wckey", "Get wckey info", wckeys.get_wckey),
            Op("DELETE", "delete_wckey", "Delete wckey", wckeys.delete_wckey),
        ),
    ),
    Route(
        "/accounts",
        (
            Op("GET", "get_accounts", "Get account list", accounts.get_accounts, ("with_deleted",)),
            _post("update_account", "Update accounts", accounts.update_account),
        ),
    ),
    Route(
        "/account/{account_name}",
        (
            Op("GET", "get_account", "Get account info", accounts.get_account, ("with_deleted",)),
            Op("DELETE", "delete_account", "Delete account", accounts.delete_account),
        ),
    ),
    Route(
        "/associations",
        (
            Op(
                "GET",
                "get_associations",
                "Get association list",
                associations.get_associations,
                associations.FILTERS,
            ),
            _post("update_associations", "Set associations info", associations.update_associations),
            Op(
                "DELETE",
                "delete_associations",
                "Delete associations",
                associations.delete_associations,
                associations.FILTERS,
            ),
        ),
    ),
    Route(
        "/association",
        (
            Op(
                "GET",
                "get_association",
                "Get association info",
                associations.get_association,
                associations.FILTERS,
            ),
            Op(
                "DELETE",
                "delete_association",
                "Delete association",
                associations.delete_association,
                associations.FILTERS,
            ),
        ),
    ),
    Route("/jobs", (Op("GET", "get_jobs", "Get job list", jobs.get_jobs, jobs.QUERY),)),
    Route("/job/{job_id}", (Op("GET", "get_job", "Get job info", jobs.get_job),)),
    Route("/diag", (Op("GET", "diag", "Get slurmdb diagnostics", diag.diag),)),
)

VERSION = context.DbVersion(
    ENVELOPE,
    tables,
    list_filter=context.with_deleted,
    job_search=JOB_SEARCH,
    routes=ROUTES,
)


def plugin() -> Plugin:
    return context.plugin(VERSION)
