"""openapi/dbv0.0.38, dbv0.0.37 and dbv0.0.36 next to the reference daemon, on the lab's slurmdbd.

Reads are compared as documents; writes run the same sequence through each
daemon with its own names, compare every answer (names normalised), and
check with sacctmgr that slurmdbd holds what the API said.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from slurmrestd_dev import lab as slurm_lab
from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conftest import Lab

# The C reference here is 22.05's: it serves v0.0.38, which the C daemons of 24.11 and
# 26.05 no longer serve.
pytestmark = pytest.mark.releases("22.05")

VERSIONS = ["/slurmdb/v0.0.38", "/slurmdb/v0.0.37", "/slurmdb/v0.0.36"]
ADMIN = "labadmin"


@pytest.fixture(params=VERSIONS, ids=["dbv0.0.38", "dbv0.0.37", "dbv0.0.36"])
def db(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def both(
    pair: Pair, lab: Lab, method: str, target: str, body: Any = None, *, user: str = ADMIN
) -> tuple[tuple[int, Any], tuple[int, Any]]:
    ref, ours = pair.clients(user, lab.token(user))
    return ref.request(method, target, body), ours.request(method, target, body)


def compare(
    pair: Pair,
    lab: Lab,
    method: str,
    target: str,
    body: Any = None,
    *,
    user: str = ADMIN,
    values: bool = True,
) -> Any:
    (ref_status, ref_doc), (our_status, our_doc) = both(pair, lab, method, target, body, user=user)
    assert our_status == ref_status, (target, ref_doc, our_doc)
    diff = differences(ref_doc, our_doc, values=values)
    if diff and method == "GET":
        # A live value may have moved between the two reads: read the reference again.
        ref, _ = pair.clients(user, lab.token(user))
        diff = differences(ref_doc, our_doc, values=values, after=ref.request(method, target)[1])
    assert not diff, "\n".join([target, *diff[:30]])
    return our_doc


GETS = [
    "/config",
    "/tres",
    "/qos",
    "/qos/normal",
    "/qos/nope",
    "/qos?with_deleted=true",
    "/users",
    "/user/alice",
    "/user/nobody",
    "/users?with_deleted=1",
    "/users?foo=1",
    "/clusters",
    "/cluster/lab",
    "/cluster/nope",
    "/wckeys",
    "/wckey/nope",
    "/accounts",
    "/account/lab",
    "/account/nope",
    "/accounts?bogus=1",
    "/associations",
    "/associations?account=lab",
    "/associations?account=nope",
    "/associations?user=alice,bob",
    "/association?user=alice",
    "/association",
    "/jobs?users=alice",
    "/jobs?state=bogus",
    "/jobs?start_time=notatime",
    "/jobs?cpus_min=abc",
    "/jobs?skip_steps=maybe",
    "/job/999999",
]


@pytest.mark.parametrize("path", GETS)
@pytest.mark.parametrize("user", [ADMIN, "alice"])
def test_get(db: str, pair: Pair, lab: Lab, path: str, user: str) -> None:
    compare(pair, lab, "GET", db + path, user=user)


def test_diag(db: str, pair: Pair, lab: Lab) -> None:
    compare(pair, lab, "GET", db + "/diag", values=False)
    compare(pair, lab, "GET", db + "/diag", user="alice")


def _finished_job(lab: Lab, name: str) -> int:
    """A job that has finished and is in slurmdbd (its record no longer changes)."""
    out = lab.run(
        "sbatch", "--parsable", "-J", name, "-t", "1", "--wrap", "true", user="alice"
    ).stdout
    job_id = int(out.strip().split(";")[0])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rec = lab.run("sacct", "-n", "-X", "-P", "-o", "State", "-j", str(job_id)).stdout.strip()
        if rec in ("COMPLETED", "FAILED"):
            time.sleep(2)  # its steps and final times reach slurmdbd
            return job_id
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture(scope="module")
def finished(lab: Lab) -> tuple[int, str]:
    name = "dbconf-" + uuid.uuid4().hex[:8]
    return _finished_job(lab, name), name


def test_jobs(db: str, pair: Pair, lab: Lab, finished: tuple[int, str]) -> None:
    job_id, name = finished
    # slurmdbd may still hold an older record under the same id (a lab that was reset):
    # wait until both daemons read the finished job's own record.
    ref, _ = pair.clients(ADMIN, lab.token(ADMIN))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        _, doc = ref.request("GET", f"{db}/job/{job_id}")
        if [j["name"] for j in doc.get("jobs", [])] == [name]:
            break
        time.sleep(0.5)
    doc = compare(pair, lab, "GET", f"{db}/job/{job_id}")
    assert [j["job_id"] for j in doc["jobs"]] == [job_id]
    for query in (
        f"job_name={name}",
        f"job_name={name}&state=COMPLETED",
        f"job_name={name}&state=3",
        f"job_name={name}&account=lab&partition=debug",
        f"job_name={name}&skip_steps=true",
        f"job_name={name}&start_time=2020-01-01",
        f"job_name={name}&step={job_id}",
    ):
        compare(pair, lab, "GET", f"{db}/jobs?{query}", user="alice")
    # The whole list moves while jobs run: its structure, not its values.
    compare(pair, lab, "GET", f"{db}/jobs", values=False)


def _normalise(doc: Any, names: dict[str, str]) -> Any:
    """Each daemon's names replaced by common ones; ids slurmdbd hands out removed."""
    if isinstance(doc, bytes):
        doc = doc.decode("utf-8", "replace")
    if isinstance(doc, dict):
        doc = {k: v for k, v in doc.items() if k != "meta"}
        for q in doc.get("QOS") or []:
            q.pop("id", None)
    text = json.dumps(doc)
    for mine, common in names.items():
        text = text.replace(mine, common)
    return json.loads(text)


