"""The data_parser job description parse (v0.0.40-v0.0.45) against the references' answers.

tests/unit/data/dp_jobdesc_matrix.json holds what the C daemons answered (24.11
for v0.0.40 to v0.0.42, 26.05 for v0.0.42 and v0.0.45) to POST job/submit with
{"job": {KEY: VALUE}} and no script, for one key of each kind and twelve values
of every JSON type: the status, errors[] and warnings[] of the parse (no job is
ever submitted).  Ours must give the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from slurmrestd.api.resource import Call
from slurmrestd.openapi.content import DP, tables
from slurmrestd.openapi.content.slurmctld import jobwrite
from slurmrestd.openapi.dataparser import BY_VERSION

MATRIX = json.loads((Path(__file__).parent / "data" / "dp_jobdesc_matrix.json").read_text())


def _answering(version: str) -> str:
    return jobwrite.answering(_dp(version))


def _dp(version: str) -> DP:
    parser = BY_VERSION[version]
    return DP(parser, tables(parser), "openapi/slurmctld")


# v0.0.42 was recorded on both releases: its statuses follow the release answering for it.
CASES = [
    (k.split()[1], key, val, st, doc)
    for k, rows in MATRIX.items()
    if k.split()[0] == _answering(k.split()[1])
    for key, val, st, doc in rows
]


def _job(key: str, value: Any) -> dict[str, Any]:
    job: dict[str, Any] = {}
    cur = job
    *heads, last = key.split("/")
    for head in heads:
        cur = cur.setdefault(head, {})
    cur[last] = value
    return job


@pytest.mark.parametrize(
    ("version", "key", "value", "status", "ref"),
    CASES,
    ids=[f"{v}-{k}-{json.dumps(x)}" for v, k, x, _, _ in CASES],
)
def test_parse_as_reference(version: str, key: str, value: Any, status: int, ref: Any) -> None:
    call = Call(None, {}, {}, None, {"job": _job(key, value)})
    got_status, doc = jobwrite.post_submit(_dp(version), call)
    assert (int(got_status.split()[0]), doc["errors"], doc["warnings"]) == (
        status,
        ref["errors"],
        ref["warnings"],
    )


def test_every_version_table_loads() -> None:
    for version in BY_VERSION:
        keys = [p.key for p in _dp(version).tables.jobdesc.JOB_DESC]
        assert len(keys) == len(set(keys)), version
    assert "cores_per_socket" not in [p.key for p in _dp("v0.0.41").tables.jobdesc.JOB_DESC]
    assert "cores_per_socket" in [p.key for p in _dp("v0.0.45").tables.jobdesc.JOB_DESC]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("block", (0x2, None)),
        ("cyclic:fcyclic", (0x31, None)),
        ("*:*:*", (0x112, None)),
        ("block:block:block,pack", (0x222 | 0x800000, None)),
        ("arbitrary", (0x3, None)),
        ("plane=4", (0x4, 4)),
        ("plane", None),
        ("fcyclic", None),
        ("block,bogus", None),
        ("a:b:c:d", None),
        ("", None),
    ],
)
def test_distribution_as_slurm_reads_it(text: str, expected: Any) -> None:
    from slurmrestd.openapi.v0_0_41.jobdesc import dist_name, dist_type

    assert dist_type(text) == expected
    if expected is not None and expected[1] is None:
        assert dist_name(expected[0]) in (text.lower(), "block:cyclic:cyclic")


def test_cpu_frequency_as_slurm_reads_it() -> None:
    from slurmrestd.openapi.v0_0_40.jobdesc import cpu_freq
    from slurmrestd.slurm import constants as c

    assert cpu_freq("low") == (c.NO_VAL, c.CPU_FREQ_LOW, c.CPU_FREQ_USERSPACE)
    assert cpu_freq("1000-2000:performance") == (1000, 2000, c.CPU_FREQ_PERFORMANCE)
    assert cpu_freq("ondemand") == (c.NO_VAL, c.NO_VAL, c.CPU_FREQ_ONDEMAND)
    assert cpu_freq("1000-2000") is None  # a range needs a governor
    assert cpu_freq("1000:performance") is None  # a lone frequency takes UserSpace only
    assert cpu_freq("conservative") is None  # not among CpuFreqGovernors' default
    assert cpu_freq("") is None


def test_environment_of_rlimits_and_distribution() -> None:
    call = Call(None, {}, {}, None, None)
    reply = jobwrite.Reply(_dp("v0.0.41"))
    doc = {
        "environment": ["A=1", "SLURM_RLIMIT_NOFILE=1"],
        "rlimits": {"nofile": 64},
        "distribution": "cyclic",
    }
    desc = jobwrite._job_desc(_dp("v0.0.41"), doc, reply, "#/")
    assert desc is not None and call.body is None
    sent = jobwrite._sendable(desc)
    assert sent["environment"] == ["A=1", "SLURM_RLIMIT_NOFILE=64", "SLURM_DISTRIBUTION=cyclic"]
    assert sent["task_dist"] == 0x1
