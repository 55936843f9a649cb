"""The command line and server behaviour of the newer releases, on the real daemon.

-d (the versions served), --max-connections (idle connections never keep a new
one out), --generate-openapi-spec (without slurmctld), SLURMRESTD_JSON,
SLURMRESTD_RESPONSE_STATUS_CODES, SLURMRESTD_SECURITY=become_user, and what
each release's daemon does with tokens and the health probes (releases.Daemon:
these run on every release and expect that release's answers).
"""

from __future__ import annotations

import json
import select
import socket
import subprocess

import pytest

from slurmrestd.slurm.releases import RELEASES, Daemon
from tests.conftest import Lab, binding_release
from tests.daemon import Client, command, daemon_env, free_port, http_request, jwt_headers, serving


def _daemon_rules() -> Daemon:
    name = binding_release()
    return next((r.daemon for r in RELEASES if r.name == name), RELEASES[0].daemon)


RULES = _daemon_rules()


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), env=daemon_env(env), capture_output=True, text=True, timeout=120, cwd="/tmp"
    )


def _status(port: int, target: str, headers: dict[str, str], method: str = "GET") -> int:
    return Client(port=port, headers=headers).request(method, target)[0]


def test_bearer_and_the_token_alone_as_the_release_does(port: int, lab: Lab) -> None:
    token = lab.token("alice")
    ping = "/slurm/v0.0.42/ping"
    assert _status(port, ping, jwt_headers("alice", token)) == 200
    assert _status(port, ping, {"Authorization": f"Bearer {token}"}) == (
        200 if RULES.auth_bearer else 401
    )
    assert _status(
        port, ping, {"X-SLURM-USER-NAME": "alice", "Authorization": f"Bearer {token}"}
    ) == (200 if RULES.auth_bearer else 401)
    assert _status(port, ping, {"X-SLURM-USER-TOKEN": token}) == (
        200 if RULES.auth_token_alone else 401
    )
    both = {"X-SLURM-USER-TOKEN": token, "Authorization": f"Bearer {token}"}
    assert _status(port, ping, both) == 401
    assert _status(port, ping, {"Authorization": f"bearer {token}"}) == 401


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/livez", "/healthz/", "/livez?x=1"])
def test_health_probes_as_the_release_does(port: int, lab: Lab, path: str) -> None:
    headers = jwt_headers("alice", lab.token("alice"))
    status, body = Client(port=port, headers=headers).request("GET", path)
    if RULES.health_probes:
        assert (status, body) == (204, b"")
    else:
        assert status == 404
    assert Client(port=port).request("GET", path)[0] == 401  # authenticated, as the reference
    assert _status(port, path, headers, "POST") == 404
    document = Client(port=port, headers=headers).request("GET", "/openapi/v3")[1]
    assert path.split("?")[0].rstrip("/") not in document["paths"]


def test_data_parsers_named_are_the_versions_served(lab: Lab) -> None:
    with serving(lab.service_user, "-d", "v0.0.43+fast+inline_enums,data_parser/v0.0.41+bogus") as (
        d,
        port,
    ):
        client = Client(port=port, headers=jwt_headers("alice", lab.token("alice")))
        assert client.request("GET", "/slurm/v0.0.43/ping")[0] == 200
        assert client.request("GET", "/slurm/v0.0.41/ping")[0] == 200
        assert client.request("GET", "/slurm/v0.0.42/ping")[0] == 404
        paths = client.request("GET", "/openapi/v3")[1]["paths"]
        versions = {p.split("/")[2] for p in paths if p.startswith("/slurm/v0.0.4")}
        assert versions == {"v0.0.43", "v0.0.41"}
        d.stop()
    # As the C daemons: v0.0.41 ignores unknown flags silently (24.11 logs them only under
    # DebugFlags=DATA); v0.0.43 has no inline_enums (every flag array is inline).
    assert "v0.0.41 ignoring" not in d.output
    assert "data_parser/v0.0.43 ignoring unknown flag inline_enums" in d.output


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"SLURMRESTD_DATA_PARSER_PLUGINS": "v0.0.99"}, "Unable to find data_parser plugin: "),
        ({"SLURMRESTD_SECURITY": "become_user"}, "SLURMRESTD_SECURITY=become_user is not "),
        ({"SLURMRESTD_MAX_CONNECTIONS": "0"}, "Invalid max connection count: 0"),
    ],
)
def test_refusals_are_one_line_and_exit_1(lab: Lab, env: dict[str, str], line: str) -> None:
    res = _run(*command("-u", lab.service_user, f"127.0.0.1:{free_port()}"), env=env)
    assert res.returncode == 1 and res.stdout == ""
    assert res.stderr.startswith(f"slurmrestd: fatal: {line}") and res.stderr.count("\n") == 1


