"""openapi/v0.0.38, v0.0.37 and v0.0.36: ours and the reference, endpoint by endpoint."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests import golden
from tests.conformance.compare import differences
from tests.conformance.conftest import API, Pair
from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

# The C reference here is 22.05's: it serves v0.0.38, which the C daemons of 24.11 and
# 26.05 no longer serve.
pytestmark = pytest.mark.releases("22.05")

SLEEP = "#!/bin/sh\nsleep 300\n"
ENV = {"PATH": "/usr/bin:/bin"}


def props(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "current_working_directory": "/tmp",
        "standard_output": "/dev/null",
        "environment": ENV,
        "time_limit": 10,
        **extra,
    }


@dataclass
class Scenario:
    jobs: dict[str, int] = field(default_factory=dict)
    reservation: str = "conformance"


VERSIONS = ["/slurm/v0.0.38", "/slurm/v0.0.37", "/slurm/v0.0.36"]


@pytest.fixture(params=VERSIONS, ids=["v0.0.38", "v0.0.37", "v0.0.36"])
def api(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def scontrol_job(lab: Lab, job_id: int) -> dict[str, str]:
    out = lab.run("scontrol", "-o", "show", "job", str(job_id)).stdout
    return dict(item.split("=", 1) for item in out.split() if "=" in item)


def wait_state(lab: Lab, job_id: int, states: tuple[str, ...], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        state = scontrol_job(lab, job_id).get("JobState", "")
        if state in states or time.monotonic() > deadline:
            return state
        time.sleep(0.3)


@pytest.fixture(scope="module")
def scenario(lab: Lab, pair: Pair) -> Iterator[Scenario]:
    """Jobs of every kind the lab can make, and a reservation."""
    s = Scenario()
    alice = Client(port=pair.our_port, headers=jwt_headers("alice", lab.token("alice")))

    def submit(key: str, body: dict[str, Any]) -> None:
        status, doc = alice.request("POST", f"{API}/job/submit", body)
        assert status == 200, doc
        s.jobs[key] = doc["job_id"]

    lab.run(
        "scontrol",
        "create",
        "reservation",
        f"reservationname={s.reservation}",
        "users=bob",
        "starttime=now+30days",
        "duration=60",
        "nodes=ALL",
        "flags=maint,purge_comp=5",
    )
    submit("completed", {"script": "#!/bin/sh\ntrue\n", "job": props("done")})
    submit("running", {"script": SLEEP, "job": props("running", tasks=2)})
    assert wait_state(lab, s.jobs["running"], ("RUNNING",)) == "RUNNING"
    submit("niced", {"script": SLEEP, "job": props("niced", nice=5)})
    submit(
        "cpufreq",
        {
            "script": SLEEP,
            "job": props("cpufreq", cpu_frequency="1000-2000:performance", hold=True),
        },
    )
    submit("held", {"script": SLEEP, "job": props("held", hold=True, memory_per_cpu=100)})
    submit("array", {"script": SLEEP, "job": props("array", array="1-3", memory_per_node="100M")})
    submit(
        "licensed",
        {"script": SLEEP, "job": props("licensed", licenses="fluent:1", partition="long")},
    )
    submit(
        "dependent",
        {
            "script": SLEEP,
            "job": props("dependent", dependency=f"afterok:{s.jobs['running']}", exclusive="user"),
        },
    )
    submit("het", {"script": SLEEP, "jobs": [props("het0"), props("het1", tasks=1)]})
    assert wait_state(lab, s.jobs["completed"], ("COMPLETED",)) == "COMPLETED"
    time.sleep(1)  # let the scheduler settle the others
    try:
        yield s
    finally:
        lab.run("scancel", *map(str, s.jobs.values()))
        lab.run("scontrol", "delete", f"reservationname={s.reservation}")


def without_peer(value: Any) -> Any:
    """Messages name the client as [host]:port (v0.0.36's job errors); the port is the
    connection's own.  (And a stale errno: STALE_ERRNO.)"""
    if isinstance(value, str):
        return golden.PEER.sub("[PEER]", value)
    if isinstance(value, list | tuple):
        return type(value)(without_peer(v) for v in value)
    if isinstance(value, dict):
        out = {k: without_peer(v) for k, v in value.items()}
        if str(out.get("error", "")).startswith(STALE_ERRNO) and "error_code" in out:
            out["error_code"] = "errno"
        return out
    return value


# v0.0.36 writes errno as these entries' error_code when it is set, else -1: errno is
# what the reference's thread was last left with (a failed RPC of an earlier request
# served by the same thread), so its number cannot be compared.
STALE_ERRNO = ("Disabled key", "process failed for key")


def compare(
    pair: Pair,
    lab: Lab,
    method: str,
    target: str,
    body: Any = None,
    *,
    user: str = "alice",
    token: str | None = None,
    values: bool = True,
) -> Any:
    ref, ours = pair.clients(user, token if token is not None else lab.token(user))
    ref_status, ref_doc = without_peer(ref.request(method, target, body))
    our_status, our_doc = without_peer(ours.request(method, target, body))
    for _ in range(2 if method == "GET" and our_status != ref_status else 0):
        # Seen once in CI: 22.05's v0.0.36 answered GET job/0 with 304 and no body, where
        # it answers 500 ("job_id is zero") every other time; ours must match its usual
        # answer, which a second or third reading gives.
        ref_status, ref_doc = without_peer(ref.request(method, target, body))
        if ref_status == our_status:
            break
    assert our_status == ref_status, (target, ref_doc, our_doc)
    if isinstance(ref_doc, dict):
        diff = differences(ref_doc, our_doc, values=values)
        if diff and method == "GET":
            # A live value may have moved between the two reads: read the reference again.
            _, after = without_peer(ref.request(method, target, body))
            diff = differences(ref_doc, our_doc, values=values, after=after)
        assert not diff, "\n".join([target, *diff[:30]])
    else:
        assert ref_doc == our_doc, target
    return our_doc


GETS = [
    "/ping",
    "/licenses",
    "/partitions",
    "/partition/debug",
    "/partition/long",
    "/partition/nope",
    "/reservations",
    "/reservation/conformance",
    "/reservation/nope",
    "/nodes",
    "/node/{host}",
    "/node/nope",
    "/jobs",
    "/job/999999",
    "/job/abc",
    "/job/0",
    "/jobs?update_time=abc",
    "/jobs?update_time=9999999999",
    "/nodes?update_time=9999999999",
    "/partitions?update_time=9999999999",
]


@pytest.mark.parametrize("path", GETS)
@pytest.mark.parametrize("user", ["alice", "slurm"])
def test_get(api: str, pair: Pair, lab: Lab, scenario: Scenario, path: str, user: str) -> None:
    from slurmrestd_dev.lab import hostname

    if path.startswith("/diag"):
        compare(pair, lab, "GET", api + path, values=False, user=user)
        return
    compare(pair, lab, "GET", api + path.format(host=hostname()), user=user)


def test_every_job_of_the_scenario(api: str, pair: Pair, lab: Lab, scenario: Scenario) -> None:
    for key, job_id in scenario.jobs.items():
        doc = compare(pair, lab, "GET", f"{api}/job/{job_id}")
        assert doc["jobs"], key


def test_diag_structure(api: str, pair: Pair, lab: Lab, scenario: Scenario) -> None:
    compare(pair, lab, "GET", f"{api}/diag", values=False)


@pytest.mark.parametrize(
    "path",
    [
        "/ping",
        "/licenses",
        "/diag",
        "/jobs",
        "/job/1",
        "/nodes",
        "/node/x",
        "/partitions",
        "/partition/debug",
        "/reservations",
        "/reservation/conformance",
    ],
)
def test_rpc_failure_answers(api: str, pair: Pair, lab: Lab, scenario: Scenario, path: str) -> None:
    compare(pair, lab, "GET", api + path, token="abc.def.ghi")


SUBMIT_ERRORS = {
    "no script": {"job": props("x")},
    "no job": {"script": SLEEP},
    "job not an object": {"script": SLEEP, "job": "nope"},
    "unknown key": {"script": SLEEP, "job": {**props("x"), "Bogus_Key": 1}},
    "disabled key": {"script": SLEEP, "job": {**props("x"), "x11": "all"}},
    "no environment": {"script": SLEEP, "job": {"name": "x", "current_working_directory": "/tmp"}},
    "bad time": {"script": SLEEP, "job": props("x", time_limit="abc")},
    "bad partition": {"script": SLEEP, "job": props("x", partition="nope")},
    "bad exclusive": {"script": SLEEP, "job": props("x", exclusive=True)},
    "bad cpu frequency": {"script": SLEEP, "job": props("x", cpu_frequency="bogus")},
    "governor without range": {"script": SLEEP, "job": props("x", cpu_frequency="high:powersave")},
    # Keys one version knows and the other does not (a bad partition stops a real submit).
    **{
        f"version key {key}": {"script": SLEEP, "job": {key: value, **props("x", partition="nope")}}
        for key, value in (
            ("time_minimum", 5),
            ("time minimum", 5),
            ("oversubscribe", True),
            ("mcs_label", "m"),
            ("msc_label", "m"),
            ("container", "c"),
            ("prefer", "p"),
            ("cpu_binding_hint", "nomultithread"),
        )
    },
}


@pytest.mark.parametrize("case", sorted(SUBMIT_ERRORS))
def test_submit_errors(api: str, pair: Pair, lab: Lab, scenario: Scenario, case: str) -> None:
    compare(pair, lab, "POST", f"{api}/job/submit", SUBMIT_ERRORS[case])


def _recorded(lab: Lab, job_id: int) -> dict[str, str]:
    keep = (
        "UserId",
        "GroupId",
        "JobName",
        "Priority",
        "Nice",
        "Account",
        "QOS",
        "JobState",
        "Partition",
        "TimeLimit",
        "NumNodes",
        "NumCPUs",
        "NumTasks",
        "CPUs/Task",
        "MinMemoryNode",
        "MinMemoryCPU",
        "Features",
        "Dependency",
        "Licenses",
        "Comment",
        "WorkDir",
        "StdOut",
        "Requeue",
        "OverSubscribe",
        "Contiguous",
        "Reservation",
    )
    job = scontrol_job(lab, job_id)
    return {k: job.get(k, "") for k in keep}


def test_submit_update_cancel_record_the_same_job(
    api: str, pair: Pair, lab: Lab, scenario: Scenario
) -> None:
    ref, ours = pair.clients("alice", lab.token("alice"))
    body = {
        "script": SLEEP,
        "job": props(
            "twin",
            tasks=2,
            memory_per_cpu=50,
            comment="c1",
            hold=True,
            requeue=True,
            partition="long",
            licenses="matlab:1",
        ),
    }
    ids = []
    for client in (ref, ours):
        status, doc = client.request("POST", f"{api}/job/submit", body)
        assert status == 200
        assert doc["errors"] == [
            {"error_code": 2042, "error": "Job is in held state, pending scheduler release"}
        ]
        assert doc["step_id"] == "BATCH"
        ids.append(doc["job_id"])
    try:
        assert _recorded(lab, ids[0]) == _recorded(lab, ids[1])
        for client, job_id in zip((ref, ours), ids, strict=True):
            status, doc = client.request(
                "POST", f"{api}/job/{job_id}", {"comment": "c2", "time_limit": 5, "nice": 3}
            )
            assert (status, doc["errors"]) == (200, [])
        assert _recorded(lab, ids[0]) == _recorded(lab, ids[1])
        assert _recorded(lab, ids[1])["Comment"] == "c2"
        for client, job_id in zip((ref, ours), ids, strict=True):
            status, doc = client.request("DELETE", f"{api}/job/{job_id}?signal=KILL")
            assert (status, doc["errors"]) == (200, [])
        for job_id in ids:
            assert wait_state(lab, job_id, ("CANCELLED",)) == "CANCELLED"
    finally:
        lab.run("scancel", *map(str, ids))


@pytest.mark.parametrize("query", ["?signal=FOO", "?signal=0", "?signal=65", ""])
def test_cancel_errors(api: str, pair: Pair, lab: Lab, scenario: Scenario, query: str) -> None:
    compare(pair, lab, "DELETE", f"{api}/job/999999{query}")


@pytest.mark.parametrize("body", [{"job": {"comment": "x"}}, {"bogus": 1}, "text", [1]])
def test_update_errors(api: str, pair: Pair, lab: Lab, scenario: Scenario, body: Any) -> None:
    job_id = scenario.jobs["held"]
    ref, ours = pair.clients("alice", lab.token("alice"))
    a = without_peer(ref.request("POST", f"{api}/job/{job_id}", body))
    b = without_peer(ours.request("POST", f"{api}/job/{job_id}", body))
    assert a[0] == b[0]
    # The reference names the client connection ([host]:port) in these messages.
    strip = [{k: v for k, v in e.items() if k != "description"} for e in a[1]["errors"]]
    assert strip == [{k: v for k, v in e.items() if k != "description"} for e in b[1]["errors"]]


def test_update_unknown_job(api: str, pair: Pair, lab: Lab, scenario: Scenario) -> None:
    ref, ours = pair.clients("alice", lab.token("alice"))
    a = ref.request("POST", f"{api}/job/999999", {"comment": "x"})
    b = ours.request("POST", f"{api}/job/999999", {"comment": "x"})
    assert a[0] == b[0] == 500
    # v0.0.36's entries have no error_number: their texts must match.
    assert [e.get("error_number") for e in a[1]["errors"]] == [
        e.get("error_number") for e in b[1]["errors"]
    ]
    if api.endswith("v0.0.36"):
        assert without_peer(a[1]["errors"]) == without_peer(b[1]["errors"])


V0036_ONLY = [
    ("GET", "/job/-1", None),
    ("GET", "/job/1.5", None),
    ("GET", "/job/%2B7", None),
    ("GET", "/job/%2B1.5", None),
    ("GET", "/job/%2B-1", None),
    ("GET", "/job/99999999999", None),
    ("DELETE", "/job/0", None),
    ("GET", "/node/{HOST}", None),
    ("POST", "/job/submit", [1]),
    ("POST", "/job/submit", "text"),
]


@pytest.mark.parametrize(("method", "path", "body"), V0036_ONLY)
def test_v0036_reads_its_path_and_body_as_its_reference(
    pair: Pair, lab: Lab, method: str, path: str, body: Any
) -> None:
    """v0.0.36's job_id is a number (signed, rounded, or no path at all), a node's name is
    matched exactly, and a submission that is no object has no script."""
    from slurmrestd_dev.lab import hostname

    compare(pair, lab, method, "/slurm/v0.0.36" + path.format(HOST=hostname().upper()), body)
