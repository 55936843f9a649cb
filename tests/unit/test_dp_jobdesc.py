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
