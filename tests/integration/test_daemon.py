"""The daemon process on the lab: lockdown, listeners, signals, inetd mode (real processes)."""

from __future__ import annotations

import os
import pwd
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from slurmrestd.defaults import workers as default_workers
from tests.conftest import Lab
from tests.daemon import (
    Daemon,
    command,
    daemon_env,
    free_port,
    get,
    listening_socket,
    proc_status,
    running,
)

SIGPIPE_BIT = 1 << (signal.SIGPIPE - 1)


@pytest.fixture
def service(lab: Lab) -> pwd.struct_passwd:
    return pwd.getpwnam(lab.service_user)


@pytest.fixture
def sockdir(service: pwd.struct_passwd) -> Iterator[Path]:
    """A directory the service user owns, as /run/slurmrestd would be."""
    path = Path(tempfile.mkdtemp(prefix="slurmrestd-sock-"))
    os.chown(path, service.pw_uid, service.pw_gid)
    yield path
    for child in path.iterdir():
        child.unlink()
    path.rmdir()


def test_every_process_drops_to_the_service_user(service: pwd.struct_passwd, sockdir: Path) -> None:
    port = free_port()
    sock = sockdir / "rest.sock"
    # A descriptor the parent opened before exec must not survive into the daemon.
    secret = tempfile.NamedTemporaryFile(prefix="inherited-secret-")  # noqa: SIM115
    os.set_inheritable(secret.fileno(), True)
    with running(
        "-u",
        service.pw_name,
        "-g",
        str(service.pw_gid),
        "-t",
        "7",
        "--workers",
        "2",
        f"127.0.0.1:{port}",
        f"unix:{sock}",
        pass_fds=(secret.fileno(),),
    ) as d:
        d.wait_ready(port=port)
        _wait_workers(d, 2)
        tree = d.tree()
        assert len(tree) == 3
        for proc in tree:
            assert proc.uids() == (service.pw_uid,) * 3, proc
            assert proc.gids() == (service.pw_gid,) * 3, proc
            status = proc_status(proc.pid)
            assert status["Groups"] == "", proc
            assert status["NoNewPrivs"] == "1", proc
            assert int(status["SigIgn"], 16) & SIGPIPE_BIT, proc
            open_paths = {
                os.readlink(f"/proc/{proc.pid}/fd/{fd}")
                for fd in os.listdir(f"/proc/{proc.pid}/fd")
            }
            assert secret.name not in open_paths, proc
        for worker in d.workers():
            assert worker.num_threads() >= 7
        st = sock.stat()
        assert (st.st_uid, st.st_gid) == (service.pw_uid, service.pw_gid)
        assert oct(st.st_mode & 0o777) == oct(0o660)
        # root is accepted by rest_auth/local (as in the reference): past auth, "/" is a 404
        assert get("/", path=str(sock)).startswith(b"HTTP/1.1 404")
    secret.close()


def _wait_workers(d: Daemon, count: int, timeout: float = 15.0) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = d.workers()
        if len(workers) == count:
            return workers
        time.sleep(0.1)
    raise AssertionError(f"expected {count} workers, have {d.workers()}")


def test_default_thread_pool_is_twenty_per_worker_one_worker_per_cpu(
    service: pwd.struct_passwd,
) -> None:
    port = free_port()
    with running("-u", service.pw_name, f"127.0.0.1:{port}") as d:
        d.wait_ready(port=port)  # every worker has booted its pool: counted only then
        workers = d.workers()
        assert len(workers) == default_workers()
        for worker in workers:
            assert worker.num_threads() >= 20
            assert worker.gids()[0] == service.pw_gid  # -u alone takes the primary group


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_exits_zero_and_removes_socket(
    service: pwd.struct_passwd, sockdir: Path, sig: int
) -> None:
    sock = sockdir / "rest.sock"
    d = Daemon("-u", service.pw_name, f"unix:{sock}")
    try:
        d.wait_ready(path=str(sock))
        assert sock.exists()
        start = time.monotonic()
        assert d.stop(sig) == 0, d.output
        assert time.monotonic() - start < 10
        assert not sock.exists()
    finally:
        d.kill()


def test_killed_worker_is_replaced(service: pwd.struct_passwd) -> None:
    port = free_port()
    with running("-u", service.pw_name, "--workers", "1", f"127.0.0.1:{port}") as d:
        d.wait_ready(port=port)
        (worker,) = d.workers()
        worker.kill()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            workers = [w for w in d.workers() if w.pid != worker.pid]
            if workers:
                break
            time.sleep(0.1)
        assert workers, d.output
        d.wait_ready(port=port)
        assert get("/", port=port).startswith(b"HTTP/1.1 401")
        assert workers[0].uids().real == service.pw_uid


def test_ipv6_and_stale_unix_socket(service: pwd.struct_passwd, sockdir: Path) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this host")
    port = free_port(socket.AF_INET6, "::1")
    sock = sockdir / "stale.sock"
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(sock))
    stale.close()  # leaves the socket file behind, as a crashed daemon would
    with running("-u", service.pw_name, f"[::1]:{port}", f"unix:{sock}") as d:
        d.wait_ready(port=port, host="::1")
        # root is accepted by rest_auth/local (as in the reference): past auth, "/" is a 404
        assert get("/", path=str(sock)).startswith(b"HTTP/1.1 404")


