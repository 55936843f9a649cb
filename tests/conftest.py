"""Shared fixtures.  Integration tests need the lab: in CI (CI=true) a missing lab
is a failure, locally it is a skip."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import Any

import pytest

from slurmrestd_dev import lab as slurm_lab


@dataclass(frozen=True)
class Lab:
    env: dict[str, str]
    service_user: str = slurm_lab.SERVICE_USER
    users: tuple[str, ...] = slurm_lab.ORDINARY_USERS

    def run(self, *argv: str, user: str | None = None, **kw: Any) -> subprocess.CompletedProcess:
        cmd = list(argv)
        if user is not None:
            setenv = [f"{k}={v}" for k, v in self.env.items()]
            cmd = ["runuser", "-u", user, "--", "env", *setenv, *cmd]
        return subprocess.run(
            cmd, env={**os.environ, **self.env}, capture_output=True, text=True, timeout=60, **kw
        )

    def token(self, user: str, lifespan: int = 600) -> str:
        return slurm_lab.token(user, lifespan)


def _lab_problem() -> str | None:
    if os.geteuid() != 0:
        return "integration tests run as root (they start daemons that drop to the service user)"
    down = [name for name in slurm_lab.DAEMONS if slurm_lab.daemon_pid(name) is None]
    if down:
        return "slurm-lab is not up (" + ", ".join(down) + " down): run `bin/slurm-lab up`"
    return None


@pytest.fixture(scope="session")
def lab() -> Lab:
    problem = _lab_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the lab: {problem}")
        pytest.skip(problem)
    # The daemons under test run this Python as the service user: let it read the
    # virtualenv (tox creates .tox 0700) and this checkout.
    import sys
    from pathlib import Path

    slurm_lab.make_readable_for_service_user(
        Path(sys.prefix), Path(slurm_lab.__file__).resolve().parents[2]
    )
    return Lab(env=slurm_lab.lab_env())


# Directories whose tests need the lab (and so fail in CI without it, skip locally).
LAB_DIRS = ("integration", "conformance", "reliability")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(d in item.path.parts for d in LAB_DIRS):
            item.add_marker(pytest.mark.lab)
    # The fault tests stop parts of the lab: after every other test, in their own order.
    items.sort(key=lambda item: item.get_closest_marker("faults") is not None)


@pytest.fixture(autouse=True)
def _needs_lab(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("lab") is not None:
        request.getfixturevalue("lab")
