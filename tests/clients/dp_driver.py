"""Drive a daemon with ebi-slurpy and slurmrestpy, unchanged (run in their own venv).

    python dp_driver.py PORT USER TOKEN ADMIN ADMIN_TOKEN

Prints one JSON object: for each client and version, what each call returned (the
parts the test checks), or the exception the client raised parsing an answer.
Submits one job per slurpy version and cancels it through the same client; as ADMIN,
reads accounts, users, associations and accounting jobs, and adds, reads and deletes
one account per slurpy version.
"""

from __future__ import annotations

import importlib
import json
import sys
import traceback
from typing import Any

VERSIONS = ("v0040", "v0041", "v0042")
SCRIPT = "#!/bin/sh\nsleep 300\n"


def _call(out: dict[str, Any], name: str, fn: Any) -> Any:
    try:
        value = fn()
    except Exception as exc:
        out[name] = {
            "error": f"{type(exc).__name__}: {exc}"[:2000],
            "trace": traceback.format_exc()[-2000:],
        }
        return None
    return value


def _slurpy(port: int, user: str, token: str, version: str, api: str) -> tuple[Any, Any]:
    """One slurpy version's models and its API class (slurm_api.SlurmApi or
    slurmdb_api.SlurmdbApi) configured for the daemon."""
    module = importlib.import_module(f"slurpy.{version}")
    models = importlib.import_module(f"slurpy.{version}.models")
    api_mod = importlib.import_module(f"slurpy.{version}.api.{api}")
    config = module.Configuration(
        host=f"http://127.0.0.1:{port}", api_key={"user": user, "token": token}
    )
    cls = "SlurmApi" if api == "slurm_api" else "SlurmdbApi"
    return models, getattr(api_mod, cls)(module.ApiClient(config))


def slurpy(port: int, user: str, token: str, version: str) -> dict[str, Any]:
    models, api = _slurpy(port, user, token, version, "slurm_api")
    out: dict[str, Any] = {}
    ping = _call(out, "ping", api.get_ping)
    if ping is not None:
        out["ping"] = {
            "hostnames": [p.hostname for p in ping.pings],
            "errors": len(ping.errors or []),
        }
    diag = _call(out, "diag", api.get_diag)
    if diag is not None:
        out["diag"] = {"has_statistics": diag.statistics is not None}
    nodes = _call(out, "nodes", api.get_nodes)
    if nodes is not None:
        out["nodes"] = {"names": [n.name for n in nodes.nodes]}
    parts = _call(out, "partitions", api.get_partitions)
    if parts is not None:
        out["partitions"] = {"names": [p.name for p in parts.partitions]}
    desc = models.JobDescMsg(
        name=f"slurpy-{version}",
        current_working_directory="/tmp",
        environment=["PATH=/usr/bin:/bin"],
        standard_output="/dev/null",
        partition="debug",
    )
    sub = _call(
        out, "submit", lambda: api.post_job_submit(models.JobSubmitReq(script=SCRIPT, job=desc))
    )
    if sub is not None:
        job_id = sub.job_id
        out["submit"] = {"job_id": job_id}
        job = _call(out, "job", lambda: api.get_job(str(job_id)))
        if job is not None:
            out["job"] = {"ids": [j.job_id for j in job.jobs], "names": [j.name for j in job.jobs]}
        jobs = _call(out, "jobs", api.get_jobs)
        if jobs is not None:
            out["jobs"] = {"has_job": any(j.job_id == job_id for j in jobs.jobs)}
        # The C daemon's document gives jobs/state the job_info response, whose job_id is an
        # integer, while both daemons answer job ids as strings ("id+offset" for a het
        # component): the generated model refuses the reference's answer too.  Read raw.
        state = _call(
            out,
            "jobs_state",
            lambda: api.get_jobs_state_without_preload_content(job_id=str(job_id)),
        )
        if state is not None:
            out["jobs_state"] = {"ids": [j["job_id"] for j in json.loads(state.data)["jobs"]]}
        cancel = _call(out, "cancel", lambda: api.delete_job(str(job_id)))
        if cancel is not None:
            out["cancel"] = {"errors": len(cancel.errors or [])}
    return out


def slurpy_accounting(port: int, user: str, token: str, version: str) -> dict[str, Any]:
    models, api = _slurpy(port, user, token, version, "slurmdb_api")
    out: dict[str, Any] = {}
    accounts = _call(out, "accounts", api.get_accounts)
    if accounts is not None:
        out["accounts"] = {"names": [a.name for a in accounts.accounts]}
    users = _call(out, "users", api.get_users)
    if users is not None:
        out["users"] = {"names": [u.name for u in users.users]}
    assocs = _call(out, "associations", api.get_associations)
    if assocs is not None:
        out["associations"] = {"users": sorted({a.user for a in assocs.associations if a.user})}
    jobs = _call(out, "db_jobs", api.get_jobs)
    if jobs is not None:
        out["db_jobs"] = {"count": len(jobs.jobs), "errors": len(jobs.errors or [])}
    name = f"slurpy{version}"
    body = models.OpenAPIAccountsResp.from_dict(
        {"accounts": [{"name": name, "description": "slurpy test", "organization": "lab"}]}
    )
    added = _call(out, "add_account", lambda: api.post_accounts(body))
    if added is not None:
        out["add_account"] = {"errors": len(added.errors or [])}
        account = _call(out, "account", lambda: api.get_account(name))
        if account is not None:
            out["account"] = {
                "names": [a.name for a in account.accounts],
                "descriptions": [a.description for a in account.accounts],
            }
        removed = _call(out, "delete_account", lambda: api.delete_account(name))
        if removed is not None:
            out["delete_account"] = {"removed": list(removed.removed_accounts)}
    return out


def slurmrestpy(port: int, user: str, token: str, version: str) -> dict[str, Any]:
    import slurmrestpy as client
    from slurmrestpy.api.slurm_api import SlurmApi

    config = client.Configuration(
        host=f"http://127.0.0.1:{port}", api_key={"user": user, "token": token}
    )
    api = SlurmApi(client.ApiClient(config))
    out: dict[str, Any] = {}
    ping = _call(out, "ping", getattr(api, f"slurm_{version}_get_ping"))
    if ping is not None:
        out["ping"] = {
            "hostnames": [p.hostname for p in ping.pings],
            "errors": len(ping.errors or []),
        }
    nodes = _call(out, "nodes", getattr(api, f"slurm_{version}_get_nodes"))
    if nodes is not None:
        out["nodes"] = {"names": [n.name for n in nodes.nodes]}
    parts = _call(out, "partitions", getattr(api, f"slurm_{version}_get_partitions"))
    if parts is not None:
        out["partitions"] = {"names": [p.name for p in parts.partitions]}
    return out


def main() -> int:
    port, user, token, admin, admin_token = int(sys.argv[1]), *sys.argv[2:6]
    result = {
        "slurpy": {v: slurpy(port, user, token, v) for v in VERSIONS},
        "slurpy_accounting": {v: slurpy_accounting(port, admin, admin_token, v) for v in VERSIONS},
        "slurmrestpy": {v: slurmrestpy(port, user, token, v) for v in VERSIONS},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
