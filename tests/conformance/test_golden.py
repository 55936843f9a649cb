"""The golden files (tests/golden) against the lab: recorded here, checked here.

With SLURMRESTD_RECORD_GOLDEN=1 the recorder (tests/golden/record.py) runs in a
process started as the daemon starts its workers (libslurmfull preloaded,
SLURM_JWT=daemon, the lab's slurm.conf) and rewrites every file.  Otherwise
the daemon, started as the other conformance tests start it, must still give
the recorded answer to every case whose lab answer does not move ("stable":
errors, configuration, accounting records; not job lists, nodes or
statistics).  The reference daemon itself is the judge of these answers in
test_slurmctld.py and test_slurmdbd.py; this check keeps the files honest.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from slurmrestd import slurm
from slurmrestd_dev import lab as slurm_lab
from tests import golden
from tests.conftest import Lab
from tests.daemon import Daemon, free_port

# The C reference here is 22.05's: it serves v0.0.38, which the C daemons of 24.11 and
# 26.05 no longer serve.
pytestmark = pytest.mark.releases("22.05")

RECORD = os.environ.get("SLURMRESTD_RECORD_GOLDEN") == "1"
CHECKOUT = Path(golden.__file__).resolve().parents[2]


@pytest.mark.record_golden  # deselected unless SLURMRESTD_RECORD_GOLDEN=1 (tests/conftest.py)
def test_record(lab: Lab) -> None:
    env = {
        **os.environ,
        **lab.env,
        "SLURM_JWT": "daemon",
        "LD_PRELOAD": slurm.libslurmfull(),
        "PYTHONPATH": str(CHECKOUT),
    }
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "tests.golden.record"],
        env=env,
        cwd="/tmp",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def daemon_port(lab: Lab) -> Iterator[int]:
    port = free_port()
    ours = Daemon(
        "-u",
        lab.service_user,
        "-s",
        golden.LEGACY_PLUGINS,
        "-a",
        "rest_auth/jwt",
        f"127.0.0.1:{port}",
        env={"SLURM_JWT": "daemon"},
    )
    try:
        ours.wait_ready(port=port)
        yield port
    finally:
        ours.stop()


def _without_peer(value: Any) -> Any:
    """Messages name the client as [host]:port; the port is the connection's own."""
    if isinstance(value, str):
        return golden.PEER.sub("[PEER]", value)
    if isinstance(value, list):
        return [_without_peer(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_peer(v) for k, v in value.items()}
    return value


def _ask(port: int, request: dict[str, Any]) -> dict[str, Any]:
    headers = {}
    if request["user"] is not None:
        headers = {
            "X-SLURM-USER-NAME": request["user"],
            "X-SLURM-USER-TOKEN": slurm_lab.token(request["user"], 600),
        }
    body = request.get("body")
    if body is not None:
        headers["Content-Type"] = "application/json"
    target = request["path"] + (f"?{request['query']}" if request["query"] else "")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(request["method"], target, body=body, headers=headers)
        resp = conn.getresponse()
        return golden.answer(resp.status, resp.getheader("Content-Type", ""), resp.read())
    finally:
        conn.close()


@pytest.mark.skipif(RECORD, reason="checked on the next run, against the files just written")
def test_daemon_gives_the_golden_answers(daemon_port: int) -> None:
    checked, failures = 0, []
    for path in golden.case_files():
        case = golden.read(path)
        if not case["stable"]:
            continue
        checked += 1
        got = _without_peer(_ask(daemon_port, case["request"]))
        want = _without_peer(case["response"])
        if want["status"] == 304:
            # The HTTP server sends no body with a 304, whatever the application wrote.
            want["body"] = got["body"] = None
        if got != want:
            failures.append(f"{golden.case_id(path)}:\n  golden {want}\n  daemon {got}"[:1500])
    assert checked > 100
    assert not failures, f"{len(failures)} of {checked} differ:\n" + "\n".join(failures)
