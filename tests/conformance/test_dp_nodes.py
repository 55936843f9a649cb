"""Nodes, partitions and reservations in every data_parser version: ours and the C daemon's.

A reservation of the test's own (with flags, users and a purge time) is made in
the lab for the module and deleted after it; unknown names, update_time in the
forms each version's parser takes or refuses, and ?flags= are compared too.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both, comparable
from tests.conftest import Lab, binding_release
from tests.daemon import Client, jwt_headers

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
    "flags=MIXED",
    "flags=bogus",
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


def _make(lab: Lab, name: str) -> None:
    made = lab.run(
        "scontrol",
        "create",
        "reservation",
        f"reservationname={name}",
        "users=alice",
        "starttime=now+25days",
        "duration=30",
        "nodes=ALL",
        "flags=maint,ignore_jobs",
    )
    assert made.returncode == 0, made.stderr


def _exists(lab: Lab, name: str) -> bool:
    shown = lab.run("scontrol", "show", "reservation", name)
    return shown.returncode == 0 and f"ReservationName={name}" in shown.stdout


# DELETE reservation: 25.05 on, in the versions it serves (v0.0.42 on).
DELETES = [v for v in VERSIONS if v >= "v0.0.42" and binding_release() != "24.11"]
# (v0.0.41 has it on no release: where the release serves no version without it.)
NO_DELETES = [v for v in VERSIONS if v not in DELETES] or ["v0.0.41"]


@pytest.mark.parametrize("version", NO_DELETES)
def test_no_delete_reservation(dp_pair: Pair, lab: Lab, version: str) -> None:
    """Where the release's daemon has no DELETE reservation, neither daemon deletes it.

    (The reference's router answers 404 for a method a path lacks, ours 405: the
    statuses are not compared here.)"""
    name = f"dpkeep{version.replace('.', '')}"
    try:
        _make(lab, name)
        ref, ours = both(dp_pair, lab, "DELETE", f"/slurm/{version}/reservation/{name}")
        assert ref[0] in (404, 405) and ours[0] in (404, 405), (ref, ours)
        assert _exists(lab, name)
    finally:
        lab.run("scontrol", "delete", f"reservationname={name}")


# (Where the release's daemon serves no version with it, v0.0.43: ours alone.)
@pytest.mark.parametrize("version", DELETES or ["v0.0.43"])
def test_delete_reservation(dp_pair: Pair, lab: Lab, version: str) -> None:
    """Each daemon deletes a reservation of its own (slurmctld has it no more), and both
    refuse an unknown one alike."""
    name = f"dpdel{version.replace('.', '')}"
    target = f"/slurm/{version}/reservation/{name}"
    headers = jwt_headers("slurm", lab.token("slurm"))
    ports = (dp_pair.ref_port, dp_pair.our_port) if version in VERSIONS else (dp_pair.our_port,)
    answers = []
    try:
        for port in ports:
            _make(lab, name)
            status, doc = Client(port=port, headers=headers).request("DELETE", target)
            answers.append((status, comparable(doc)))
            assert status == 200, doc
            assert not _exists(lab, name)
    finally:
        lab.run("scontrol", "delete", f"reservationname={name}")
    if len(answers) == 2:
        assert_same(answers[0], answers[1])
        ref, ours = both(dp_pair, lab, "DELETE", f"/slurm/{version}/reservation/nope")
        assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
def test_delete_unknown_node(dp_pair: Pair, lab: Lab, version: str) -> None:
    ref, ours = both(dp_pair, lab, "DELETE", f"/slurm/{version}/node/nope")
    assert_same(ref, ours)


def _node_state(lab: Lab) -> str:
    shown = lab.run("scontrol", "show", "node", "vm").stdout
    return next(w for w in shown.split() if w.startswith("State="))


@pytest.mark.parametrize("version", VERSIONS)
def test_update_node(dp_pair: Pair, lab: Lab, version: str) -> None:
    """Each daemon drains node vm with a reason (slurmctld shows it), then resumes it
    (a name in the body is ignored with a warning); an unknown node is refused alike."""
    target = f"/slurm/{version}/node/vm"
    headers = jwt_headers("slurm", lab.token("slurm"))
    answers: list[list[tuple[int, object]]] = []
    try:
        for port in (dp_pair.ref_port, dp_pair.our_port):
            client = Client(port=port, headers=headers)
            drained = client.request("POST", target, {"state": ["DRAIN"], "reason": "dpnodes"})
            shown = lab.run("scontrol", "show", "node", "vm").stdout
            assert "DRAIN" in _node_state(lab) and "Reason=dpnodes" in shown
            # A drained node with a reason, who set it and when, as both daemons show it.
            ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/node/vm")
            assert_same(ref, ours)
            resumed = client.request("POST", target, {"state": ["RESUME"], "name": ["other"]})
            assert "DRAIN" not in _node_state(lab)
            answers.append([(s, comparable(d)) for s, d in (drained, resumed)])
    finally:
        lab.run("scontrol", "update", "nodename=vm", "state=resume")
    for ref, ours in zip(answers[0], answers[1], strict=True):
        assert_same(ref, ours)
    ref, ours = both(dp_pair, lab, "POST", f"/slurm/{version}/node/nope", {"comment": "x"})
    assert_same(ref, ours)


def _partition_exists(lab: Lab, name: str) -> bool:
    return f"PartitionName={name}" in lab.run("scontrol", "show", "partition", name).stdout


def test_delete_partition(dp_pair: Pair, lab: Lab) -> None:
    """v0.0.45 (26.05): each daemon deletes a partition of its own; an unknown one is
    refused alike.  Where the release's daemon lacks v0.0.45 (24.11), ours alone."""
    version, name = "v0.0.45", "dpdelpart"
    target = f"/slurm/{version}/partition/{name}"
    headers = jwt_headers("slurm", lab.token("slurm"))
    ports = (dp_pair.ref_port, dp_pair.our_port) if version in VERSIONS else (dp_pair.our_port,)
    answers = []
    try:
        for port in ports:
            made = lab.run("scontrol", "create", f"partitionname={name}", "nodes=vm")
            assert made.returncode == 0, made.stderr
            status, doc = Client(port=port, headers=headers).request("DELETE", target)
            answers.append((status, comparable(doc)))
            assert status == 200, doc
            assert not _partition_exists(lab, name)
    finally:
        lab.run("scontrol", "delete", f"partitionname={name}")
    if len(answers) == 2:
        assert_same(answers[0], answers[1])
        ref, ours = both(dp_pair, lab, "DELETE", f"/slurm/{version}/partition/nope")
        assert_same(ref, ours)


