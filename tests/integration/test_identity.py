"""Identity end to end (#4): requests run in slurmctld as the user who authenticated."""

from __future__ import annotations

import os
import pwd
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from slurmrestd.slurm import releases as binding_releases
from slurmrestd_dev import lab as slurm_lab
from tests.conftest import Lab, binding_release
from tests.daemon import Client, Daemon, command, daemon_env, free_port, jwt_headers

API = "/slurm/v0.0.38"
JWT_SHAPE = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
SCRIPT = "#!/bin/sh\nsleep 300\n"


def job_props(name: str) -> dict[str, object]:
    return {
        "name": name,
        "current_working_directory": "/tmp",
        "standard_output": "/dev/null",
        "environment": {"PATH": "/usr/bin:/bin"},
    }


def _one_worker_daemon(lab: Lab) -> tuple[int, Daemon]:
    """Our daemon with SLURM_JWT=daemon, -t 8 and one worker (its threads and RSS are looked at)."""
    port = free_port()
    d = Daemon(
        "-u",
        lab.service_user,
        "-t",
        "8",
        "--workers",
        "1",
        f"127.0.0.1:{port}",
        env={"SLURM_JWT": "daemon"},
    )
    return port, d


@pytest.fixture(scope="module")
def jwt_daemon(lab: Lab) -> Iterator[int]:
    port, d = _one_worker_daemon(lab)
    try:
        d.wait_ready(port=port)
        yield port
    finally:
        assert d.stop() == 0, d.output
        assert not JWT_SHAPE.search(d.output), "a token reached the log"


def scontrol_job(lab: Lab, job_id: int) -> dict[str, str]:
    out = lab.run("scontrol", "-o", "show", "job", str(job_id)).stdout
    return dict(item.split("=", 1) for item in out.split() if "=" in item)


def cancel_all(lab: Lab, job_ids: list[int]) -> None:
    if job_ids:
        lab.run("scancel", *map(str, job_ids))


