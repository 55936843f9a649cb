"""openapi/slurmdbd's writes of limits (v0.0.4x): POST associations, qos,
accounts_association, users_association and config, ours and the release's C daemon.

Each case runs on the reference then on ours, each after the same setup (sacctmgr
puts the objects back where the case starts), with the same body; both answers
must be the same and sacctmgr must show the same state after each.  Cases cover
adds, modifications, an ordinary user (alice, refused by slurmdbd), bodies of the
wrong shape, and names slurmdbd does not know (account, user, QOS).  The objects
are dbw_*; they are removed afterwards whatever happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS
from tests.conformance.test_dp_accounting import _sacctmgr, _write_both, cluster
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")

Setup = list[tuple[str, ...]]


@pytest.fixture
def names(dp_pair: Pair, lab: Lab) -> Iterator[dict[str, str]]:
    out = {
        "cluster": cluster(dp_pair, lab, VERSIONS[0]),
        "account": "dbw_acct",
        "user": "dbw_user",
        "qos": "dbw_qos",
        "qos2": "dbw_q2",
    }
    yield out
    _sacctmgr(lab, "delete", "user", out["user"], "dbw_u2")
    _sacctmgr(lab, "delete", "account", out["account"], "dbw_a2", "dbw_a3")
    _sacctmgr(lab, "delete", "qos", out["qos"], out["qos2"])
    _sacctmgr(lab, "delete", "cluster", "dbwcl")


def _cases(
    pair: Pair, lab: Lab, target: str, cases: list[tuple[Setup, str, Any, tuple[str, ...]]]
) -> None:
    for setup, user, body, state in cases:
        _write_both(pair, lab, setup, "POST", target, state, user=user, body=body)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_associations(dp_pair: Pair, lab: Lab, names: dict[str, str], version: str) -> None:
    n, c = names, names["cluster"]
    target = f"/slurmdb/{version}/associations"
    base: Setup = [
        ("delete", "user", n["user"]),
        ("delete", "account", n["account"]),
        ("add", "qos", n["qos"]),
        ("add", "account", n["account"], f"cluster={c}"),
        ("add", "user", n["user"], "account=lab", f"cluster={c}"),
    ]
    with_assoc: Setup = [
        *base,
        ("add", "user", n["user"], f"account={n['account']}", f"cluster={c}"),
        (
            "modify",
            "user",
            n["user"],
            "where",
            f"account={n['account']}",
            "set",
            "maxjobs=4",
            "grptres=cpu=8,mem=100",
            f"qos=normal,{n['qos']}",
        ),
    ]
    check = (
        "assoc",
        f"account={n['account']}",
        "format=cluster,account,user,partition,parentname,qos,defaultqos,maxjobs,maxsubmit,"
        "grptres,maxtres,fairshare,priority,maxwall,grpjobs",
    )

    def assoc(**more: Any) -> dict[str, Any]:
        return {
            "associations": [{"account": n["account"], "cluster": c, "user": n["user"], **more}]
        }

    limits = {
        "max": {
            "jobs": {"active": {"set": True, "number": 5}, "total": {"set": True, "number": 9}},
            "tres": {"per": {"job": [{"type": "cpu", "count": 4}, {"type": "mem", "count": 100}]}},
            "per": {"account": {"wall_clock": {"set": True, "number": 60}}},
        },
        "priority": {"set": True, "number": 3},
        "shares_raw": 7,
        "qos": [n["qos"]],
        "default": {"qos": n["qos"]},
    }
    cases: list[tuple[Setup, str, Any, tuple[str, ...]]] = [
        (base, "slurm", assoc(), check),
        (base, "slurm", assoc(**limits), check),
        (with_assoc, "slurm", assoc(**limits), check),
        (with_assoc, "slurm", assoc(max={"tres": {"total": [{"type": "cpu", "count": 2}]}}), check),
        (with_assoc, "slurm", assoc(max={"jobs": {"active": 3}}, is_default="x"), check),
        (with_assoc, "slurm", assoc(user="", parent_account="lab"), check),
        (with_assoc, "slurm", assoc(user="", parent_account=""), check),
        (with_assoc, "slurm", assoc(partition="dbwpart"), check),
        (with_assoc, "slurm", assoc(qos=[], max={"tres": {"total": []}}), check),
        (with_assoc, "slurm", assoc(qos=["nothing"]), check),
        (with_assoc, "slurm", assoc(qos=n["qos"]), check),
        (with_assoc, "slurm", assoc(default={"qos": "nothing"}, priority=5), check),
        (with_assoc, "slurm", assoc(flags=["BOGUS"], bogus=1, max={"bogus": 2}), check),
        (with_assoc, "slurm", assoc(max={"tres": {"per": {"job": {}}}}), check),
        (with_assoc, "slurm", assoc(max={"jobs": {"active": "abc"}}), check),
        (with_assoc, "alice", assoc(max={"jobs": {"active": 7}}), check),
        (base, "alice", assoc(), check),
        (base, "slurm", assoc(account="nothing"), check),
        (base, "slurm", assoc(user="nobody-here"), check),
        (base, "slurm", {"associations": [{"account": n["account"], "cluster": c}]}, check),
        (base, "slurm", {"associations": {}}, check),
        (base, "slurm", {}, check),
        (base, "slurm", [], check),
        (base, "slurm", {"associations": [], "bogus": {"x": 1}}, check),
        (
            base,
            "slurm",
            {"associations": [*assoc()["associations"], {"account": "nothing", "user": "x"}]},
            check,
        ),
    ]
    _cases(dp_pair, lab, target, cases)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_qos(dp_pair: Pair, lab: Lab, names: dict[str, str], version: str) -> None:
    n = names
    target = f"/slurmdb/{version}/qos"
    gone: Setup = [("delete", "qos", n["qos2"]), ("add", "qos", n["qos"])]
    existing: Setup = [
        *gone,
        (
            "add",
            "qos",
            n["qos2"],
            "description=d0",
            "priority=5",
            "maxtresperjob=cpu=2",
            f"preempt={n['qos']}",
            "flags=DenyOnLimit",
        ),
    ]
    check = (
        "qos",
        n["qos2"],
        "format=name,description,priority,flags,maxtres,maxtrespu,preempt,preemptmode,"
        "usagefactor,limitfactor,grpjobs,maxwall,gracetime",
    )

    def qos(**more: Any) -> dict[str, Any]:
        return {"qos": [{"name": n["qos2"], **more}]}

    full = {
        "description": "d1",
        "flags": ["DENY_LIMIT", "NO_DECAY"],
        "priority": {"set": True, "number": 5},
        "limits": {
            "grace_time": 30,
            "max": {
                "tres": {"per": {"job": [{"type": "cpu", "count": 2}], "user": []}},
                "active_jobs": {"count": {"set": True, "number": 4}},
                "wall_clock": {"per": {"job": {"set": True, "number": 90}}},
            },
            "factor": {"set": True, "number": 2.0},
        },
        "preempt": {"list": [n["qos"]], "mode": ["REQUEUE"]},
        "usage_factor": {"set": True, "number": 1.5},
    }
    cases: list[tuple[Setup, str, Any, tuple[str, ...]]] = [
        (gone, "slurm", qos(description="d1"), check),
        (gone, "slurm", qos(**full), check),
        (existing, "slurm", qos(description="d2"), check),
        (existing, "slurm", qos(**full), check),
        (existing, "slurm", qos(preempt={"list": []}), check),
        (existing, "slurm", qos(preempt={"list": ["nothing"]}), check),
        (existing, "slurm", qos(flags=["BOGUS"], bogus=1), check),
        (existing, "slurm", qos(priority="abc"), check),
        (existing, "slurm", qos(limits={"grace_time": "x"}, usage_factor=1.5), check),
        (existing, "alice", qos(description="d9"), check),
        (gone, "alice", qos(description="d9"), check),
        (gone, "slurm", {"qos": [{"id": 99999, "description": "x"}]}, check),
        (gone, "slurm", {"qos": [{"description": "x"}]}, check),
        (gone, "slurm", {"QOS": [{"name": n["qos2"]}]}, check),
        (gone, "slurm", {"qos": {}}, check),
        (gone, "slurm", {"qos": []}, check),
        (gone, "slurm", [], check),
    ]
    _cases(dp_pair, lab, target, cases)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_accounts_association(
    dp_pair: Pair, lab: Lab, names: dict[str, str], version: str
) -> None:
    n, c = names, names["cluster"]
    target = f"/slurmdb/{version}/accounts_association"
    gone: Setup = [("delete", "account", "dbw_a2", "dbw_a3"), ("add", "qos", n["qos"])]
    existing: Setup = [*gone, ("add", "account", "dbw_a2", f"cluster={c}")]
    check = ("assoc", "account=dbw_a2,dbw_a3", "format=cluster,account,user,maxjobs,grptres,qos")
    accounts = ("account", "dbw_a2,dbw_a3", "format=account,descr,org")

    def cond(**more: Any) -> dict[str, Any]:
        return {"association_condition": {"accounts": ["dbw_a2"], "clusters": [c], **more}}

    limits = {"maxjobs": {"set": True, "number": 3}, "qoslevel": [n["qos"]], "fairshare": 4}
    account = {"account": {"description": "d", "organization": "o"}}
    cases: list[tuple[Setup, str, Any, tuple[str, ...]]] = [
        (gone, "slurm", {**cond(clusters=[c]), **account}, accounts),
        (gone, "slurm", {**cond(clusters=[c], association=limits), **account}, check),
        (gone, "slurm", cond(association={"grptres": [{"type": "cpu", "count": 8}]}), check),
        (
            gone,
            "slurm",
            {"association_condition": {"accounts": "dbw_a2,dbw_a3", "clusters": c}},
            accounts,
        ),
        (
            existing,
            "slurm",
            {"association_condition": {"accounts": "dbw_a2,dbw_a3", "clusters": c}},
            check,
        ),
        (gone, "slurm", cond(association={"qoslevel": ["nothing"]}), check),
        (gone, "slurm", cond(association={"maxjobs": "x"}, bogus=1), check),
        (gone, "slurm", {**cond(), "bogus": {"x": 1}}, check),
        (
            gone,
            "slurm",
            {"association_condition": {"accounts": ["dbw_a2"], "clusters": ["nothing"]}},
            check,
        ),
        (gone, "slurm", {"association_condition": {"clusters": [c]}}, check),
        (gone, "slurm", {"account": {"description": "d"}}, check),
        (gone, "slurm", {}, check),
        (gone, "slurm", [], check),
        (gone, "alice", cond(), check),
    ]
    _cases(dp_pair, lab, target, cases)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_users_association(
    dp_pair: Pair, lab: Lab, names: dict[str, str], version: str
) -> None:
    n, c = names, names["cluster"]
    target = f"/slurmdb/{version}/users_association"
    gone: Setup = [
        ("delete", "user", "dbw_u2"),
        ("add", "account", n["account"], f"cluster={c}"),
    ]
    existing: Setup = [*gone, ("add", "user", "dbw_u2", "account=lab", f"cluster={c}")]
    check = ("assoc", "user=dbw_u2", "format=cluster,account,user,partition,maxjobs")
    users = ("user", "dbw_u2", "format=user,defaultaccount,admin")

    def cond(**more: Any) -> dict[str, Any]:
        return {"association_condition": {"users": ["dbw_u2"], "clusters": [c], **more}, "user": {}}

    cases: list[tuple[Setup, str, Any, tuple[str, ...]]] = [
        (gone, "slurm", cond(accounts=[n["account"]]), check),
        (
            gone,
            "slurm",
            {
                "association_condition": {
                    "users": "dbw_u2",
                    "accounts": [n["account"], "lab"],
                    "clusters": [c],
                },
                "user": {"adminlevel": ["Operator"], "defaultaccount": "lab"},
            },
            users,
        ),
        (gone, "slurm", {**cond(), "user": {"defaultaccount": n["account"]}}, users),
        (
            gone,
            "slurm",
            cond(accounts=[n["account"]], association={"maxjobs": {"set": True, "number": 2}}),
            check,
        ),
        (existing, "slurm", cond(accounts=[n["account"]]), check),
        (existing, "slurm", cond(accounts=["lab"]), check),
        (gone, "slurm", cond(accounts=["nothing"]), check),
        (gone, "slurm", cond(), check),
        (gone, "slurm", {"association_condition": {"accounts": [n["account"]]}, "user": {}}, check),
        (gone, "slurm", {"association_condition": {"users": ["dbw_u2"]}}, check),
        (gone, "slurm", {**cond(accounts=[n["account"]]), "user": {"adminlevel": "x"}}, users),
        (gone, "slurm", {}, check),
        (gone, "slurm", [], check),
        (gone, "alice", cond(accounts=[n["account"]]), check),
    ]
    _cases(dp_pair, lab, target, cases)


@pytest.mark.parametrize("version", VERSIONS)
def test_post_config(dp_pair: Pair, lab: Lab, names: dict[str, str], version: str) -> None:
    """The references never commit a configuration (their TRES step refuses): the same
    answers, and slurmdbd unchanged.  A body with clusters is left out: both daemons add
    them uncommitted, which leaves slurmdbd's cache holding a cluster its database has
    not ("appears to already be in our cache list"), on the lab every test shares."""
    n = names
    target = f"/slurmdb/{version}/config"
    gone: Setup = [("delete", "account", "dbw_a2"), ("delete", "cluster", "dbwcl")]
    check = ("account", "dbw_a2", "format=account,descr")
    clusters = ("cluster", "dbwcl", "format=cluster")
    account = {"name": "dbw_a2", "description": "d", "organization": "o"}
    assoc = {"account": "dbw_a2", "cluster": n["cluster"], "user": ""}
    cases: list[tuple[Setup, str, Any, tuple[str, ...]]] = [
        (gone, "slurm", {}, check),
        (gone, "slurm", {"clusters": [{}], "accounts": [account]}, check),
        (gone, "slurm", {"accounts": [account], "associations": [assoc]}, check),
        (gone, "slurm", {"accounts": [account], "associations": [{"account": "x"}]}, check),
        (gone, "slurm", {"qos": [{"name": "dbw_q4", "flags": ["BOGUS"]}]}, check),
        (gone, "slurm", {"tres": [{"name": "x"}], "bogus": {"x": 1}}, check),
        (gone, "slurm", {"users": [{"administrator_level": "None"}]}, check),
        (gone, "slurm", {"accounts": {}}, check),
        (gone, "slurm", [], check),
        (gone, "alice", {"clusters": [{"name": "dbwcl"}]}, clusters),
    ]
    _cases(dp_pair, lab, target, cases)
