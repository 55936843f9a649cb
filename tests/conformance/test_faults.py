"""Faults on the lab, with the reference daemon beside ours: Slurm's daemons stopped under load.

Marked ``faults``: the test session runs them after every other test
(tests/conftest.py), and ``-m "not faults"`` leaves them out.  Each test stops
a part of the lab (or reconfigures slurmctld) and brings it back
(``slurm_lab.up()``) before it ends, also when it fails.  While a part is down,
ours must answer what the reference answers; when it is back, ours must serve
again by itself; no request may get a dropped connection; and no submission is
lost: every 2xx submit is a job in slurmctld, every failed one is not.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from slurmrestd_dev import lab as slurm_lab
from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

# The C reference here is 22.05's: it serves v0.0.38, which the C daemons of 24.11 and
# 26.05 no longer serve.
pytestmark = [pytest.mark.faults, pytest.mark.releases("22.05")]

API = "/slurm/v0.0.38"
DB = "/slurmdb/v0.0.38"


@pytest.fixture
def restore(lab: Lab) -> Iterator[None]:
    yield
    slurm_lab.up()


TOKENS: dict[str, str] = {}


def token(lab: Lab, user: str) -> str:
    """Tokens come from slurmctld (scontrol token): fetched before anything is stopped."""
    if user not in TOKENS:
        TOKENS[user] = lab.token(user, 3600)
    return TOKENS[user]


def same_answer(pair: Pair, lab: Lab, method: str, target: str, body: Any = None) -> Any:
    """Ours answers as the reference: status, errors[] and (structure of) the rest."""
    ref, ours = pair.clients("alice", token(lab, "alice"))
    ref_status, ref_doc = ref.request(method, target, body)
    our_status, our_doc = ours.request(method, target, body)
    assert our_status == ref_status, (target, ref_doc, our_doc)
    if isinstance(ref_doc, dict):
        assert our_doc["errors"] == ref_doc["errors"] or [
            e.get("error_number") for e in our_doc["errors"]
        ] == [e.get("error_number") for e in ref_doc["errors"]], (target, ref_doc, our_doc)
        diff = differences(ref_doc, our_doc, values=False)
        assert not diff, "\n".join([target, *diff])
    return our_doc


class Load:
    """Keep-alive clients hammering ours; every answer recorded, every dropped connection too."""

    def __init__(self, pair: Pair, lab: Lab, targets: list[str], threads: int = 4) -> None:
        self.token = token(lab, "alice")
        self.port = pair.our_port
        self.targets = targets
        self.stop = threading.Event()
        self.answers: list[tuple[float, str, int]] = []
        self.dropped: list[str] = []
        self.pool = [threading.Thread(target=self._run, args=(i,)) for i in range(threads)]

    def _run(self, i: int) -> None:
        client = Client(port=self.port, headers=jwt_headers("alice", self.token), timeout=60)
        n = 0
        while not self.stop.is_set():
            target = self.targets[(i + n) % len(self.targets)]
            n += 1
            try:
                status, _ = client.request("GET", target)
            except OSError as exc:
                self.dropped.append(f"{target}: {exc!r}")
                continue
            self.answers.append((time.monotonic(), target, status))

    def __enter__(self) -> Load:
        for t in self.pool:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.pool:
            t.join(120)


def wait_for(check: Callable[[], bool], timeout: float = 60) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError("not back in time")


def submit(client: Client, name: str) -> tuple[int, Any]:
    body = {
        "script": "#!/bin/sh\nsleep 1\n",
        "job": {
            "name": name,
            "partition": "debug",
            "time_limit": 1,
            "current_working_directory": "/tmp",
            "environment": {"PATH": "/bin:/usr/bin"},
        },
    }
    try:
        return client.request("POST", f"{API}/job/submit", body)
    except OSError as exc:
        return 0, repr(exc)


def jobs_named(lab: Lab, prefix: str) -> dict[str, int]:
    """Every job slurmctld or slurmdbd knows whose name starts with prefix: name -> id."""
    out: dict[str, int] = {}
    q = lab.run("squeue", "-h", "-a", "-t", "all", "-o", "%j|%i").stdout
    s = lab.run("sacct", "-n", "-X", "-P", "-a", "-S", "now-1hour", "-o", "JobName,JobID").stdout
    for line in (q + "\n" + s).splitlines():
        name, _, job = line.partition("|")
        if name.startswith(prefix) and job.strip().isdigit():
            out[name] = int(job)
    return out


def test_slurmctld_stopped_under_load(pair: Pair, lab: Lab, restore: None) -> None:
    targets = [f"{API}/ping", f"{API}/jobs", f"{API}/partitions", f"{API}/nodes"]
    prefix = "fault-" + uuid.uuid4().hex[:6]
    client = Client(port=pair.our_port, headers=jwt_headers("alice", token(lab, "alice")))
    results: dict[str, tuple[int, Any]] = {}
    with Load(pair, lab, targets) as load:
        time.sleep(1)
        # submissions racing the stop: each answer must match what slurmctld holds
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            names = [f"{prefix}-a{i}" for i in range(8)]
            futures = {
                pool.submit(
                    submit, client.__class__(port=pair.our_port, headers=client.headers), n
                ): n
                for n in names
            }
            time.sleep(0.2)
            slurm_lab._stop("slurmctld")
            for f, n in futures.items():
                results[n] = f.result()
        down_at = time.monotonic()
        for target in [*targets, f"{API}/diag", f"{API}/job/1", f"{API}/licenses"]:
            same_answer(pair, lab, "GET", target)
        status, doc = submit(client, f"{prefix}-down")
        results[f"{prefix}-down"] = (status, doc)
        assert status == 500 and doc["errors"], doc
        slurm_lab.start_slurmctld()
        back = wait_for(lambda: client.request("GET", f"{API}/ping")[0] == 200)
        recovered_at = time.monotonic()
        time.sleep(2)
    assert not load.dropped, load.dropped[:5]
    during = [s for t, _, s in load.answers if down_at <= t < recovered_at]
    after = [s for t, _, s in load.answers if t > recovered_at + 1]
    assert during and set(during) <= {200, 500}, set(during)
    assert after and set(after) == {200}, set(after)
    # nothing lost: a 2xx submission is a job, a failed one is not
    time.sleep(2)
    held = jobs_named(lab, prefix)
    for name, (status, doc) in results.items():
        if status == 200:
            assert held.get(name) == doc["job_id"], (name, doc, held)
        else:
            assert name not in held, (name, status, doc)
    accepted = sum(1 for status, _ in results.values() if status == 200)
    print(
        f"slurmctld back after {back:.1f}s; answers during the outage: {len(during)}; "
        f"submissions: {accepted} accepted (all in slurmctld), "
        f"{len(results) - accepted} refused (none in slurmctld)"
    )


def test_slurmdbd_and_mariadb_down(pair: Pair, lab: Lab, restore: None) -> None:
    admin = Client(port=pair.our_port, headers=jwt_headers("labadmin", token(lab, "labadmin")))
    for stop, start in (
        (lambda: slurm_lab._stop("slurmdbd"), slurm_lab.start_slurmdbd),
        (
            lambda: lab.run("mysqladmin", "shutdown"),
            lambda: (slurm_lab.start_mariadb(), slurm_lab.start_slurmdbd()),
        ),
    ):
        stop()
        time.sleep(1)
        for target in (f"{DB}/tres", f"{DB}/jobs", f"{DB}/associations"):
            status, doc = admin.request("GET", target)
            assert status in (200, 500) and doc["errors"], (target, status, doc)
            assert not any(k for k in doc if k not in ("meta", "errors") and doc[k]), doc
        # the slurmctld API keeps serving
        for target in (f"{API}/ping", f"{API}/jobs", f"{API}/partitions"):
            same_answer(pair, lab, "GET", target)
            assert admin.request("GET", target)[0] == 200
        start()
        wait_for(
            lambda: (
                admin.request("GET", f"{DB}/tres")[0] == 200
                and not admin.request("GET", f"{DB}/tres")[1]["errors"]
            )
        )


def test_munge_down(pair: Pair, lab: Lab, restore: None) -> None:
    slurm_lab._stop("munged")
    try:
        for target in (f"{API}/ping", f"{API}/jobs", f"{API}/nodes", f"{DB}/tres"):
            same_answer(pair, lab, "GET", target)
    finally:
        slurm_lab.start_munge()


def test_private_data_jobs_no_leak_under_concurrency(pair: Pair, lab: Lab, restore: None) -> None:
    """PrivateData=jobs: alice and bob interleaved at a high rate each see only their jobs."""
    conf = Path(lab.env["SLURM_CONF"])
    original = conf.read_text()
    jobs = {}
    try:
        conf.write_text(original.rstrip("\n") + "\nPrivateData=jobs\n")
        lab.run("scontrol", "reconfigure")
        time.sleep(2)
        for user in ("alice", "bob"):
            out = lab.run(
                "sbatch", "--parsable", "-H", "-J", f"private-{user}", "--wrap", "true", user=user
            )
            jobs[user] = int(out.stdout.strip().split(";")[0])
        seen: dict[str, set[str]] = {"alice": set(), "bob": set()}
        errors: list[str] = []

        def hammer(user: str) -> None:
            c = Client(port=pair.our_port, headers=jwt_headers(user, token(lab, user)))
            for _ in range(150):
                status, doc = c.request("GET", f"{API}/jobs")
                if status != 200:
                    errors.append(f"{user}: {status}")
                    continue
                seen[user] |= {j["user_name"] for j in doc["jobs"]}

        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            list(pool.map(hammer, ["alice", "bob"] * 3))
        assert not errors, errors[:5]
        assert seen == {"alice": {"alice"}, "bob": {"bob"}}, seen
    finally:
        conf.write_text(original)
        lab.run("scontrol", "reconfigure")
        lab.run("scancel", *map(str, jobs.values()))
