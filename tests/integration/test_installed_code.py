"""Only the code the operator installed runs, and the libslurm the binding links (#13).

A ``slurmrestd/`` package in the working directory of whoever starts the daemon
(as root) must never be imported: it would run as root before the privilege drop.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from slurmrestd import slurm
from tests.conftest import Lab
from tests.daemon import Daemon, command, daemon_env, free_port

CHECKOUT = Path(__file__).resolve().parents[2]
PING = b"GET /slurm/v0.0.38/ping HTTP/1.1\r\nHost: x\r\n\r\n"


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A directory holding a planted slurmrestd package that records who ran it."""
    os.chmod(tmp_path, 0o755)
    witness = tmp_path / "PLANTED-CODE-RAN"
    code = f"import os\nopen({str(witness)!r}, 'a').write(str(os.getuid()) + '\\n')\n"
    for module in ("__init__.py", "__main__.py", "cli/__init__.py", "slurm/__init__.py"):
        (tmp_path / "slurmrestd" / module).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "slurmrestd" / module).write_text(code)
    return tmp_path


def _ran(planted: Path) -> str:
    witness = planted / "PLANTED-CODE-RAN"
    return witness.read_text() if witness.exists() else ""


def _run(*args: str, cwd: Path, stdin: bytes = b"", env: dict[str, str] | None = None):
    return subprocess.run(
        command(*args),
        input=stdin,
        env=daemon_env(env),
        cwd=cwd,
        capture_output=True,
        timeout=60,
    )


def test_version_from_a_planted_directory_runs_the_installed_code(planted: Path) -> None:
    res = _run("-V", cwd=planted)
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode().startswith(f"slurm {slurm.release_text()} "), res.stdout
    assert _ran(planted) == ""


def test_listen_mode_as_root_from_a_planted_directory(lab: Lab, planted: Path) -> None:
    port = free_port()
    d = Daemon("-u", lab.service_user, f"127.0.0.1:{port}", cwd=str(planted), env=lab.env)
    try:
        d.wait_ready(port=port)
        master = psutil.Process(d.proc.pid)
        assert master.cwd() == str(planted)  # really started there, and re-run there
        assert "-P" in master.cmdline()
    finally:
        assert d.stop() == 0, d.output
    assert _ran(planted) == "", d.output


def test_inetd_mode_as_root_from_a_planted_directory(lab: Lab, planted: Path) -> None:
    res = _run("-u", lab.service_user, cwd=planted, stdin=PING, env={"SLURM_JWT": "daemon"})
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(b"HTTP/1.1 401 "), res.stdout  # served: no credential given
    assert _ran(planted) == ""


def test_a_checkout_runs_its_own_code_not_the_working_directory(planted: Path) -> None:
    """The development path: bin/slurmrestd imports the checkout it lives in."""
    res = subprocess.run(
        [sys.executable, str(CHECKOUT / "bin" / "slurmrestd"), "-V"],
        env=daemon_env(),
        cwd=planted,
        capture_output=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode().startswith(f"slurm {slurm.release_text()} "), res.stdout
    assert _ran(planted) == ""


def _slurm_libraries(proc: psutil.Process) -> set[str]:
    return {m.path for m in proc.memory_maps() if os.path.basename(m.path) == "libslurmfull.so"}


def test_preloads_the_libslurmfull_the_binding_links(lab: Lab, tmp_path: Path) -> None:
    """Another prefix than Debian's: the library found where the dynamic linker finds it."""
    libdir = tmp_path / "lib"
    libdir.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(libdir, 0o755)
    copy = libdir / "libslurmfull.so"
    shutil.copy2(slurm.libslurmfull(), copy)
    os.chmod(copy, 0o755)
    port = free_port()
    d = Daemon(
        "-u", lab.service_user, "--workers", "1", f"127.0.0.1:{port}",
        env={**lab.env, "LD_LIBRARY_PATH": str(libdir)},
    )  # fmt: skip
    try:
        d.wait_ready(port=port)
        for proc in d.tree():
            assert _slurm_libraries(proc) == {str(copy)}, proc
            assert proc.environ()["LD_PRELOAD"].split()[0] == str(copy), proc
    finally:
        assert d.stop() == 0, d.output
