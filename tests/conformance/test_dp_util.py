"""POST /util/{v0.0.44,v0.0.45}/hostnames and /hostlist (openapi/util): ours and 26.05's C daemon
(on 24.11, whose daemon has no openapi/util, ours and 26.05's recorded answers).

Only 26.05's daemon has openapi/util, for v0.0.44 and v0.0.45 (its v0.0.42 and v0.0.43
have no hostlist parsers and answer 404 there, as ours does).  Every body shape the
reference takes or refuses: a string, an array, null, empty, a bad expression, a
wrong type, unknown fields, no dictionary at all.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests import dpgolden
from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both
from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

UTIL = [v for v in VERSIONS if v >= "v0.0.44"]

HOSTNAMES: list[Any] = [
    {"hostlist": "n[1-3],m2"},
    {"hostlist": "n1,n1"},
    {"hostlist": ""},
    {"hostlist": None},
    {"hostlist": ["a", "b[1-2]"]},
    {"hostlist": ["a", 1.5, True]},
    {"hostlist": ["a", None]},
    {"hostlist": ["a", {"b": 1}]},
    {"hostlist": "n[1-"},
    {"hostlist": "n[3-1]"},
    {"hostlist": 5},
    {"hostlist": True},
    {"hostlist": {"a": 1}},
    {"hostlist": "a", "x": 1},
    {"x": 1, "hostlist": 5},
    {"x": None, "y": [1], "hostlist": "a"},
    {},
    {"x": 1},
    [],
    "abc",
    None,
]
HOSTLIST: list[Any] = [
    {"hostnames": ["n1", "n2", "n3", "m1"]},
    {"hostnames": ["n3", "n1", "n2", "n1"]},
    {"hostnames": "n[1-3],n5"},
    {"hostnames": []},
    {"hostnames": None},
    {"hostnames": [1, 2]},
    {"hostnames": [True]},
    {"hostnames": [""]},
    {"hostnames": ["n[1-"]},
    {"hostnames": [["a"]]},
    {"hostnames": "n[1-"},
    {"hostnames": 5},
    {"hostnames": ["a"], "z": "b"},
    {},
]


@pytest.mark.releases("26.05")
@pytest.mark.parametrize("version", UTIL)
@pytest.mark.parametrize("body", HOSTNAMES, ids=[repr(b) for b in HOSTNAMES])
def test_hostnames(dp_pair: Pair, lab: Lab, version: str, body: Any) -> None:
    ref, ours = both(dp_pair, lab, "POST", f"/util/{version}/hostnames", body)
    assert_same(ref, ours)


@pytest.mark.releases("26.05")
@pytest.mark.parametrize("version", UTIL)
@pytest.mark.parametrize("body", HOSTLIST, ids=[repr(b) for b in HOSTLIST])
def test_hostlist(dp_pair: Pair, lab: Lab, version: str, body: Any) -> None:
    ref, ours = both(dp_pair, lab, "POST", f"/util/{version}/hostlist", body)
    assert_same(ref, ours)


@pytest.mark.releases("26.05")
@pytest.mark.parametrize("version", [v for v in VERSIONS if v not in UTIL])
@pytest.mark.parametrize("path", ["hostnames", "hostlist"])
def test_not_before_v0044(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    ref, ours = both(dp_pair, lab, "POST", f"/util/{version}/{path}", {"hostlist": "n1"})
    assert ref[0] == 404, ref
    assert ours[0] == 404, ours


@pytest.mark.releases("24.11")
@pytest.mark.parametrize(
    ("version", "case"),
    [(v, c) for v, c in dpgolden.recorded() if c.prefix == "util"],
    ids=lambda x: x if isinstance(x, str) else x.name,
)
def test_served_where_the_release_has_no_util(
    dp_pair: Pair, lab: Lab, version: str, case: dpgolden.Case
) -> None:
    """24.11's C daemon has no openapi/util; ours answers as 26.05's answered (recorded in
    tests/dpgolden): the same document but meta, which names the cluster and release."""
    ref = dpgolden.read(version, case.name)
    client = Client(port=dp_pair.our_port, headers=jwt_headers(case.user, lab.token(case.user)))
    status, body = client.request(case.method, case.target(version), case.body)
    assert status == ref["status"], body
    body.pop("meta")
    ref["body"].pop("meta")
    assert body == ref["body"]
