"""Odd paths and query strings: the right 4xx (or the reference's status), no traceback."""

from __future__ import annotations

import json

import pytest

from tests.conftest import binding_release
from tests.reliability.conftest import API, Served
from tests.reliability.wire import replay

# path -> status.  500s are the reference's own answer for a name slurmctld does not know.
PATHS = {
    f"{API}/p%69ng": 200,
    f"{API}/ping%00": 400,
    f"{API}/%00": 400,
    f"{API}/../v0.0.38/ping": 400,
    f"{API}/%2e%2e/v0.0.38/ping": 400,
    "/slurm/../slurm/v0.0.38/ping": 400,
    f"{API}/ping/..": 400,
    "/openapi/../openapi/v3": 400,
    f"{API}/./ping": 404,
    "//slurm//v0.0.38//ping//": 200,
    f"{API}/ping?": 200,
    f"{API}/ping#fragment": 200,
    f"{API}/ping?a=%ZZ": 400,
    f"{API}/ping?a=%": 400,
    "/openapi/v3?x=%00": 400,
    "/slurm/v0.0.99/ping": 404,
    "/slurm/v0.0.0/ping": 404,
    "/slurm/v9/ping": 404,
    "/nosuchplugin/v0.0.38/ping": 404,
    "/slurm/V0.0.38/ping": 404,
    "/OPENAPI/V3": 404,
    f"{API}/job/%2e%2e": 400,
    f"{API}/job/1%2F2": 404,
    f"{API}/job/%ff": 400,
    f"{API}/job/%c3%28": 400,
    f"{API}/job/-1": 400,
    f"{API}/job/0": 400,
    f"{API}/job/4294967294": 400,
    f"{API}/job/4294967296": 400,
    f"{API}/job/99999999999999999999999": 400,
    f"{API}/job/1e3": 400,
    f"{API}/job/0x10": 400,
    f"{API}/job/%20": 400,
    f"{API}/job/" + "9" * 3000: 400,
    f"{API}/node/%00": 400,
    f"{API}/node/..": 400,
    f"{API}/node/%ff": 400,
    f"{API}/job/1,2": 400,
    f"{API}/ping,": 400,
    f"{API}/node/a:b": 400,
    "/nosuchplugin/a(b)": 400,
    "/nosuchplugin?x=%2": 404,
    "/openapi/v3?x=(": 400,
    f"{API}/partition/%25": 500,
    f"{API}/reservation/%0a": 500,
    f"{API}/jobs?update_time=-1": 200,
    f"{API}/jobs?update_time=99999999999999999999999": 304,
    f"{API}/jobs?update_time=1e5": 400,
    f"{API}/jobs?update_time=": 400,
    f"{API}/jobs?update_time=%00": 400,
    f"{API}/jobs?update_time=1&update_time=99999999999": 304,
    f"{API}/nodes?update_time=0x10": 400,
    f"{API}/partitions?update_time=99999999999999999999999": 304,
    f"{API}/reservations?update_time=abc": 400,
    "/" + "a" * 4000: 404,
}


# Outside the old versions' prefixes, 26.05's URL parser answers its own way: 404 for a
# path it refuses, 500 for a query it refuses (tests/conformance/test_dp_urls.py).
PATHS_2605 = {
    "/slurm/../slurm/v0.0.38/ping": 404,
    "/openapi/../openapi/v3": 404,
    "/openapi/v3?x=%00": 500,
    "/openapi/v3?x=(": 500,
    "/nosuchplugin/a(b)": 404,
}


@pytest.mark.parametrize("path", list(PATHS), ids=[p[:60] for p in PATHS])
def test_path(served: Served, path: str) -> None:
    status, body = served.client().request("GET", path)
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    want = PATHS_2605.get(path, PATHS[path]) if binding_release() == "26.05" else PATHS[path]
    assert status == want, (path, raw[:300])
    if status == 500 and path in PATHS_2605:  # the C daemon's text/plain answer
        assert raw == b"Unspecified error", raw[:300]
        return
    assert b"Traceback" not in raw
    if status == 500:  # only Slurm's own errors, in the reference's envelope
        assert isinstance(body, dict) and body["errors"], raw[:300]
        assert all(e.get("errno", -1) != -1 for e in body["errors"]), raw[:300]


@pytest.mark.parametrize("length", [8 * 1024, 64 * 1024])
def test_very_long_path(served: Served, length: int) -> None:
    head = f"GET /{'a' * length} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    outcome = replay(served.port, head.encode())
    assert outcome.statuses == [414]
    served.assert_alive()


def test_still_serving(served: Served) -> None:
    served.assert_alive()
    assert "Traceback" not in served.daemon.output
