"""Inetd mode with rest_auth/local, side by side with the reference: whose pipe is accepted.

The reference authenticates the sender, stdin's owner, and ignores who owns
stdout (a root shell's pipe, a terminal).  Both daemons run as the service user,
started here by root, so every pipe this test opens belongs to root.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.conformance.conftest import REFERENCE
from tests.conftest import Lab
from tests.daemon import command, daemon_env

# The C reference here is 22.05's: it serves v0.0.38, which the C daemons of 24.11 and
# 26.05 no longer serve.
pytestmark = pytest.mark.releases("22.05")

PING = "GET /slurm/v0.0.38/ping HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n"
PROGRAMS = {"reference": [REFERENCE], "ours": command()}


def _status(lab: Lab, program: list[str], stdin_owner: str) -> str:
    argv = " ".join([*program, "-a", "rest_auth/local"])
    if stdin_owner == "service user":  # the service user's shell makes the stdin pipe
        res = subprocess.run(
            ["runuser", "-u", lab.service_user, "--", "sh", "-c", f"printf '{PING}' | {argv}"],
            env=daemon_env(),
            cwd="/tmp",
            capture_output=True,
            timeout=60,
        )
    else:  # root (this process) makes both pipes
        res = subprocess.run(
            ["runuser", "-u", lab.service_user, "--", "sh", "-c", argv],
            input=PING.replace("\\r\\n", "\r\n").encode(),
            env=daemon_env(),
            cwd="/tmp",
            capture_output=True,
            timeout=60,
        )
    return res.stdout.split(b"\r\n", 1)[0].decode()


@pytest.mark.parametrize(("stdin_owner", "status"), [
    ("service user", "HTTP/1.1 200 OK"),
    ("root", "HTTP/1.1 401 UNAUTHORIZED"),
])  # fmt: skip
def test_stdin_owner_decides_stdout_may_be_root(lab: Lab, stdin_owner: str, status: str) -> None:
    answers = {name: _status(lab, program, stdin_owner) for name, program in PROGRAMS.items()}
    assert answers == {"reference": status, "ours": status}
