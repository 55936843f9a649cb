"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Lab
from tests.daemon import serving


@pytest.fixture(scope="module")
def port(lab: Lab) -> Iterator[int]:
    """Our daemon as clients meet it, one per test module: every plugin and version,
    rest_auth/jwt with SLURM_JWT=daemon, as the lab's service user.  No traceback in
    its log when the module is done."""
    with serving(lab.service_user) as (daemon, port):
        yield port
    assert "Traceback" not in daemon.output, daemon.output[-3000:]
