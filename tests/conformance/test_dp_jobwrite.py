"""Writing jobs through /slurm/{v0.0.4x}/: ours and the release's C daemon, side by side.

Bad bodies (no script, unknown keys, values of the wrong type), an unknown job,
and a real submit, update and cancel by alice, each checked in slurmctld; an
ordinary user (bob) signalling alice's job.  Every job made here is cancelled.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")

SCRIPT = "#!/bin/sh\nsleep 300\n"
BAD = {
    "no-script": {"job": {"name": "x"}},
    "no-job": {"script": SCRIPT},
    "both": {"job": {}, "jobs": [{}], "script": SCRIPT},
    "empty-jobs": {"jobs": [], "script": SCRIPT},
    "unknown-key": {"job": {"name": "x", "bogus": 1}},
    "wrong-type-int": {"job": {"tasks": "abc"}},
    "wrong-type-str": {"job": {"name": ["a"]}},
    "bad-flag": {"job": {"flags": ["NOPE"]}},
    "noval-bool": {"job": {"time_limit": True}},
    "env-string": {"job": {"environment": "PATH=/bin"}},
    "list-body": [],
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_submit(dp_pair: Pair, lab: Lab, version: str, case: str) -> None:
    ref, ours = both(dp_pair, lab, "POST", f"/slurm/{version}/job/submit", BAD[case], "alice")
    assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
def test_unknown_job(dp_pair: Pair, lab: Lab, version: str) -> None:
    for method, body in (("POST", {"comment": "x"}), ("DELETE", None)):
        ref, ours = both(dp_pair, lab, method, f"/slurm/{version}/job/999999", body, "alice")
        assert_same(ref, ours)


def _scontrol(lab: Lab, job_id: int) -> str:
    return str(lab.run("scontrol", "show", "job", str(job_id)).stdout)


def _submit(pair: Pair, lab: Lab, version: str, port_of: str) -> tuple[int, Any]:
    from tests.daemon import Client, jwt_headers

    port = pair.ref_port if port_of == "ref" else pair.our_port
    client = Client(port=port, headers=jwt_headers("alice", lab.token("alice")))
    body = {
        "job": {
            "name": "dpwrite",
            "current_working_directory": "/tmp",
            "environment": ["PATH=/bin:/usr/bin"],
            "time_limit": {"set": True, "number": 5},
            "hold": True,
        },
        "script": SCRIPT,
    }
    return client.request("POST", f"/slurm/{version}/job/submit", body)


@pytest.mark.parametrize("version", VERSIONS)
def test_submit_update_cancel(dp_pair: Pair, lab: Lab, version: str) -> None:
    ids = []
    try:
        ref = _submit(dp_pair, lab, version, "ref")
        ours = _submit(dp_pair, lab, version, "ours")
        assert ours[0] == ref[0] == 200, (ref, ours)
        ids = [ref[1]["job_id"], ours[1]["job_id"]]
        assert set(ref[1]) == set(ours[1])
        assert "JobName=dpwrite" in _scontrol(lab, ids[1])
        assert "TimeLimit=00:05:00" in _scontrol(lab, ids[1])
        update = {"comment": "updated", "time_limit": {"set": True, "number": 3}}
        r, o = (
            both(dp_pair, lab, "POST", f"/slurm/{version}/job/{i}", update, "alice") for i in ids
        )
        assert_same(r, o)
        shown = _scontrol(lab, ids[1])
        assert "Comment=updated" in shown and "TimeLimit=00:03:00" in shown
        r, o = (both(dp_pair, lab, "DELETE", f"/slurm/{version}/job/{i}", None, "bob") for i in ids)
        assert_same(r, o)
        r, o = (
            both(dp_pair, lab, "DELETE", f"/slurm/{version}/job/{i}", None, "alice") for i in ids
        )
        assert_same(r, o)
        assert "JobState=CANCELLED" in _scontrol(lab, ids[1])
    finally:
        for i in ids:
            lab.run("scancel", str(i))
