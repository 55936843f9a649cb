"""Real generated clients of the data_parser versions, from PyPI, driving our daemon unchanged.

ebi-slurpy (v0.0.40-v0.0.42, pydantic models, one API class per version) and
slurmrestpy (one API class generated from 24.11's document) parse every answer into
their models, so a key of the wrong type or a missing required one fails here.  They
need a newer urllib3 than the v0.0.38 client of the test environment allows, so they
run in a venv of their own (tests/clients/dp_driver.py), made once per Python.  On
every release: ping, diag, nodes, partitions, and a job submitted, read back (job,
jobs, jobs/state) and cancelled, checked in slurmctld; accounts, users, associations
and accounting jobs read, and an account added, read back and deleted (sacctmgr
then knows no such account).  prefect-slurm's worker (Prefect 3, in a venv of its
own) detects the API version as it does at start, submits the job its configuration
builds for a flow run, and reads the job's state, as its zombie check does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Lab

CLIENTS = ("ebi-slurpy==0.1.1", "slurmrestpy==0.0.1", "urllib3>=2.1")
PREFECT = ("prefect-slurm==0.1.7",)
DRIVER = Path(__file__).resolve().parents[1] / "clients" / "dp_driver.py"
PREFECT_DRIVER = DRIVER.with_name("prefect_driver.py")
VERSIONS = ("v0040", "v0041", "v0042")


def venv_with(name: str, packages: tuple[str, ...]) -> Path:
    """The python of a venv holding packages from PyPI, made once per Python and package set."""
    tag = f"{sys.version_info[0]}.{sys.version_info[1]}"
    venv = Path("/var/tmp/slurmrestd-test-clients") / f"{name}-{tag}"
    python = venv / "bin" / "python"
    stamp = venv / "installed"
    if not stamp.exists() or stamp.read_text() != " ".join(packages):
        subprocess.run([sys.executable, "-P", "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [
                str(python),
                "-P",
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                *packages,
            ],
            check=True,
            timeout=900,
        )
        stamp.write_text(" ".join(packages))
    return python


@pytest.fixture(scope="module")
def client_python() -> Path:
    return venv_with("clients", CLIENTS)


@pytest.fixture(scope="module")
def driven(lab: Lab, client_python: Path, port: int) -> dict[str, Any]:
    done = subprocess.run(
        [
            str(client_python),
            "-P",
            str(DRIVER),
            str(port),
            "alice",
            lab.token("alice"),
            "slurm",
            lab.token("slurm"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _ok(result: dict[str, Any], call: str) -> dict[str, Any]:
    value = result.get(call)
    assert value is not None, f"{call} not called"
    assert "error" not in value, value
    return value


@pytest.mark.parametrize("version", VERSIONS)
def test_slurpy_reads(driven: dict[str, Any], version: str) -> None:
    r = driven["slurpy"][version]
    assert _ok(r, "ping")["hostnames"] and _ok(r, "ping")["errors"] == 0
    assert _ok(r, "diag")["has_statistics"]
    assert _ok(r, "nodes")["names"]
    assert "debug" in _ok(r, "partitions")["names"]


@pytest.mark.parametrize("version", VERSIONS)
def test_slurpy_submits_reads_and_cancels(driven: dict[str, Any], lab: Lab, version: str) -> None:
    r = driven["slurpy"][version]
    job_id = _ok(r, "submit")["job_id"]
    assert job_id
    assert _ok(r, "job")["ids"] == [job_id]
    assert _ok(r, "job")["names"] == [f"slurpy-{version}"]
    assert _ok(r, "jobs")["has_job"]
    assert _ok(r, "jobs_state")["ids"] == [str(job_id)]
    assert _ok(r, "cancel")["errors"] == 0
    out = lab.run("scontrol", "-o", "show", "job", str(job_id)).stdout
    assert "JobState=CANCELLED" in out or "JobState=COMPLETING" in out, out


@pytest.mark.parametrize("version", VERSIONS)
def test_slurmrestpy_reads(driven: dict[str, Any], version: str) -> None:
    r = driven["slurmrestpy"][version]
    assert _ok(r, "ping")["hostnames"]
    assert _ok(r, "nodes")["names"]
    assert "debug" in _ok(r, "partitions")["names"]


@pytest.mark.parametrize("version", VERSIONS)
def test_slurpy_accounting(driven: dict[str, Any], lab: Lab, version: str) -> None:
    r = driven["slurpy_accounting"][version]
    assert "lab" in _ok(r, "accounts")["names"]
    assert {"alice", "bob"} <= set(_ok(r, "users")["names"])
    assert {"alice", "bob"} <= set(_ok(r, "associations")["users"])
    assert _ok(r, "db_jobs")["count"] > 0 and _ok(r, "db_jobs")["errors"] == 0
    name = f"slurpy{version}"
    assert _ok(r, "add_account")["errors"] == 0
    assert _ok(r, "account") == {"names": [name], "descriptions": ["slurpy test"]}
    assert _ok(r, "delete_account")["removed"] == [name]
    shown = lab.run("sacctmgr", "-nP", "show", "account", name, "format=account").stdout
    assert shown.strip() == "", shown


def test_prefect_slurm_worker_detects_submits_and_reads_state(lab: Lab, port: int) -> None:
    python = venv_with("prefect", PREFECT)
    done = subprocess.run(
        [str(python), "-P", str(PREFECT_DRIVER), str(port), "alice", lab.token("alice"), "/tmp"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd="/tmp",
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PREFECT_HOME": "/tmp/prefect-test-home"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    job_id = result["job_id"]
    try:
        # It tries v0.0.42, then v0.0.41, then v0.0.40: we serve the newest it knows.
        assert result["version"] == "v0042"
        assert result["states"]["999999"] == "UNKNOWN"
        assert result["states"][job_id] in ("PENDING", "RUNNING"), result
        shown = lab.run("scontrol", "-o", "show", "job", job_id).stdout
        assert "JobName=prefect-slurm-test" in shown and "UserId=alice(" in shown, shown
        assert "TimeLimit=01:00:00" in shown, shown
    finally:
        lab.run("scancel", job_id)
