"""Content negotiation (#18) on the data_parser versions: ours and the release's C daemon
(24.11: v0.0.40-v0.0.42, 26.05: v0.0.42-v0.0.45), side by side.

Every Accept case (one known type, and lists with q-values, tried in ascending quality
as these releases do), /openapi/v3, every Content-Type case of a job submit, and a job
submitted with a YAML body by each daemon, seen in slurmctld, then cancelled.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from tests.conformance.conftest import Pair, start_pair
from tests.conformance.dp import VERSIONS, repaired_meta
from tests.conformance.negotiation import (
    ACCEPT_LISTS,
    ACCEPT_ONE,
    BAD_JSON,
    BAD_YAML,
    assert_document_negotiated,
    assert_same,
    both,
    folded_lines,
    job_id_of,
    request,
)
from tests.conformance.test_faults import wait_for
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")

NO_SCRIPT_JSON = b'{"job": {"name": "x"}}'
NO_SCRIPT_YAML = b"job:\n  name: x\n"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("accept", ACCEPT_ONE + ACCEPT_LISTS)
def test_accept(dp_pair: Pair, lab: Lab, version: str, accept: str | None) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/ping", accept=accept)
    assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", ["nodes", "partitions", "diag", "licenses", "jobs"])
def test_yaml_objects(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/{path}", accept="application/yaml")
    assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", ["qos", "tres", "accounts", "users"])
def test_yaml_accounting(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurmdb/{version}/{path}", accept="text/yaml")
    assert_same(ref, ours)


@pytest.mark.parametrize("accept", ["application/yaml", "text/html", "*/*", None])
def test_accept_document(dp_pair: Pair, lab: Lab, accept: str | None) -> None:
    """The same negotiation for the document, our YAML carrying the data of our JSON."""
    assert_document_negotiated(dp_pair, lab, accept)


CONTENT = {
    "json": ("application/json", NO_SCRIPT_JSON),
    "jsonrequest": ("application/jsonrequest", NO_SCRIPT_JSON),
    "yaml": ("application/yaml", NO_SCRIPT_YAML),
    "x-yaml": ("application/x-yaml", NO_SCRIPT_YAML),
    "text-yaml": ("text/yaml", NO_SCRIPT_YAML),
    "missing": (None, NO_SCRIPT_JSON),
    "unknown": ("text/html", NO_SCRIPT_JSON),
    "json-charset": ("application/json; charset=utf-8", NO_SCRIPT_JSON),
    "bad-yaml": ("application/yaml", BAD_YAML),
    "yaml-alias": ("application/yaml", b"job: &j {name: x}\njobs: [*j]\n"),
    "bad-json": ("application/json", BAD_JSON),
    "json-as-yaml": ("application/json", NO_SCRIPT_YAML),
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("accept", [None, "application/yaml"])
@pytest.mark.parametrize("case", sorted(CONTENT))
def test_content_type(dp_pair: Pair, lab: Lab, version: str, case: str, accept: str | None) -> None:
    ctype, body = CONTENT[case]
    ref, ours = both(
        dp_pair,
        lab,
        "POST",
        f"/slurm/{version}/job/submit",
        accept=accept,
        content_type=ctype,
        body=body,
        user="alice",
    )
    assert_same(ref, ours, fix_ref=lambda doc: repaired_meta(dp_pair, lab, version, doc))


SCRIPT_YAML = (
    b"job:\n"
    b"  name: yaml-submit\n"
    b"  current_working_directory: /tmp\n"
    b"  environment:\n"
    b"  - PATH=/bin:/usr/bin\n"
    b"  time_limit: !!int 5\n"
    b"  script: |\n"
    b"    #!/bin/sh\n"
    b"    sleep 300\n"
)


@pytest.mark.parametrize("version", VERSIONS[-1:])
@pytest.mark.parametrize("accept", ["application/yaml", None])
def test_submit_yaml(dp_pair: Pair, lab: Lab, version: str, accept: str | None) -> None:
    """A job sent as YAML by alice through each daemon: the same answer but for the job's
    id, each job in slurmctld with the name and time limit the YAML gave, then cancelled."""
    ids: list[int] = []
    try:
        answers = []
        for port in (dp_pair.ref_port, dp_pair.our_port):
            answer = request(
                port,
                lab,
                "POST",
                f"/slurm/{version}/job/submit",
                accept=accept,
                content_type="application/yaml",
                body=SCRIPT_YAML,
                user="alice",
            )
            assert answer.status == 200, answer
            ids.append(job_id_of(answer))
            answers.append(answer)
        assert_same(
            answers[0],
            answers[1],
            job_ids=(ids[0], ids[1]),
            fix_ref=lambda doc: repaired_meta(dp_pair, lab, version, doc),
        )
        for job_id in ids:
            shown = _show(lab, job_id)
            assert "JobName=yaml-submit" in shown, shown
            assert "TimeLimit=00:05:00" in shown, shown
            assert "UserId=alice" in shown, shown
    finally:
        for job_id in ids:
            with contextlib.suppress(Exception):
                lab.run("scancel", str(job_id))
        for job_id in ids:
            wait_for(lambda j=job_id: _ended(lab, j), 30)


def _show(lab: Lab, job_id: int) -> str:
    return str(lab.run("scontrol", "show", "job", str(job_id)).stdout)


def _ended(lab: Lab, job_id: int) -> bool:
    shown = _show(lab, job_id)
    return "JobState=PENDING" not in shown and "JobState=RUNNING" not in shown


@pytest.fixture(scope="module")
def compact_pair(lab: Lab) -> Iterator[Pair]:
    """Both daemons with SLURMRESTD_YAML=compact."""
    yield from start_pair(lab, env={"SLURMRESTD_YAML": "compact"})


def test_yaml_compact(dp_pair: Pair, compact_pair: Pair, lab: Lab) -> None:
    """SLURMRESTD_YAML=compact: long strings (the document's summaries) are not folded at
    80 columns, as the reference's; pretty (the default) folds them in both."""
    for pair, folds in ((dp_pair, True), (compact_pair, False)):
        ref, ours = both(pair, lab, "GET", "/openapi/v3", accept="application/yaml")
        assert (ours.status, ours.content_type) == (ref.status, ref.content_type)
        assert (folded_lines(ref) > 0, folded_lines(ours) > 0) == (folds, folds)


@pytest.mark.parametrize("version", VERSIONS[-1:])
@pytest.mark.parametrize(
    ("method", "target"),
    [("GET", "ping"), ("GET", "ping?a=1"), ("POST", "job/submit?a=1")],
)
def test_unexpected_body(dp_pair: Pair, lab: Lab, version: str, method: str, target: str) -> None:
    """24.11 on refuse a body sent with a URL query (a GET's body alone is read)."""
    ref, ours = both(
        dp_pair,
        lab,
        method,
        f"/slurm/{version}/{target}",
        content_type="application/json",
        body=NO_SCRIPT_JSON,
        user="alice",
    )
    assert_same(ref, ours)


GET_BODIES = {
    "bad-json": ("application/json", BAD_JSON),
    "bad-yaml": ("application/yaml", BAD_YAML),
    "unknown": ("text/html", b"x"),
    "missing": (None, b'{"a": 1}'),
    "yaml": ("text/yaml", b"a: b\n"),
}


@pytest.mark.parametrize("version", VERSIONS[-1:])
@pytest.mark.parametrize("case", sorted(GET_BODIES))
def test_get_body(dp_pair: Pair, lab: Lab, version: str, case: str) -> None:
    """24.11 on read a GET's body as its query, with the body's refusals."""
    ctype, body = GET_BODIES[case]
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/ping", content_type=ctype, body=body)
    assert_same(ref, ours, fix_ref=lambda doc: repaired_meta(dp_pair, lab, version, doc))


@pytest.mark.parametrize("version", VERSIONS[-1:])
def test_get_body_is_the_query(dp_pair: Pair, lab: Lab, version: str) -> None:
    """A GET's body as its query: update_time in the future, "no change" said."""
    ref, ours = both(
        dp_pair,
        lab,
        "GET",
        f"/slurm/{version}/jobs",
        content_type="application/json",
        body=b'{"update_time": "99999999999"}',
    )
    assert_same(ref, ours)
    assert b"update_time" in ours.body


@pytest.mark.releases("26.05")
@pytest.mark.parametrize(
    ("accept", "ctype", "body"),
    [("text/html", None, None), (None, "text/html", b"x"), ("text/yaml", None, None)],
)
def test_probe(
    dp_pair: Pair, lab: Lab, accept: str | None, ctype: str | None, body: bytes | None
) -> None:
    """26.05's /healthz negotiates as every route."""
    ref, ours = both(dp_pair, lab, "GET", "/healthz", accept=accept, content_type=ctype, body=body)
    assert_same(ref, ours)
