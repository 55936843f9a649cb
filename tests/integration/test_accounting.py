"""The accounting plugins on the lab: when they load, their slurmdbd connections, identities."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest

from slurmrestd_dev import lab as slurm_lab
from tests.conftest import Lab, binding_release
from tests.daemon import Client, Daemon, command, daemon_env, free_port, jwt_headers, running

# The lab's slurmdbd (the root's, in a release's root).
SLURMDBD_PORT = slurm_lab.host_release().slurmdbd_port

# What a request with a token slurmdbd refuses gets in errors[]: from 24.11 on,
# slurmdbd's refusal reaches libslurm as a failed connection.
REFUSED_TOKEN = {
    "22.05": "Protocol authentication error",
    "24.11": "Unable to connect to database",
    "26.05": "Unable to connect to database",
}


@contextlib.contextmanager
def jwt_daemon(lab: Lab) -> Iterator[tuple[Daemon, int]]:
    """Our daemon with rest_auth/jwt on a free port, ready."""
    port = free_port()
    with running(
        "-u",
        lab.service_user,
        "-t",
        "4",
        "-a",
        "rest_auth/jwt",
        f"127.0.0.1:{port}",
        env={"SLURM_JWT": "daemon"},
    ) as d:
        d.wait_ready(port=port)
        yield d, port


DB = "/slurmdb/v0.0.38"


@pytest.fixture
def conf_without_dbd(lab: Lab) -> Iterator[str]:
    """The lab's slurm.conf with accounting stored nowhere (readable by the service user)."""
    text = Path(lab.env["SLURM_CONF"]).read_text()
    lines = [
        line
        for line in text.splitlines()
        if not line.strip().lower().startswith(("accountingstoragetype", "jobacctgather"))
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
        f.write("\n".join([*lines, "AccountingStorageType=accounting_storage/none", ""]))
    Path(f.name).chmod(0o644)
    yield f.name
    Path(f.name).unlink()


def test_named_accounting_plugin_without_slurmdbd_is_fatal(lab: Lab, conf_without_dbd: str) -> None:
    res = subprocess.run(
        command(
            "-u",
            lab.service_user,
            "-f",
            conf_without_dbd,
            "-s",
            "dbv0.0.38",
            f"127.0.0.1:{free_port()}",
        ),
        env=daemon_env(),
        cwd="/tmp",
        capture_output=True,
        timeout=60,
    )
    assert res.returncode == 1
    assert res.stderr.decode() == (
        "slurmrestd: fatal: slurm_openapi_p_init: slurm not configured with slurmdbd\n"
    )


def test_default_plugins_without_slurmdbd_leave_accounting_out(
    lab: Lab, conf_without_dbd: str
) -> None:
    port = free_port()
    with running(
        "-u",
        lab.service_user,
        "-f",
        conf_without_dbd,
        "-a",
        "rest_auth/jwt",
        f"127.0.0.1:{port}",
        env={"SLURM_JWT": "daemon"},
    ) as d:
        d.wait_ready(port=port)
        client = Client(port=port, headers=jwt_headers("alice", lab.token("alice")))
        status, spec = client.request("GET", "/openapi/v3")
        assert status == 200
        assert not [p for p in spec["paths"] if p.startswith("/slurmdb/")]
        assert any(p.startswith("/slurm/v0.0.38/") for p in spec["paths"])
        assert client.request("GET", DB + "/diag")[0] == 404
        assert client.request("GET", "/slurm/v0.0.38/ping")[0] == 200
    assert "openapi/dbv0.0.38 and openapi/dbv0.0.37 and openapi/dbv0.0.36 not loaded" in d.output


def _dbd_connections(pids: list[int]) -> list[psutil._common.pconn]:
    out = []
    for pid in pids:
        for c in psutil.Process(pid).net_connections(kind="tcp"):
            if c.raddr and c.raddr.port == SLURMDBD_PORT:
                out.append(c)
    return out


def test_one_slurmdbd_connection_per_request_always_closed(lab: Lab) -> None:
    """Each request opens its own connection under its identity and closes it, also on errors."""
    with jwt_daemon(lab) as (d, port):
        admin = Client(port=port, headers=jwt_headers("labadmin", lab.token("labadmin")))
        alice = Client(port=port, headers=jwt_headers("alice", lab.token("alice")))
        for _ in range(10):
            assert admin.request("GET", DB + "/tres")[0] == 200
            assert alice.request("GET", DB + "/diag")[0] == 500  # denied by slurmdbd
            assert admin.request("GET", DB + "/user/nobody")[0] == 500
            assert admin.request("POST", DB + "/accounts", {"accounts": [1]})[0] == 400
        time.sleep(0.5)
        assert _dbd_connections([p.pid for p in d.tree()]) == []


def test_each_request_runs_as_its_user(lab: Lab) -> None:
    """alice and bob interleaved: slurmdbd answers each as that user (its access rules)."""
    with jwt_daemon(lab) as (d, port):
        admin = Client(port=port, headers=jwt_headers("labadmin", lab.token("labadmin")))
        alice = Client(port=port, headers=jwt_headers("alice", lab.token("alice")))
        for _ in range(5):
            status, doc = alice.request("GET", DB + "/diag")
            assert status == 500
            assert doc["errors"][0]["error"] == "Access/permission denied"
            status, doc = admin.request("GET", DB + "/diag")
            assert status == 200 and doc["statistics"]["RPCs"]
        # slurmdbd recorded the RPCs under each user's uid
        users = {u["user"] for u in doc["statistics"]["users"]}
        assert {"alice", "labadmin"} <= users
        bad = Client(port=port, headers=jwt_headers("alice", "not-a-token"))
        status, doc = bad.request("GET", DB + "/tres")
        assert status == 200  # as the reference: the error is in errors[]
        assert doc["errors"][0]["error"] == REFUSED_TOKEN[binding_release()]
        assert "TRES" not in doc
        # libslurm's error messages must not end the worker (glibc's error(3) would)
        worker = d.workers()[0]
        assert "libslurmfull" in worker.environ().get("LD_PRELOAD", "")
        assert alice.request("GET", DB + "/tres")[0] == 200
    assert "exited with code" not in d.output


def test_bad_job_ids_do_not_end_the_worker(lab: Lab) -> None:
    """libslurm's job/step parser calls fatal() on ids like "abc" (the C daemon exits there):
    we refuse them before they reach it."""
    with jwt_daemon(lab) as (d, port):
        admin = Client(port=port, headers=jwt_headers("labadmin", lab.token("labadmin")))
        for version in ("v0.0.38", "v0.0.37", "v0.0.36"):
            for job in ("abc", ":", "12.x", "12_x", "12+x", "1,abc"):
                # Escaped: ':', '+' and ',' as sent are refused before routing (the URL parser)
                status, doc = admin.request("GET", f"/slurmdb/{version}/job/{quote(job, safe='')}")
                assert status == 400, (job, doc)
                assert doc["errors"][0]["description"] == f"Bad job/step specified: {job}"
            status, doc = admin.request("GET", f"/slurmdb/{version}/jobs?step=abc")
            assert status == 500 and doc["errors"], doc
        assert admin.request("GET", DB + "/tres")[0] == 200
    assert "exited with code" not in d.output


def test_every_accounting_endpoint_needs_authentication(lab: Lab) -> None:
    with jwt_daemon(lab) as (_, port):
        anonymous = Client(port=port)
        spec = Client(port=port, headers=jwt_headers("alice", lab.token("alice")))
        paths = [p for p in spec.request("GET", "/openapi/v3")[1]["paths"] if "/slurmdb/" in p]
        legacy = [p for p in paths if p.startswith(("/slurmdb/v0.0.3",))]
        assert len(legacy) == 51, legacy  # 17 routes in each version (36, 37, 38)
        assert len(paths) > len(legacy)  # and the data_parser versions' (openapi/slurmdbd)
        for path in paths:
            target = path.replace("{", "").replace("}", "")
            for method in ("GET", "POST", "DELETE"):
                status, body = anonymous.request(method, target, {} if method == "POST" else None)
                assert status == 401, (method, target, status, body)
