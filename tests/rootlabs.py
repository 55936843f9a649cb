"""The labs of the releases that run in roots, for tests driven from the host (test helper).

A root's lab that is missing fails the test in CI (CI=true) and skips it locally, as the
host lab's fixture does (tests/conftest.py).
"""

from __future__ import annotations

import os

import pytest

from slurmrestd_dev import lab as slurm_lab
from slurmrestd_dev.lab import common, releases
from slurmrestd_dev.lab.roots import RootLab

# The releases whose labs run in roots: every one but the host's own (24.11 and 26.05 on a
# Debian 12 host, 22.05 and 26.05 on a Debian 13 host).
IN_ROOTS = tuple(r.name for r in releases.RELEASES if r != slurm_lab.host_release())


def problem(release: releases.Release) -> str | None:
    if os.geteuid() != 0:
        return "the release labs need root (they chroot into the labs' roots)"
    lab = slurm_lab.root_lab(release)
    if lab is None:
        return f"{release.name} is this host's own release, not a root's"
    down = [name for name in common.DAEMONS if lab.daemon_pid(name) is None]
    if down:
        return (
            f"the {release.name} lab is not up ({', '.join(down)} down): "
            f"run `bin/slurm-lab up --release {release.name}`"
        )
    return None


def root_lab(name: str) -> RootLab:
    """The lab of release `name` in its root, or the test fails (CI) or skips (locally)."""
    release = releases.by_name(name)
    found = problem(release)
    if found:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the {release.name} lab: {found}")
        pytest.skip(found)
    lab = slurm_lab.root_lab(release)
    assert lab is not None
    return lab