def _sacctmgr(lab: Lab, *args: str) -> list[str]:
    out = lab.run("sacctmgr", "-n", "-P", "show", *args).stdout
    return [line for line in out.splitlines() if line.strip()]


def _round_trip(db: str, names: dict[str, str]) -> list[tuple[str, str, Any]]:
    acct, user, qos = names["ACCT"], names["USER"], names["QOS"]
    steps: list[tuple[str, str, Any]] = [
        (
            "POST",
            "/accounts",
            {"accounts": [{"name": acct, "description": "rt", "organization": "o"}]},
        ),
        ("GET", f"/account/{acct}", None),
        (
            "POST",
            "/associations",
            {
                "associations": [
                    {"account": acct, "cluster": "lab", "parent_account": "root", "user": None}
                ]
            },
        ),
        (
            "POST",
            "/associations",
            {
                "associations": [
                    {
                        "account": acct,
                        "cluster": "lab",
                        "user": "bob",
                        "max": {"jobs": {"per": {"count": 5}}},
                    }
                ]
            },
        ),
        ("GET", f"/associations?account={acct}", None),
        (
            "POST",
            "/associations",
            {
                "associations": [
                    {
                        "account": acct,
                        "cluster": "lab",
                        "user": "bob",
                        "max": {"jobs": {"per": {"count": 7}}},
                        "priority": 3,
                    }
                ]
            },
        ),
        ("GET", f"/associations?account={acct}", None),
        (
            "POST",
            "/users",
            {
                "users": [
                    {
                        "name": user,
                        "default": {"account": acct},
                        "associations": [{"account": acct, "cluster": "lab", "user": user}],
                    }
                ]
            },
        ),
        ("GET", f"/user/{user}", None),
        ("GET", f"/account/{acct}", None),
        ("GET", f"/associations?account={acct}", None),
        # bad bodies: nothing may change
        ("POST", "/accounts", {}),
        ("POST", "/accounts", {"accounts": {}}),
        ("POST", "/accounts", {"accounts": [1]}),
        ("POST", "/accounts", {"accounts": [{"name": acct + "x", "flags": ["BOGUS"]}]}),
        ("POST", "/users", {"users": [{"name": user, "administrator_level": "Wizard"}]}),
        ("POST", "/users", {"users": [{"default": {"account": acct}}]}),
        (
            "POST",
            "/associations",
            {
                "associations": [
                    {"account": acct, "cluster": "lab", "user": "bob", "qos": ["nosuch"]}
                ]
            },
        ),
        (
            "POST",
            "/associations",
            {
                "associations": [
                    {"account": acct, "cluster": "lab", "user": "bob", "priority": "high"}
                ]
            },
        ),
        ("GET", f"/associations?account={acct}", None),
        ("DELETE", f"/user/{user}", None),
        ("GET", f"/user/{user}", None),
        ("DELETE", f"/association?account={acct}&user=bob", None),
        ("DELETE", f"/account/{acct}", None),
        ("GET", f"/account/{acct}", None),
        ("DELETE", f"/account/{acct}", None),
    ]
    if db.endswith("v0.0.38"):
        steps += [
            ("POST", "/qos", {"QOS": [{"name": qos, "description": "rt", "priority": 10}]}),
            ("GET", f"/qos/{qos}", None),
            ("POST", "/qos", {"QOS": [{"name": qos, "priority": 20, "flags": ["NO_DECAY"]}]}),
            ("GET", f"/qos/{qos}", None),
            ("POST", "/qos", {"QOS": [{"description": "no name"}]}),
            ("POST", "/qos", {"QOS": [{"id": 999999, "priority": 1}]}),
            ("DELETE", f"/qos/{qos}", None),
            ("GET", f"/qos/{qos}", None),
        ]
    return steps


