"""The requests recorded into golden files, per plugin.

Each case: name, method, path (under the plugin's prefix unless absolute), query,
user (None: no credentials), body (a JSON value) or raw (the exact body text),
stable (the lab answers it the same way every time, so the conformance suite
also checks the running daemon against it), capture (remember the answer's
job_id under this name; later paths may use it as ``{name}``).
"""

from __future__ import annotations

from typing import Any

ADMIN = "labadmin"
ENV = {"PATH": "/usr/bin:/bin"}
SLEEP = "#!/bin/sh\nsleep 300\n"
UNKNOWN_JOB = "999999"
# Far in the future, so a held job never starts (and epochs do not depend on a time zone).
BEGIN = 4102444800


# A reservation of the recording (tests/golden/record.py makes it, then deletes it): the
# reservation tables are rendered from a real record too.
RESERVATION = "golden"
RESERVATION_SPEC = (
    f"reservationname={RESERVATION}",
    "users=bob",
    "starttime=now+30days",
    "duration=60",
    "nodes=ALL",
    "flags=maint,purge_comp=5",
)


def case(method: str, path: str, *, name: str = "", **kw: Any) -> dict[str, Any]:
    out = {"method": method, "path": path, "user": "alice", "stable": True, **kw}
    out["name"] = name or slug(method, path, kw.get("query", ""))
    return out


def slug(method: str, path: str, query: str) -> str:
    text = f"{method} {path}" + (f" {query}" if query else "")
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in text).strip("_")


def job(**extra: Any) -> dict[str, Any]:
    return {
        "name": "golden",
        "current_working_directory": "/tmp",
        "standard_output": "/dev/null",
        "environment": ENV,
        "time_limit": 10,
        **extra,
    }


# Job properties in groups, so that a value one version refuses does not hide the others.
PROPERTY_GROUPS: dict[str, dict[str, Any]] = {
    "basic": {
        "account": "lab",
        "comment": "golden",
        "partition": "debug",
        "nice": 5,
        "qos": "normal",
        "wckey": "w",
        "hold": True,
        "requeue": False,
        "priority": 100,
        "begin_time": BEGIN,
        "deadline": BEGIN + 3600,
    },
    "resources": {
        "nodes": "1-2",
        "tasks": 2,
        "tasks_per_node": 1,
        "cpus_per_task": 1,
        "memory_per_cpu": 100,
        "minimum_cpus_per_node": 1,
        "sockets_per_node": 1,
        "cores_per_socket": 1,
        "threads_per_core": 1,
        "temporary_disk_per_node": 10,
        "ntasks_per_core": 1,
        "tasks_per_socket": 1,
        "minimum_nodes": True,
    },
    "memory": {"memory_per_node": "100M", "core_specification": 0},
    "gres": {
        "gpus": "1",
        "gpus_per_node": "1",
        "gres": "gpu:1",
        "gres_flags": "enforce-binding",
        "cpus_per_gpu": 1,
        "memory_per_gpu": 100,
        "gpu_binding": "closest",
        "gpu_frequency": "low",
    },
    "io": {
        "standard_error": "/dev/null",
        "standard_input": "/dev/null",
        "argv": ["a", "b"],
        "umask": "0022",
        "open_mode": "append",
        "mail_type": "END,FAIL",
        "mail_user": "alice@localhost",
        "get_user_environment": "10L",
    },
    "scheduling": {
        "dependency": "afterok:1",
        "kill_on_invalid_dependency": True,
        "exclusive": "user",
        "spread_job": True,
        "delay_boot": 5,
        "distribution": "block:cyclic",
        "cpu_frequency": "1000-2000:performance",
        "memory_binding": "local",
        "signal": "B:USR1@30",
        "profile": "task",
        "account_gather_frequency": "task=30",
        "licenses": "fluent:1",
        "constraints": "a&b",
        "batch_features": "x",
        "cluster_constraint": "c",
        "exclude_nodes": "nope1",
        "no_kill": True,
        "wait_all_nodes": True,
        "array": "1-3%2",
        "thread_specification": 1,
    },
    "v38_only": {
        "container": "/tmp/c",
        "prefer": "p",
        "cpu_binding_hint": "compute_bound",
        "time_minimum": 2,
        "mcs_label": "m",
        "oversubscribe": True,
    },
    "v37_spellings": {"cpu_binding hint": "memory_bound", "time minimum": 3, "msc_label": "m"},
    "numbers_as_text": {"nice": "7", "time_limit": "1:00:00", "priority": "infinite"},
}


