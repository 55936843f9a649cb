"""Run the real daemon as a subprocess and look at it with psutil (test helper)."""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import psutil

from slurmrestd import defaults
from slurmrestd_dev import lab as slurm_lab
from slurmrestd_dev.lab.releases import TEST_PORT_LOCKS, TEST_PORTS

# The program as the test command installed it (its console script in the test environment):
# never `python -m`, which would put the working directory on sys.path.
PROGRAM = str(Path(sys.executable).with_name("slurmrestd"))


# Every port of the labs and the tests is within 6800-6899: the lab's daemons take 6817-6820
# (conf/lab/*.in, slurmrestd_dev.lab), manual runs the 6820s and 6830s (slurmrestd-loadtest's
# --port), the tests TEST_PORTS (releases.py).  One lock file per port, flock()ed for the
# life of the process that was handed it: two test runs on this machine (two engineers, or CI
# beside one, on the host or in a release's root) never share a port.
PORT_LOCK_DIR = TEST_PORT_LOCKS


class NoFreePortError(RuntimeError):
    def __init__(self, ports: range, lock_dir: Path) -> None:
        super().__init__(
            f"no free test port in {ports.start}-{ports.stop - 1}: each is locked by another "
            f"test run (in {lock_dir}) or bound by another program"
        )
        self.ports, self.lock_dir = ports, lock_dir


class PortAllocator:
    """Hands out ports of one range, round robin, so that a port is handed out again (in this
    process) only after every other one has been: a daemon of an earlier test may still hold
    its port for a while. A port is handed out only when this process holds its lock file and
    it can be bound (with SO_REUSEADDR, as gunicorn binds, so that TIME_WAIT does not count).
    The locks are kept until the process exits."""

    def __init__(self, ports: range, lock_dir: Path) -> None:
        self.ports, self.lock_dir = ports, lock_dir
        self._mutex = threading.Lock()
        self._locks: dict[int, int] = {}  # port -> descriptor of its flock()ed lock file
        self._next = 0

    def take(self, family: int = socket.AF_INET, host: str = "127.0.0.1") -> int:
        with self._mutex:
            for _ in self.ports:
                port = self.ports[self._next]
                self._next = (self._next + 1) % len(self.ports)
                if port not in self._locks and not self._lock(port):
                    continue
                if _bindable(family, host, port):
                    return port
            raise NoFreePortError(self.ports, self.lock_dir)

    def _lock(self, port: int) -> bool:
        fd = self._open(self.lock_dir / str(port))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._locks[port] = fd
        return True

    def _open(self, path: Path) -> int:
        """The lock file, created if missing; read-only is enough for flock(), so a file
        another user created serves as well. Created without following links (in /tmp)."""
        try:
            self.lock_dir.mkdir()
            self.lock_dir.chmod(0o1777)  # every user's test runs share it, as /tmp
        except FileExistsError:
            pass
        flags = os.O_RDONLY | os.O_NOFOLLOW
        while True:
            # Open before creating: fs.protected_regular refuses O_CREAT on another user's
            # file in a sticky directory.
            with contextlib.suppress(FileNotFoundError):
                return os.open(path, flags)
            with contextlib.suppress(FileExistsError):
                return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)


def _bindable(family: int, host: str, port: int) -> bool:
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


_PORTS = PortAllocator(TEST_PORTS, PORT_LOCK_DIR)


def free_port(family: int = socket.AF_INET, host: str = "127.0.0.1") -> int:
    """A port of TEST_PORTS that this test run alone may use (see PortAllocator). It may be
    in TIME_WAIT: bind it with SO_REUSEADDR, as gunicorn, nginx and the C daemon do."""
    return _PORTS.take(family, host)


def listening_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening TCP socket on a port of free_port()."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, free_port(host=host)))
    sock.listen(16)
    return sock


def daemon_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLURMRESTD_", "LISTEN_")) and k != "PYTHONPATH"
    }
    env.update(slurm_lab.lab_env())
    env.update(extra or {})
    return env


def command(*args: str) -> list[str]:
    return [PROGRAM, *args]


def http_request(
    raw: bytes,
    *,
    port: int | None = None,
    path: str | None = None,
    host: str = "127.0.0.1",
    timeout: float = 5.0,
) -> bytes:
    """Send raw bytes, return everything the server answers until it closes or goes quiet."""
    if path is not None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: Any = path
    else:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        target = (host, port)
    with sock:
        sock.settimeout(timeout)
        sock.connect(target)
        sock.sendall(raw)
        data = b""
        with contextlib.suppress(socket.timeout):
            while chunk := sock.recv(65536):
                data += chunk
                if b"\r\n\r\n" in data and _complete(data):
                    break
        return data


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


