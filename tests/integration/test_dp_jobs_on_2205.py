"""GET job/{job_id} of the data_parser versions on 22.05, whose C daemon serves none.

Alice's held job and a running one on the 22.05 lab, asked of our daemon in
every version: the structure (keys in order, value types) of the reference's
answer for the same kind of job on its own lab (tests/dpgolden/jobs.py
recorded them).  22.05's libslurm lacks fields the later releases have
(container_id, extra, job_size_str, ...): they are there, with the reference's
unset values.  The running job is waited for by a job that depends on its
start (sbatch --wait), not by polling.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import dpgolden
from tests.conformance.compare import differences
from tests.conftest import Lab
from tests.daemon import Client, jwt_headers
from tests.dpgolden.jobs import KINDS

pytestmark = pytest.mark.releases("22.05")


def shape(doc: Any) -> Any:
    """v0.0.40's socket and core maps are keyed by index (another cluster's): as lists."""
    if isinstance(doc, dict):
        if doc and all(key.isdigit() for key in doc):
            return [shape(v) for _, v in sorted(doc.items(), key=lambda kv: int(kv[0]))][:1]
        return {key: shape(value) for key, value in doc.items()}
    if isinstance(doc, list):
        return [shape(item) for item in doc]
    return doc


def sbatch(lab: Lab, *args: str) -> int:
    done = lab.run("sbatch", "--parsable", "-o", "/dev/null", "-t", "10", *args, user="alice")
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().split(";")[0])


@pytest.fixture(scope="module")
def jobs(lab: Lab) -> Iterator[dict[str, int]]:
    made = {"pending": sbatch(lab, "-H", "-J", "dp-pending", "--wrap", "true")}
    try:
        made["running"] = sbatch(lab, "-J", "dp-running", "--wrap", "sleep 600")
        sbatch(lab, "--wait", "-d", f"after:{made['running']}", "--wrap", "true")
        yield made
    finally:
        lab.run("scancel", *map(str, made.values()))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("version", list(dpgolden.RECORDED_ON))
def test_job(port: int, lab: Lab, jobs: dict[str, int], version: str, kind: str) -> None:
    ref = dpgolden.read(version, f"job_{kind}")
    client = Client(port=port, headers=jwt_headers("slurm", lab.token("slurm")))
    status, body = client.request("GET", f"/slurm/{version}/job/{jobs[kind]}")
    assert status == ref["status"], body
    diffs = differences(shape(ref["body"]), shape(body), values=False)
    assert not diffs, "\n".join(diffs[:40])


@pytest.mark.parametrize("version", list(dpgolden.RECORDED_ON))
def test_jobs_state(port: int, lab: Lab, jobs: dict[str, int], version: str) -> None:
    client = Client(port=port, headers=jwt_headers("alice", lab.token("alice")))
    for kind, state in (("pending", "PENDING"), ("running", "RUNNING")):
        status, body = client.request("GET", f"/slurm/{version}/jobs/state/?job_id={jobs[kind]}")
        assert status == 200, body
        assert body["jobs"] == [{"job_id": str(jobs[kind]), "state": [state]}]
