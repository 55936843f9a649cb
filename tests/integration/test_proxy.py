"""conf/nginx/slurmrestd.conf: real nginx terminating TLS in front of the daemon's UNIX socket."""

from __future__ import annotations

import http.client
import json
import os
import pwd
import shutil
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Lab
from tests.daemon import Daemon, free_port, jwt_headers, make_certificate

SITE = Path(__file__).resolve().parents[2] / "conf" / "nginx" / "slurmrestd.conf"


@pytest.fixture
def proxy(lab: Lab) -> Iterator[tuple[int, Path]]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.path.exists(nginx), "slurm-lab up installs nginx-light"
    service = pwd.getpwnam(lab.service_user)
    work = Path(tempfile.mkdtemp(prefix="slurmrestd-proxy-"))
    os.chmod(work, 0o755)
    sockdir = work / "run"
    sockdir.mkdir()
    os.chown(sockdir, service.pw_uid, service.pw_gid)
    sock = sockdir / "slurmrestd.socket"
    cert, key = work / "cert.pem", work / "key.pem"
    make_certificate(cert, key)
    port = free_port()
    site = (
        SITE.read_text()
        .replace("/run/slurmrestd/slurmrestd.socket", str(sock))
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
        .replace("listen [::]:443 ssl;", "")
        .replace("/etc/ssl/certs/slurmrestd.pem", str(cert))
        .replace("/etc/ssl/private/slurmrestd.key", str(key))
    )
    (work / "site.conf").write_text(site)
    temp = "\n".join(
        f"  {kind}_temp_path {work}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (work / "nginx.conf").write_text(
        f"user www-data;\nworker_processes 1;\npid {work}/nginx.pid;\n"
        f"error_log {work}/error.log;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n  access_log {work}/access.log;\n{temp}\n  include {work}/site.conf;\n}}\n"
    )
    daemon = Daemon("-u", lab.service_user, f"unix:{sock}", env={"SLURM_JWT": "daemon"})
    nginx_proc = None
    try:
        daemon.wait_ready(path=str(sock))
        nginx_proc = subprocess.Popen(
            [nginx, "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while not (work / "nginx.pid").exists():
            assert nginx_proc.poll() is None, nginx_proc.stderr.read() if nginx_proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.1)
        yield port, cert
    finally:
        if nginx_proc is not None:
            nginx_proc.terminate()
            nginx_proc.wait(20)
        daemon.stop()
        shutil.rmtree(work, ignore_errors=True)


def _https(
    port: int,
    cert: Path,
    method: str,
    target: str,
    headers: dict[str, str],
    body: bytes | None = None,
) -> tuple[int, bytes]:
    context = ssl.create_default_context(cafile=str(cert))
    conn = http.client.HTTPSConnection("localhost", port, context=context, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_tls_proxy_to_the_unix_socket(lab: Lab, proxy: tuple[int, Path]) -> None:
    port, cert = proxy
    headers = jwt_headers("alice", lab.token("alice"))
    status, body = _https(port, cert, "GET", "/slurm/v0.0.38/ping", headers)
    assert status == 200, body
    assert json.loads(body)["pings"][0]["ping"] == "UP"
    # The proxy's own uid is not the daemon's: without a token it is a 401, not "local".
    status, body = _https(port, cert, "GET", "/slurm/v0.0.38/ping", {})
    assert (status, body) == (401, b"Authentication failure")
    # A submission through the proxy runs as the token's user.
    job = {
        "script": "#!/bin/sh\ntrue\n",
        "job": {
            "name": "via-proxy",
            "time_limit": 1,
            "current_working_directory": "/tmp",
            "environment": {"PATH": "/bin"},
        },
    }
    status, body = _https(
        port,
        cert,
        "POST",
        "/slurm/v0.0.38/job/submit",
        {**headers, "Content-Type": "application/json"},
        json.dumps(job).encode(),
    )
    assert status == 200, body
    job_id = json.loads(body)["job_id"]
    out = lab.run("scontrol", "-o", "show", "job", str(job_id)).stdout
    assert f"UserId=alice({pwd.getpwnam('alice').pw_uid})" in out


def test_plain_http_is_not_served(proxy: tuple[int, Path]) -> None:
    port, _ = proxy
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/slurm/v0.0.38/ping")
    assert conn.getresponse().status == 400  # nginx: plain HTTP sent to an HTTPS port
