"""The reference daemon (Debian's slurmrestd 22.05.8) and ours, side by side on the lab."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from slurmrestd_dev import lab as slurm_lab
from tests import golden
from tests.conftest import Lab
from tests.daemon import Client, Daemon, free_port, jwt_headers

REFERENCE = "/usr/sbin/slurmrestd"
API = "/slurm/v0.0.38"


@dataclass
class Pair:
    ref_port: int
    our_port: int

    def clients(self, user: str, token: str) -> tuple[Client, Client]:
        headers = jwt_headers(user, token)
        return Client(port=self.ref_port, headers=headers), Client(
            port=self.our_port, headers=headers
        )


def _wait_port(port: int, proc: subprocess.Popen[bytes], log: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            with open(log) as f:
                raise AssertionError(f"reference daemon exited: {f.read()}")
        try:
            Client(port=port).request("GET", "/openapi/v3")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("reference daemon does not answer")


def start_pair(lab: Lab, *our_args: str, env: dict[str, str] | None = None) -> Iterator[Pair]:
    """The reference daemon of the release we run on and ours (with our_args), side by side,
    both with env added to their environment."""
    if not os.path.exists(REFERENCE):
        pytest.fail(f"{REFERENCE} is missing: `slurm-lab up` installs the reference daemon")
    ref_port, our_port = free_port(), free_port()
    extra = env or {}
    env = {**os.environ, **slurm_lab.lab_env(), "SLURM_JWT": "daemon", **extra}
    log = f"/tmp/slurmrestd-reference-{ref_port}.log"
    with open(log, "wb") as out:
        ref = subprocess.Popen(
            [
                REFERENCE,
                "-u",
                lab.service_user,
                "-g",
                lab.service_user,
                "-a",
                "rest_auth/jwt",
                f"127.0.0.1:{ref_port}",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd="/tmp",
        )
    ours = Daemon(
        "-u",
        lab.service_user,
        *our_args,
        "-a",
        "rest_auth/jwt",
        f"127.0.0.1:{our_port}",
        env={"SLURM_JWT": "daemon", **extra},
    )
    try:
        _wait_port(ref_port, ref, log)
        ours.wait_ready(port=our_port)
        yield Pair(ref_port, our_port)
    finally:
        ref.terminate()
        ref.wait(20)
        ours.stop()


@pytest.fixture(scope="session")
def pair(lab: Lab) -> Iterator[Pair]:
    """22.05's reference and ours serving the versions it serves (the legacy plugins)."""
    yield from start_pair(lab, "-s", golden.LEGACY_PLUGINS)


@pytest.fixture(scope="session")
def dp_pair(lab: Lab) -> Iterator[Pair]:
    """The release's reference and ours with every plugin (the data_parser versions)."""
    yield from start_pair(lab)