def slurmctld(version: str) -> list[dict[str, Any]]:
    from slurmrestd_dev.lab import hostname

    listed = version != "v0.0.36"
    cases = [
        case("GET", "/ping"),
        case("GET", "/diag", stable=False),
        case("GET", "/licenses"),
        case("GET", "/partitions"),
        case("GET", "/partition/debug"),
        case("GET", "/partition/nope"),
        # The recorder creates RESERVATION for the recording only: replayed, not checked live.
        case("GET", "/reservations", stable=False),
        case("GET", f"/reservation/{RESERVATION}", stable=False),
        case("GET", "/reservation/nope"),
        case("GET", "/nodes", stable=False),
        case("GET", f"/node/{hostname()}", name="GET_node_HOST", stable=False),
        case("GET", "/node/nope"),
        case("GET", "/jobs", stable=False),
        case("GET", f"/job/{UNKNOWN_JOB}"),
        case("GET", "/job/abc"),
        case("GET", "/job/0"),
        # v0.0.36 reads no update_time: these are whole lists there, as /jobs and /nodes.
        case("GET", "/jobs", query="update_time=abc", stable=listed),
        case("GET", "/jobs", query="update_time=9999999999", stable=listed),
        case("GET", "/nodes", query="update_time=9999999999", stable=listed),
        case("GET", "/partitions", query="update_time=9999999999"),
        case("GET", "/reservations", query="update_time=9999999999"),
        case("GET", "/ping", user=None, name="GET_ping_unauthenticated"),
        case("DELETE", f"/job/{UNKNOWN_JOB}"),
        case("DELETE", f"/job/{UNKNOWN_JOB}", query="signal=BOGUS"),
        case("POST", "/job/submit", body={}, name="POST_submit_empty"),
        case("POST", "/job/submit", body={"script": SLEEP}, name="POST_submit_no_job"),
        case("POST", "/job/submit", body={"job": job()}, name="POST_submit_no_script"),
        case("POST", "/job/submit", raw="{not json", name="POST_submit_bad_json"),
        case(
            "POST",
            "/job/submit",
            body={"script": SLEEP, "job": job(bogus_key=1)},
            name="POST_submit_unknown_property",
        ),
        case(
            "POST",
            "/job/submit",
            body={"script": SLEEP, "job": job(wrap="true")},
            name="POST_submit_disabled_property",
        ),
        case(
            "POST",
            "/job/submit",
            body={"script": SLEEP, "job": job(nice="abc")},
            name="POST_submit_rejected_value",
        ),
        case(
            "POST",
            "/job/submit",
            body={"script": SLEEP, "job": {"name": "noenv", "current_working_directory": "/tmp"}},
            name="POST_submit_no_environment",
        ),
        case(
            "POST",
            "/job/submit",
            body={"script": SLEEP, "job": job(hold=True)},
            name="POST_submit_held",
            capture="held",
            stable=False,
        ),
        case("GET", "/job/{held}", name="GET_job_held", stable=False),
        case(
            "POST",
            "/job/{held}",
            body={"comment": "updated", "time_limit": 20, "nice": 10},
            name="POST_update_held",
            stable=False,
        ),
        case(
            "POST",
            "/job/submit",
            body={"script": SLEEP, "jobs": [job(hold=True), job(name="het1", tasks=1)]},
            name="POST_submit_het",
            capture="het",
            stable=False,
        ),
        case("DELETE", "/job/{het}", name="DELETE_job_het", stable=False),
        case("DELETE", "/job/{held}", name="DELETE_job_held", stable=False),
        case("DELETE", "/job/{held}", name="DELETE_job_held_again", stable=False),
        case("POST", f"/job/{UNKNOWN_JOB}", body=[{"comment": "x"}], name="POST_update_het_list"),
        case("POST", f"/job/{UNKNOWN_JOB}", body="text", name="POST_update_not_object"),
        case("POST", f"/job/{UNKNOWN_JOB}", body={"bogus_key": 1}, name="POST_update_unknown_key"),
    ]
    # Job descriptions: each group of properties as a submission (held, then cancelled: its
    # binding call is the job_desc record) and as an update of a job that does not exist.
    for group, props in PROPERTY_GROUPS.items():
        cases.append(
            case(
                "POST",
                "/job/submit",
                body={"script": SLEEP, "job": job(**{"hold": True, **props})},
                name=f"POST_submit_jobdesc_{group}",
                capture=f"jobdesc_{group}",
                stable=False,
            )
        )
        cases.append(
            case("POST", f"/job/{UNKNOWN_JOB}", body=props, name=f"POST_update_jobdesc_{group}")
        )
    return cases


