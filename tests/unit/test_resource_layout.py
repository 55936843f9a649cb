"""The resource layout read from a job's allocation (22.05, 24.11): GRES details and core
masks as 26.05's RPC gives them (no lab)."""

from __future__ import annotations

from slurmrestd.slurm import gres_details, hexmask


def test_hexmask_as_libslurm_writes_it() -> None:
    assert hexmask([True] + [False] * 7) == "0x01"
    assert hexmask([False] * 4 + [True] * 4) == "0xF0"
    assert hexmask([True] * 10) == "0x3FF"
    assert hexmask([False] * 12 + [True]) == "0x1000"
    assert hexmask([]) == "0x0"


def test_gres_details() -> None:
    assert gres_details("") == []
    assert gres_details("gpu:a100:2(IDX:0-1)") == [
        {"name": "gpu", "type": "a100", "count": 2, "index": "0-1"}
    ]
    assert gres_details("gpu:2(IDX:0,2),nic:1(IDX:0)") == [
        {"name": "gpu", "type": None, "count": 2, "index": "0,2"},
        {"name": "nic", "type": None, "count": 1, "index": "0"},
    ]
    assert gres_details("license(CNT:3)") == [
        {"name": "license", "type": None, "count": 3, "index": None}
    ]
    assert gres_details("gpu:0(IDX:N/A)") == [
        {"name": "gpu", "type": None, "count": 0, "index": None}
    ]
