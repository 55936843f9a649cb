"""Writing jobs through /slurm/{v0.0.4x}/: ours and the release's C daemon, side by side.

Bad bodies (no script, unknown keys, values of the wrong type), an unknown job,
and a real submit, update and cancel by alice, each checked in slurmctld; an
ordinary user (bob) signalling alice's job.  Every job made here is cancelled.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both, comparable, repaired_meta
from tests.conformance.test_faults import wait_for
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
    if case == "empty-jobs" and ref[1]["errors"][0]["error_number"] == 11:
        # 26.05's daemon reports its thread's stale errno here: 0 (200) or EAGAIN (500).
        ref = (
            200,
            {**ref[1], "errors": [{**ref[1]["errors"][0], "error_number": 0, "error": "No error"}]},
        )
    assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
def test_unknown_job(dp_pair: Pair, lab: Lab, version: str) -> None:
    for method, body in (("POST", {"comment": "x"}), ("DELETE", None)):
        ref, ours = both(dp_pair, lab, method, f"/slurm/{version}/job/999999", body, "alice")
        assert_same(ref, ours)


def _scontrol(lab: Lab, job_id: int) -> str:
    return str(lab.run("scontrol", "show", "job", str(job_id)).stdout)


def _client(pair: Pair, lab: Lab, which: str, user: str) -> Any:
    from tests.daemon import Client, jwt_headers

    port = pair.ref_port if which == "ref" else pair.our_port
    return Client(port=port, headers=jwt_headers(user, lab.token(user)))


def _without_id(doc: Any, job_id: int) -> Any:
    """A document with the job's id as 0 (each daemon made its own job)."""
    return json.loads(re.sub(rf"\b{job_id}\b", "0", json.dumps(comparable(doc))))


def _each(
    pair: Pair, lab: Lab, method: str, path: str, ids: list[int], body: Any, user: str
) -> None:
    """The same request on each daemon's own job: the same answer but for the job's id."""
    answers = []
    for which, job_id in zip(("ref", "ours"), ids, strict=True):
        sent = None if body is None else json.loads(json.dumps(body).replace('"{}"', f'"{job_id}"'))
        status, doc = _client(pair, lab, which, user).request(method, path.format(job_id), sent)
        answers.append((status, _without_id(doc, job_id)))
    assert_same(answers[0], answers[1])


HELD = {
    "job": {
        "name": "dpwrite",
        "current_working_directory": "/tmp",
        "environment": ["PATH=/bin:/usr/bin"],
        "time_limit": {"set": True, "number": 5},
        "hold": True,
    },
    "script": SCRIPT,
}


@contextlib.contextmanager
def _submitted(
    pair: Pair, lab: Lab, version: str, body: Any, *, made: bool = True
) -> Iterator[list[int]]:
    """The same submission to each daemon: answers compared (but for the job ids), the
    jobs' ids given, and the jobs cancelled after (made: both must have made one)."""
    answers = [
        _client(pair, lab, which, "alice").request("POST", f"/slurm/{version}/job/submit", body)
        for which in ("ref", "ours")
    ]
    answers[0] = (answers[0][0], repaired_meta(pair, lab, version, answers[0][1]))
    ids = [doc.get("job_id", 0) if isinstance(doc, dict) else 0 for _, doc in answers]
    try:
        assert all(ids) or not made, answers
        assert_same(*((s, _without_id(d, i)) for (s, d), i in zip(answers, ids, strict=True)))
        yield ids
    finally:
        for i in ids:
            if i:
                lab.run("scancel", str(i))


@pytest.mark.parametrize("version", VERSIONS)
def test_submit_update_cancel(dp_pair: Pair, lab: Lab, version: str) -> None:
    with _submitted(dp_pair, lab, version, HELD) as ids:
        shown = _scontrol(lab, ids[1])
        assert "JobName=dpwrite" in shown and "TimeLimit=00:05:00" in shown, shown
        path = f"/slurm/{version}/job/{{}}"
        update = {"comment": "updated", "time_limit": {"set": True, "number": 3}}
        _each(dp_pair, lab, "POST", path, ids, update, "alice")
        shown = _scontrol(lab, ids[1])
        assert "Comment=updated" in shown and "TimeLimit=00:03:00" in shown, shown
        _each(dp_pair, lab, "POST", path, ids, {"priority": 5}, "alice")
        _each(dp_pair, lab, "POST", path, ids, {"comment": "bob"}, "bob")
        _each(dp_pair, lab, "DELETE", path, ids, None, "bob")
        assert "JobState=PENDING" in _scontrol(lab, ids[1])
        _each(dp_pair, lab, "DELETE", path, ids, None, "alice")
        assert "JobState=CANCELLED" in _scontrol(lab, ids[1])
        _each(dp_pair, lab, "DELETE", path, ids, None, "alice")
        _each(dp_pair, lab, "DELETE", f"/slurm/{version}/jobs/", ids, {"jobs": ["{}"]}, "alice")