def test_round_trip(db: str, pair: Pair, lab: Lab) -> None:
    """The same writes through each daemon give the same answers and the same records."""
    tag = uuid.uuid4().hex[:6]
    runs = []
    for who in ("ref", "ours"):
        names = {"ACCT": f"rt{who}{tag}", "USER": f"ru{who}{tag}", "QOS": f"rq{who}{tag}"}
        client = pair.clients(ADMIN, lab.token(ADMIN))[0 if who == "ref" else 1]
        answers = []
        held: list[list[str]] = []
        for method, path, body in _round_trip(db, names):
            status, doc = client.request(method, db + path, body)
            common = {v: k for k, v in names.items()}
            answers.append((method, _normalise(path, common), status, _normalise(doc, common)))
            if path.startswith("/users") and method == "POST" and not held:
                held.append(
                    _sacctmgr(
                        lab, "assoc", f"account={names['ACCT']}", "format=account,user,grpjobs"
                    )
                )
                held.append(_sacctmgr(lab, "user", names["USER"], "format=user,defaultaccount"))
        held.append(_sacctmgr(lab, "account", names["ACCT"], "format=account"))
        held.append(_sacctmgr(lab, "user", names["USER"], "format=user"))
        runs.append((answers, _normalise(held, {v: k for k, v in names.items()})))
    (ref_answers, ref_held), (our_answers, our_held) = runs
    for (method, path, ref_status, ref_doc), (_, _, our_status, our_doc) in zip(
        ref_answers, our_answers, strict=True
    ):
        assert our_status == ref_status, (method, path, ref_doc, our_doc)
        diff = differences(ref_doc, our_doc)
        assert not diff, "\n".join([f"{method} {path}", *diff[:30]])
    assert our_held == ref_held
    if db.endswith("v0.0.36"):
        # dbv0.0.36 cannot add associations nor delete users: the round trip leaves each
        # daemon's user (and so its account) behind, the same on both sides (above).
        for who in ("ref", "ours"):
            lab.run("sacctmgr", "-i", "delete", "user", f"ru{who}{tag}")
            lab.run("sacctmgr", "-i", "delete", "account", f"rt{who}{tag}")
        return
    # While they existed, slurmdbd held what the API said; after the deletes, nothing.
    said = next(
        doc
        for method, path, _, doc in our_answers
        if method == "GET"
        and path.startswith("/associations")
        and "associations" in doc
        and any(a["user"] == "USER" for a in doc["associations"])
    )
    expected = sorted(
        f"{a['account']}|{a['user'] or ''}|{a['max']['jobs']['per']['count'] or ''}"
        for a in said["associations"]
        if a["account"] == "ACCT"  # dbv0.0.37 lists every association
    )
    assert sorted(our_held[0]) == expected, (our_held, expected)
    assert our_held[1] == ["USER|ACCT"]
    assert our_held[-2:] == [[], []]