DB_GETS = [
    ("/config", ""),
    ("/tres", ""),
    ("/qos", ""),
    ("/qos/normal", ""),
    ("/qos/nope", ""),
    ("/qos", "with_deleted=true"),
    ("/users", ""),
    ("/user/alice", ""),
    ("/user/nobody", ""),
    ("/users", "with_deleted=1"),
    ("/users", "foo=1"),
    ("/clusters", ""),
    ("/cluster/lab", ""),
    ("/cluster/nope", ""),
    ("/wckeys", ""),
    ("/wckey/nope", ""),
    ("/accounts", ""),
    ("/account/lab", ""),
    ("/account/nope", ""),
    ("/accounts", "bogus=1"),
    ("/associations", ""),
    ("/associations", "account=lab"),
    ("/associations", "account=nope"),
    ("/associations", "user=alice,bob"),
    ("/association", "user=alice"),
    ("/association", ""),
    ("/jobs", "state=bogus"),
    ("/jobs", "start_time=notatime"),
    ("/jobs", "cpus_min=abc"),
    ("/job/999999", ""),
    ("/job/abc", ""),
]


def slurmdbd(version: str) -> list[dict[str, Any]]:
    acct = f"golden{version.replace('.', '')}"
    cases = [case("GET", path, query=query, user=ADMIN) for path, query in DB_GETS]
    cases += [
        case("GET", "/diag", user=ADMIN, stable=False),
        case("GET", "/jobs", query="users=alice", user=ADMIN, stable=False),
        case("GET", "/jobs", query="skip_steps=maybe", user=ADMIN, stable=False),
        case("GET", "/jobs", query="state=completed&start_time=1", user=ADMIN, stable=False),
        case("GET", "/qos", user="alice", name="GET_qos_as_alice"),
        case("POST", "/accounts", body={}, user=ADMIN),
        case("POST", "/accounts", body={"accounts": {}}, user=ADMIN, name="POST_accounts_object"),
        case("POST", "/accounts", body={"accounts": [1]}, user=ADMIN, name="POST_accounts_number"),
        case(
            "POST",
            "/accounts",
            body={"accounts": [{"name": acct + "x", "flags": ["BOGUS"]}]},
            user=ADMIN,
            name="POST_accounts_bad_flag",
        ),
        case(
            "POST",
            "/qos",
            body={"QOS": [{"description": "no name"}]},
            user=ADMIN,
            name="POST_qos_no_name",
        ),
        case(
            "POST",
            "/accounts",
            body={
                "accounts": [
                    {"name": acct, "description": "golden", "organization": "lab"},
                ]
            },
            user=ADMIN,
            name="POST_accounts_add",
            stable=False,
        ),
        case(
            "POST",
            "/associations",
            body={"associations": [{"account": acct, "cluster": "lab", "user": "bob"}]},
            user=ADMIN,
            name="POST_associations_add",
            stable=False,
        ),
        case("GET", "/associations", query=f"account={acct}", user=ADMIN, stable=False),
        case(
            "DELETE",
            "/association",
            query=f"account={acct}&user=bob",
            user=ADMIN,
            stable=False,
        ),
        case("DELETE", f"/account/{acct}", user=ADMIN, stable=False),
        case("GET", f"/account/{acct}", user=ADMIN, name="GET_account_deleted", stable=False),
    ]
    return cases


def all_cases() -> dict[str, list[dict[str, Any]]]:
    """{directory: cases}; "app" holds what belongs to no plugin (the OpenAPI document)."""
    return {
        "app": [
            case("GET", "/openapi/v3"),
            case("GET", "/nope", name="GET_unknown_url"),
            case("PUT", "/slurm/v0.0.38/ping", name="PUT_method_not_defined"),
        ],
        "v0.0.38": prefixed("/slurm/v0.0.38", slurmctld("v0.0.38")),
        "v0.0.37": prefixed("/slurm/v0.0.37", slurmctld("v0.0.37")),
        "v0.0.36": prefixed("/slurm/v0.0.36", slurmctld("v0.0.36")),
        "dbv0.0.38": prefixed("/slurmdb/v0.0.38", slurmdbd("v0.0.38")),
        "dbv0.0.37": prefixed("/slurmdb/v0.0.37", slurmdbd("v0.0.37")),
        "dbv0.0.36": prefixed("/slurmdb/v0.0.36", slurmdbd("v0.0.36")),
    }


def prefixed(prefix: str, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**c, "path": prefix + c["path"]} for c in cases]
