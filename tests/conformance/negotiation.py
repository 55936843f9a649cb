"""Content negotiation (#18): ours and a release's C daemon asked the same request with
the same Accept / Content-Type, compared as users meet them: the status, the
Content-Type exactly, and the body: text as sent, JSON and YAML as the data they carry
(YAML read with its tags: a !!str "1" is not the !!int 1), each daemon's answer also
checked as the framing the reference writes (%YAML 1.1, document start and end).

Shared by test_yaml.py (22.05's legacy versions) and test_dp_yaml.py (the data_parser
versions in the 24.11 and 26.05 roots).
"""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conftest import Lab
from tests.daemon import jwt_headers

JSON_TYPES = ("application/json", "application/jsonrequest")
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")

# Accept headers whose answer does not depend on the order the daemon sorts equal or
# ordered qualities in (22.05's sort reads pointers as qualities: with two known types
# its choice changes from one request to the next).  None: no Accept header.
ACCEPT_ONE = (
    None,
    "",
    "application/json",
    "application/jsonrequest",
    "application/x-yaml",
    "application/yaml",
    "text/yaml",
    "APPLICATION/X-YAML",
    "*/*",
    "text/html",
    "application/*",
    "text/html, text/yaml",
    "text/html;q=0.9, application/x-yaml;q=0.1",
    "text/yaml;level=1;q=0.2",
    "application/x-www-form-urlencoded",
)
# Lists of two known types, q-values included: 24.11 and 26.05 try them in ascending
# quality, equal ones in their order.
ACCEPT_LISTS = (
    "application/json, text/yaml",
    "text/yaml, application/json",
    "text/yaml;q=0.5, application/json",
    "application/json;q=0.5, text/yaml",
    "application/json;q=0.9, application/yaml;q=0.1",
    "*/*;q=0.1, text/yaml",
)


@dataclass
class Answer:
    status: int
    content_type: str | None
    body: bytes
    closed: bool


def request(
    port: int,
    lab: Lab,
    method: str,
    target: str,
    *,
    accept: str | None = None,
    content_type: str | None = None,
    body: bytes | None = None,
    user: str = "slurm",
) -> Answer:
    headers = jwt_headers(user, lab.token(user))
    if accept is not None:
        headers["Accept"] = accept
    if content_type is not None:
        headers["Content-Type"] = content_type
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        # skip_accept_encoding: no header the test did not ask for.
        conn.putrequest(method, target, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        try:
            data = resp.read()
        except http.client.IncompleteRead as exc:
            data = exc.partial
        return Answer(
            resp.status,
            resp.getheader("Content-Type"),
            data,
            (resp.getheader("Connection") or "").lower() == "close",
        )
    finally:
        conn.close()


def parsed(answer: Answer) -> Any:
    """The data an answer carries (its text when it is neither JSON nor YAML)."""
    if not answer.body:
        return None
    ctype = (answer.content_type or "").lower()
    if ctype in JSON_TYPES:
        return json.loads(answer.body)
    if ctype in YAML_TYPES:
        text = answer.body.decode()
        assert text.startswith("%YAML 1.1\n--- "), text[:80]
        assert text.endswith("\n...\n"), text[-80:]
        return yaml.safe_load(text)
    return answer.body.decode()


def _comparable(doc: Any) -> Any:
    if isinstance(doc, dict) and isinstance(doc.get("meta"), dict):
        doc["meta"].get("client", {}).pop("source", None)
    return doc


def assert_same(
    ref: Answer,
    ours: Answer,
    *,
    job_ids: tuple[int, int] | None = None,
    fix_ref: Callable[[Any], Any] | None = None,
) -> None:
    """Same status, Content-Type (or none), connection closing, and data (the reference's
    data through fix_ref first: dp.repaired_meta)."""
    assert (ours.status, ours.content_type) == (ref.status, ref.content_type), (ref, ours)
    if ref.status >= 400:
        assert ours.closed == ref.closed, (ref, ours)
    ref_data, our_data = _comparable(parsed(ref)), _comparable(parsed(ours))
    if fix_ref is not None:
        ref_data = fix_ref(ref_data)
    if job_ids is not None:
        ref_data = _renumbered(ref_data, job_ids[0])
        our_data = _renumbered(our_data, job_ids[1])
    diffs = differences(ref_data, our_data)
    assert not diffs, "\n".join(diffs[:40])


def _renumbered(doc: Any, job_id: int) -> Any:
    return json.loads(re.sub(rf"\b{job_id}\b", "0", json.dumps(doc)))


def both(pair: Pair, lab: Lab, method: str, target: str, **kw: Any) -> tuple[Answer, Answer]:
    return request(pair.ref_port, lab, method, target, **kw), request(
        pair.our_port, lab, method, target, **kw
    )


def job_id_of(answer: Answer) -> int:
    doc = parsed(answer)
    assert isinstance(doc, dict), answer
    return int(doc["job_id"])


# A body that is not YAML (an unterminated quoted scalar): every release's parser fails.
BAD_YAML = b'job: "unterminated\n'
BAD_JSON = b'{"job": {'


def folded_lines(answer: Answer) -> int:
    """Lines of a YAML answer that continue a scalar folded at the line width."""
    starts = ("!!", "- ", "...", "%YAML", "---")
    lines = answer.body.decode().splitlines()
    return sum(1 for line in lines if line and not line.lstrip().startswith(starts))


def assert_document_negotiated(pair: Pair, lab: Lab, accept: str | None) -> None:
    """GET /openapi/v3 with this Accept: the reference's status and Content-Type, our YAML
    carrying the data of our JSON, and the reference's refusal where it refuses."""
    ref, ours = both(pair, lab, "GET", "/openapi/v3", accept=accept)
    assert (ours.status, ours.content_type) == (ref.status, ref.content_type)
    if ours.status == 200:
        assert parsed(ours) == parsed(request(pair.our_port, lab, "GET", "/openapi/v3"))
    else:
        assert ours.body == ref.body