def test_generate_openapi_spec_is_the_document_served(lab: Lab) -> None:
    selection = ("-s", "slurmctld,v0.0.38", "-d", "v0.0.44,v0.0.40")
    codes = {"SLURMRESTD_RESPONSE_STATUS_CODES": "200"}
    # As an ordinary user, with no slurm.conf to read: nothing is asked of Slurm.
    res = _run(
        *("runuser", "-u", "alice", "--"),
        *command("--generate-openapi-spec", *selection),
        env={"SLURM_CONF": "/nonexistent/slurm.conf", **codes},
    )
    assert res.returncode == 0, res.stderr
    generated = json.loads(res.stdout)
    with serving(lab.service_user, *selection, env=codes) as (_, port):
        client = Client(port=port, headers=jwt_headers("alice", lab.token("alice")))
        assert client.request("GET", "/openapi/v3")[1] == generated
    versions = {p.split("/")[2] for p in generated["paths"] if p.startswith("/slurm/")}
    assert versions == {"v0.0.44", "v0.0.40", "v0.0.38"}
    for path, operations in generated["paths"].items():
        if path.startswith("/slurm/v0.0.4"):
            assert all(list(op["responses"]) == ["200"] for op in operations.values()), path


def _headers(lab: Lab) -> str:
    return "".join(f"{k}: {v}\r\n" for k, v in jwt_headers("alice", lab.token("alice")).items())


def test_json_compact(lab: Lab) -> None:
    with serving(lab.service_user, env={"SLURMRESTD_JSON": "compact"}) as (_, port):
        for target in ("/slurm/v0.0.42/ping", "/openapi/v3"):
            request = f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            raw = http_request(f"{request}{_headers(lab)}\r\n".encode(), port=port, timeout=30)
            head, _, body = raw.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200"), raw[:300]
            assert b"\n" not in body and b'": ' not in body and json.loads(body)


def _kept_alive(port: int, headers: str) -> socket.socket:
    """A connection that was answered once and is now idle, kept alive."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"GET /slurm/v0.0.42/ping HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = sock.recv(65536)
        assert chunk, data
        data += chunk
    assert data.startswith(b"HTTP/1.1 200"), data[:200]
    return sock


def test_max_connections_idle_ones_make_room(lab: Lab) -> None:
    """With every connection of --max-connections idle, a new client is answered at once
    (the C daemon stops reading there); the daemon holds no more than the bound."""
    args = ("--workers", "1", "-t", "2", "--max-connections", "4", "--keep-alive", "600")
    with serving(lab.service_user, *args) as (d, port):
        idle = [_kept_alive(port, _headers(lab)) for _ in range(10)]
        try:
            # Each new one closed the one idle longest (before it was answered): the first
            # six are closed, the last four open.
            for sock in idle[:6]:
                sock.settimeout(10)
                assert sock.recv(1) == b""
            readable, _, _ = select.select(idle[6:], [], [], 0)
            assert readable == []
            worker = d.workers()[0]
            established = [c for c in worker.net_connections("tcp") if c.status == "ESTABLISHED"]
            assert len(established) <= 4, established
        finally:
            for sock in idle:
                sock.close()
