"""TLS as 26.05's slurmrestd serves it, on every release (see slurmrestd/server/tls.py).

The daemon starts as root with -u of the service user; its certificate and key are made
here with openssl, the key readable by root only: the master loads both before it drops
privileges, and the workers serve TLS with what it loaded.  There is no reference to
compare with (Debian's 26.05 ships no TLS plugin: its C daemon refuses https://).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Lab
from tests.daemon import (
    Daemon,
    command,
    daemon_env,
    free_port,
    get,
    jwt_headers,
    make_certificate,
    running,
)

PING = "/slurm/v0.0.38/ping"


@dataclass
class Site:
    """A copy of the lab's slurm.conf with a certificate (and key) of its own."""

    dir: Path
    conf: Path
    cert: Path
    key: Path

    @property
    def env(self) -> dict[str, str]:
        return {"SLURM_CONF": str(self.conf), "SLURM_JWT": "daemon"}

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


def _site(lab: Lab, *, tls_parameters: bool = False) -> Site:
    work = Path(tempfile.mkdtemp(prefix="slurmrestd-tls-"))
    os.chmod(work, 0o755)
    conf = work / "slurm.conf"
    shutil.copy(lab.env["SLURM_CONF"], conf)
    os.chmod(conf, 0o644)
    if tls_parameters:
        private = work / "private"  # not even reachable by the service user
        private.mkdir(mode=0o700)
        cert, key = private / "rest.crt", private / "rest.key"
        with conf.open("a") as out:
            out.write(f"TLSParameters=restd_cert_file={cert},restd_cert_key_file={key}\n")
    else:
        cert, key = work / "restd_cert.pem", work / "restd_cert_key.pem"
    make_certificate(cert, key)
    return Site(work, conf, cert, key)


@contextlib.contextmanager
def _site_of(lab: Lab, **kw: bool) -> Iterator[Site]:
    site = _site(lab, **kw)
    try:
        yield site
    finally:
        shutil.rmtree(site.dir, ignore_errors=True)