DELETE_PATHS = (
    "0",
    "abc",
    "999999",
    "999999_3",
    "999999?signal=NOPE",
    "999999?signal=USR1&flags=BATCH_JOB",
    "999999?flags=NOPE",
    "999999?signal=",
    "99999999999",
)
SIGNAL_BODIES = {
    "empty": {},
    "unknown-job": {"jobs": ["999999"]},
    "bad-signal": {"jobs": ["999999"], "signal": "NOPE"},
    "jobs-string": {"jobs": "999999"},
    "no-match": {"account": "nope"},
    "bad-flag": {"jobs": ["999999"], "flags": ["NOPE"]},
    "unknown-key": {"jobs": ["999999"], "bogus": True},
    "unknown-user": {"user_name": "nosuchuser"},
    "bad-state": {"job_state": ["NOPE"]},
    "state-and-name": {"job_state": "PENDING", "job_name": "dpwrite-nosuch-name"},
    "job-objects": {"jobs": [{"job_id": 999999}]},
}
UPDATE_BODIES = {
    "wrong-type": {"tasks": "x"},
    "empty": {},
    "unknown-key": {"bogus": 1},
    "list": [],
    "noval-string": {"time_limit": "abc"},
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", DELETE_PATHS)
def test_signal_one(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    ref, ours = both(dp_pair, lab, "DELETE", f"/slurm/{version}/job/{path}", None, "alice")
    assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", sorted(SIGNAL_BODIES))
def test_signal_many(dp_pair: Pair, lab: Lab, version: str, case: str) -> None:
    body = SIGNAL_BODIES[case]
    ref, ours = both(dp_pair, lab, "DELETE", f"/slurm/{version}/jobs/", body, "alice")
    assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", sorted(UPDATE_BODIES))
def test_bad_update(dp_pair: Pair, lab: Lab, version: str, case: str) -> None:
    body = UPDATE_BODIES[case]
    ref, ours = both(dp_pair, lab, "POST", f"/slurm/{version}/job/999999", body, "alice")
    assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
def test_het_submit(dp_pair: Pair, lab: Lab, version: str) -> None:
    component = {
        "name": "dpwrite-het",
        "current_working_directory": "/tmp",
        "environment": ["PATH=/bin:/usr/bin"],
        "hold": True,
    }
    body = {"jobs": [component, dict(component)], "script": SCRIPT}
    with _submitted(dp_pair, lab, version, body) as ids:
        shown = _scontrol(lab, ids[1])
        assert "HetJobId=" in shown and shown.count("JobName=dpwrite-het") == 2, shown


ALLOCATE_BODIES = {
    "empty": {},
    "both": {"job": {}, "hetjob": [{}]},
    "wrong-type": {"job": {"tasks": "x"}},
    "empty-hetjob": {"hetjob": []},
    "hetjob-string": {"hetjob": "x"},
    "job-string": {"job": "x"},
    "no-cwd": {"job": {"name": "x", "environment": ["PATH=/bin"]}, "bogus": 1},
    # A het job is never started at once: slurmctld refuses it ("can not start immediately").
    "het-immediate": {
        "hetjob": [
            {"name": "x", "current_working_directory": "/tmp", "immediate": True},
            {"name": "y", "current_working_directory": "/tmp", "immediate": True},
        ]
    },
}


@pytest.mark.parametrize("version", [v for v in VERSIONS if v != "v0.0.40"])
@pytest.mark.parametrize("case", sorted(ALLOCATE_BODIES))
def test_bad_allocate(dp_pair: Pair, lab: Lab, version: str, case: str) -> None:
    body = ALLOCATE_BODIES[case]
    ref, ours = both(dp_pair, lab, "POST", f"/slurm/{version}/job/allocate", body, "alice")
    if case == "empty-hetjob" and ref[1]["errors"][0]["error_number"] == 11:
        # 26.05's daemon reports its thread's stale errno here: 0 (200) or EAGAIN (500).
        ref = (
            200,
            {**ref[1], "errors": [{**ref[1]["errors"][0], "error_number": 0, "error": "No error"}]},
        )
    assert_same(ref, ours)


@pytest.mark.parametrize("version", [v for v in VERSIONS if v != "v0.0.40"])
def test_allocate(dp_pair: Pair, lab: Lab, version: str) -> None:
    """Each daemon allocates in turn (the first released before the second asks)."""
    body = {
        "job": {
            "name": "dpwrite-alloc",
            "current_working_directory": "/tmp",
            "environment": ["PATH=/bin"],
            "time_limit": {"set": True, "number": 2},
            "immediate": True,
        }
    }
    answers = []
    for which in ("ref", "ours"):
        # An immediate allocation is refused while an earlier test's job still holds the
        # node ("Requested nodes are busy"): each daemon asks once none runs or completes.
        wait_for(lambda: not lab.run("squeue", "-h", "-t", "R,CG,CF").stdout.strip())
        status, doc = _client(dp_pair, lab, which, "alice").request(
            "POST", f"/slurm/{version}/job/allocate", body
        )
        job_id = doc.get("job_id", 0) if isinstance(doc, dict) else 0
        try:
            if job_id:
                shown = _scontrol(lab, job_id)
                assert "JobName=dpwrite-alloc" in shown and "BatchFlag=0" in shown, shown
            answers.append((status, _without_id(doc, job_id) if job_id else comparable(doc)))
        finally:
            if job_id:
                lab.run("scancel", str(job_id))
    assert_same((answers[0][0], repaired_meta(dp_pair, lab, version, answers[0][1])), answers[1])


REQUEUE_PATHS = (
    "999999/requeue",
    "abc/requeue",
    "999999/requeue?flags=NOPE",
    "999999/requeue?SpecialExit=true",
    "999999/requeue?Hold=true&SpecialExit=true",
    "999999/requeue?Hold=maybe",
)
REQUEUE_BODIES = {
    "empty": {},
    "unknown-job": {"jobs": ["999999"]},
    "two-unknown": {"jobs": ["999999", "999998"]},
    "not-an-id": {"jobs": "abc"},
    "special-exit": {"jobs": ["999999"], "flags": ["SpecialExit"]},
    "bad-flag": {"jobs": ["999999"], "flags": ["NOPE"]},
}
V45 = [v for v in VERSIONS if v >= "v0.0.45"]


if V45:  # v0.0.45 only (26.05's daemon serves it)

    @pytest.mark.parametrize("version", V45)
    @pytest.mark.parametrize("path", REQUEUE_PATHS)
    def test_requeue_one(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
        ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/job/{path}", None, "alice")
        assert_same(ref, ours)

    @pytest.mark.parametrize("version", V45)
    @pytest.mark.parametrize("case", sorted(REQUEUE_BODIES))
    def test_requeue_many(dp_pair: Pair, lab: Lab, version: str, case: str) -> None:
        body = REQUEUE_BODIES[case]
        ref, ours = both(dp_pair, lab, "POST", f"/slurm/{version}/jobs/requeue", body, "alice")
        assert_same(ref, ours)

    @pytest.mark.parametrize("version", V45)
    def test_requeue_pending(dp_pair: Pair, lab: Lab, version: str) -> None:
        """A pending job cannot be requeued; bob may not requeue alice's job."""
        with _submitted(dp_pair, lab, version, HELD) as ids:
            path = f"/slurm/{version}/job/{{}}/requeue"
            _each(dp_pair, lab, "GET", path, ids, None, "bob")
            _each(dp_pair, lab, "GET", path, ids, None, "alice")
            requeue = {"jobs": ["{}"]}
            _each(dp_pair, lab, "POST", f"/slurm/{version}/jobs/requeue", ids, requeue, "alice")
            assert "JobState=PENDING" in _scontrol(lab, ids[1])


RICH = {
    "name": "dpwrite-rich",
    "comment": "many fields",
    "current_working_directory": "/tmp",
    "environment": ["PATH=/bin:/usr/bin", "DPWRITE=1"],
    "argv": ["one", "two"],
    "time_limit": {"set": True, "number": 10},
    "time_minimum": 5,
    "memory_per_node": "64M",
    "cpus_per_task": 1,
    "tasks": 1,
    "nodes": "1",
    "hold": True,
    "nice": 10,
    "mail_type": ["BEGIN", "END"],
    "mail_user": "alice@example.org",
    "standard_output": "/tmp/dpwrite-%j.out",
    "standard_error": "/tmp/dpwrite-%j.err",
    "requeue": False,
    "kill_warning_signal": "USR1",
    "kill_warning_delay": 60,
    "kill_warning_flags": ["BATCH_JOB"],
    "open_mode": ["APPEND"],
    "distribution": "cyclic",
    "cpu_frequency": "low",
    "flags": ["SPREAD_JOB"],
    "shared": ["user"],
    "profile": ["TASK"],
    "begin_time": 2000000000,
    "deadline": 2100000000,
    "rlimits": {"nofile": 1024},
    "minimum_cpus_per_node": 1,
}
# scontrol fields that differ between any two jobs.
MOVING = (
    "JobId",
    "SubmitTime",
    "EligibleTime",
    "AccrueTime",
    "LastSchedEval",
    "StdErr",
    "StdOut",
    "Priority",
    "StartTime",
    "EndTime",
)


def _fields(shown: str, job_id: int) -> dict[str, str]:
    out = {}
    for token in shown.split():
        key, sep, value = token.partition("=")
        if sep and key not in MOVING:
            # The job's id as a whole number only (the session 21523 holds job 52).
            out[key] = re.sub(rf"\b{job_id}\b", "JOB", value)
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_rich_submit(dp_pair: Pair, lab: Lab, version: str) -> None:
    job = dict(RICH)
    if version < "v0.0.42":
        job["exclusive"] = "user"
        del job["shared"]
    body = {"job": job, "script": SCRIPT}
    with _submitted(dp_pair, lab, version, body) as ids:
        ref, ours = (_fields(_scontrol(lab, i), i) for i in ids)
        assert ours == ref


@pytest.mark.parametrize("version", VERSIONS)
def test_array_job(dp_pair: Pair, lab: Lab, version: str) -> None:
    """An array job: updated whole, refused for one task, a step ignored; tasks signalled."""
    body = {
        "job": {
            "name": "dpwrite-array",
            "array": "1-2",
            "current_working_directory": "/tmp",
            "environment": ["PATH=/bin"],
            "hold": True,
        },
        "script": SCRIPT,
    }
    with _submitted(dp_pair, lab, version, body) as ids:
        base = f"/slurm/{version}/job/"
        _each(dp_pair, lab, "POST", base + "{}", ids, {"comment": "whole"}, "alice")
        _each(dp_pair, lab, "POST", base + "{}_1", ids, {"comment": "task"}, "alice")
        _each(dp_pair, lab, "POST", base + "{}.batch", ids, {"comment": "step"}, "alice")
        assert "Comment=step" in _scontrol(lab, ids[1])
        _each(dp_pair, lab, "DELETE", base + "{}_1", ids, None, "alice")
        _each(dp_pair, lab, "DELETE", base + "{}", ids, None, "alice")


IDENTITIES = {
    "other-user": {"user_id": "bob"},
    "own-user": {"user_id": "alice"},
    "other-group": {"group_id": "bob"},
    "unknown-user": {"user_id": "nosuch-user"},
    "unknown-group": {"group_id": "nosuch-group"},
}


# 24.11's C daemon dies on a group it cannot use (GROUP_ID's parser): compared on 26.05.
AS_VERSIONS = [v for v in VERSIONS if v >= "v0.0.42" and "v0.0.40" not in VERSIONS]

if AS_VERSIONS:

    @pytest.mark.parametrize("version", AS_VERSIONS)
    @pytest.mark.parametrize("case", sorted(IDENTITIES))
    def test_submit_as(dp_pair: Pair, lab: Lab, version: str, case: str) -> None:
        """A job naming its user or group: slurmctld takes only the requester's.

        24.11's C daemon dies on a group it cannot use: v0.0.42 to v0.0.45 are compared on
        26.05, whose daemon serves them.
        """
        job = {
            "name": "dpwrite-as",
            "current_working_directory": "/tmp",
            "environment": ["PATH=/bin"],
            "hold": True,
            **IDENTITIES[case],
        }
        with _submitted(dp_pair, lab, version, {"job": job, "script": SCRIPT}, made=False):
            pass


@pytest.mark.parametrize("version", VERSIONS)
def test_signal_by_filter(dp_pair: Pair, lab: Lab, version: str) -> None:
    """DELETE /jobs/ with filters only (a name of each daemon's own job, and alice's)."""
    import os

    ids: list[int] = []
    answers = []
    try:
        for which in ("ref", "ours"):
            name = f"dpwrite-f-{which}-{os.getpid()}"
            job = {
                "name": name,
                "current_working_directory": "/tmp",
                "environment": ["PATH=/bin"],
                "hold": True,
            }
            client = _client(dp_pair, lab, which, "alice")
            _, doc = client.request(
                "POST", f"/slurm/{version}/job/submit", {"job": job, "script": SCRIPT}
            )
            ids.append(doc["job_id"])
            body = {"job_name": name, "user_name": "alice", "job_state": "PENDING"}
            status, doc = client.request("DELETE", f"/slurm/{version}/jobs/", body)
            answers.append((status, _without_id(doc, ids[-1])))
            assert "JobState=CANCELLED" in _scontrol(lab, ids[-1])
        assert_same(answers[0], answers[1])
    finally:
        for i in ids:
            lab.run("scancel", str(i))
