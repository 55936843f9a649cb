"""Writing jobs through the data_parser versions on 22.05, whose C daemon serves none of them.

Each version submits a held job (checked with scontrol), updates it, signals it as
another user (refused) and cancels it; allocates and releases a job (v0.0.41 on);
asks to requeue a pending job (v0.0.45).  The answers' shapes are those the
references give on their releases (tests/conformance/test_dp_jobwrite.py compares
them there); here slurmctld's record is the check.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

pytestmark = pytest.mark.releases("22.05")

VERSIONS = ("v0.0.40", "v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45")
SCRIPT = "#!/bin/sh\nsleep 300\n"


def _client(port: int, lab: Lab, user: str) -> Client:
    return Client(port=port, headers=jwt_headers(user, lab.token(user)))


def _show(lab: Lab, job_id: int) -> str:
    return str(lab.run("scontrol", "show", "job", str(job_id)).stdout)


def _job(name: str, **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "current_working_directory": "/tmp",
        "environment": ["PATH=/bin:/usr/bin"],
        **more,
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_submit_update_signal_cancel(port: int, lab: Lab, version: str) -> None:
    alice, bob = _client(port, lab, "alice"), _client(port, lab, "bob")
    base = f"/slurm/{version}"
    status, doc = alice.request(
        "POST", f"{base}/job/submit", {"job": _job("dp2205", hold=True), "script": SCRIPT}
    )
    assert status == 200, doc
    job_id = doc["job_id"]
    try:
        assert doc["step_id"] == "batch"
        assert [w["source"] for w in doc["warnings"]] == ["slurm_submit_batch_job()"] * 2
        assert ("result" in doc) == (version < "v0.0.42")
        shown = _show(lab, job_id)
        assert "JobName=dp2205" in shown and "JobState=PENDING" in shown, shown
        status, doc = alice.request(
            "POST", f"{base}/job/{job_id}", {"comment": "changed", "time_limit": 7}
        )
        assert status == 200 and doc["errors"] == [], doc
        shown = _show(lab, job_id)
        assert "Comment=changed" in shown and "TimeLimit=00:07:00" in shown, shown
        status, doc = bob.request("POST", f"{base}/job/{job_id}", {"comment": "bob"})
        # 22.05's slurmctld refuses another user's update as "Invalid user id" (2010).
        assert doc["errors"][0]["source"] == "slurm_update_job2()", doc
        assert doc["errors"][0]["error_number"] in (2002, 2010), doc
        assert status == (500 if version < "v0.0.42" else 422)
        status, doc = bob.request("DELETE", f"{base}/job/{job_id}")
        assert status == 200, doc
        if version >= "v0.0.42":
            assert [s["error"]["code"] for s in doc["status"]] == [2002], doc
        assert "JobState=PENDING" in _show(lab, job_id)
        status, doc = alice.request("DELETE", f"{base}/job/{job_id}")
        assert status == 200 and doc["errors"] == [], doc
        assert "JobState=CANCELLED" in _show(lab, job_id)
        status, doc = alice.request("DELETE", f"{base}/jobs/", {"jobs": [str(job_id)]})
        assert [s["error"]["code"] for s in doc["status"]] == [2021], doc
    finally:
        lab.run("scancel", str(job_id))


@pytest.mark.parametrize("version", VERSIONS[1:])
def test_allocate(port: int, lab: Lab, version: str) -> None:
    alice = _client(port, lab, "alice")
    body = {"job": _job("dp2205-alloc", time_limit=2, immediate=True)}
    status, doc = alice.request("POST", f"/slurm/{version}/job/allocate", body)
    if doc["errors"] and doc["errors"][0]["error_number"] == 2016:
        # The lab's node is busy with other jobs: the immediate allocation is refused.
        assert status == (500 if version < "v0.0.42" else 422), doc
        assert doc["errors"][0]["source"] == "slurm_allocate_resources_blocking()", doc
        return
    assert status == 200, doc
    job_id = doc["job_id"]
    try:
        assert list(doc)[:2] == ["job_id", "job_submit_user_msg"]
        shown = _show(lab, job_id)
        assert "JobName=dp2205-alloc" in shown and "BatchFlag=0" in shown, shown
    finally:
        lab.run("scancel", str(job_id))


def test_requeue_pending(port: int, lab: Lab) -> None:
    alice = _client(port, lab, "alice")
    status, doc = alice.request(
        "POST",
        "/slurm/v0.0.45/job/submit",
        {"job": _job("dp2205-rq", hold=True), "script": SCRIPT},
    )
    job_id = doc["job_id"]
    try:
        status, doc = alice.request("GET", f"/slurm/v0.0.45/job/{job_id}/requeue")
        assert (status, doc["errors"][0]["error_number"]) == (422, 2024), doc
        status, doc = alice.request("POST", "/slurm/v0.0.45/jobs/requeue", {"jobs": [str(job_id)]})
        assert (status, doc["status"]) == (422, []), doc
    finally:
        lab.run("scancel", str(job_id))


@pytest.mark.parametrize("version", VERSIONS)
def test_array_job(port: int, lab: Lab, version: str) -> None:
    alice = _client(port, lab, "alice")
    base = f"/slurm/{version}"
    status, doc = alice.request(
        "POST",
        f"{base}/job/submit",
        {"job": _job("dp2205-array", array="1-2", hold=True), "script": SCRIPT},
    )
    job_id = doc["job_id"]
    try:
        status, doc = alice.request("POST", f"{base}/job/{job_id}", {"comment": "whole"})
        assert status == 200 and doc["errors"] == [], doc
        assert doc["results"] == ([] if version == "v0.0.40" else None), doc
        status, doc = alice.request("POST", f"{base}/job/{job_id}_1", {"comment": "task"})
        assert (status, doc["errors"][0]["error_number"]) == (422, 9000), doc
        status, doc = alice.request("POST", f"{base}/job/{job_id}.batch", {"comment": "step"})
        assert status == 200 and len(doc["warnings"]) == 1, doc
        assert "Comment=step" in _show(lab, job_id)
        status, doc = alice.request("DELETE", f"{base}/job/{job_id}_1")
        assert status == 200 and doc["errors"] == [], doc
    finally:
        lab.run("scancel", str(job_id))


@pytest.mark.parametrize("version", ("v0.0.40", "v0.0.45"))
def test_signal_by_filter(port: int, lab: Lab, version: str) -> None:
    import os

    alice = _client(port, lab, "alice")
    name = f"dp2205-filter-{os.getpid()}"
    status, doc = alice.request(
        "POST", f"/slurm/{version}/job/submit", {"job": _job(name, hold=True), "script": SCRIPT}
    )
    job_id = doc["job_id"]
    try:
        body = {"job_name": name, "user_name": "alice", "job_state": "PENDING"}
        status, doc = alice.request("DELETE", f"/slurm/{version}/jobs/", body)
        assert (status, doc["status"], doc["errors"]) == (200, [], []), doc
        assert "JobState=CANCELLED" in _show(lab, job_id)
        status, doc = alice.request("DELETE", f"/slurm/{version}/jobs/", {"user_name": "nosuch"})
        assert (status, doc["errors"][0]["error_number"]) == (500, -1), doc
    finally:
        lab.run("scancel", str(job_id))