def test_concurrent_submissions_are_owned_by_their_users(lab: Lab, jwt_daemon: int) -> None:
    submitted: dict[str, list[int]] = {"alice": [], "bob": []}
    failures: list[object] = []

    def submit(user: str) -> None:
        client = Client(port=jwt_daemon, headers=jwt_headers(user, lab.token(user)))
        for i in range(4):
            status, body = client.request(
                "POST", f"{API}/job/submit", {"script": SCRIPT, "job": job_props(f"{user}-{i}")}
            )
            if status != 200 or body["errors"]:
                failures.append((user, status, body))
            else:
                submitted[user].append(body["job_id"])
        client.close()

    threads = [threading.Thread(target=submit, args=(u,)) for u in ("alice", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not failures
        for user, ids in submitted.items():
            uid = pwd.getpwnam(user).pw_uid
            assert len(ids) == 4
            for job_id in ids:
                assert scontrol_job(lab, job_id)["UserId"] == f"{user}({uid})"
    finally:
        cancel_all(lab, submitted["alice"] + submitted["bob"])


def test_bob_cannot_cancel_alices_job(lab: Lab, jwt_daemon: int) -> None:
    alice = Client(port=jwt_daemon, headers=jwt_headers("alice", lab.token("alice")))
    bob = Client(port=jwt_daemon, headers=jwt_headers("bob", lab.token("bob")))
    status, body = alice.request(
        "POST", f"{API}/job/submit", {"script": SCRIPT, "job": job_props("mine")}
    )
    assert status == 200, body
    job_id = body["job_id"]
    try:
        status, body = bob.request("DELETE", f"{API}/job/{job_id}")
        assert status == 500
        assert body["errors"] == [
            {
                "description": f"unable to kill JobId={job_id} with signal 9: "
                "Access/permission denied",
                "error_number": 2002,
                "error": "Access/permission denied",
                "source": "slurm_kill_job",
            }
        ]
        assert scontrol_job(lab, job_id)["JobState"] in ("PENDING", "RUNNING")
        status, body = alice.request("DELETE", f"{API}/job/{job_id}")
        assert (status, body["errors"]) == (200, [])
        deadline = time.monotonic() + 20
        while scontrol_job(lab, job_id)["JobState"] != "CANCELLED":
            assert time.monotonic() < deadline
            time.sleep(0.2)
    finally:
        cancel_all(lab, [job_id])


def _token_alone_accepted() -> bool:
    """Whether the release we run on takes a token without a user name (24.11 on: the
    token's own user, as its C daemon does; 22.05 refuses it)."""
    name = binding_release()
    return any(r.daemon.auth_token_alone for r in binding_releases.RELEASES if r.name == name)


def _bad_credentials(lab: Lab) -> dict[str, dict[str, str]]:
    alice = lab.token("alice")
    expired = lab.token("alice", 1)
    time.sleep(2)
    bad = {
        "missing": {},
        "user only": {"X-SLURM-USER-NAME": "alice"},
        "token only": {"X-SLURM-USER-TOKEN": alice},
        "garbage": jwt_headers("alice", "abc.def.ghi"),
        "expired": jwt_headers("alice", expired),
        "wrong user": jwt_headers("bob", alice),
        "truncated": jwt_headers("alice", alice[:-10]),
        "empty": jwt_headers("alice", ""),
    }
    if _token_alone_accepted():
        del bad["token only"]  # a good credential there: tests/conformance/test_dp_cli.py
    return bad


def test_bad_tokens_never_yield_data(lab: Lab, jwt_daemon: int) -> None:
    # A job of alice's exists, so any leak would show.
    alice = Client(port=jwt_daemon, headers=jwt_headers("alice", lab.token("alice")))
    status, body = alice.request(
        "POST", f"{API}/job/submit", {"script": SCRIPT, "job": job_props("secret")}
    )
    assert status == 200
    try:
        for name, headers in _bad_credentials(lab).items():
            client = Client(port=jwt_daemon, headers=headers)
            for target in (
                f"{API}/jobs",
                f"{API}/job/{body['job_id']}",
                f"{API}/nodes",
                f"{API}/ping",
            ):
                status, answer = client.request("GET", target)
                assert status in (401, 500), (name, target, status)
                if isinstance(answer, dict):
                    assert answer["errors"], (name, target)
                    assert not answer.get("jobs") and not answer.get("nodes"), (name, target)
                    assert not answer.get("pings"), (name, target)
            client.close()
    finally:
        cancel_all(lab, [body["job_id"]])


@pytest.fixture
def sockdir(lab: Lab) -> Iterator[Path]:
    service = pwd.getpwnam(lab.service_user)
    path = Path(tempfile.mkdtemp(prefix="slurmrestd-local-"))
    os.chmod(path, 0o755)
    os.chown(path, service.pw_uid, service.pw_gid)
    yield path
    for child in path.iterdir():
        child.unlink()
    path.rmdir()


CLIENT = """
import http.client, socket, sys
class C(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(sys.argv[1])
c = C("localhost", timeout=30)
c.request("GET", sys.argv[2])
r = c.getresponse()
print(r.status)
sys.stdout.write(r.read().decode())
"""


def _as(user: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", user, "--", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=daemon_env(),
        cwd="/tmp",
    )


def test_local_auth_over_unix_socket(lab: Lab, sockdir: Path) -> None:
    sock = sockdir / "rest.sock"
    port = free_port()
    d = Daemon("-u", lab.service_user, f"unix:{sock}", f"127.0.0.1:{port}")
    try:
        d.wait_ready(path=str(sock))
        python = psutil.Process(d.proc.pid).exe()
        ok = _as(lab.service_user, python, "-c", CLIENT, str(sock), f"{API}/ping")
        assert ok.stdout.startswith("200\n"), ok
        assert '"ping": "UP"' in ok.stdout
        os.chmod(sock, 0o666)  # let another user reach the socket: the plugin must refuse
        other = _as("alice", python, "-c", CLIENT, str(sock), f"{API}/ping")
        assert other.stdout.startswith("401\n"), other
        # TCP is never local
        status, _ = Client(port=port).request("GET", f"{API}/ping")
        assert status == 401
    finally:
        assert d.stop() == 0, d.output


def test_local_auth_in_inetd_mode_from_a_pipe_of_the_service_user(lab: Lab) -> None:
    argv = " ".join(command("-u", lab.service_user))
    script = (
        "printf 'GET /slurm/v0.0.38/ping HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' | "
        f"{argv} | cat"  # both ends of the connection belong to the service user
    )
    res = _as(lab.service_user, "sh", "-c", script)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("HTTP/1.1 200 ")
    assert '"ping": "UP"' in res.stdout


def test_worker_rss_is_flat_over_a_soak(lab: Lab) -> None:
    port, d = _one_worker_daemon(lab)
    total, threads = 20_000, 8
    headers = jwt_headers("alice", lab.token("alice", 3600))
    errors: list[object] = []

    def hammer(n: int) -> None:
        client = Client(port=port, headers=headers)
        # Every kind of libslurm call; a job (the costliest to render) one time in 16. One
        # fixed job, not /jobs: a list that grows with the lab's activity would grow RSS too.
        cheap = (f"{API}/ping", f"{API}/partitions", f"{API}/licenses", f"{API}/nodes")
        targets = (*(cheap * 4)[:15], f"{API}/job/{job_id}")
        for i in range(n):
            status, _ = client.request("GET", targets[i % len(targets)])
            if status != 200:
                errors.append(status)
        client.close()

    job_id = 0
    try:
        d.wait_ready(port=port)
        status, doc = Client(port=port, headers=headers).request(
            "POST",
            f"{API}/job/submit",
            {"script": SCRIPT, "job": {**job_props("soak"), "hold": True}},
        )
        assert status == 200, doc
        job_id = doc["job_id"]
        (worker,) = d.workers()
        rss = []
        for _round in range(6):  # one round of warm-up, then 5 x 4,000 = 20,000 requests
            group = [
                threading.Thread(target=hammer, args=(total // 5 // threads,))
                for _ in range(threads)
            ]
            for t in group:
                t.start()
            for t in group:
                t.join()
            rss.append(worker.memory_info().rss)
        assert not errors
        growth = (rss[-1] - rss[0]) / rss[0]
        print("worker RSS MiB after each 4,000 requests:", [round(r / 2**20, 1) for r in rss])
        assert growth < 0.05, rss
    finally:
        if job_id:
            cancel_all(lab, [job_id])
        assert d.stop() == 0, d.output


def test_lab_users_exist() -> None:
    for user in (*slurm_lab.ORDINARY_USERS, slurm_lab.SERVICE_USER):
        pwd.getpwnam(user)


def test_listing_cache_is_fresh_and_per_credential(lab: Lab, jwt_daemon: int) -> None:
    """Reused renders never hide a change, and never reach another credential."""
    alice = Client(port=jwt_daemon, headers=jwt_headers("alice", lab.token("alice")))
    assert alice.request("GET", f"{API}/jobs")[0] == 200  # primes alice's cached render
    time.sleep(2.5)  # let the snapshot settle, so the cache is really used next time
    assert alice.request("GET", f"{API}/jobs")[0] == 200
    status, body = alice.request(
        "POST", f"{API}/job/submit", {"script": SCRIPT, "job": job_props("fresh")}
    )
    assert status == 200
    job_id = body["job_id"]
    try:
        status, listing = alice.request("GET", f"{API}/jobs")
        assert job_id in [j["job_id"] for j in listing["jobs"]]
        # Same user, another (forged) credential: its own RPC, which slurmctld refuses.
        forged = Client(port=jwt_daemon, headers=jwt_headers("alice", "abc.def.ghi"))
        status, answer = forged.request("GET", f"{API}/jobs")
        assert status == 500 and answer["jobs"] == []
    finally:
        cancel_all(lab, [job_id])
