"""Bad paths, queries and bodies: ours answers as the reference does (status, errors[] numbers).

Only inputs that are safe for the reference are sent (no `argv`, which crashes it; no DELETE
of odd job ids); every job description names partition "nosuchpart", so nothing is submitted.
Inputs where the two differ on purpose are listed in tests/reliability/RESULTS.md.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conformance.conftest import API, Pair
from tests.conftest import Lab
from tests.daemon import Client

# The C reference here is 22.05's: it serves v0.0.38, which the C daemons of 24.11 and
# 26.05 no longer serve.
pytestmark = pytest.mark.releases("22.05")

PATHS = [
    f"{API}/p%69ng",
    f"{API}/ping%00",
    f"{API}/%00",
    f"{API}/../v0.0.38/ping",
    f"{API}/%2e%2e/v0.0.38/ping",
    f"{API}/ping/..",
    "/openapi/../openapi/v3",
    f"{API}/./ping",
    "//slurm//v0.0.38//ping//",
    f"{API}/ping?a=%ZZ",
    "/openapi/v3?x=%00",
    "/slurm/v0.0.99/ping",
    "/nosuchplugin/v0.0.38/ping",
    f"{API}/job/4294967296",
    f"{API}/job/1e3",
    f"{API}/job/0x10",
    f"{API}/job/%20",
    f"{API}/node/%00",
    f"{API}/node/..",
    f"{API}/partition/%25",
    f"{API}/reservation/%0a",
    f"{API}/jobs?update_time=99999999999999999999999",
    f"{API}/jobs?update_time=1e5",
    f"{API}/jobs?update_time=",
    f"{API}/jobs?update_time=%00",
    f"{API}/jobs?update_time=1&update_time=99999999999",
    f"{API}/nodes?update_time=0x10",
    # The URL parser: characters neither unreserved nor '/', escapes it refuses; a query
    # is read only once the path has a route.
    f"{API}/job/1,2",
    f"{API}/ping,",
    f"{API}/node/a:b",
    f"{API}/node/%ff",
    f"{API}/job/1%2",
    "/nosuchplugin/a(b)",
    "/nosuchplugin?x=%2",
    "/openapi/v3?x=(",
    f"{API}/jobs?x=a=b",
]


def _job(**extra: Any) -> dict[str, Any]:
    return {
        "name": "conformance-bad-input",
        "partition": "nosuchpart",
        "current_working_directory": "/tmp",
        "environment": {"PATH": "/usr/bin:/bin"},
        **extra,
    }


def _sub(**extra: Any) -> bytes:
    return json.dumps({"script": "#!/bin/sh\ntrue\n", "job": _job(**extra)}).encode()


BODIES = {
    "not json": b"{",
    "open bracket": b"[",
    "null": b"null",
    "number": b"1",
    "empty object": b"{}",
    "not utf-8": b"\xff\xfe",
    "10000 [": b"[" * 10000,
    "10000 {": b'{"a":' * 10000,
    "1e400 time": _sub(time_limit=1e400).replace(b"Infinity", b"1e400"),
    "1e400 begin": _sub(begin_time=1e400).replace(b"Infinity", b"1e400"),
    "2**64 nice": _sub(nice=2**64),
    "-1 priority": _sub(priority=-1),
    "environment a list": _sub(environment=[1, 2]),
    "script an object": json.dumps({"script": {"a": 1}, "job": _job()}).encode(),
    "unknown field": _sub(bogus=1),
}


def _ask(port: int, lab: Lab, method: str, target: str, data: bytes | None = None) -> Any:
    client = Client(port=port)
    conn = client._connection()
    headers = {"X-SLURM-USER-NAME": "bob", "X-SLURM-USER-TOKEN": lab.token("bob")}
    if data is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, target, body=data, headers=headers)
    resp = conn.getresponse()
    raw = resp.read()
    client.close()
    if raw and resp.getheader("Content-Type", "").startswith("application/json"):
        doc = json.loads(raw)
        numbers = [
            e.get("error_number", e.get("error_code", e.get("errno"))) for e in doc["errors"]
        ]
        return resp.status, numbers
    return resp.status, raw


@pytest.mark.parametrize("path", PATHS)
def test_path(pair: Pair, lab: Lab, path: str) -> None:
    assert _ask(pair.our_port, lab, "GET", path) == _ask(pair.ref_port, lab, "GET", path)


@pytest.mark.parametrize("query", ["x=%2", "x=(", "x=1"])
def test_post_query_is_not_read(pair: Pair, lab: Lab, query: str) -> None:
    """22.05 reads a POST's body, never its URL query: an update of a job that does not exist."""
    target, data = f"{API}/job/999999?{query}", json.dumps({"comment": "x"}).encode()
    assert _ask(pair.our_port, lab, "POST", target, data) == _ask(
        pair.ref_port, lab, "POST", target, data
    )


@pytest.mark.parametrize("name", list(BODIES))
def test_submit_body(pair: Pair, lab: Lab, name: str) -> None:
    target = f"{API}/job/submit"
    ours = _ask(pair.our_port, lab, "POST", target, BODIES[name])
    assert ours == _ask(pair.ref_port, lab, "POST", target, BODIES[name])
