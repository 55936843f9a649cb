"""openapi/dbv0.0.38: the slurmdbd endpoints under /slurmdb/v0.0.38/.

Its declaration: envelope, tables, how list GETs read the query, how jobs are
searched, and routes (which handler serves which path).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import legacydoc
from slurmrestd.openapi.common.routes import Envelope, Op, Param, Ref, Route
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
    tag=("slurm", "methods that query slurmdbd"),
    security=(("user",), ("token",)),
    meta_schema="v0.0.38_meta",  # the reference's envelopes name slurmctld's meta
    openapi="3.0.3",
)

JOB_SEARCH = context.JobSearch(
    flags=JOBCOND_FLAG_DUP | JOBCOND_FLAG_NO_TRUNC,
    scope=jobs.local_cluster,
    states=jobs.job_states,
)


def _post(
    operation: str,
    summary: str,
    handler: Callable[[context.Ctx], int],
    reply: str,
    request: str,
    *,
    required: bool = True,
) -> Op:
    """A POST: its body is read whatever its shape (the handler checks it)."""
    return Op(
        "POST",
        operation,
        summary,
        handler,
        body=True,
        any_body=True,
        reply=Ref(reply),
        request=Ref(request),
        body_required=required,
    )


def _get(operation: str, summary: str, handler: Any, reply: str, query: Any = ()) -> Op:
    return Op("GET", operation, summary, handler, query, reply=Ref(reply))


def _delete(operation: str, summary: str, handler: Any, reply: str, query: Any = ()) -> Op:
    return Op("DELETE", operation, summary, handler, query, reply=Ref(reply))


# The query parameters the document names for GET /jobs (the reference's; it reads
# "groups" and "users" where its document says "group" and lists no "users").
JOB_QUERY = (
    "submit_time", "start_time", "end_time", "account", "association", "cluster",
    "constraints", "cpus_max", "cpus_min", "skip_steps", "disable_wait_for_result",
    "exit_code", "format", "group", "job_name", "nodes_max", "nodes_min", "partition",
    "qos", "reason", "reservation", "state", "step", "node", "wckey",
)  # fmt: skip
ASSOC_QUERY = tuple(Param(n) for n in ("cluster", "account", "user", "partition"))
WITH_DELETED = ("with_deleted",)

# In the order of the reference's document (paths, and a path's methods).
ROUTES = (
    Route("/job/{job_id}", (_get("get_job", "Get job info", jobs.get_job, "job_info"),)),
    Route(
        "/config",
        (
            _get(
                "get_config", "Dump all configuration information", config.get_config, "config_info"
            ),
            _post(
                "set_config",
                "Load all configuration information",
                config.set_config,
                "config_response",
                "set_config",
                required=False,
            ),
        ),
    ),
    Route(
        "/tres",
        (
            _post("update_tres", "Set TRES info", tres.update_tres, "response_tres", "tres_update"),
            dataclasses.replace(
                _get("get_tres", "Get TRES info", tres.get, "tres_info"), errors=False
            ),
        ),
    ),
    Route(
        "/qos/{qos_name}",
        (
            _delete("delete_qos", "Delete QOS", qos.delete_qos, "response_qos_delete"),
            _get("get_single_qos", "Get QOS info", qos.get_single_qos, "qos_info", WITH_DELETED),
        ),
    ),
    Route(
        "/qos",
        (
            _get("get_qos", "Get QOS list", qos.get_qos, "qos_info", WITH_DELETED),
            _post("update_qos", "Set QOS info", qos.update_qos, "response_qos", "update_qos"),
        ),
    ),
    Route(
        "/associations",
        (
            _post(
                "update_associations",
                "Set associations info",
                associations.update_associations,
                "response_associations",
                "associations_info",
            ),
            dataclasses.replace(
                _get(
                    "get_associations",
                    "Get association list",
                    associations.get_associations,
                    "associations_info",
                    associations.FILTERS,
                ),
                params=ASSOC_QUERY,
            ),
            dataclasses.replace(
                _delete(
                    "delete_associations",
                    "Delete associations",
                    associations.delete_associations,
                    "response_associations_delete",
                    associations.FILTERS,
                ),
                params=ASSOC_QUERY,
            ),
        ),
    ),
    Route(
        "/association",
        (
            dataclasses.replace(
                _get(
                    "get_association",
                    "Get association info",
                    associations.get_association,
                    "associations_info",
                    associations.FILTERS,
                ),
                params=ASSOC_QUERY,
            ),
            dataclasses.replace(
                _delete(
                    "delete_association",
                    "Delete association",
                    associations.delete_association,
                    "response_associations_delete",
                    associations.FILTERS,
                ),
                params=ASSOC_QUERY,
            ),
        ),
    ),
    Route(
        "/user/{user_name}",
        (
            _delete("delete_user", "Delete user", users.delete_user, "response_user_delete"),
            _get("get_user", "Get user info", users.get_user, "user_info", WITH_DELETED),
        ),
    ),
    Route(
        "/users",
        (
            _post(
                "update_users",
                "Update users",
                users.update_users,
                "response_user_update",
                "update_users",
            ),
            _get("get_users", "Get user list", users.get_users, "user_info", WITH_DELETED),
        ),
    ),
    Route(
        "/cluster/{cluster_name}",
        (
            _delete(
                "delete_cluster",
                "Delete cluster",
                clusters.delete_cluster,
                "response_cluster_delete",
            ),
            _get("get_cluster", "Get cluster info", clusters.get_cluster, "cluster_info"),
        ),
    ),
    Route(
        "/clusters",
        (
            _get("get_clusters", "Get cluster list", clusters.get_clusters, "cluster_info"),
            _post(
                "add_clusters",
                "Add clusters",
                clusters.add_clusters,
                "response_cluster_add",
                "clusters_properties",
            ),
        ),
    ),
    Route(
        "/wckey/{wckey}",
        (
            _delete("delete_wckey", "Delete wckey", wckeys.delete_wckey, "response_wckey_delete"),
            _get("get_wckey", "Get wckey info", wckeys.get_wckey, "wckey_info"),
        ),
    ),
    Route(
        "/wckeys",
        (
            _get("get_wckeys", "Get wckey list", wckeys.get_wckeys, "wckey_info"),
            _post(
                "add_wckeys",
                "Add wckeys",
                wckeys.add_wckeys,
                "response_wckey_add",
                "wckey_info",
                required=False,
            ),
        ),
    ),
    Route(
        "/account/{account_name}",
        (
            _delete(
                "delete_account",
                "Delete account",
                accounts.delete_account,
                "response_account_delete",
            ),
            _get(
                "get_account",
                "Get account info",
                accounts.get_account,
                "account_info",
                WITH_DELETED,
            ),
        ),
    ),
    Route(
        "/accounts",
        (
            _get(
                "get_accounts",
                "Get account list",
                accounts.get_accounts,
                "account_info",
                WITH_DELETED,
            ),
            _post(
                "update_account",
                "Update accounts",
                accounts.update_account,
                "account_response",
                "update_account",
            ),
        ),
    ),
    Route(
        "/jobs",
        (
            dataclasses.replace(
                _get("get_jobs", "Get job list", jobs.get_jobs, "job_info", jobs.QUERY),
                params=tuple(Param(n) for n in JOB_QUERY),
            ),
        ),
    ),
    Route("/diag", (_get("diag", "Get slurmdb diagnostics", diag.diag, "diag"),)),
)

_TRES = {"type": "array", "items": Ref("response_tres")}  # sic: the reference's
# The types the reference's document gives where they are not what the tables dump.
# And the keys of its objects it names, in its order, where they are not the tables'
# (fields: {object's path: keys}).
QOS_LIMITS = {
    "limits": ("factor", "max", "min"),
    "limits/max": ("wall_clock", "jobs", "accruing", "tres"),
    "limits/max/jobs": ("active_jobs",),
    "limits/max/tres": ("minutes", "per"),
    "limits/max/tres/minutes/per": ("job", "account", "user", "qos"),
}
QOS_FIELDS = (
    *("description", "flags", "id", "limits", "preempt", "priority"),
    *("usage_factor", "usage_threshold"),
)
ASSOC_FIELDS = (
    *("account", "cluster", "default", "flags", "max", "min", "parent_account"),
    *("partition", "priority", "shares_raw", "usage", "user"),
)
ASSOC_LIMITS = {
    "max": ("jobs", "per", "tres"),
    "max/jobs/per": ("wall_clock",),
    "max/tres": ("per", "total", "minutes"),
    "usage": (
        *("accrue_job_count", "group_used_wallclock", "fairshare_factor", "fairshare_shares"),
        *("normalized_priority", "normalized_shares", "effective_normalized_usage"),
        *("raw_usage", "job_count", "fairshare_level"),
    ),
}
# A job's time before its association; its time limit last.
JOB_FIELDS = legacydoc.moved(legacydoc.paths(tables.JOB), "array", "time")
JOB_TIME = {"time": legacydoc.moved(legacydoc.paths(tables.JOB, "time"), None, "limit")}
# A step's requested and consumed TRES have a maximum and minimum too.
STEP_TRES: dict[str, dict[str, Any]] = {
    "types": {
        f"tres/{key}/{bound}": Ref("tres_list")
        for key in ("requested", "consumed")
        for bound in ("max", "min")
    },
    "fields": {
        f"tres/{key}": ("average", "max", "min", "total") for key in ("requested", "consumed")
    },
}
DOCUMENTED: dict[str, dict[str, Any]] = {
    "qos": {
        "types": {"id": legacydoc.STRING},
        "fields": {"": (*QOS_FIELDS, "name"), **QOS_LIMITS},
    },
    "job": {
        "types": {"allocation_nodes": legacydoc.STRING},
        "fields": {"": legacydoc.moved(JOB_FIELDS, None, "container"), **JOB_TIME},
    },
    "association": {
        # The document's "QOS" for the answer's "qos"; no is_default.
        "types": {"usage/normalized_priority": legacydoc.INTEGER, "QOS": legacydoc.STRINGS},
        "fields": {
            "": (*ASSOC_FIELDS, "QOS"),
            **ASSOC_LIMITS,
            "max/jobs": ("per",),
        },
    },
    "cluster_info": {"types": {"associations/root": Ref("association_short_info"), "tres": _TRES}},
}

VERSION = context.DbVersion(
    ENVELOPE,
    tables,
    list_filter=context.with_deleted,
    job_search=JOB_SEARCH,
    routes=ROUTES,
    amend={
        # The document names a wckey's accounting records; the answer its accounts' names.
        "wckey": {
            "drop": ("accounts",),
            "add": (("accounting", {"type": "array", "items": Ref("accounting")}),),
        },
        **DOCUMENTED,
        "job_step": {
            "types": {"task": legacydoc.STRING, **STEP_TRES["types"]},
            "fields": STEP_TRES["fields"],
        },
        "set_config": {
            "types": {
                "clusters": {"type": "array", "items": Ref("clusters_properties")},
                "accounts": {"type": "array", "items": Ref("update_account")},
            }
        },
    },
)


def plugin() -> Plugin:
    return context.plugin(VERSION)
