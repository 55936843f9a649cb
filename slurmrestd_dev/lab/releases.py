"""The Slurm releases the lab runs side by side, and which one is the host's own.

design: a release is data (its Debian suite, cluster name, ports, uids and the
few settings its packages need); the host's release is read from
``/etc/debian_version``, never assumed, so the same code runs on a Debian 12
host (22.05 on the host, 24.11 and 26.05 in roots) and on a Debian 13 host
(24.11 on the host, 22.05 and 26.05 in roots).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Every port of the labs lies in 6800-6899; 6840-6899 belong to the tests' own daemons.
PORT_RANGE = range(6800, 6900)
TEST_PORTS = range(6840, 6900)
# The port of the wide shape's nodes (at 127.0.0.2), which have no slurmd: nothing binds
# it (6817-6828 are the labs', 6829-6839 manual runs', 6840-6899 the tests').
NO_DAEMON_PORT = 6800
# One lock file per test port (tests/daemon.py): the host and every root share this
# directory (a root bind-mounts it), as they share the network.
TEST_PORT_LOCKS = Path("/tmp/slurmrestd-test-ports")


@dataclass(frozen=True)
class Release:
    """One Slurm release as Debian packages it."""

    name: str
    suite: str
    # How /etc/debian_version of this suite begins ("12.11", "13.1", "forky/sid").
    debian_version: str
    cluster: str
    # slurmctld; slurmd, slurmdbd and the reference (or demo) daemon follow in that order.
    port_base: int
    # The service users' uids in a root: inside Debian's system range (adduser in the
    # packages' scripts accepts an existing system user) and used by nothing on the host.
    service_uid_base: int
    # alice, bob, labadmin in a root: uids that name nobody on the host.
    user_uid_base: int
    # debootstrap's script for a suite it does not know yet (bookworm's has no forky).
    debootstrap_script: str | None = None
    # The mirror's metadata of a suite in development can read as expired.
    apt_check_valid_until: bool = True
    mariadb_options: tuple[str, ...] = ()
    slurm_conf_extra: tuple[str, ...] = ()
    # cgroup.conf of the lab (in a root or on the host): a root's fresh sysfs has no
    # cgroup filesystem, and a host's may be one slurmd cannot use (cgroup v2 without
    # systemd's delegation), which slurmd 24.11 and later refuse unless cgroups are
    # disabled (a value 22.05 lacks).
    cgroup_conf: str | None = None
    # Mounts the release's slurmd needs in a root beyond MOUNTS (roots.py), after them.
    extra_mounts: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def slurmctld_port(self) -> int:
        return self.port_base

    @property
    def slurmd_port(self) -> int:
        return self.port_base + 1

    @property
    def slurmdbd_port(self) -> int:
        return self.port_base + 2

    @property
    def rest_port(self) -> int:
        """The reference slurmrestd's port in a root, the demo daemon's on the host."""
        return self.port_base + 3

    @property
    def ports(self) -> tuple[int, int, int, int]:
        return (self.slurmctld_port, self.slurmd_port, self.slurmdbd_port, self.rest_port)


RELEASES: tuple[Release, ...] = (
    Release(
        name="22.05",
        suite="bookworm",
        debian_version="12",
        cluster="lab",
        port_base=6817,
        service_uid_base=760,
        user_uid_base=22051,
        # In a root (a Debian 13 host): slurmd 22.05 always starts its cgroup plugin,
        # which wants a cgroup v1 layout (a tmpfs at /sys/fs/cgroup and a cgroup
        # hierarchy at its systemd/), and it has no CgroupPlugin=disabled.  A named
        # hierarchy of the lab's own: nothing of the host's cgroups is touched.
        extra_mounts=(
            ("sys/fs/cgroup", ("-t", "tmpfs", "-o", "mode=755,nosuid,nodev", "slurm-lab")),
            ("sys/fs/cgroup/systemd", ("-t", "cgroup", "-o", "none,name=slurm-lab", "slurm-lab")),
        ),
    ),
    Release(
        name="24.11",
        suite="trixie",
        debian_version="13",
        cluster="lab2411",
        port_base=6821,
        service_uid_base=811,
        user_uid_base=24111,
        slurm_conf_extra=(
            "# 24.11's slurmctld, slurmd and slurmdbd have no bind address: all interfaces.",
        ),
        cgroup_conf="CgroupPlugin=disabled\n",
    ),
    Release(
        name="26.05",
        suite="forky",
        debian_version="forky",
        cluster="lab2605",
        port_base=6825,
        service_uid_base=861,
        user_uid_base=26051,
        debootstrap_script="/usr/share/debootstrap/scripts/sid",
        apt_check_valid_until=False,
        # slurmdbd 26.05 warns that MariaDB's snapshot isolation can crash it on a
        # write conflict.
        mariadb_options=("innodb_snapshot_isolation=OFF",),
        # No mail program in a minbase root: slurmctld 26.05 refuses a missing MailProg.
        slurm_conf_extra=("MailProg=/bin/true",),
        cgroup_conf="CgroupPlugin=disabled\n",
    ),
)

NAMES = tuple(r.name for r in RELEASES)


def by_name(name: str) -> Release:
    for release in RELEASES:
        if release.name == name:
            return release
    raise KeyError(name)


def release_of_debian_version(text: str) -> Release:
    """The release whose suite a /etc/debian_version text names ("12.11", "forky/sid")."""
    text = text.strip()
    for release in RELEASES:
        head = text.split(".")[0] if text[:1].isdigit() else text.split("/")[0]
        if head == release.debian_version:
            return release
    raise LookupError(f"no lab release for Debian {text!r} (known: {', '.join(NAMES)})")


def host_release(debian_version: Path = Path("/etc/debian_version")) -> Release:
    """The release the host's own packages provide."""
    return release_of_debian_version(debian_version.read_text())
