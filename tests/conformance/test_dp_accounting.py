"""openapi/slurmdbd's accounting paths (v0.0.4x): ours and the release's C daemon.

Every GET path with and without query flags, as an administrator and as an
ordinary user; every DELETE path, and POST accounts, users, wckeys, clusters and
tres, on objects each side creates for itself, with sacctmgr showing the same
state after each (an ordinary user's refused writes and bad bodies change
nothing).  The reference
names its slurmdbd connection by address in some messages
("slurmdb_wckeys_get(0x7f..) found nothing"): the address is compared as
"(PTR)".  slurmdbd's statistics (GET /diag) move with every request: compared
as structure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both, comparable
from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

pytestmark = pytest.mark.releases("24.11", "26.05")


def _pointers(doc: Any) -> Any:
    if not isinstance(doc, dict):  # a page that is no document (404 of an unknown path)
        return doc
    return json.loads(re.sub(r"\(0x[0-9a-f]+\)", "(PTR)", json.dumps(doc)))


def _usage_sorted(doc: Any) -> Any:
    """Usage records in one order: slurmdbd orders them by id and period only, so the
    records of one period come in any order (two requests may differ)."""
    if isinstance(doc, list):
        return [_usage_sorted(x) for x in doc]
    if not isinstance(doc, dict):
        return doc
    out = {k: _usage_sorted(v) for k, v in doc.items()}
    if isinstance(out.get("accounting"), list):
        out["accounting"].sort(key=lambda r: json.dumps(r, sort_keys=True))
    return out


def same(pair: Pair, lab: Lab, target: str, user: str = "slurm") -> None:
    ref, ours = both(pair, lab, "GET", target, user=user)
    assert_same(
        (ref[0], _usage_sorted(_pointers(ref[1]))), (ours[0], _usage_sorted(_pointers(ours[1])))
    )


def cluster(pair: Pair, lab: Lab, version: str) -> str:
    """The lab's cluster, as the reference lists it."""
    ref, _ = both(pair, lab, "GET", f"/slurmdb/{version}/clusters")
    return str(ref[1]["clusters"][0]["name"])


