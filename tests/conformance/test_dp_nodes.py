"""Nodes, partitions and reservations in every data_parser version: ours and the C daemon's.

A reservation of the test's own (with flags, users and a purge time) is made in
the lab for the module and deleted after it; unknown names, update_time in the
forms each version's parser takes or refuses, and ?flags= are compared too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")

RESERVATION = "dpnodes"


@pytest.fixture(scope="module")
def reservation(lab: Lab) -> Iterator[str]:
    made = lab.run(
        "scontrol",
        "create",
        "reservation",
        f"reservationname={RESERVATION}",
        "users=alice,bob",
        "starttime=now+20days",
        "duration=60",
        "nodes=ALL",
        "flags=maint,ignore_jobs,purge_comp=5",
    )
    assert made.returncode == 0, made.stderr
    try:
        yield RESERVATION
    finally:
        lab.run("scontrol", "delete", f"reservationname={RESERVATION}")


@pytest.mark.parametrize("version", VERSIONS)
def test_reservations_before(dp_pair: Pair, lab: Lab, version: str) -> None:
    """Before the module's reservation exists: usually none at all (an answer of its own)."""
    for path in ("reservations", "reservation/nope"):
        ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/{path}")
        assert_same(ref, ours)


PATHS = (
    "nodes",
    "nodes/",
    "node/vm",
    "node/nope",
    "partitions",
    "partitions/",
    "partition/debug",
    "partition/long",
    "partition/DEBUG",
    "partition/nope",
    "reservations",
    "reservations/",
    f"reservation/{RESERVATION}",
    "reservation/nope",
)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", PATHS)
def test_get(dp_pair: Pair, lab: Lab, reservation: str, version: str, path: str) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/{path}")
    assert_same(ref, ours)


QUERIES = (
    "update_time=now",
    "update_time=now-1day",
    "update_time=abc",
    "update_time=",
    "update_time=0",
    "update_time=1",
    "update_time=9999999999",
    "flags=ALL",
    "flags=DETAIL",
)


# GET reservations takes no ?flags=.
PATH_QUERIES = [
    (path, query)
    for path in ("nodes", "partitions", "reservations", "partition/debug", "node/vm")
    for query in QUERIES
    if not (path == "reservations" and query.startswith("flags"))
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("path", "query"), PATH_QUERIES)
def test_query(
    dp_pair: Pair, lab: Lab, reservation: str, version: str, path: str, query: str
) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/{path}?{query}")
    assert_same(ref, ours)