def get(target: str = "/", **kw: Any) -> bytes:
    return http_request(f"GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode(), **kw)


class Daemon:
    """One slurmrestd process tree, started with the given arguments."""

    def __init__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        pass_fds: Sequence[int] = (),
        preexec_fn: Any = None,
        cwd: str = "/tmp",
    ) -> None:
        self.args = args
        self.log = tempfile.NamedTemporaryFile(prefix="slurmrestd-test-", suffix=".log")  # noqa: SIM115
        self.proc = subprocess.Popen(
            command(*args),
            env=daemon_env(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            pass_fds=pass_fds,
            preexec_fn=preexec_fn,
        )

    _final_output: str | None = None

    @property
    def output(self) -> str:
        if self._final_output is not None:
            return self._final_output
        return Path(self.log.name).read_text(errors="replace")

    def wait_ready(
        self,
        *,
        port: int | None = None,
        path: str | None = None,
        host: str = "127.0.0.1",
        timeout: float = 20.0,
    ) -> None:
        """Wait until the daemon answers and every worker it starts has its whole thread pool."""
        workers = _last_int(self.args, "--workers", defaults.workers())
        threads = _last_int(self.args, "-t", defaults.THREADS)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"daemon exited {self.proc.returncode}:\n{self.output}")
            with contextlib.suppress(OSError):
                answer = get("/", port=port, path=path, host=host, timeout=2)
                if answer.startswith(b"HTTP/1.1") and self._booted(workers, threads):
                    return
            time.sleep(0.1)
        raise AssertionError(f"daemon not ready after {timeout}s:\n{self.output}")

    def _booted(self, workers: int, threads: int) -> bool:
        try:
            procs = self.workers()
            return len(procs) == workers and all(p.num_threads() >= threads for p in procs)
        except psutil.Error:
            return False

    def tree(self) -> list[psutil.Process]:
        master = psutil.Process(self.proc.pid)
        return [master, *master.children(recursive=True)]

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.proc.pid).children()

    def stop(self, sig: int = signal.SIGINT, timeout: float = 20.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(psutil.Error):
                for p in reversed(self.tree()):
                    p.kill()
            self.proc.wait(10)
        if self._final_output is None:
            self._final_output = self.output
            self.log.close()


def _last_int(args: Sequence[str], flag: str, default: int) -> int:
    """The value of the last `flag VALUE` in args (as the parser reads it), or default."""
    values = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == flag]
    return int(values[-1]) if values else default


@contextlib.contextmanager
def running(*args: str, **kw: Any) -> Iterator[Daemon]:
    d = Daemon(*args, **kw)
    try:
        yield d
    finally:
        d.kill()


@contextlib.contextmanager
def serving(
    service_user: str, *args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[Daemon, int]]:
    """Our daemon as the tests' clients meet it: as service_user, rest_auth/jwt with
    SLURM_JWT=daemon, on a free port, with args (and env) added; ready when yielded."""
    port = free_port()
    with running(
        "-u",
        service_user,
        "-a",
        "rest_auth/jwt",
        *args,
        f"127.0.0.1:{port}",
        env={"SLURM_JWT": "daemon", **(env or {})},
    ) as d:
        d.wait_ready(port=port)
        yield d, port


def proc_status(pid: int) -> dict[str, str]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Client:
    """A keep-alive HTTP client for one daemon (TCP port or UNIX socket path)."""

    def __init__(
        self,
        *,
        port: int | None = None,
        path: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.port, self.path, self.timeout = port, path, timeout
        self.headers = headers or {}
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            if self.path is not None:
                self.conn = _UnixHTTPConnection(self.path, self.timeout)
            else:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.conn

    def request(
        self, method: str, target: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        hdrs = {**self.headers, **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        conn = self._connection()
        try:
            conn.request(method, target, body=data, headers=hdrs)
            resp = conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if resp.getheader("Connection", "").lower() == "close":
            self.close()
        ctype = resp.getheader("Content-Type", "")
        if raw and ctype.startswith("application/json"):
            return resp.status, json.loads(raw)
        return resp.status, raw

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def jwt_headers(user: str, token: str) -> dict[str, str]:
    return {"X-SLURM-USER-NAME": user, "X-SLURM-USER-TOKEN": token}


def make_certificate(cert: Path, key: Path) -> None:
    """A self-signed certificate for localhost and its key, readable by root alone."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    os.chmod(key, 0o600)
