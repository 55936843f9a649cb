"""GET /slurm/v0.0.45/conf: slurmctld's configuration, ours and 26.05's C daemon.

On 26.05 both answer the same lab: compared whole (keys in order, types, values
but those that move between two reads: the load's time, LastUpdate, and the next
job id, tests/conformance/compare.py).  "Nothing changed since" is compared with
the time inside its warning's brackets left out: the reference writes there the
distance from its clock to update_time, nanoseconds included.  24.11's C daemon
serves no v0.0.45: our answers there have the structure (keys in order, value
types) and status of 26.05's, as recorded in tests/dpgolden (so has 22.05,
tests/integration/test_dataparser_on_2205.py).  On every release the answer is one
our own document's response schema allows (types, flag names).
"""

from __future__ import annotations

import re
import time
from typing import Any

import jsonschema
import pytest

from tests import dpgolden
from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conformance.dp import assert_same, both
from tests.conftest import Lab, binding_release
from tests.daemon import Client, jwt_headers

pytestmark = pytest.mark.releases("24.11", "26.05")

CONF_CASES = [c for c in dpgolden.CASES if c.name.startswith("conf")]


@pytest.mark.releases("26.05")  # the only C daemon serving v0.0.45
@pytest.mark.parametrize("user", ["slurm", "alice"])
@pytest.mark.parametrize("query", ["", "?update_time=1", "?update_time=abc&foo=1", "?x="])
def test_same_as_the_reference(dp_pair: Pair, lab: Lab, user: str, query: str) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/v0.0.45/conf{query}", user=user)
    assert_same(ref, ours)


def _unbracketed(doc: Any) -> Any:
    for warning in doc.get("warnings", []):
        warning["description"] = re.sub(r"\[.*\]=", "[]=", warning["description"])
    return doc


@pytest.mark.releases("26.05")  # the only C daemon serving v0.0.45
def test_nothing_changed_since(dp_pair: Pair, lab: Lab) -> None:
    later = int(time.time()) + 3600
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/v0.0.45/conf?update_time={later}")
    assert ref[1]["warnings"], ref
    assert_same((ref[0], _unbracketed(ref[1])), (ours[0], _unbracketed(ours[1])))


def test_the_whole_table_is_dumped(dp_pair: Pair, lab: Lab) -> None:
    """Every key of the reference's table, on every release, and no traceback (a field the
    release lacks comes with its unset value)."""
    client = Client(port=dp_pair.our_port, headers=jwt_headers("slurm", lab.token("slurm")))
    status, body = client.request("GET", "/slurm/v0.0.45/conf")
    assert status == 200, body
    ref = dpgolden.read("v0.0.45", "conf")["body"]
    assert list(body["slurm_conf"]) == list(ref["slurm_conf"])
    assert list(body["slurm_conf_meta"]) == list(ref["slurm_conf_meta"])
    assert body["slurm_conf"]["ClusterName"]
    assert body["slurm_conf_meta"]["SLURM_VERSION"].startswith(binding_release() or "?")


@pytest.mark.parametrize("case", CONF_CASES, ids=[c.name for c in CONF_CASES])
def test_structure_as_recorded(dp_pair: Pair, lab: Lab, case: dpgolden.Case) -> None:
    ref = dpgolden.read("v0.0.45", case.name)
    client = Client(port=dp_pair.our_port, headers=jwt_headers(case.user, lab.token(case.user)))
    status, body = client.request(case.method, case.target("v0.0.45"), case.body)
    assert status == ref["status"], body
    diffs = differences(ref["body"], body, values=False)
    assert not diffs, "\n".join(diffs[:40])


def test_the_answer_is_what_our_document_says(dp_pair: Pair, lab: Lab) -> None:
    client = Client(port=dp_pair.our_port, headers=jwt_headers("slurm", lab.token("slurm")))
    status, doc = client.request("GET", "/openapi/v3")
    assert status == 200, doc
    op = doc["paths"]["/slurm/v0.0.45/conf"]["get"]
    schema = {
        **op["responses"]["200"]["content"]["application/json"]["schema"],
        "components": doc["components"],
    }
    status, body = client.request("GET", "/slurm/v0.0.45/conf")
    assert status == 200, body
    errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(body)]
    assert not errors, errors[:10]


@pytest.mark.releases("26.05")  # the only C daemon serving v0.0.45
@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("GET", "/slurm/v0.0.45/conf/"),
        ("GET", "/slurm/v0.0.44/conf"),
        ("POST", "/slurm/v0.0.45/conf"),
        ("DELETE", "/slurm/v0.0.45/conf"),
    ],
)
def test_routes_as_the_reference(dp_pair: Pair, lab: Lab, method: str, target: str) -> None:
    """The path with its slash, a version without it, the methods it has not."""
    ref, ours = both(dp_pair, lab, method, target)
    assert_same(ref, ours)