REFUSED_WRITES = [
    ("POST", "/tres", {"TRES": [{"type": "cpu", "count": 1}]}),
    ("POST", "/wckeys", {}),
    ("POST", "/wckeys", {"wckeys": [1]}),
    ("POST", "/wckeys", {"wckeys": [{"name": "x", "cluster": "nope", "user": "alice"}]}),
    ("POST", "/users", {"users": "alice"}),
    (
        "POST",
        "/associations",
        {
            "associations": [
                {
                    "account": "lab",
                    "user": "alice",
                    "max": {"tres": {"total": [{"type": "nosuch"}]}},
                }
            ]
        },
    ),
    ("POST", "/config", {"accounts": [1]}),
    ("DELETE", "/cluster/nope", None),
    ("DELETE", "/wckey/nope", None),
    ("DELETE", "/user/nobody", None),
    ("DELETE", "/association?account=nope&user=nobody", None),
]


# A cluster with a flag no version knows: dbv0.0.38 refuses it, dbv0.0.37 ignores the flag and
# writes the cluster again (below).
BOGUS_CLUSTER = {"clusters": [{"name": "lab", "flags": ["BOGUS"]}]}


def _records(lab: Lab) -> tuple[list[str], list[str]]:
    """What a refused write must leave alone: associations, and the cluster record (with the
    controller slurmctld registered)."""
    return (
        _sacctmgr(lab, "assoc", "format=cluster,account,user,grptres"),
        _sacctmgr(lab, "cluster", "format=cluster,controlhost,controlport,flags"),
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        *REFUSED_WRITES,
        # the C daemon's dbv0.0.37 and dbv0.0.36 die on this one (ours answers as dbv0.0.38 does)
        pytest.param("DELETE", "/qos/nope", None),
    ],
)
def test_refused_writes_change_nothing(
    db: str, pair: Pair, lab: Lab, method: str, path: str, body: Any
) -> None:
    if path == "/qos/nope" and not db.endswith("v0.0.38"):
        status, doc = pair.clients(ADMIN, lab.token(ADMIN))[1].request(method, db + path)
        assert status == 500 and doc["errors"][0]["description"] == "Nothing found", doc
        return
    before = _records(lab)
    compare(pair, lab, method, db + path, body)
    assert _records(lab) == before


def test_dbv0038_refuses_a_cluster_with_a_bogus_flag(pair: Pair, lab: Lab) -> None:
    before = _records(lab)
    compare(pair, lab, "POST", "/slurmdb/v0.0.38/clusters", BOGUS_CLUSTER)
    assert _records(lab) == before


def test_dbv0037_writes_a_cluster_with_a_bogus_flag(pair: Pair, lab: Lab) -> None:
    """dbv0.0.37 ignores the unknown flag and writes the cluster again, as its reference does:
    slurmdbd then forgets the controller slurmctld registered (the lab restarts it after)."""
    try:
        compare(pair, lab, "POST", "/slurmdb/v0.0.37/clusters", BOGUS_CLUSTER)
        controller = _sacctmgr(lab, "cluster", "lab", "format=controlhost,controlport")
        assert controller == ["|0"], controller
    finally:
        slurm_lab.ensure_registered()
    # `slurm-lab up` brings the controller back (a restarted slurmctld registers again).
    port = slurm_lab.host_release().slurmctld_port
    assert _sacctmgr(lab, "cluster", "lab", "format=controlport") == [str(port)]


def test_permission_denied(db: str, pair: Pair, lab: Lab) -> None:
    """An ordinary user gets the reference's entry, and slurmdbd keeps nothing."""
    name = "denied" + uuid.uuid4().hex[:6]
    compare(pair, lab, "POST", db + "/accounts", {"accounts": [{"name": name}]}, user="alice")
    compare(pair, lab, "DELETE", db + "/account/lab", user="alice")
    compare(pair, lab, "DELETE", db + "/user/bob", user="alice")
    assert _sacctmgr(lab, "account", name, "format=account") == []
    assert _sacctmgr(lab, "user", "bob", "format=user") == ["bob"]


@pytest.mark.parametrize("db", VERSIONS[1:])
def test_methods_of_the_older_version(db: str, pair: Pair, lab: Lab) -> None:
    """dbv0.0.37 has no POST /qos and no DELETE /associations; dbv0.0.36 no POST
    /associations either."""
    compare(pair, lab, "POST", f"{db}/qos", {"QOS": []})
    compare(pair, lab, "DELETE", f"{db}/associations?account=nope")
    compare(pair, lab, "POST", f"{db}/associations", {"associations": []})
