"""The data_parser versions on 22.05, whose C daemon serves none of them.

Every recorded case of tests/dpgolden, sent to our daemon on the 22.05 lab: the
same status, and the structure (keys in order, value types) of what the newest C
daemon serving that version answered on its own lab.  No traceback in our log.
"""

from __future__ import annotations

import pytest

from tests import dpgolden
from tests.conformance.compare import differences
from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

pytestmark = pytest.mark.releases("22.05")

CASES = dpgolden.recorded()


def test_every_version_has_cases() -> None:
    assert {v for v, _ in CASES} == set(dpgolden.RECORDED_ON)


@pytest.mark.parametrize(("version", "case"), CASES, ids=[f"{v}-{c.name}" for v, c in CASES])
def test_structure(port: int, lab: Lab, version: str, case: dpgolden.Case) -> None:
    ref = dpgolden.read(version, case.name)
    client = Client(port=port, headers=jwt_headers(case.user, lab.token(case.user)))
    status, body = client.request(case.method, case.target(version), case.body)
    assert status == ref["status"], body
    diffs = differences(ref["body"], body, values=False)
    assert not diffs, "\n".join(diffs[:40])
