"""Drive a daemon with ebi-slurpy and slurmrestpy, unchanged (run in their own venv).

    python dp_driver.py PORT USER TOKEN

Prints one JSON object: for each client and version, what each call returned (the
parts the test checks), or the exception the client raised parsing an answer.
Submits one job per slurpy version and cancels it through the same client.
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


def slurpy(port: int, user: str, token: str, version: str) -> dict[str, Any]:
    module = importlib.import_module(f"slurpy.{version}")
    models = importlib.import_module(f"slurpy.{version}.models")
    api_mod = importlib.import_module(f"slurpy.{version}.api.slurm_api")
    config = module.Configuration(
        host=f"http://127.0.0.1:{port}", api_key={"user": user, "token": token}
    )
    api = api_mod.SlurmApi(module.ApiClient(config))
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
    port, user, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    result = {
        "slurpy": {v: slurpy(port, user, token, v) for v in VERSIONS},
        "slurmrestpy": {v: slurmrestpy(port, user, token, v) for v in VERSIONS},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
