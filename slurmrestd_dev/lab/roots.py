"""A Slurm release that is not the host's own, in a Debian root of its own.

design: ``RootLab(release).up()`` walks a fixed list of steps (debootstrap,
mounts, files apt needs, users, packages, configuration, munge, MariaDB and its
database, slurmdbd, accounts, slurmctld, slurmd, recorded versions), each of
which checks before it acts, so a second ``up`` changes nothing.  Every daemon
runs chrooted into ``$SLURM_LAB_ROOT/roots/<release>``, which holds that
release's Debian with the lab's files under /var/lib/slurm-lab, laid out as on
the host.

The host and the roots share one kernel: one process table (a daemon is
stopped by its pid file, and only after ``/proc/PID/root`` shows it runs in
this root; never by name), one network (each release has its own ports;
MariaDB has no network at all) and one uid space (the root's users have uids
that name nobody on the host).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from slurmrestd_dev.lab import common, shapes
from slurmrestd_dev.lab.common import LabError, say, wait
from slurmrestd_dev.lab.releases import TEST_PORT_LOCKS, Release

MIRROR = "http://deb.debian.org/debian"
PACKAGES = (
    "munge",
    "mariadb-server",
    "slurmdbd",
    "slurmctld",
    "slurmd",
    "slurm-client",
    "slurmrestd",
    "libslurm-dev",
    "slurm-wlm-jwt-plugin",
    "slurm-wlm-mysql-plugin",
    "python3",
    "python3-venv",
    "python3-dev",
    "gcc",
    # As on the host: the deployment, proxy and man page tests (nginx, systemd's unit
    # checker, openssl, man) and the load-test tool's load generator
    "nginx-light",
    "openssl",
    "systemd",
    "man-db",
    "wrk",
    # the curl client test (a Debian 12 host has it; a minbase root does not)
    "curl",
)
PROXY_USER = "www-data"
# The lab's files inside a root, laid out as the host's lab under $SLURM_LAB_ROOT.
LAB_DIR = "/var/lib/slurm-lab"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# HTTPS from these machines goes through an authority only the host's bundle trusts.
HOST_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
ROOT_CA_BUNDLE = f"{LAB_DIR}/etc/host-ca-certificates.crt"
SERVICE_USERS = ("munge", "mysql", "slurm", common.SERVICE_USER)
LOGIN_USERS = (*common.ORDINARY_USERS, common.OPERATOR_USER)
# Mount points under the root, in mounting order: a fresh proc and sysfs, the
# host's devices, a /dev/shm of the root's own, and the host's test-port locks (tests
# in a root and on the host take ports of one network: they must see each other's locks).
MOUNTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("proc", ("-t", "proc", "proc")),
    ("sys", ("-t", "sysfs", "sysfs")),
    ("dev", ("--bind", "/dev")),
    ("dev/pts", ("--bind", "/dev/pts")),
    ("dev/shm", ("-t", "tmpfs", "-o", "mode=1777,nosuid,nodev", "tmpfs")),
    (str(TEST_PORT_LOCKS).lstrip("/"), ("--bind", str(TEST_PORT_LOCKS))),
)
DAEMON_PIDFILES = {
    "munged": ("/run/munge/munged.pid", "munged"),
    "mariadb": ("/run/mysqld/mysqld.pid", "mariadbd"),
    "slurmdbd": (f"{LAB_DIR}/run/slurmdbd.pid", "slurmdbd"),
    "slurmctld": (f"{LAB_DIR}/run/slurmctld.pid", "slurmctld"),
    "slurmd": (f"{LAB_DIR}/run/slurmd.pid", "slurmd"),
}
REFERENCE_PIDFILE = f"{LAB_DIR}/run/slurmrestd-reference.pid"
POLICY_RC_D = "#!/bin/sh\n# slurm-lab: package scripts start no service in this root.\nexit 101\n"
NO_DAEMON_HERE = (
    "demo runs on the host's own release only; in a root, install the checkout with that "
    "root's python3 (as .ci/release RELEASE does) and start the daemon with "
    "`slurm-lab run --release RELEASE -- ...`"
)


class RootLab:
    """The lab of one release in its own root."""

    def __init__(self, release: Release, lab_root: Path) -> None:
        self.release = release
        self.path = lab_root / "roots" / release.name
        # Phase durations of the last `up`, for the operator (and the report).
        self.timings: dict[str, float] = {}

    def inside(self, path: str) -> Path:
        return self.path / path.lstrip("/")

    @property
    def versions_file(self) -> Path:
        return self.path / "versions.txt"

    @property
    def api_versions_file(self) -> Path:
        return self.path / "api-versions.txt"

    # --- running commands in the root -----------------------------------------

    def env(self, user: str = "root", extra: dict[str, str] | None = None) -> dict[str, str]:
        """The lab's environment inside the root."""
        home = "/root" if user == "root" else self.account(user)[2]
        return {
            "PATH": PATH,
            "HOME": home,
            "USER": user,
            "LOGNAME": user,
            "LANG": "C.UTF-8",
            "SLURM_CONF": f"{LAB_DIR}/etc/slurm.conf",
            "PIP_CERT": ROOT_CA_BUNDLE,
            # What runs here knows it is in a root (tests driven from the host are not).
            "SLURM_LAB_IN_ROOT": self.release.name,
            **(extra or {}),
        }

    def account(self, user: str) -> tuple[int, int, str]:
        """uid, gid and home of USER in the root's own /etc/passwd (not the host's)."""
        for line in self.inside("etc/passwd").read_text().splitlines():
            fields = line.split(":")
            if len(fields) >= 7 and fields[0] == user:
                return int(fields[2]), int(fields[3]), fields[5]
        raise LabError(f"no user {user} in {self.path}")

    def _groups(self, user: str, gid: int) -> list[int]:
        groups = [gid]
        for line in self.inside("etc/group").read_text().splitlines():
            fields = line.split(":")
            if len(fields) >= 4 and user in fields[3].split(",") and int(fields[2]) not in groups:
                groups.append(int(fields[2]))
        return groups

    def argv(
        self, cmd: Sequence[str], user: str | None = None, extra: dict[str, str] | None = None
    ) -> list[str]:
        """chroot's command line that runs CMD in the root with the lab's environment.

        Users are given by number: chroot would look names up on the host.
        """
        spec: list[str] = []
        if user is not None and user != "root":
            uid, gid, _home = self.account(user)
            groups = ",".join(str(g) for g in self._groups(user, gid))
            spec = [f"--userspec={uid}:{gid}", f"--groups={groups}"]
        env = [f"{k}={v}" for k, v in self.env(user or "root", extra).items()]
        return ["chroot", *spec, str(self.path), "/usr/bin/env", "-i", *env, *cmd]

    def run(
        self,
        cmd: Sequence[str],
        *,
        check: bool = True,
        user: str | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]:
        return common.run_checked(
            self.argv(cmd, user), {"PATH": PATH}, check=check, timeout=timeout
        )

    def exec(self, cmd: Sequence[str], user: str | None = None) -> None:
        """Replace this process by CMD in the root (`slurm-lab run`): same pid, same tty."""
        self.require_mounted()
        extra = {"TERM": os.environ["TERM"]} if "TERM" in os.environ else None
        argv = self.argv(cmd, user, extra)
        os.execvpe(argv[0], argv, {"PATH": PATH})

    # --- processes -------------------------------------------------------------

    def daemon_pid(self, name: str) -> int | None:
        pidfile, comm = DAEMON_PIDFILES[name]
        return common.pid_of(self.inside(pidfile), comm, self.path)

    def processes(self) -> list[int]:
        """Every process whose root is this root."""
        mine = self.path.resolve()
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and common.process_root(int(entry.name)) == mine:
                pids.append(int(entry.name))
        return sorted(pids)

    def stop(self, name: str) -> None:
        pid = self.daemon_pid(name)
        if pid is not None:
            common.stop_pid(f"{self.release.name} {name}", pid)

    # --- steps of `up` ---------------------------------------------------------

    def _timed(self, phase: str, t0: float) -> None:
        self.timings[phase] = time.monotonic() - t0
        say(f"{self.release.name}: {phase} {self.timings[phase]:.1f}s")

    def ensure_bootstrap(self) -> None:
        if self.inside("etc/debian_version").exists() and not self.inside("debootstrap").exists():
            return
        ensure_host_debootstrap()
        self.path.mkdir(parents=True, exist_ok=True)
        cmd = ["debootstrap", "--variant=minbase", self.release.suite, str(self.path), MIRROR]
        if self.release.debootstrap_script:
            cmd.append(self.release.debootstrap_script)
        say(f"{self.release.name}: debootstrap {self.release.suite} into {self.path}")
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=1800)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise LabError(f"debootstrap {self.release.suite} failed: {' | '.join(tail)}")
        self._timed("debootstrap", t0)

    def mounted(self) -> list[str]:
        """The mount points below this root (as relative paths), from the kernel's table."""
        prefix = str(self.path.resolve()) + "/"
        points = []
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            point = _unescape(line.split()[4])
            if point.startswith(prefix):
                points.append(point[len(prefix) :])
        return points

    def require_mounted(self) -> None:
        if not self.inside("etc/debian_version").exists() or "proc" not in self.mounted():
            raise LabError(
                f"{self.release.name} is down: bin/slurm-lab up --release {self.release.name}"
            )

    def ensure_mounts(self) -> None:
        present = self.mounted()
        for point, args in (*MOUNTS, *self.release.extra_mounts):
            if point in present:
                continue
            target = self.inside(point)
            target.mkdir(parents=True, exist_ok=True)
            if "--bind" in args and not Path(args[-1]).exists():
                Path(args[-1]).mkdir()
                os.chmod(args[-1], 0o1777)  # every user's test runs share it, as /tmp
            subprocess.run(["mount", *args, str(target)], check=True)
            if "--bind" in args:
                # Keep mounts made under the bind (the root's /dev/shm) out of the host's /dev.
                subprocess.run(["mount", "--make-private", str(target)], check=True)

    def unmount(self) -> None:
        for point in reversed(self.mounted()):
            proc = subprocess.run(
                ["umount", str(self.inside(point))], capture_output=True, text=True, check=False
            )
            if proc.returncode != 0:
                raise LabError(f"umount {self.inside(point)}: {proc.stderr.strip()}")

    def ensure_root_files(self) -> None:
        """What apt and pip in the root need before anything is installed."""
        common.write_file(self.inside("usr/sbin/policy-rc.d"), POLICY_RC_D, 0o755)
        apt_conf = 'APT::Install-Recommends "false";\n'
        if not self.release.apt_check_valid_until:
            apt_conf += 'Acquire::Check-Valid-Until "false";\n'
        common.write_file(self.inside("etc/apt/apt.conf.d/99slurm-lab"), apt_conf, 0o644)
        for name in ("etc/hosts", "etc/resolv.conf"):
            host_file = Path("/") / name
            if host_file.exists():
                self.inside(name).unlink(missing_ok=True)  # debootstrap's may be a symlink
                common.write_file(self.inside(name), host_file.read_bytes(), 0o644)
        self.inside(f"{LAB_DIR}/etc").mkdir(parents=True, exist_ok=True)
        common.write_file(self.inside(ROOT_CA_BUNDLE), HOST_CA_BUNDLE.read_bytes(), 0o644)

    def _uid_plan(self) -> dict[str, int]:
        plan = {u: self.release.service_uid_base + i for i, u in enumerate(SERVICE_USERS)}
        plan.update({u: self.release.user_uid_base + i for i, u in enumerate(LOGIN_USERS)})
        return plan

    def ensure_users(self) -> None:
        """The root's users, before any package script creates them with uids of its choice."""
        import pwd

        existing = {}
        for line in self.inside("etc/passwd").read_text().splitlines():
            fields = line.split(":")
            if len(fields) >= 3:
                existing[fields[0]] = int(fields[2])
        for name, uid in self._uid_plan().items():
            if name in existing:
                if existing[name] != uid:
                    raise LabError(
                        f"{name} has uid {existing[name]} in {self.path}, the lab wants {uid}"
                    )
                continue
            try:
                host_user = pwd.getpwuid(uid).pw_name
            except KeyError:
                host_user = None
            if host_user is not None:
                raise LabError(f"uid {uid} (for {name} in {self.path}) is {host_user} on the host")
            self.run(["groupadd", "-g", str(uid), name])
            if name in SERVICE_USERS:
                shape = ["--system", "--no-create-home", "--home-dir", "/nonexistent"]
                shape += ["--shell", "/usr/sbin/nologin"]
            else:
                shape = ["--create-home", "--shell", "/bin/bash"]
            self.run(["useradd", "-u", str(uid), "-g", str(uid), *shape, name])

    def missing_packages(self) -> list[str]:
        out = self.run(
            ["dpkg-query", "-W", "-f=${Package} ${Status}\\n", *PACKAGES], check=False
        ).stdout
        installed = {
            line.split()[0] for line in out.splitlines() if line.endswith("install ok installed")
        }
        return [p for p in PACKAGES if p not in installed]

    def ensure_packages(self) -> None:
        missing = self.missing_packages()
        if not missing:
            return
        say(f"{self.release.name}: installing " + " ".join(missing))
        t0 = time.monotonic()
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "-o", "Dpkg::Use-Pty=0", *missing],
        ):
            proc = subprocess.run(
                self.argv(cmd, extra=env), capture_output=True, text=True, check=False, timeout=1800
            )
            if proc.returncode != 0:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
                raise LabError(f"{self.release.name}: {' '.join(cmd[:2])}: {' | '.join(tail)}")
        self._timed("apt", t0)

    def ensure_proxy_user_in_service_group(self) -> None:
        """nginx's workers (www-data) may connect to the daemon's srw-rw---- socket."""
        for line in self.inside("etc/group").read_text().splitlines():
            fields = line.split(":")
            if len(fields) >= 4 and fields[0] == common.SERVICE_USER:
                if PROXY_USER not in fields[3].split(","):
                    self.run(["usermod", "-aG", common.SERVICE_USER, PROXY_USER])
                return

    def _mkdir(self, path: str, owner: str = "root", mode: int = 0o755) -> None:
        uid, gid = (0, 0) if owner == "root" else self.account(owner)[:2]
        target = self.inside(path)
        target.mkdir(parents=True, exist_ok=True)
        os.chmod(target, mode)
        os.chown(target, uid, gid)

    def write_configs(self, shape: str = shapes.LAB) -> bool:
        """Render the lab's templates into the root; return whether anything changed."""
        etc = f"{LAB_DIR}/etc"
        for sub in (LAB_DIR, etc, f"{LAB_DIR}/state", f"{LAB_DIR}/state/d"):
            self._mkdir(sub)
        for sub in ("state/ctld", "log", "run"):
            self._mkdir(f"{LAB_DIR}/{sub}", owner="slurm")
        slurm_uid, slurm_gid, _ = self.account("slurm")
        changed = False
        key = self.inside(f"{etc}/jwt_hs256.key")
        if not key.exists():
            changed |= common.write_file(key, os.urandom(32), 0o600, slurm_uid, slurm_gid)
        password_file = self.inside(f"{etc}/db_password")
        if not password_file.exists():
            common.write_file(password_file, os.urandom(16).hex(), 0o600)
        values = {
            "cluster": self.release.cluster,
            "host": socket.gethostname().split(".")[0],
            "root": LAB_DIR,
            "etc": etc,
            "db_password": password_file.read_text().strip(),
        }
        for name, mode, owner in (("slurm.conf", 0o644, (0, 0)), ("slurmdbd.conf", 0o600, None)):
            uid, gid = owner or (slurm_uid, slurm_gid)
            text = common.render(name, self.release, values, shapes.slurm_conf_lines(shape))
            changed |= common.write_file(self.inside(f"{etc}/{name}"), text, mode, uid, gid)
        if self.release.cgroup_conf is not None:
            changed |= common.write_file(
                self.inside(f"{etc}/cgroup.conf"), self.release.cgroup_conf, 0o644
            )
        mariadb = "[mysqld]\n# The roots' servers never meet: no network, a socket each.\n"
        mariadb += "skip-networking\n" + "".join(f"{o}\n" for o in self.release.mariadb_options)
        changed |= common.write_file(
            self.inside("etc/mysql/mariadb.conf.d/99-slurm-lab.cnf"), mariadb, 0o644
        )
        return changed

    def start_munge(self) -> None:
        if self.daemon_pid("munged"):
            return
        self._mkdir("/run/munge", owner="munge")
        if not self.inside("etc/munge/munge.key").exists():
            self.run(["mungekey", "--create"], user="munge")
        self.run(["/usr/sbin/munged", "--force"], user="munge")
        wait("munged", lambda: self.daemon_pid("munged") is not None, timeout=15)

    def _mariadb_up(self) -> bool:
        return (
            self.run(["mariadb-admin", "--silent", "ping"], check=False, timeout=10).returncode == 0
        )

    def start_mariadb(self) -> None:
        if not (self.daemon_pid("mariadb") and self._mariadb_up()):
            self._mkdir("/run/mysqld", owner="mysql")
            if not self.inside("var/lib/mysql/mysql").is_dir():
                self.run(["mariadb-install-db", "--user=mysql", "--datadir=/var/lib/mysql"])
            argv = self.argv(
                [
                    "/usr/sbin/mariadbd",
                    "--user=mysql",
                    "--pid-file=/run/mysqld/mysqld.pid",
                    f"--log-error={LAB_DIR}/log/mariadb.log",
                ]
            )
            subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            wait(f"{self.release.name} MariaDB", self._mariadb_up, timeout=60)
        # The database exists before slurmdbd's first start: trixie's libmariadb makes
        # slurmdbd 24.11 die on a database it has to create itself.
        password = self.inside(f"{LAB_DIR}/etc/db_password").read_text().strip()
        sql = (
            "CREATE DATABASE IF NOT EXISTS slurm_acct_db;"
            f"CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '{password}';"
            f"ALTER USER 'slurm'@'localhost' IDENTIFIED BY '{password}';"
            "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';"
        )
        self.run(["mariadb", "-u", "root", "-e", sql])

    def start_slurmdbd(self) -> None:
        if self.daemon_pid("slurmdbd") and common.slurmdbd_up(self.run):
            return
        self.run(["/usr/sbin/slurmdbd"])
        wait(f"{self.release.name} slurmdbd", lambda: common.slurmdbd_up(self.run), timeout=60)

    def start_slurmctld(self) -> None:
        if self.daemon_pid("slurmctld") and common.slurmctld_up(self.run):
            return
        self.run(["/usr/sbin/slurmctld"])
        wait(f"{self.release.name} slurmctld", lambda: common.slurmctld_up(self.run), timeout=60)

    def start_slurmd(self) -> None:
        if not self.daemon_pid("slurmd"):
            self.run(["/usr/sbin/slurmd"])
        node = socket.gethostname().split(".")[0]
        wait(
            f"{self.release.name} node (sinfo)",
            lambda: common.node_ready(self.run, node),
            timeout=60,
        )

    def stop_slurm(self) -> None:
        for name in ("slurmctld", "slurmd", "slurmdbd"):
            self.stop(name)

    def record_versions(self) -> None:
        """Package versions and the API versions the release's C slurmrestd serves."""
        common.write_file(self.versions_file, common.package_versions(self.run), 0o644)
        t0 = time.monotonic()
        with self.reference() as port:
            jwt = self.token(common.ORDINARY_USERS[0], 600)
            served = common.api_versions(common.fetch_openapi(port, common.ORDINARY_USERS[0], jwt))
        self._timed("REST answer", t0)
        text = "".join(f"{prefix} {' '.join(v)}\n" for prefix, v in served.items())
        common.write_file(self.api_versions_file, text, 0o644)

    def up(self, shape: str = shapes.LAB) -> None:
        t0 = time.monotonic()
        self.timings = {}
        shapes.check_shape(shape)
        self.ensure_bootstrap()
        self.ensure_mounts()
        self.ensure_root_files()
        self.ensure_users()
        self.ensure_packages()
        self.ensure_proxy_user_in_service_group()
        changed = self.write_configs(shape)
        if changed and any(self.daemon_pid(n) for n in ("slurmctld", "slurmd", "slurmdbd")):
            say(f"{self.release.name}: configuration changed: restarting the Slurm daemons")
            self.stop_slurm()
        t1 = time.monotonic()
        self.start_munge()
        self.start_mariadb()
        self.start_slurmdbd()
        common.ensure_accounts(self.run, self.release.cluster)
        self.start_slurmctld()
        self.start_slurmd()
        self._timed("daemons", t1)
        shapes.apply(shapes.Cluster(self.release, self.run, self.path, self.path), shape)
        self.record_versions()
        say(f"{self.release.name}: up in {time.monotonic() - t0:.1f}s, shape {shape} ({self.path})")

    def down(self) -> None:
        self.stop_reference()
        self.stop_slurm()
        self.stop("mariadb")
        self.stop("munged")
        left = self.processes()
        if left:
            raise LabError(
                f"{self.release.name}: processes still run in {self.path} "
                f"(pids {' '.join(map(str, left))}): not unmounting"
            )
        self.unmount()
        say(f"{self.release.name}: down")

    # --- the release's reference slurmrestd ---------------------------------------

    def stop_reference(self) -> None:
        common.stop_reference(self.inside(REFERENCE_PIDFILE), self.path)

    @contextmanager
    def reference(self) -> Iterator[int]:
        """The release's C slurmrestd, as the service user on the release's port."""
        argv = self.argv(
            ["/usr/sbin/slurmrestd", "-a", "rest_auth/jwt", f"127.0.0.1:{self.release.rest_port}"],
            user=common.SERVICE_USER,
            extra={"SLURM_JWT": "daemon"},
        )
        with common.reference(
            self.release,
            argv,
            {"PATH": PATH},
            self.inside(REFERENCE_PIDFILE),
            self.inside(f"{LAB_DIR}/log/slurmrestd-reference.log"),
            self.path,
        ) as port:
            yield port

    # --- what the operator asks -------------------------------------------------

    def token(self, user: str, lifespan: int) -> str:
        return common.token(self.run, user, lifespan)

    def status(self) -> tuple[bool, list[str]]:
        lines = []
        all_up = True
        for name in common.DAEMONS:
            pid = self.daemon_pid(name)
            all_up &= pid is not None
            lines.append(f"{name:<10} {'up' if pid else 'down':<5} {f'pid {pid}' if pid else ''}")
        lines.append(f"shape:      {shapes.describe(self.path)}")
        return all_up, [line.rstrip() for line in lines]


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes."""
    for code in ("040", "011", "012", "134"):
        field = field.replace("\\" + code, chr(int(code, 8)))
    return field


def ensure_host_debootstrap() -> None:
    if shutil.which("debootstrap"):
        return
    say("installing debootstrap on the host")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "debootstrap"]):
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise LabError(f"{' '.join(cmd[:2])} failed: {' | '.join(tail)}")
