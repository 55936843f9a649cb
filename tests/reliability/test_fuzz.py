"""Property-based fuzzing (hypothesis) of job submission, job update, and every GET route of our
own /openapi/v3 document, as user bob.

Property: never a 500 of our own (a 500 is only allowed as the reference's answer, Slurm's
error in the errors[] envelope), never a traceback, and the daemon still serves.  Submissions
can never become jobs: every job description is forced to partition "nosuchpart" and to a job
name unique to this run, which slurmctld must not know at the end.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slurmrestd.openapi.common.jobdesc import PROPERTIES
from tests.conftest import Lab, binding_release
from tests.reliability.conftest import API, Served, jobs_named

NAME = f"fuzz-{uuid.uuid4().hex[:10]}"
MISSING_JOB = 999999999
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from(sorted(PROPERTIES)) | st.text(max_size=20)
job_props = st.dictionaries(keys, values, max_size=8)


def never_a_job(props: dict[str, Any]) -> dict[str, Any]:
    """props, with any partition or name key (in any case) replaced by ours, last."""
    kept = {k: v for k, v in props.items() if k.lower() not in ("partition", "name", "job_name")}
    return {**kept, "partition": "nosuchpart", "name": NAME}


submissions = st.fixed_dictionaries(
    {},
    optional={
        "script": st.text(max_size=30) | values,
        "job": job_props.map(never_a_job) | values.filter(lambda v: not isinstance(v, dict)),
        "jobs": st.lists(job_props.map(never_a_job), max_size=3)
        | values.filter(lambda v: not isinstance(v, list)),
    },
)


@pytest.fixture(scope="module")
def checked(served: Served, lab: Lab) -> Iterator[Served]:
    yield served
    served.assert_alive()
    assert jobs_named(lab, NAME) == [], "a fuzzed body was submitted"


def _check(status: int, body: Any, what: Any) -> None:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    assert b"Traceback" not in raw and b"Internal error" not in raw, (what, raw[:300])
    # 26.05's C daemon answers a query its URL parser refuses (%00) with this 500.
    refused_query = binding_release() == "26.05" and raw == b"Unspecified error"
    slurms = status == 500 and isinstance(body, dict) and body["errors"]
    assert status < 500 or refused_query or slurms, (what, status, raw[:300])


@FUZZ
@given(doc=submissions)
def test_submit(checked: Served, doc: dict[str, Any]) -> None:
    status, body = checked.client().request("POST", f"{API}/job/submit", doc)
    _check(status, body, doc)
    if status == 200:
        assert body["errors"], (doc, body)  # held or refused, never a job


@FUZZ
@given(doc=job_props | values)
def test_update(checked: Served, doc: Any) -> None:
    status, body = checked.client().request("POST", f"{API}/job/{MISSING_JOB}", doc)
    _check(status, body, doc)


def _get_templates(served: Served) -> list[str]:
    status, doc = served.client().request("GET", "/openapi/v3")
    assert status == 200
    return sorted(p for p, ops in doc["paths"].items() if "get" in ops)


segments = st.text(max_size=30) | st.sampled_from(["..", ".", "%", "0", "-1", "4294967296"])
queries = st.dictionaries(
    st.sampled_from(["update_time", "signal", "x"]) | st.text(max_size=8),
    st.text(max_size=20) | st.integers().map(str),
    max_size=3,
)


@FUZZ
@given(data=st.data())
def test_get_routes(checked: Served, data: st.DataObject) -> None:
    templates = _get_templates(checked)
    template = data.draw(st.sampled_from(templates))
    path = re.sub(r"\{[^}]+\}", lambda _: quote(data.draw(segments), safe=""), template)
    query = urlencode(data.draw(queries))
    target = path + ("?" + query if query else "")
    status, body = checked.client().request("GET", target)
    _check(status, body, target)


ACCOUNTING_KEYS = {
    "/slurmdb/v0.0.38/accounts": "accounts",
    "/slurmdb/v0.0.38/users": "users",
    "/slurmdb/v0.0.38/associations": "associations",
    "/slurmdb/v0.0.38/qos": "QOS",
    "/slurmdb/v0.0.38/wckeys": "wckeys",
    "/slurmdb/v0.0.37/accounts": "accounts",
    "/slurmdb/v0.0.37/associations": "associations",
}
record_keys = st.sampled_from(
    [
        "name",
        "account",
        "user",
        "cluster",
        "flags",
        "qos",
        "max",
        "priority",
        "default",
        "administrator_level",
        "associations",
        "coordinators",
        "limits",
        "preempt",
        "id",
    ]
) | st.text(max_size=10)
accounting_records = st.dictionaries(record_keys, values, max_size=6)


@FUZZ
@given(data=st.data())
def test_accounting_writes(checked: Served, data: st.DataObject) -> None:
    """Random accounting bodies, as bob (not an administrator: slurmdbd refuses any write
    that parses, so nothing can change): a 400 or slurmdbd's refusal, never a crash."""
    path = data.draw(st.sampled_from(sorted(ACCOUNTING_KEYS)))
    key = ACCOUNTING_KEYS[path]
    doc = data.draw(
        st.fixed_dictionaries({key: st.lists(accounting_records, max_size=3) | values}) | values
    )
    status, body = checked.client().request("POST", path, doc)
    _check(status, body, (path, doc))