PATHS = [
    "tres",
    "qos",
    "qos/normal",
    "qos/nothing",
    "qos?name=normal&with_deleted=1",
    "accounts",
    "accounts?with_assocs=true&with_coords=1&with_deleted",
    "accounts?WithAssociations&WithCoordinators=1&DELETED=0&bogus=2",
    "account/lab",
    "account/lab?with_assocs=true&with_coords",
    "account/nothing",
    "users",
    "users?with_assocs=true&with_coords=1&with_wckeys&without_defaults=no",
    "users?admin_level=Administrator&default_account=lab",
    "user/alice",
    "user/alice?with_assocs",
    "user/nobody-here",
    "associations",
    "associations?account=lab&user=alice%2Cbob",
    "associations?with_deleted&only_defaults=true",
    "associations?with_usage&account=lab",
    "associations?Include+deleted+associations&Filter%20to%20only%20defaults=0",
    "association?user=alice",
    "association?account=lab",
    "association?account=nothing",
    "wckeys",
    "wckeys?with_deleted=1&bogus",
    "wckeys?with_usage=1",
    "wckey/1",
    "clusters",
    "clusters?update_time=4",
    "cluster/nothing",
    "instances",
    "instance?cluster=nothing",
    "instance",
    "config",
    "ping",
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", PATHS)
def test_get(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    same(dp_pair, lab, f"/slurmdb/{version}/{path}")


@pytest.mark.parametrize("version", VERSIONS)
def test_get_cluster(dp_pair: Pair, lab: Lab, version: str) -> None:
    same(dp_pair, lab, f"/slurmdb/{version}/cluster/{cluster(dp_pair, lab, version)}")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", ["tres", "qos", "accounts", "users", "associations", "wckeys"])
def test_get_as_user(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    same(dp_pair, lab, f"/slurmdb/{version}/{path}", user="alice")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("user", ["slurm", "alice"])
def test_diag(dp_pair: Pair, lab: Lab, version: str, user: str) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurmdb/{version}/diag", user=user)
    assert ours[0] == ref[0], (ref, ours)
    diffs = differences(ref[1], ours[1], values=False)
    assert not diffs, "\n".join(diffs[:40])
    assert ours[1]["errors"] == ref[1]["errors"]


# --- deletions: each side deletes its own copy; sacctmgr then shows the same --------


def _sacctmgr(lab: Lab, *args: str) -> str:
    return lab.run("sacctmgr", "-i", *args).stdout


def _show(lab: Lab, *args: str) -> str:
    return lab.run("sacctmgr", "-nP", "show", *args).stdout.strip()


def _write_both(
    pair: Pair,
    lab: Lab,
    setup: list[tuple[str, ...]],
    method: str,
    target: str,
    check: tuple[str, ...],
    user: str = "slurm",
    body: Any = None,
) -> None:
    """The write on the reference then on ours, each after setup; the same answers and
    the same state in slurmdbd (sacctmgr's view) after each."""
    answers, states = [], []
    for port in (pair.ref_port, pair.our_port):
        for args in setup:
            _sacctmgr(lab, *args)
        headers = jwt_headers(user, lab.token(user))
        status, doc = Client(port=port, headers=headers).request(method, target, body)
        answers.append((status, _pointers(comparable(doc))))
        states.append(_show(lab, *check))
    assert_same(answers[0], answers[1])
    assert states[0] == states[1]


@pytest.fixture
def names(dp_pair: Pair, lab: Lab) -> Iterator[dict[str, str]]:
    """The test's accounting objects (dbt_*), removed afterwards whatever happened."""
    version = VERSIONS[0]
    out = {
        "cluster": cluster(dp_pair, lab, version),
        "account": "dbt_acct",
        "user": "dbt_user",
        "qos": "dbt_qos",
        "new_cluster": "dbtcl",
    }
    yield out
    _sacctmgr(lab, "delete", "user", out["user"], f"{out['user']}2")
    _sacctmgr(lab, "delete", "account", out["account"], "dbt_x")
    _sacctmgr(lab, "delete", "qos", out["qos"])
    _sacctmgr(lab, "delete", "cluster", out["new_cluster"])


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("user", ["slurm", "alice"])
def test_delete(dp_pair: Pair, lab: Lab, names: dict[str, str], version: str, user: str) -> None:
    p, n = f"/slurmdb/{version}", names
    acct = [("add", "account", n["account"], f"cluster={n['cluster']}")]
    usr = [*acct, ("add", "user", n["user"], f"account={n['account']}", f"cluster={n['cluster']}")]
    checks: list[tuple[list[tuple[str, ...]], str, tuple[str, ...]]] = [
        (acct, f"account/{n['account']}", ("account", n["account"])),
        ([], "account/nothing", ("account", "nothing")),
        (usr, f"user/{n['user']}", ("user", n["user"])),
        ([], "user/nothing", ("user", "nothing")),
        (
            usr,
            f"association?account={n['account']}&user={n['user']}",
            ("assoc", f"user={n['user']}", "format=account,user"),
        ),
        (usr, f"association?account={n['account']}", ("assoc", f"account={n['account']}")),
        (usr, f"associations?account={n['account']}", ("assoc", f"account={n['account']}")),
        ([("add", "qos", n["qos"])], f"qos/{n['qos']}", ("qos", n["qos"], "format=name")),
        ([], "qos/nothing", ("qos", "nothing", "format=name")),
        ([], "wckey/nothing", ("wckey", "nothing")),
        (
            [("add", "cluster", n["new_cluster"])],
            f"cluster/{n['new_cluster']}",
            ("cluster", n["new_cluster"], "format=cluster"),
        ),
        ([], "cluster/nothing", ("cluster", "nothing", "format=cluster")),
    ]
    for setup, path, check in checks:
        _write_both(dp_pair, lab, setup, "DELETE", f"{p}/{path}", check, user=user)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_accounts(dp_pair: Pair, lab: Lab, names: dict[str, str], version: str) -> None:
    target, a = f"/slurmdb/{version}/accounts", names["account"]
    gone = [("delete", "account", a)]
    check = ("account", a, "format=account,descr,org")
    coords = ("account", a, "withcoord", "format=account,coord")

    def acct(**more: Any) -> dict[str, Any]:
        return {"accounts": [{"name": a, "description": "d1", "organization": "o1", **more}]}

    cases: list[tuple[list[tuple[str, ...]], str, Any, tuple[str, ...]]] = [
        (gone, "slurm", acct(), check),
        ([], "slurm", acct(description="d2", organization="o2"), check),
        ([], "slurm", acct(flags=["DELETED"], associations=[{"user": "x"}], bogus=1), check),
        ([], "alice", acct(description="d9"), check),
        (gone, "slurm", {"accounts": [{"name": a}]}, check),
        (gone, "slurm", {"accounts": [{"description": "x", "organization": "y"}]}, check),
        (gone, "slurm", {}, check),
        (gone, "slurm", {"accounts": {}}, check),
        (gone, "slurm", [], check),
        (gone, "alice", acct(), check),
        (gone, "slurm", acct(coordinators=[{"name": "alice"}]), coords),
        ([], "slurm", acct(coordinators=[{"name": "bob"}]), coords),
        ([], "slurm", {"accounts": [*acct()["accounts"], {"name": "dbt_x"}]}, check),
        (gone, "slurm", acct(flags=["BOGUS"]), check),
        (gone, "slurm", {**acct(), "bogus": 1}, check),
    ]
    for setup, user, body, state in cases:
        _write_both(dp_pair, lab, setup, "POST", target, state, user=user, body=body)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_users(dp_pair: Pair, lab: Lab, names: dict[str, str], version: str) -> None:
    target, u = f"/slurmdb/{version}/users", names["user"]
    gone = [("delete", "user", u), ("delete", "user", f"{u}2")]
    check = ("user", u, "format=user,admin,defaultaccount")
    renamed = ("user", f"{u}2", "format=user")
    existing = [*gone, ("add", "user", u, "account=lab")]
    cases: list[tuple[list[tuple[str, ...]], str, Any, tuple[str, ...]]] = [
        (gone, "slurm", {"users": [{"name": u}]}, check),
        ([], "slurm", {"users": [{"name": u, "administrator_level": ["Operator"]}]}, check),
        (gone, "alice", {"users": [{"name": u}]}, check),
        (existing, "alice", {"users": [{"name": u, "administrator_level": "Admin"}]}, check),
        (gone, "slurm", {"users": [{"administrator_level": ["Operator"]}]}, check),
        (
            gone,
            "slurm",
            {"users": [{"name": u, "default": {"account": "lab"}, "flags": ["DELETED"]}]},
            check,
        ),
        (existing, "alice", {"users": [{"name": u, "administrator_level": 5}]}, check),
        (existing, "slurm", {"users": [{"name": u, "administrator_level": ["None", "x"]}]}, check),
        (existing, "slurm", {"users": [{"name": f"{u}2", "old_name": u}]}, renamed),
        (gone, "slurm", {"users": [{"name": f"{u}2", "old_name": "nothing"}]}, renamed),
    ]
    for setup, user, body, state in cases:
        _write_both(dp_pair, lab, setup, "POST", target, state, user=user, body=body)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_tres_and_clusters(
    dp_pair: Pair, lab: Lab, names: dict[str, str], version: str
) -> None:
    p, c = f"/slurmdb/{version}", names["new_cluster"]
    tres = ("tres", "format=type,name")
    gone = [("delete", "cluster", c)]
    check = ("cluster", c, "format=cluster,controlhost,flags")
    cases: list[tuple[list[tuple[str, ...]], str, str, Any, tuple[str, ...]]] = [
        ([], "slurm", "tres", {"TRES": [{"type": "gres", "name": "dbt"}]}, tres),
        ([], "alice", "tres", [], tres),
        (gone, "slurm", "clusters", {"clusters": [{"name": c}]}, check),
        (
            gone,
            "slurm",
            "clusters",
            {"clusters": [{"name": c, "flags": ["MULTIPLE_SLURMD"], "controller": {"host": "h"}}]},
            check,
        ),
        (gone, "alice", "clusters", {"clusters": [{"name": c}]}, check),
        (gone, "slurm", "clusters", {"clusters": [{}]}, check),
        (gone, "slurm", "clusters", {"bogus": 1}, check),
    ]
    for setup, user, path, body, state in cases:
        _write_both(dp_pair, lab, setup, "POST", f"{p}/{path}", state, user=user, body=body)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_wckeys(dp_pair: Pair, lab: Lab, names: dict[str, str], version: str) -> None:
    target, c, w = f"/slurmdb/{version}/wckeys", names["cluster"], "dbt_wckey"
    # sacctmgr removes a wckey as one of its user's
    gone = [("delete", "user", "alice", f"wckey={w}")]
    check = ("wckey", w, "format=wckey,user,cluster")
    key = {"name": w, "user": "alice", "cluster": c}
    cases: list[tuple[str, Any]] = [
        ("slurm", {"wckeys": [key]}),
        ("alice", {"wckeys": [key]}),
        ("slurm", {"wckeys": [{"name": w, "user": "alice"}]}),
        ("slurm", {"wckeys": [{**key, "flags": ["DELETED"], "bogus": 2}]}),
    ]
    try:
        for user, body in cases:
            _write_both(dp_pair, lab, gone, "POST", target, check, user=user, body=body)
    finally:
        _sacctmgr(lab, *gone[0])
