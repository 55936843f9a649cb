"""Node updates and reservation deletes of the data_parser versions on 22.05.

22.05's C daemon serves none of these versions: what slurmctld holds after our
answer is the check (and the answers' structure in tests/dpgolden).
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

pytestmark = pytest.mark.releases("22.05")

VERSIONS = ("v0.0.40", "v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45")


@pytest.fixture(scope="module")
def client(lab: Lab, port: int) -> Client:
    return Client(port=port, headers=jwt_headers("slurm", lab.token("slurm")))


def _node(lab: Lab) -> str:
    return lab.run("scontrol", "show", "node", "vm").stdout


@pytest.mark.parametrize("version", VERSIONS)
def test_drain_and_resume(client: Client, lab: Lab, version: str) -> None:
    target = f"/slurm/{version}/node/vm"
    try:
        status, doc = client.request("POST", target, {"state": ["DRAIN"], "reason": "dp2205"})
        assert status == 200, doc
        assert doc["errors"] == [] and "DRAIN" in _node(lab) and "Reason=dp2205" in _node(lab)
        status, doc = client.request("POST", target, {"state": ["RESUME"]})
        assert status == 200, doc
        assert "DRAIN" not in _node(lab)
    finally:
        lab.run("scontrol", "update", "nodename=vm", "state=resume")


@pytest.mark.parametrize("version", VERSIONS[2:])
def test_delete_reservation(client: Client, lab: Lab, version: str) -> None:
    name = f"dp2205{version.replace('.', '')}"
    made = lab.run(
        "scontrol",
        "create",
        "reservation",
        f"reservationname={name}",
        "users=alice",
        "starttime=now+25days",
        "duration=30",
        "nodes=ALL",
    )
    assert made.returncode == 0, made.stderr
    try:
        status, doc = client.request("DELETE", f"/slurm/{version}/reservation/{name}")
        assert status == 200, doc
        shown = lab.run("scontrol", "show", "reservation", name)
        assert f"ReservationName={name}" not in shown.stdout
        status, doc = client.request("GET", f"/slurm/{version}/reservation/{name}")
        assert status in (200, 422), doc
    finally:
        lab.run("scontrol", "delete", f"reservationname={name}")


def test_delete_partition(client: Client, lab: Lab) -> None:
    name = "dp2205part"
    made = lab.run("scontrol", "create", f"partitionname={name}", "nodes=vm")
    assert made.returncode == 0, made.stderr
    try:
        status, doc = client.request("DELETE", f"/slurm/v0.0.45/partition/{name}")
        assert status == 200, doc
        shown = lab.run("scontrol", "show", "partition", name)
        assert f"PartitionName={name}" not in shown.stdout
        status, doc = client.request("DELETE", f"/slurm/v0.0.45/partition/{name}")
        assert status == 422 and doc["errors"][0]["source"] == "slurm_delete_partition()", doc
    finally:
        lab.run("scontrol", "delete", f"partitionname={name}")


@pytest.mark.parametrize("version", VERSIONS[3:])
def test_post_reservation(client: Client, lab: Lab, version: str) -> None:
    """Create then update a reservation (22.05's description counts nodes in an array)."""
    name = f"dp2205post{version.replace('.', '')}"
    start = int(time.time()) + 40 * 86400
    desc = {
        "name": name,
        "start_time": {"set": True, "number": start},
        "duration": {"set": True, "number": 60},
        "node_count": {"set": True, "number": 1},
        "partition": "debug",
        "users": ["alice"],
        "flags": ["MAINT", "IGNORE_JOBS"],
    }
    try:
        status, doc = client.request("POST", f"/slurm/{version}/reservation", desc)
        assert status == 200, doc
        assert doc["reservations"][0]["node_count"]["number"] == 1
        shown = lab.run("scontrol", "show", "reservation", name).stdout
        assert "Users=alice " in shown and "NodeCnt=1 " in shown, shown
        desc["users"] = ["bob"]
        status, doc = client.request(
            "POST", f"/slurm/{version}/reservations/", {"reservations": [desc]}
        )
        assert status == 200, doc
        assert "Users=bob " in lab.run("scontrol", "show", "reservation", name).stdout
    finally:
        lab.run("scontrol", "delete", f"reservationname={name}")


def test_post_partitions(client: Client, lab: Lab) -> None:
    name = "dp2205postpart"
    target = "/slurm/v0.0.45/partitions/"
    part = {"name": name, "nodes": {"configured": "vm"}, "maximums": {"time": 60}}
    try:
        status, doc = client.request("POST", target, {"partitions": [part]})
        assert status == 200, doc
        assert "MaxTime=01:00:00" in lab.run("scontrol", "show", "partition", name).stdout
        part = {"name": name, "partition": {"state": ["DOWN"]}}
        status, doc = client.request("POST", target, {"partitions": [part]})
        assert status == 200, doc
        assert "State=DOWN" in lab.run("scontrol", "show", "partition", name).stdout
    finally:
        lab.run("scontrol", "delete", f"partitionname={name}")
