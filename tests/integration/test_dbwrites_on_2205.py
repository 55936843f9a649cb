"""The data_parser versions' accounting writes on 22.05, whose C daemon serves none of them.

POST associations and qos add and modify what sacctmgr then shows; accounts_association
and users_association, which 22.05's slurmdbd cannot do, answer ESLURM_NOT_SUPPORTED;
POST config commits nothing.  No traceback in our log.  The objects are dbw22_*,
removed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

pytestmark = pytest.mark.releases("22.05")

VERSIONS = ("v0.0.40", "v0.0.42", "v0.0.45")


@pytest.fixture
def clean(lab: Lab) -> Iterator[None]:
    yield
    lab.run("sacctmgr", "-i", "delete", "user", "dbw22_user")
    lab.run("sacctmgr", "-i", "delete", "account", "dbw22_acct")
    lab.run("sacctmgr", "-i", "delete", "qos", "dbw22_qos")


def post(port: int, lab: Lab, target: str, body: Any, user: str = "slurm") -> tuple[int, Any]:
    return Client(port=port, headers=jwt_headers(user, lab.token(user))).request(
        "POST", target, body
    )


def show(lab: Lab, *args: str) -> str:
    return str(lab.run("sacctmgr", "-nP", "show", *args).stdout.strip())


@pytest.mark.parametrize("version", VERSIONS)
def test_qos_and_associations(port: int, lab: Lab, clean: None, version: str) -> None:
    p = f"/slurmdb/{version}"
    cluster = show(lab, "cluster", "format=cluster").splitlines()[0]
    status, doc = post(port, lab, f"{p}/qos", {"qos": [{"name": "dbw22_qos", "description": "d1"}]})
    assert (status, doc["errors"]) == (200, []), doc
    status, doc = post(
        port,
        lab,
        f"{p}/qos",
        {"qos": [{"name": "dbw22_qos", "priority": {"set": True, "number": 7}}]},
    )
    assert (status, doc["errors"]) == (200, []), doc
    assert show(lab, "qos", "dbw22_qos", "format=name,descr,priority") == "dbw22_qos|d1|7"

    lab.run("sacctmgr", "-i", "add", "account", "dbw22_acct", f"cluster={cluster}")
    lab.run("sacctmgr", "-i", "add", "user", "dbw22_user", "account=lab", f"cluster={cluster}")
    assoc = {"account": "dbw22_acct", "cluster": cluster, "user": "dbw22_user"}
    status, doc = post(port, lab, f"{p}/associations", {"associations": [assoc]})
    assert (status, doc["errors"]) == (200, []), doc
    limits = {
        "max": {"jobs": {"active": {"set": True, "number": 5}}},
        "qos": ["dbw22_qos"],
        "default": {"qos": "dbw22_qos"},
    }
    status, doc = post(port, lab, f"{p}/associations", {"associations": [{**assoc, **limits}]})
    assert (status, doc["errors"]) == (200, []), doc
    fmt = "format=account,user,qos,defaultqos,maxjobs"
    row = "dbw22_acct|dbw22_user|dbw22_qos|dbw22_qos|5"
    assert show(lab, "assoc", "user=dbw22_user", "account=dbw22_acct", fmt) == row

    # an ordinary user is refused by slurmdbd; nothing changes
    status, doc = post(
        port, lab, f"{p}/associations", {"associations": [{**assoc, "priority": 3}]}, "alice"
    )
    assert status in (422, 500) and doc["errors"], doc
    assert show(lab, "assoc", "user=dbw22_user", "account=dbw22_acct", fmt) == row


@pytest.mark.parametrize("version", VERSIONS)
def test_what_2205_cannot_do(port: int, lab: Lab, clean: None, version: str) -> None:
    p = f"/slurmdb/{version}"
    body = {"association_condition": {"accounts": ["dbw22_acct"]}}
    status, doc = post(port, lab, f"{p}/accounts_association", body)
    assert status in (422, 500), doc
    assert doc["errors"][0]["source"] == "_add_accounts_association", doc
    assert show(lab, "account", "dbw22_acct") == ""
    body = {"association_condition": {"users": ["dbw22_user"], "accounts": ["lab"]}, "user": {}}
    status, doc = post(port, lab, f"{p}/users_association", body)
    assert status in (422, 500) and doc["errors"], doc
    assert show(lab, "user", "dbw22_user") == ""
    account = {"name": "dbw22_acct", "description": "d", "organization": "o"}
    status, doc = post(port, lab, f"{p}/config", {"accounts": [account]})
    assert doc["errors"][0]["source"] == "update_clusters", doc
    assert show(lab, "account", "dbw22_acct") == ""
