"""One daemon per test module (rest_auth/jwt, -t 4), its log, and the lab's job list."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import Lab
from tests.daemon import Client, Daemon, free_port, jwt_headers

API = "/slurm/v0.0.38"
USER = "bob"
JWT_SHAPE = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


@dataclass
class Served:
    daemon: Daemon
    port: int
    user: str
    token: str

    def client(self) -> Client:
        return Client(port=self.port, headers=jwt_headers(self.user, self.token), timeout=20)

    def log_offset(self) -> int:
        return len(self.daemon.output)

    def wait_log(self, offset: int, text: str, timeout: float = 3.0) -> str:
        """The first line logged after offset that contains text (workers log asynchronously)."""
        deadline = time.monotonic() + timeout
        while True:
            new = self.daemon.output[offset:]
            for line in new.splitlines():
                if text in line:
                    return line
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing logged with {text!r}; new log:\n{new[-2000:]}")
            time.sleep(0.05)

    def assert_alive(self) -> None:
        """The daemon still serves an authenticated request, promptly."""
        started = time.monotonic()
        status, doc = self.client().request("GET", f"{API}/ping")
        assert status == 200, (status, doc, self.daemon.output[-2000:])
        assert time.monotonic() - started < 5, "ping took more than 5 s"
        assert self.daemon.proc.poll() is None


def start(lab: Lab, *extra: str, preexec_fn: Callable[[], None] | None = None) -> Iterator[Served]:
    port = free_port()
    d = Daemon(
        "-u",
        lab.service_user,
        "-t",
        "4",
        # One worker: these tests look at the worker's own threads, descriptors and limits.
        "--workers",
        "1",
        "-a",
        "rest_auth/jwt",
        *extra,
        f"127.0.0.1:{port}",
        env={"SLURM_JWT": "daemon"},
        preexec_fn=preexec_fn,
    )
    token = lab.token(USER)
    try:
        d.wait_ready(port=port)
        served = Served(d, port, USER, token)
        served.assert_alive()
        yield served
    finally:
        code = d.stop()
        log = d.output
        assert code == 0, log[-3000:]
        # No token, ours or any, ever reaches the log; nor does a traceback.
        assert token not in log and not JWT_SHAPE.search(log), "a token reached the log"
        assert "Traceback" not in log, log[-3000:]


@pytest.fixture(scope="module")
def served(lab: Lab) -> Iterator[Served]:
    yield from start(lab)


def job_ids(lab: Lab) -> set[str]:
    """Every job slurmctld knows (pending, running, or recently finished)."""
    out = lab.run("squeue", "-h", "-a", "-t", "all", "-o", "%i")
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def jobs_named(lab: Lab, name: str) -> list[str]:
    out = lab.run("squeue", "-h", "-a", "-t", "all", "-n", name, "-o", "%i")
    assert out.returncode == 0, out.stderr
    return out.stdout.split()
