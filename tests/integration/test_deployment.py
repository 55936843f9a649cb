"""Deployment files: systemd units that parse, and systemd's inetd style (Accept=yes)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import Lab
from tests.daemon import command, daemon_env

UNITS = Path(__file__).resolve().parents[2] / "conf" / "systemd"


def test_units_verify(lab: Lab) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is part of Debian's systemd package"
    work = Path(tempfile.mkdtemp())
    binary = command()[0]
    names = []
    for unit in UNITS.glob("*.s*"):
        if unit.suffix in (".service", ".socket"):
            (work / unit.name).write_text(
                unit.read_text().replace("/usr/local/bin/slurmrestd", binary)
            )
            names.append(unit.name)
    res = subprocess.run(
        [analyze, "verify", "--man=no", *sorted(names)],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    shutil.rmtree(work)
    assert res.returncode == 0, res.stderr
    assert res.stderr.strip() == "", res.stderr


def test_units_harden_and_run_as_the_service_user() -> None:
    service = (UNITS / "slurmrestd.service").read_text()
    for setting in (
        "User=slurmrestd",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "PrivateTmp=yes",
        "RestrictAddressFamilies=",
        "SystemCallFilter=@system-service",
        "EnvironmentFile=",
        "CapabilityBoundingSet=\n",
    ):
        assert setting in service, setting


@pytest.mark.parametrize("request_line", [b"GET /slurm/v0.0.38/ping HTTP/1.1"])
def test_accept_yes_connection_is_served_inetd_style(lab: Lab, request_line: bytes) -> None:
    """systemd Accept=yes: the connection on stdin/stdout and as LISTEN_FDS fd 3."""
    ours, theirs = socket.socketpair()
    fd = theirs.fileno()

    def as_fd3() -> None:
        os.dup2(fd, 3)

    script = 'export LISTEN_PID=$$ LISTEN_FDS=1; exec "$@"'
    proc = subprocess.Popen(
        ["sh", "-c", script, "sh", *command("-u", lab.service_user)],
        env=daemon_env(),
        cwd="/tmp",
        stdin=theirs,
        stdout=theirs,
        stderr=subprocess.PIPE,
        pass_fds=(fd, 3),
        preexec_fn=as_fd3,
    )
    theirs.close()
    with ours:
        ours.sendall(request_line + b"\r\nHost: x\r\n\r\n")
        ours.shutdown(socket.SHUT_WR)
        ours.settimeout(30)
        data = b""
        while chunk := ours.recv(65536):
            data += chunk
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    # The peer is root (the test): rest_auth/local accepts it and the ping is answered.
    assert data.startswith(b"HTTP/1.1 200"), (data[:300], err)


def test_wheel_ships_the_binding_and_the_man_page(tmp_path: Path) -> None:
    """pip install . builds the libslurm extension and installs slurmrestd(8)."""
    import zipfile

    root = Path(__file__).resolve().parents[2]
    res = subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    (wheel,) = tmp_path.glob("slurmrestd-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("slurmrestd/slurm/_libslurm") and n.endswith(".so") for n in names)
    assert any(n.endswith("data/share/man/man8/slurmrestd.8") for n in names)