def _request(lab: Lab) -> bytes:
    headers = jwt_headers("slurm", lab.token("slurm"))
    lines = [f"GET {PING} HTTP/1.1", "Host: localhost", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    with contextlib.suppress(ConnectionResetError, ssl.SSLEOFError):
        while chunk := sock.recv(65536):
            data += chunk
    return data


def _tls_exchange(
    site: Site,
    raw: bytes,
    *,
    port: int | None = None,
    path: str | None = None,
    host: str | None = None,
    context: ssl.SSLContext | None = None,
) -> bytes:
    """raw over TLS (the certificate checked against localhost), the answer until closed."""
    family = socket.AF_UNIX if path is not None else socket.AF_INET6 if host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as plain:
        plain.settimeout(30)
        plain.connect(path if path is not None else (host or "127.0.0.1", port))
        context = context or site.client_context()
        with context.wrap_socket(plain, server_hostname="localhost") as sock:
            sock.sendall(raw)
            return _read_all(sock)


def _plain_exchange(raw: bytes, port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(raw)
        return _read_all(sock)


@dataclass
class Served:
    daemon: Daemon
    site: Site
    https: int
    plain: int
    unix: str
    https6: int


@pytest.fixture(scope="module")
def served(lab: Lab) -> Iterator[Served]:
    """One daemon (one worker of 4 threads): an https:// listener, a plain one, a UNIX socket
    and an https:// listener on IPv6."""
    with _site_of(lab) as site:
        rundir = site.dir / "run"
        rundir.mkdir()
        service = pwd.getpwnam(lab.service_user)
        os.chown(rundir, service.pw_uid, service.pw_gid)
        https, plain, unix = free_port(), free_port(), str(rundir / "rest.sock")
        https6 = free_port(socket.AF_INET6, "::1")
        daemon = Daemon(
            "-u",
            lab.service_user,
            "-a",
            "rest_auth/jwt",
            "--request-timeout",
            "2",
            "--workers",
            "1",
            "-t",
            "4",  # fewer threads than the stalled connections of the tests below
            f"https://127.0.0.1:{https}",
            f"127.0.0.1:{plain}",
            f"unix:{unix}",
            f"https://[::1]:{https6}",
            env=site.env,
        )
        try:
            daemon.wait_ready(port=plain)
            yield Served(daemon, site, https, plain, unix, https6)
        finally:
            daemon.stop()


def _ok(answer: bytes) -> None:
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    assert b'"pings"' in answer, answer[-300:]


def test_https_listener_answers_tls(lab: Lab, served: Served) -> None:
    _ok(_tls_exchange(served.site, _request(lab), port=served.https))
    assert f"listening on https://127.0.0.1:{served.https}" in served.daemon.output


def test_https_listener_on_ipv6(lab: Lab, served: Served) -> None:
    _ok(_tls_exchange(served.site, _request(lab), port=served.https6, host="::1"))
    assert f"listening on https://[::1]:{served.https6}" in served.daemon.output


def test_https_listener_closes_a_plain_connection_unanswered(lab: Lab, served: Served) -> None:
    assert _plain_exchange(_request(lab), served.https) == b""
    # One line in the log, no traceback.
    assert "TLS handshake failed with ip=127.0.0.1: HTTP_REQUEST" in served.daemon.output
    assert "Traceback" not in served.daemon.output


def test_plain_listener_answers_http_and_https(lab: Lab, served: Served) -> None:
    _ok(_plain_exchange(_request(lab), served.plain))
    _ok(_tls_exchange(served.site, _request(lab), port=served.plain))


def test_unix_socket_answers_https(lab: Lab, served: Served) -> None:
    _ok(_tls_exchange(served.site, _request(lab), path=served.unix))
    assert get(PING, path=served.unix).startswith(b"HTTP/1.1 401")  # and plain HTTP


def test_kept_alive_tls_connection_serves_requests_in_order(lab: Lab, served: Served) -> None:
    headers = jwt_headers("slurm", lab.token("slurm"))
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    one = f"GET {PING} HTTP/1.1\r\nHost: localhost\r\n{head}\r\n".encode()
    last = f"GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{head}\r\n"
    answer = _tls_exchange(served.site, one * 3 + last.encode(), port=served.plain)
    assert answer.count(b"HTTP/1.1 200") == 3 and answer.count(b"HTTP/1.1 404") == 1, answer


def test_kept_alive_https_client_with_a_large_body(lab: Lab, served: Served) -> None:
    """http.client over TLS: requests one after the other on a kept-alive connection, one of
    them with a body of 3 MiB (read by the loop in many TLS records)."""
    context = served.site.client_context()
    context.set_alpn_protocols(["h2", "http/1.1"])  # the daemon speaks HTTP/1.x only
    conn = http.client.HTTPSConnection("localhost", served.plain, context=context, timeout=30)
    headers = jwt_headers("slurm", lab.token("slurm"))
    body = b'{"script": "' + b"x" * (3 << 20) + b'"}'
    try:
        for method, data in (("GET", None), ("POST", body), ("GET", None)):
            conn.request(method, PING, body=data, headers=headers)
            resp = conn.getresponse()
            answer = resp.read()
            assert resp.status == (200 if method == "GET" else 405), (method, answer[:300])
            # As on a plain connection, a large body left unread closes it (and the client
            # opens another).
            kept = resp.getheader("Connection", "").lower() != "close"
            assert kept == (method == "GET"), method
        assert conn.sock is not None and conn.sock.selected_alpn_protocol() == "http/1.1"
    finally:
        conn.close()


def test_the_key_is_root_s_alone_and_the_workers_are_not_root(served: Served) -> None:
    key = served.site.key.stat()
    assert (key.st_uid, key.st_mode & 0o777) == (0, 0o600)
    for worker in served.daemon.workers():
        assert worker.uids().effective != 0
        assert all(f.path != str(served.site.key) for f in worker.open_files())


def test_a_stalled_handshake_holds_no_thread_and_is_closed_in_time(
    lab: Lab, served: Served
) -> None:
    """Half a TLS record header, then nothing; half a ClientHello: more of them than the
    daemon has threads, and TLS requests are still answered; each is closed once its
    --request-timeout (2 s) is past, without an answer."""
    stalled = []
    for _ in range(50):
        for port, first in (
            (served.plain, b"\x16\x03"),
            (served.https, b"\x16\x03\x01\x02\x00\x01"),
        ):
            sock = socket.create_connection(("127.0.0.1", port), timeout=30)
            sock.sendall(first)
            stalled.append(sock)
    try:
        _ok(_tls_exchange(served.site, _request(lab), port=served.https))
        _ok(_tls_exchange(served.site, _request(lab), port=served.plain))
        started = time.monotonic()
        for sock in stalled:
            assert _read_all(sock) == b""
        assert time.monotonic() - started < 15
    finally:
        for sock in stalled:
            sock.close()
    assert "Traceback" not in served.daemon.output


def test_stalled_tls_requests_hold_no_thread_and_get_a_408(lab: Lab, served: Served) -> None:
    """Half a request head over TLS, then nothing, on more connections than the daemon has
    threads: others are still answered, and each stalled one gets its (encrypted) 408 once
    --request-timeout (2 s) is past."""
    stalled = []
    try:
        for _ in range(45):
            plain = socket.create_connection(("127.0.0.1", served.https), timeout=30)
            sock = served.site.client_context().wrap_socket(plain, server_hostname="localhost")
            sock.sendall(b"GET /slurm/v0.0.38/ping HTTP/1.1\r\nHost: loc")
            stalled.append(sock)
        _ok(_tls_exchange(served.site, _request(lab), port=served.https))
        for sock in stalled:
            assert _read_all(sock).startswith(b"HTTP/1.1 408 Request Timeout"), sock
    finally:
        for sock in stalled:
            sock.close()


def test_inetd_mode_on_a_socketpair_with_tls(lab: Lab) -> None:
    with _site_of(lab) as site:
        ours, theirs = socket.socketpair()
        proc = subprocess.Popen(
            command("-u", lab.service_user, "-a", "rest_auth/jwt"),
            env=daemon_env(site.env),
            cwd="/tmp",
            stdin=theirs,
            stdout=theirs,
            stderr=subprocess.PIPE,
        )
        theirs.close()
        ours.settimeout(30)
        with site.client_context().wrap_socket(ours, server_hostname="localhost") as sock:
            sock.sendall(_request(lab))
            answer = _read_all(sock)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert b"Traceback" not in err, err
    _ok(answer)


@pytest.mark.releases("24.11", "26.05")
def test_certificate_and_key_named_by_tls_parameters(lab: Lab) -> None:
    """In a directory only root may enter: the workers could not open them if they tried."""
    with _site_of(lab, tls_parameters=True) as site:
        assert oct(site.key.parent.stat().st_mode & 0o777) == oct(0o700)
        https, plain = free_port(), free_port()
        with running(
            "-u",
            lab.service_user,
            "-a",
            "rest_auth/jwt",
            f"https://localhost:{https}",
            f"127.0.0.1:{plain}",
            env=site.env,
        ) as daemon:
            daemon.wait_ready(port=plain)
            _ok(_tls_exchange(site, _request(lab), port=https))


def _fatal(lab: Lab, site: Site, *addresses: str) -> str:
    proc = subprocess.run(
        command("-u", lab.service_user, *addresses),
        env=daemon_env(site.env),
        cwd="/tmp",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("slurmrestd: fatal: "), proc.stderr
    return lines[0]


def test_https_without_a_certificate_is_fatal(lab: Lab) -> None:
    with _site_of(lab) as site:
        site.cert.unlink()
        line = _fatal(lab, site, f"https://127.0.0.1:{free_port()}")
    assert f"Unable to load the TLS certificate {site.cert}" in line
    assert "No such file or directory" in line


def test_https_with_an_unusable_key_is_fatal(lab: Lab) -> None:
    with _site_of(lab) as site:
        os.chmod(site.key, 0o644)
        line = _fatal(lab, site, f"https://127.0.0.1:{free_port()}")
        assert "insecure file mode 0644" in line
        os.chmod(site.key, 0o600)
        site.key.write_text("not a key\n")
        line = _fatal(lab, site, f"https://127.0.0.1:{free_port()}")
        assert "Unable to load the TLS certificate" in line and "not a key" not in line


@contextlib.contextmanager
def _plain_only(lab: Lab, site: Site) -> Iterator[tuple[Daemon, int]]:
    """The daemon on one plain listener, which has answered plain HTTP."""
    port = free_port()
    with running(
        "-u", lab.service_user, "-a", "rest_auth/jwt", f"127.0.0.1:{port}", env=site.env
    ) as daemon:
        daemon.wait_ready(port=port)
        _ok(_plain_exchange(_request(lab), port))
        yield daemon, port


def test_without_a_certificate_plain_listeners_serve_http_only(lab: Lab) -> None:
    """As the reference: no certificate, no TLS (and a line at debug level only)."""
    with _site_of(lab) as site:
        context = site.client_context()
        site.cert.unlink()
        with _plain_only(lab, site) as (daemon, port), pytest.raises(ssl.SSLError):
            _tls_exchange(site, _request(lab), port=port, context=context)
        assert "TLS" not in daemon.output


def test_an_unusable_certificate_is_a_warning_on_plain_listeners(lab: Lab) -> None:
    """A key others may read: TLS off, said in one line at start; plain HTTP is served."""
    with _site_of(lab) as site:
        os.chmod(site.key, 0o644)
        with _plain_only(lab, site) as (daemon, _port):
            pass
        warnings = [line for line in daemon.output.splitlines() if "TLS" in line]
    assert len(warnings) == 1, daemon.output
    assert "WARNING" in warnings[0] and "insecure file mode 0644" in warnings[0]
    assert warnings[0].endswith("TLS is disabled")
