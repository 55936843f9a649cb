"""The labs of 24.11 and 26.05 are real Slurm clusters in their own roots: they answer
through `slurm-lab run`, their C slurmrestd takes a job from alice, and they keep to
their ports.

These tests need root and those labs (`bin/slurm-lab up --release R`), not the host's
lab: in CI (CI=true) a missing lab is a failure, locally it is a skip.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from slurmrestd_dev import lab as slurm_lab
from slurmrestd_dev.lab import common, releases
from slurmrestd_dev.lab.roots import RootLab
from tests import rootlabs

# Drives the other releases' roots from the host (slurm-lab run, their C daemons): a
# session inside a root has no roots of its own.
pytestmark = pytest.mark.host_session

SLURM_LAB = Path(slurm_lab.__file__).resolve().parents[2] / "bin" / "slurm-lab"
RELEASES_UNDER_TEST = rootlabs.IN_ROOTS


@pytest.fixture(autouse=True)
def _needs_lab() -> None:
    """These tests need the release labs (the release_lab fixture), not the host's lab."""


@pytest.fixture(scope="module", params=RELEASES_UNDER_TEST)
def release_lab(request: pytest.FixtureRequest) -> RootLab:
    return rootlabs.root_lab(request.param)


def slurm_lab_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SLURM_LAB), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cluster_answers_through_run(release_lab: RootLab) -> None:
    name = release_lab.release.name
    sinfo = slurm_lab_cli("run", "--release", name, "--", "sinfo", "-h", "-o", "%P %a")
    assert sinfo.returncode == 0, sinfo.stderr
    assert "debug* up" in sinfo.stdout.splitlines()
    clusters = slurm_lab_cli(
        "run", "--release", name, "--", "sacctmgr", "-n", "-P", "show", "cluster", "format=cluster"
    )
    assert clusters.returncode == 0, clusters.stderr
    assert clusters.stdout.split() == [release_lab.release.cluster]


def test_run_as_user_is_that_user_of_the_root(release_lab: RootLab) -> None:
    out = slurm_lab_cli("run", "--release", release_lab.release.name, "--user", "alice", "--", "id")
    assert out.returncode == 0, out.stderr
    uid = release_lab.account("alice")[0]
    assert out.stdout.startswith(f"uid={uid}(alice)")


def _rest(port: int, method: str, path: str, jwt: str, body: Any = None) -> dict[str, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={
            "X-SLURM-USER-NAME": "alice",
            "X-SLURM-USER-TOKEN": jwt,
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        document = json.load(answer)
    assert isinstance(document, dict)
    return document


def test_alice_submits_and_sees_a_job_through_the_reference(release_lab: RootLab) -> None:
    jwt = release_lab.token("alice", 600)
    with release_lab.reference() as port:
        served = common.api_versions(common.fetch_openapi(port, "alice", jwt))
        # The release's own data_parser: the newest version its C daemon serves.
        native = served["slurm"][-1]
        job: dict[str, object] = {
            "name": "labs-test",
            "current_working_directory": "/tmp",
            "environment": ["PATH=/usr/bin:/bin"],
        }
        if native < "v0.0.40":  # 22.05 (a root on a Debian 13 host): the legacy body
            body = {"script": "#!/bin/sh\ntrue\n", "job": {**job, "environment": {"PATH": "/bin"}}}
        else:
            body = {"job": {**job, "script": "#!/bin/sh\ntrue\n"}}
        submitted = _rest(port, "POST", f"/slurm/{native}/job/submit", jwt, body)
        assert submitted.get("errors") == [], submitted.get("errors")
        job_id = submitted["job_id"]
        shown = _rest(port, "GET", f"/slurm/{native}/job/{job_id}", jwt)
    (record,) = shown["jobs"]
    assert (record["job_id"], record["user_name"], record["name"]) == (job_id, "alice", "labs-test")
    assert record["account"] == common.ACCOUNT
    # And the cluster's own commands see the same job as alice's.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        acct = release_lab.run(["sacct", "-X", "-n", "-P", "-j", str(job_id), "-o", "user,state"])
        if acct.stdout.strip() == "alice|COMPLETED":
            break
        time.sleep(0.5)
    assert acct.stdout.strip() == "alice|COMPLETED"


def _listening_ports_of(lab: RootLab) -> set[int]:
    out = subprocess.run(
        ["ss", "-H", "-ltnp"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    mine = lab.path.resolve()
    ports = set()
    for line in out.splitlines():
        port = int(line.split()[3].rsplit(":", 1)[1])
        pids = {int(p) for p in re.findall(r"pid=(\d+)", line)}
        if any(common.process_root(pid) == mine for pid in pids):
            ports.add(port)
    return ports


def test_ports_are_the_releases_own(release_lab: RootLab) -> None:
    release = release_lab.release
    assert all(p in releases.PORT_RANGE and p not in releases.TEST_PORTS for p in release.ports)
    others = {p for r in releases.RELEASES if r != release for p in r.ports}
    assert not others & set(release.ports)
    with release_lab.reference():
        listening = _listening_ports_of(release_lab)
    # slurmctld, slurmd, slurmdbd and the reference: MariaDB has no network.
    assert listening == set(release.ports)


def test_second_up_changes_nothing(release_lab: RootLab) -> None:
    before = {name: release_lab.daemon_pid(name) for name in common.DAEMONS}
    up = slurm_lab_cli("up", "--release", release_lab.release.name)
    assert up.returncode == 0, up.stderr
    assert "restarting" not in up.stdout
    assert {name: release_lab.daemon_pid(name) for name in common.DAEMONS} == before
