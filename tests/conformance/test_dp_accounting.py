"""openapi/slurmdbd's accounting paths (v0.0.4x): ours and the release's C daemon.

Every GET path with and without query flags, as an administrator and as an
ordinary user.  The reference names its slurmdbd connection by address in
some messages ("slurmdb_wckeys_get(0x7f..) found nothing"): the address is
compared as "(PTR)".  slurmdbd's statistics (GET /diag) move with every
request: compared as structure.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")


def _pointers(doc: Any) -> Any:
    return json.loads(re.sub(r"\(0x[0-9a-f]+\)", "(PTR)", json.dumps(doc)))


def same(pair: Pair, lab: Lab, target: str, user: str = "slurm") -> None:
    ref, ours = both(pair, lab, "GET", target, user=user)
    assert_same((ref[0], _pointers(ref[1])), (ours[0], _pointers(ours[1])))


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
    "associations?Include+deleted+associations&Filter%20to%20only%20defaults=0",
    "association?user=alice",
    "association?account=lab",
    "association?account=nothing",
    "wckeys",
    "wckeys?with_deleted=1&bogus",
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
