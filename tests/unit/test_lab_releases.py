"""slurm-lab's releases: the host's is read from /etc/debian_version, and the ports of
every release stay in 6800-6839, apart from one another."""

from __future__ import annotations

from pathlib import Path

import pytest

from slurmrestd_dev.lab import releases


@pytest.mark.parametrize(
    ("debian_version", "release"),
    [("12.11\n", "22.05"), ("13.1\n", "24.11"), ("13.0", "24.11"), ("forky/sid\n", "26.05")],
)
def test_host_release_is_read_from_debian_version(
    tmp_path: Path, debian_version: str, release: str
) -> None:
    path = tmp_path / "debian_version"
    path.write_text(debian_version)
    assert releases.host_release(path).name == release


def test_an_unknown_debian_is_refused() -> None:
    with pytest.raises(LookupError, match=r"11\.9"):
        releases.release_of_debian_version("11.9")


def test_ports_are_in_range_and_apart() -> None:
    seen: set[int] = set()
    for release in releases.RELEASES:
        assert all(p in releases.PORT_RANGE and p not in releases.TEST_PORTS for p in release.ports)
        assert not seen & set(release.ports)
        seen |= set(release.ports)
    assert releases.by_name("22.05").ports == (6817, 6818, 6819, 6820)


def test_root_uids_are_apart() -> None:
    service = [range(r.service_uid_base, r.service_uid_base + 4) for r in releases.RELEASES]
    users = [range(r.user_uid_base, r.user_uid_base + 3) for r in releases.RELEASES]
    for ranges in (service, users):
        flat = [uid for r in ranges for uid in r]
        assert len(flat) == len(set(flat))
    # adduser in the packages' scripts accepts an existing user only in the system range.
    assert all(100 <= uid <= 999 for r in service for uid in r)
    assert all(uid >= 1000 for r in users for uid in r)