def test_systemd_socket_activation(service: pwd.struct_passwd) -> None:
    listener = listening_socket()
    port = listener.getsockname()[1]
    fd = listener.fileno()

    def as_fd3() -> None:
        os.dup2(fd, 3)

    # LISTEN_PID must be the daemon's own pid: set it in a shell that then execs it.
    argv = command("-u", service.pw_name)
    script = 'export LISTEN_PID=$$ LISTEN_FDS=1; exec "$@"'
    proc = subprocess.Popen(
        ["sh", "-c", script, "sh", *argv],
        env=daemon_env(),
        cwd="/tmp",
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        pass_fds=(fd, 3),
        preexec_fn=as_fd3,
    )
    listener.close()
    try:
        deadline = time.monotonic() + 20
        answer = b""
        while time.monotonic() < deadline and not answer:
            try:
                answer = get("/", port=port, timeout=2)
            except OSError:
                time.sleep(0.2)
        assert answer.startswith(b"HTTP/1.1 401"), (answer, _drain(proc))
        assert psutil.Process(proc.pid).uids().real == service.pw_uid
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _run(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        command(*args),
        input=stdin,
        env=daemon_env(env),
        cwd="/tmp",
        capture_output=True,
        timeout=60,
    )


def test_refuses_root_without_u() -> None:
    res = _run(f"127.0.0.1:{free_port()}")
    assert res.returncode != 0
    assert (
        res.stderr.decode().strip()
        == "slurmrestd: fatal: slurmrestd should not be run as the root user."
    )


def test_refuses_slurm_user() -> None:
    res = _run("-u", "slurm", f"127.0.0.1:{free_port()}")
    assert res.returncode != 0
    assert b"should not be run as SlurmUser" in res.stderr
    assert b"Traceback" not in res.stderr


def test_inetd_pipe_answers_and_exits_zero(service: pwd.struct_passwd) -> None:
    res = _run("-u", service.pw_name, stdin=b"GET /slurm/v0.0.38/ping HTTP/1.1\r\nHost: x\r\n\r\n")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(b"HTTP/1.1 401 UNAUTHORIZED\r\n")
    assert res.stdout.endswith(b"\r\n\r\nAuthentication failure")


def test_inetd_malformed_request_gets_400_then_non_zero(service: pwd.struct_passwd) -> None:
    res = _run("-u", service.pw_name, stdin=b"NOT HTTP AT ALL\r\n\r\n")
    assert res.returncode != 0
    assert res.stdout.startswith(b"HTTP/1.1 400")


def test_inetd_socket_on_stdin(service: pwd.struct_passwd) -> None:
    ours, theirs = socket.socketpair()
    proc = subprocess.Popen(
        command("-u", service.pw_name),
        env=daemon_env(),
        cwd="/tmp",
        stdin=theirs,
        stdout=theirs,
        stderr=subprocess.PIPE,
    )
    theirs.close()
    with ours:
        ours.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        ours.shutdown(socket.SHUT_WR)
        data = b""
        ours.settimeout(20)
        while chunk := ours.recv(65536):
            data += chunk
    assert proc.wait(20) == 0
    assert data.startswith(b"HTTP/1.1 404")  # root peer: accepted by rest_auth/local


BAD_INPUT = [
    (["-t", "1", "127.0.0.1:0"], {}, "at least 2 threads"),
    (["-t", "5000", "127.0.0.1:0"], {}, "Excessive thread count"),
    (["-a", "bogus", "127.0.0.1:0"], {}, "rest_auth/bogus"),
    (["-s", "v0.0.1", "127.0.0.1:0"], {}, "openapi/v0.0.1"),
    (["-x"], {}, "-x"),
    (["-u", "no-such-user"], {}, "Unable to resolve user: no-such-user"),
    (["-g", "no-such-group"], {}, "Unable to resolve group: no-such-group"),
    (
        ["-u", "slurmrestd", "no.such.host.invalid:80"],
        {},
        "Unable to parse no.such.host.invalid:80",
    ),
    (["-u", "slurmrestd", "127.0.0.1:99999"], {}, "invalid port"),
    ([], {"SLURMRESTD_SECURITY": "bogus"}, "SLURMRESTD_SECURITY=bogus"),
    ([], {"SLURMRESTD_DEBUG": "abc"}, "SLURMRESTD_DEBUG"),
    ([], {"SLURMRESTD_DEBUG": "11"}, "SLURMRESTD_DEBUG"),
]


@pytest.mark.parametrize(("args", "env", "message"), BAD_INPUT)
def test_bad_input_is_one_line_and_non_zero(
    args: list[str], env: dict[str, str], message: str
) -> None:
    res = _run(*args, env=env)
    err = res.stderr.decode()
    assert res.returncode == 1
    assert err.count("\n") == 1 and err.startswith("slurmrestd: fatal: "), err
    assert message in err
    assert res.stdout == b""


def test_port_in_use_is_a_clear_error(service: pwd.struct_passwd) -> None:
    with listening_socket() as busy:
        port = busy.getsockname()[1]
        res = _run("-u", service.pw_name, f"127.0.0.1:{port}")
    assert res.returncode == 1
    assert b"Unable to bind 127.0.0.1:" in res.stderr
    assert b"Traceback" not in res.stderr


def _drain(proc: subprocess.Popen[bytes]) -> bytes:
    if proc.poll() is None:
        proc.kill()
    out, _ = proc.communicate(timeout=10)
    return out
