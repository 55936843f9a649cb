"""GET /slurm/{v0.0.4x}/ping: ours and the release's C daemon."""

from __future__ import annotations

import pytest

from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", ["ping", "ping/"])
def test_get(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/{path}")
    assert_same(ref, ours)
