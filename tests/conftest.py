"""Shared fixtures.  Integration tests need the lab: in CI (CI=true) a missing lab
is a failure, locally it is a skip.

A test may apply to some Slurm releases only: ``@pytest.mark.releases("22.05")``.
Tests without the mark apply to every release.  The session runs on the release
the binding was built against (on the host, or inside a release's root, where
``slurmrestd_dev.lab`` finds that root's lab as its own); the tests of other
releases are deselected, not skipped: they do not exist for this release.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from slurmrestd.slurm import releases as binding_releases
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
    from pathlib import Path

    slurm_lab.make_readable_for_service_user(
        Path(sys.prefix), Path(slurm_lab.__file__).resolve().parents[2]
    )
    return Lab(env=slurm_lab.lab_env())


# Directories whose tests need the lab (and so fail in CI without it, skip locally).
LAB_DIRS = ("integration", "conformance", "reliability")


RELEASE_NAMES = tuple(r.name for r in binding_releases.RELEASES)


@functools.cache
def binding_release() -> str | None:
    """The release the installed binding was built against; None when it is not built.

    Asked in a child process: loading libslurm into the test session itself would
    change what the tests of the binding's loading observe.
    """
    proc = subprocess.run(
        [sys.executable, "-P", "-c", "from slurmrestd import slurm; print(slurm.release().name)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.strip() or None


def item_releases(item: Any) -> tuple[str, ...] | None:
    """The releases a test applies to, or None for every release."""
    mark = item.get_closest_marker("releases")
    if mark is None:
        return None
    unknown = [r for r in mark.args if r not in RELEASE_NAMES]
    if not mark.args or unknown:
        raise pytest.UsageError(
            f"{item.nodeid}: releases({', '.join(map(repr, mark.args))}) names no release "
            f"or an unknown one (known: {', '.join(RELEASE_NAMES)})"
        )
    return tuple(mark.args)


def split_by_release(items: Sequence[Any], release: str) -> tuple[list[Any], list[Any]]:
    """The tests that apply to RELEASE, and those that do not."""
    kept: list[Any] = []
    deselected: list[Any] = []
    for item in items:
        applies = item_releases(item)
        (kept if applies is None or release in applies else deselected).append(item)
    return kept, deselected


def pytest_report_header() -> str:
    release = binding_release()
    return f"slurm release: {release or 'unknown (the binding is not built): no test deselected'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    release = binding_release()
    deselected: list[pytest.Item] = []
    if release is not None:
        items[:], deselected = split_by_release(items, release)
    if os.environ.get("SLURM_LAB_IN_ROOT"):  # a session in a root has no roots to drive
        deselected += [i for i in items if i.get_closest_marker("host_session") is not None]
        items[:] = [i for i in items if i.get_closest_marker("host_session") is None]
    # Recording the golden files rewrites them: only when asked for, and then not a skip.
    if os.environ.get("SLURMRESTD_RECORD_GOLDEN") != "1":
        recorders = [i for i in items if i.get_closest_marker("record_golden") is not None]
        items[:] = [i for i in items if i.get_closest_marker("record_golden") is None]
        deselected += recorders
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    order(items)


def order(items: list[Any]) -> None:
    for item in items:
        if any(d in item.path.parts for d in LAB_DIRS):
            item.add_marker(pytest.mark.lab)
    # The fault tests stop parts of the lab: after every other test, in their own order.
    items.sort(key=lambda item: item.get_closest_marker("faults") is not None)


@pytest.fixture(autouse=True)
def _needs_lab(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("lab") is not None:
        request.getfixturevalue("lab")
