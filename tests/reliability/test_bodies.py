"""Bad bodies for job submission and update, bad ?signal=: a 4xx or the reference's answer, no
traceback, and nothing ever submitted (every job description names partition "nosuchpart"
and a job name unique to this run, checked against slurmctld at the end)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Lab
from tests.reliability.conftest import API, Served, jobs_named

NAME = f"rel-{uuid.uuid4().hex[:10]}"
SCRIPT = "#!/bin/sh\ntrue\n"
MISSING_JOB = 999999999


def job(**extra: Any) -> dict[str, Any]:
    return {
        "name": NAME,
        "partition": "nosuchpart",
        "current_working_directory": "/tmp",
        "environment": {"PATH": "/usr/bin:/bin"},
        **extra,
    }


def sub(**extra: Any) -> bytes:
    return json.dumps({"script": SCRIPT, "job": job(**extra)}).encode()


def raw_job(fields: str) -> bytes:
    """A submission with fields written as JSON text (for what json.dumps cannot write)."""
    base = json.dumps(job())[:-1]
    return f'{{"script": "x", "job": {base}, {fields}}}}}'.encode()


BODIES: dict[str, bytes] = {
    "not json": b"{",
    "open bracket": b"[",
    "null": b"null",
    "number": b"1",
    "string": b'"x"',
    "empty object": b"{}",
    "empty list": b"[]",
    "empty": b"",
    "not utf-8": b"\xff\xfe",
    "not utf-8 in a string": b'{"script":"\xff","job":{}}',
    "byte order mark": b'\xef\xbb\xbf{"script":"x"}',
    "url-encoded": b"script=a&job=b",
    "10000 [": b"[" * 10000,
    "10000 [ closed": b"[" * 10000 + b"]" * 10000,
    "10000 {": b'{"a":' * 10000,
    "NaN": raw_job('"nice": NaN'),
    "Infinity": raw_job('"tasks": -Infinity'),
    "1e400 nice": raw_job('"nice": 1e400'),
    "1e400 tasks": raw_job('"tasks": 1e400'),
    "1e400 time": raw_job('"time_limit": 1e400'),
    "1e400 begin": raw_job('"begin_time": 1e400'),
    "2**64 tasks": sub(tasks=2**64),
    "2**64 nice": sub(nice=2**64),
    "2**64 priority": sub(priority=2**64),
    "-1 priority": sub(priority=-1),
    "2**64 cpus_per_task": sub(cpus_per_task=2**64),
    "2**64 memory": sub(memory_per_node=2**64),
    "2**64 time": sub(time_limit=2**64),
    "2**64 begin": sub(begin_time=2**64),
    "-1 begin": sub(begin_time=-1),
    "2**64 tasks_per_node": sub(tasks_per_node=2**64),
    "2**64 core_spec": sub(core_specification=2**64),
    "2**64 thread_spec": sub(thread_specification=2**64),
    "2**64 minimum_cpus_per_node": sub(minimum_cpus_per_node=2**64),
    "2**64 delay_boot": sub(delay_boot=2**64),
    "2**64 wait_all_nodes": sub(wait_all_nodes=2**64),
    "2**64 gpus": sub(gpus=2**64),
    "huge signal time": sub(signal="SIGUSR1@99999999999999999999"),
    "huge signal number": sub(signal="99999999999999999999"),
    "huge plane": sub(distribution="plane=99999999999999999999"),
    "huge cpu frequency": sub(cpu_frequency="99999999999999999999"),
    "huge memory text": sub(memory_per_cpu="99999999999999999999G"),
    "huge node count": sub(nodes="99999999999999999999"),
    "huge time text": sub(time_limit="99999999999-99999999:9999"),
    "huge deadline": sub(deadline="99999999999999999999"),
    "environment a list": sub(environment=[1, 2]),
    "name an object": sub(name={"a": 1}),
    "script an object": json.dumps({"script": {"a": 1}, "job": job()}).encode(),
    "unknown field": sub(bogus=1),
    "disabled field": sub(x11="all"),
    "jobs a list of numbers": json.dumps({"script": "x", "jobs": [1, 2]}).encode(),
    "jobs empty": json.dumps({"script": "x", "jobs": []}).encode(),
    "NUL in a value": sub(comment="a\u0000b"),
    "NUL in a key": raw_job('"na\\u0000me": "a"'),
    "duplicate keys": b'{"script":"x","script":"y","job":{}}',
    "lone surrogates": raw_job('"comment": "\\ud800\\udc00\\udfff"'),
    "5 MB string": sub(comment="x" * 5_000_000),
}


@pytest.fixture(scope="module")
def checked(served: Served, lab: Lab) -> Iterator[Served]:
    yield served
    assert jobs_named(lab, NAME) == [], "a bad body was submitted"


def _check(status: int, body: Any) -> None:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    assert b"Traceback" not in raw and b"Internal error" not in raw, raw[:300]
    if status >= 500:  # the reference's own answer: Slurm refused it, in the envelope
        assert status == 500 and isinstance(body, dict) and body["errors"], raw[:300]
    else:
        assert status in (200, 400), raw[:300]


def _post(served: Served, path: str, data: bytes, ctype: str = "application/json") -> Any:
    client = served.client()
    conn = client._connection()
    conn.request("POST", path, body=data, headers={**client.headers, "Content-Type": ctype})
    resp = conn.getresponse()
    raw = resp.read()
    client.close()
    if raw and resp.getheader("Content-Type", "").startswith("application/json"):
        return resp.status, json.loads(raw)
    return resp.status, raw


@pytest.mark.parametrize("name", list(BODIES))
def test_submit(checked: Served, name: str) -> None:
    status, body = _post(checked, f"{API}/job/submit", BODIES[name])
    _check(status, body)
    if status == 200:  # an envelope saying why, never a job
        assert body["errors"], body


@pytest.mark.parametrize("name", list(BODIES))
def test_update(checked: Served, name: str) -> None:
    data = BODIES[name]
    try:  # the job description alone, as an update takes it
        doc = json.loads(data)
        if isinstance(doc, dict) and isinstance(doc.get("job"), dict):
            data = json.dumps(doc["job"]).encode()
    except (ValueError, RecursionError):
        pass
    status, body = _post(checked, f"{API}/job/{MISSING_JOB}", data)
    _check(status, body)


def test_url_encoded_form(checked: Served) -> None:
    status, body = _post(
        checked, f"{API}/job/submit", b"script=x&job=y", "application/x-www-form-urlencoded"
    )
    assert status == 400, body


@pytest.mark.parametrize(
    "job_id", ["-1", "0", "4294967294", "4294967295", "4294967296", "99999999999999999999", "1e3"]
)
def test_update_odd_job_ids(checked: Served, job_id: str) -> None:
    status, body = _post(checked, f"{API}/job/{job_id}", b'{"comment": "x"}')
    _check(status, body)


@pytest.mark.parametrize(
    "query",
    [
        "signal=",
        "signal=0",
        "signal=-1",
        "signal=65",
        "signal=99999999999999999999",
        "signal=1e3",
        "signal=SIGFOO",
        "signal=%00",
        "signal=KILL&signal=FOO",
        "signal=%ZZ",
    ],
)
def test_cancel_bad_signal(checked: Served, query: str) -> None:
    status, body = checked.client().request("DELETE", f"{API}/job/{MISSING_JOB}?{query}")
    _check(status, body)


@pytest.mark.parametrize("query", ["update_time=99999999999999999999999", "update_time=-5"])
def test_update_time_extremes(checked: Served, query: str) -> None:
    for listing in ("jobs", "nodes", "partitions", "reservations"):
        status, body = checked.client().request("GET", f"{API}/{listing}?{query}")
        assert status in (200, 304), (listing, body)


def test_still_serving(checked: Served) -> None:
    checked.assert_alive()