# POST reservation(s): 26.05 (v0.0.43 on); where the release's daemon serves none of
# those versions (24.11), ours alone in v0.0.43.
POSTS = [v for v in VERSIONS if v >= "v0.0.43"] or ["v0.0.43"]


def _description(name: str, users: list[str]) -> dict[str, object]:
    start = int(time.time()) + 40 * 86400
    return {
        "name": name,
        "start_time": {"set": True, "number": start - start % 3600},
        "duration": {"set": True, "number": 60},
        "node_list": ["vm"],
        "users": users,
        "flags": ["MAINT", "IGNORE_JOBS"],
    }


@pytest.mark.parametrize("path", ["reservation", "reservations/"])
@pytest.mark.parametrize("version", POSTS)
def test_post_reservation(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    """Each daemon creates a reservation (slurmctld has it), then updates it (its users
    change); the answers echo the descriptions alike."""
    name = f"dppost{version.replace('.', '')}"
    target = f"/slurm/{version}/{path}"
    headers = jwt_headers("slurm", lab.token("slurm"))
    ports = (dp_pair.ref_port, dp_pair.our_port) if version in VERSIONS else (dp_pair.our_port,)

    def body(users: list[str]) -> dict[str, object]:
        desc = _description(name, users)
        return {"reservations": [desc]} if path.startswith("reservations") else desc

    answers = []
    try:
        for port in ports:
            client = Client(port=port, headers=headers)
            made = client.request("POST", target, body(["alice"]))
            assert made[0] == 200, made
            shown = lab.run("scontrol", "show", "reservation", name).stdout
            assert "Users=alice " in shown and "MAINT" in shown, shown
            updated = client.request("POST", target, body(["bob"]))
            assert updated[0] == 200, updated
            shown = lab.run("scontrol", "show", "reservation", name).stdout
            assert "Users=bob " in shown, shown
            answers.append([(s, comparable(d)) for s, d in (made, updated)])
            lab.run("scontrol", "delete", f"reservationname={name}")
    finally:
        lab.run("scontrol", "delete", f"reservationname={name}")
    if len(answers) == 2:
        for ref, ours in zip(answers[0], answers[1], strict=True):
            assert_same(ref, ours)
        nameless = {"duration": {"set": True, "number": 60}}
        if path.startswith("reservations"):
            nameless = {"reservations": [nameless]}
        ref, ours = both(dp_pair, lab, "POST", target, nameless)
        assert_same(ref, ours)


def test_post_partitions(dp_pair: Pair, lab: Lab) -> None:
    """v0.0.45: each daemon creates a partition, then updates it (MaxTime, State);
    slurmctld shows each change.  Where the release's daemon lacks v0.0.45, ours alone."""
    version, name = "v0.0.45", "dppostpart"
    target = f"/slurm/{version}/partitions/"
    headers = jwt_headers("slurm", lab.token("slurm"))
    ports = (dp_pair.ref_port, dp_pair.our_port) if version in VERSIONS else (dp_pair.our_port,)
    made_body = {
        "partitions": [
            {
                "name": name,
                "nodes": {"configured": "vm"},
                "maximums": {"time": {"set": True, "number": 60}},
            }
        ]
    }
    update_body = {
        "partitions": [
            {
                "name": name,
                "maximums": {"time": {"set": True, "number": 120}},
                "partition": {"state": ["DOWN"]},
            }
        ]
    }
    answers = []
    try:
        for port in ports:
            client = Client(port=port, headers=headers)
            made = client.request("POST", target, made_body)
            assert made[0] == 200, made
            shown = lab.run("scontrol", "show", "partition", name).stdout
            assert "MaxTime=01:00:00" in shown and "Nodes=vm" in shown, shown
            updated = client.request("POST", target, update_body)
            assert updated[0] == 200, updated
            shown = lab.run("scontrol", "show", "partition", name).stdout
            assert "MaxTime=02:00:00" in shown and "State=DOWN" in shown, shown
            answers.append([(s, comparable(d)) for s, d in (made, updated)])
            lab.run("scontrol", "delete", f"partitionname={name}")
    finally:
        lab.run("scontrol", "delete", f"partitionname={name}")
    if len(answers) == 2:
        for ref, ours in zip(answers[0], answers[1], strict=True):
            assert_same(ref, ours)
        for bad in ({"partitions": [{"maximums": {"nodes": 1}}]}, {"nothing": []}):
            ref, ours = both(dp_pair, lab, "POST", target, bad)
            assert_same(ref, ours)
