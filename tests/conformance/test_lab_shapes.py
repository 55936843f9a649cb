"""slurm-lab's wide shape on the host's 22.05 lab, and back: 200 more nodes that our daemon
and the C daemon list alike, 3000 job records in slurmdbd; then exactly the lab again.

One test: the switch is the expensive part (about 25 s each way).  The lab goes back to
its own shape whatever happens (finally).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from slurmrestd_dev import lab as slurm_lab
from slurmrestd_dev.lab import shapes
from tests.conformance.conftest import API, Pair
from tests.conftest import Lab

# After every other test (faults: it reconfigures the lab): the 3000 cancelled jobs stay in
# slurmctld for MinJobAge after the way back.
pytestmark = [pytest.mark.releases("22.05"), pytest.mark.faults]


def _up(shape: str) -> None:
    release = slurm_lab.host_release().name
    assert slurm_lab.main(["up", "--release", release, "--shape", shape]) == 0


def _lines(lab: Lab, *argv: str) -> list[str]:
    out = lab.run(*argv)
    assert out.returncode == 0, out.stderr
    return sorted(line for line in out.stdout.splitlines() if line.strip())


def _shape_of(lab: Lab) -> dict[str, list[str]]:
    """What the shape changes, as the cluster's own commands show it."""
    return {
        "nodes": _lines(lab, "sinfo", "-h", "-N", "-o", "%N %P"),
        "accounts": _lines(lab, "sacctmgr", "-n", "-P", "show", "account", "format=account"),
        "users": _lines(lab, "sacctmgr", "-n", "-P", "show", "user", "format=user"),
        "associations": _lines(
            lab, "sacctmgr", "-n", "-P", "show", "assoc", "format=account,user,partition"
        ),
        "wide jobs": _lines(
            lab, "sacct", "-X", "-n", "-a", "-P", "-S", "2020-01-01", "--name", shapes.WIDE_JOB_NAME
        ),
    }


def _names(shape: dict[str, list[str]]) -> list[str]:
    return sorted({line.split()[0] for line in shape["nodes"]})


def _node_names(pair: Pair, lab: Lab) -> tuple[list[str], list[str]]:
    ref, ours = pair.clients("slurm", lab.token("slurm"))
    names = []
    for client in (ours, ref):
        status, doc = client.request("GET", f"{API}/nodes")
        assert status == 200, doc
        names.append(sorted(node["name"] for node in doc["nodes"]))
    return names[0], names[1]


@pytest.fixture
def lab_shape(lab: Lab) -> Iterator[dict[str, list[str]]]:
    """The lab in its own shape before the test, and again after it, whatever happens."""
    _up(shapes.LAB)
    before = _shape_of(lab)
    try:
        yield before
    finally:
        _up(shapes.LAB)


def test_wide_and_back(lab: Lab, pair: Pair, lab_shape: dict[str, list[str]]) -> None:
    _up(shapes.WIDE)
    assert shapes.recorded(slurm_lab.lab_root()) == shapes.WIDE
    nodes = _lines(lab, "scontrol", "-o", "show", "nodes")
    assert len(nodes) == len(_names(lab_shape)) + len(shapes.WIDE_NODE_NAMES)
    assert len(_shape_of(lab)["wide jobs"]) == shapes.WIDE_JOBS
    ours, reference = _node_names(pair, lab)
    assert ours == reference
    assert set(shapes.WIDE_NODE_NAMES) < set(ours)

    _up(shapes.LAB)
    assert shapes.recorded(slurm_lab.lab_root()) == shapes.LAB
    assert _shape_of(lab) == lab_shape
    ours, reference = _node_names(pair, lab)
    assert ours == reference == _names(lab_shape)
