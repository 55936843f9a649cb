"""Content negotiation (#18) on 22.05's versions: ours and 22.05's C daemon, side by side.

Every Accept case on v0.0.38 and dbv0.0.38 and /openapi/v3, every Content-Type case of a
job submit, and a job submitted with a YAML body by each daemon, seen in slurmctld, then
cancelled.  22.05 writes a C string that is NULL as !!null in YAML but "" in JSON (the
legacy handlers' output is JSON's): the objects compared here have none.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
import yaml

from tests import golden
from tests.conformance.conftest import Pair, start_pair
from tests.conformance.negotiation import (
    ACCEPT_ONE,
    BAD_JSON,
    BAD_YAML,
    assert_document_negotiated,
    assert_same,
    both,
    folded_lines,
    job_id_of,
    parsed,
    request,
)
from tests.conformance.test_faults import wait_for
from tests.conftest import Lab

pytestmark = pytest.mark.releases("22.05")

NO_SCRIPT_JSON = b'{"job": {"name": "x"}}'
NO_SCRIPT_YAML = b"job:\n  name: x\n"


@pytest.mark.parametrize("accept", ACCEPT_ONE)
@pytest.mark.parametrize(
    "path", ["/slurm/v0.0.38/ping", "/slurm/v0.0.37/ping", "/slurm/v0.0.38/licenses"]
)
def test_accept(pair: Pair, lab: Lab, path: str, accept: str | None) -> None:
    ref, ours = both(pair, lab, "GET", path, accept=accept)
    assert_same(ref, ours)


@pytest.mark.parametrize("accept", ["application/x-yaml", "text/yaml", "application/yaml", None])
def test_accept_accounting(pair: Pair, lab: Lab, accept: str | None) -> None:
    ref, ours = both(pair, lab, "GET", "/slurmdb/v0.0.38/diag", accept=accept)
    assert (ours.status, ours.content_type) == (ref.status, ref.content_type)


@pytest.mark.parametrize("accept", ["application/x-yaml", "text/html", "*/*", None])
def test_accept_document(pair: Pair, lab: Lab, accept: str | None) -> None:
    """The document's contents are #18 item 2's; here: the same negotiation, and our YAML
    carrying the data of our JSON."""
    assert_document_negotiated(pair, lab, accept)


CONTENT = {
    "json": ("application/json", NO_SCRIPT_JSON),
    "x-yaml": ("application/x-yaml", NO_SCRIPT_YAML),
    "text-yaml": ("text/yaml", NO_SCRIPT_YAML),
    "yaml-unregistered": ("application/yaml", NO_SCRIPT_YAML),
    "missing": (None, NO_SCRIPT_JSON),
    "unknown": ("text/html", NO_SCRIPT_JSON),
    "json-charset": ("application/json; charset=utf-8", NO_SCRIPT_JSON),
    "bad-yaml": ("application/x-yaml", BAD_YAML),
    "bad-json": ("application/json", BAD_JSON),
    "json-as-yaml": ("application/json", NO_SCRIPT_YAML),
    "empty-yaml": ("application/x-yaml", b""),
}


@pytest.mark.parametrize("accept", [None, "application/x-yaml"])
@pytest.mark.parametrize("case", sorted(CONTENT))
def test_content_type(pair: Pair, lab: Lab, case: str, accept: str | None) -> None:
    ctype, body = CONTENT[case]
    ref, ours = both(
        pair, lab, "POST", "/slurm/v0.0.38/job/submit", accept=accept, content_type=ctype, body=body
    )
    assert_same(ref, ours)


SCRIPT_YAML = (
    b"job:\n"
    b"  name: yaml-submit\n"
    b"  current_working_directory: /tmp\n"
    b"  environment:\n"
    b"    PATH: /bin:/usr/bin\n"
    b"  time_limit: !!int 5\n"
    b"script: |\n"
    b"  #!/bin/sh\n"
    b"  sleep 300\n"
)


@pytest.mark.parametrize("accept", ["application/x-yaml", None])
def test_submit_yaml(pair: Pair, lab: Lab, accept: str | None) -> None:
    """A job sent as YAML by alice through each daemon: the same answer but for the job's
    id, each job in slurmctld with the name and time limit the YAML gave, then cancelled."""
    ids: list[int] = []
    try:
        answers = []
        for port in (pair.ref_port, pair.our_port):
            answer = request(
                port,
                lab,
                "POST",
                "/slurm/v0.0.38/job/submit",
                accept=accept,
                content_type="application/x-yaml",
                body=SCRIPT_YAML,
                user="alice",
            )
            assert answer.status == 200, answer
            ids.append(job_id_of(answer))
            answers.append(answer)
        assert_same(answers[0], answers[1], job_ids=(ids[0], ids[1]))
        for job_id in ids:
            shown = lab.run("scontrol", "show", "job", str(job_id)).stdout
            assert "JobName=yaml-submit" in shown, shown
            assert "TimeLimit=00:05:00" in shown, shown
            assert "UserId=alice" in shown, shown
    finally:
        for job_id in ids:
            with contextlib.suppress(Exception):
                lab.run("scancel", str(job_id))
        for job_id in ids:
            wait_for(
                lambda j=job_id: (
                    "JobState=PENDING" not in _show(lab, j)
                    and "JobState=RUNNING" not in _show(lab, j)
                ),
                30,
            )


def _show(lab: Lab, job_id: int) -> str:
    return str(lab.run("scontrol", "show", "job", str(job_id)).stdout)


def test_yaml_types(pair: Pair, lab: Lab) -> None:
    """Our YAML carries the types the reference's does: integers as !!int, strings as
    !!str (a version "22" stays a string), booleans, sequences and mappings."""
    ref, ours = both(pair, lab, "GET", "/slurm/v0.0.38/ping", accept="application/x-yaml")
    for answer in (ref, ours):
        text = answer.body.decode()
        assert "!!str release: !!str " in text
        assert "!!str major: !!int 22" in text
        assert isinstance(yaml.safe_load(text)["pings"], list)


LISTS = (
    "/slurm/v0.0.38/nodes",
    "/slurm/v0.0.38/partitions",
    "/slurm/v0.0.38/reservations",
    "/slurm/v0.0.38/jobs",
    "/slurm/v0.0.38/diag",
    "/slurm/v0.0.37/nodes",
    "/slurm/v0.0.37/partitions",
    "/slurmdb/v0.0.38/qos",
    "/slurmdb/v0.0.38/tres",
    "/slurmdb/v0.0.38/users",
    "/slurmdb/v0.0.38/accounts",
    "/slurmdb/v0.0.38/associations",
    "/slurmdb/v0.0.38/clusters",
    "/slurmdb/v0.0.37/qos",
)


@pytest.mark.parametrize("path", LISTS)
def test_yaml_lists(pair: Pair, lab: Lab, path: str) -> None:
    """The objects as YAML: the same data and types, a C string that was NULL (null in
    22.05's YAML, "" in its JSON) included."""
    ref, ours = both(pair, lab, "GET", path, accept="application/x-yaml")
    assert_same(ref, ours)


@pytest.fixture(scope="module")
def compact_pair(lab: Lab) -> Iterator[Pair]:
    """Both daemons with SLURMRESTD_YAML=compact, which 22.05's does not read."""
    yield from start_pair(lab, "-s", golden.LEGACY_PLUGINS, env={"SLURMRESTD_YAML": "compact"})


def test_yaml_compact_ignored(compact_pair: Pair, lab: Lab) -> None:
    """22.05 writes pretty YAML whatever SLURMRESTD_YAML says: a held job's long comment
    is folded at 80 columns by both."""
    made = lab.run(
        "sbatch", "--hold", "--parsable", "--comment=" + "word " * 30, "--wrap=true", user="alice"
    )
    assert made.returncode == 0, made.stderr
    job_id = int(made.stdout.strip().split(";")[0])
    try:
        path = f"/slurm/v0.0.38/job/{job_id}"
        ref, ours = both(compact_pair, lab, "GET", path, accept="application/x-yaml")
        assert_same(ref, ours)
        assert folded_lines(ref) > 0
        assert folded_lines(ours) > 0
    finally:
        lab.run("scancel", str(job_id))


@pytest.mark.parametrize("target", ["/slurm/v0.0.38/ping", "/slurm/v0.0.38/ping?a=1"])
def test_unexpected_body(pair: Pair, lab: Lab, target: str) -> None:
    """22.05 refuses a body on any method but POST."""
    ref, ours = both(pair, lab, "GET", target, content_type="application/json", body=b'{"a": 1}')
    assert_same(ref, ours)


def test_data_parser_versions_on_2205(dp_pair: Pair, lab: Lab) -> None:
    """On 22.05 ours serves the data_parser versions too (its C daemon has none): they take
    application/yaml as their documents offer; the old versions keep 22.05's types."""
    for target, want in (
        ("/slurm/v0.0.42/ping", (200, "application/yaml")),
        ("/slurm/v0.0.45/ping", (200, "application/yaml")),
        ("/slurm/v0.0.38/ping", (415, "text/plain")),
    ):
        ours = request(dp_pair.our_port, lab, "GET", target, accept="application/yaml")
        assert (ours.status, ours.content_type) == want, target
    ours = request(dp_pair.our_port, lab, "GET", "/slurm/v0.0.42/ping", accept="text/yaml")
    as_json = request(dp_pair.our_port, lab, "GET", "/slurm/v0.0.42/ping")
    assert parsed(ours)["pings"][0].keys() == parsed(as_json)["pings"][0].keys()


@pytest.mark.parametrize("accept", [None, "application/x-yaml"])
def test_not_modified(pair: Pair, lab: Lab, accept: str | None) -> None:
    """304: no body and no Content-Type, whatever was accepted."""
    target = "/slurm/v0.0.38/jobs?update_time=99999999999"
    ref, ours = both(pair, lab, "GET", target, accept=accept)
    assert_same(ref, ours)
    assert (ours.status, ours.content_type, ours.body) == (304, None, b"")
