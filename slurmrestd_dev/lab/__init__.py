"""slurm-lab: real Slurm clusters on this machine, one per release, for development and tests.

design: the host's own release (22.05 on Debian 12, 24.11 on Debian 13: see
``releases``) runs from the host's packages, managed by this module; every other
release runs in a Debian root of its own (``roots``).  ``up`` walks a fixed list
of steps (packages, users, configuration, munge, MariaDB, slurmdbd, accounts,
slurmctld, slurmd), each of which checks before it acts, so a second ``up``
changes nothing.  State, configuration and logs live under one root directory
(``/var/lib/slurm-lab`` unless ``SLURM_LAB_ROOT`` says otherwise); the roots
under its ``roots/`` directory.

This module is a development and test fixture, not a production installer.
It uses only the standard library so that ``bin/slurm-lab`` works on a fresh
machine before anything is installed with pip.
"""

from __future__ import annotations

import argparse
import functools
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from slurmrestd_dev.lab import common, releases, shapes
from slurmrestd_dev.lab.common import (
    ACCOUNT,
    DAEMONS,
    OPERATOR_USER,
    ORDINARY_USERS,
    SERVICE_USER,
    LabError,
)
from slurmrestd_dev.lab.releases import Release
from slurmrestd_dev.lab.roots import NO_DAEMON_HERE, RootLab

PACKAGES = (
    "munge",
    "mariadb-server",
    "slurmctld",
    "slurmd",
    "slurm-client",
    "slurmdbd",
    "libslurm-dev",
    "slurm-wlm-jwt-plugin",
    "slurm-wlm-mysql-plugin",
    "slurmrestd",
    # for the deployment tests: the TLS proxy and the unit checker
    "nginx-light",
    "openssl",
    "systemd",
    "man-db",
    # the load-test tool's load generator
    "wrk",
)
__all__ = ["ACCOUNT", "DAEMONS", "OPERATOR_USER", "ORDINARY_USERS", "SERVICE_USER", "LabError"]

EXIT_OK = 0
EXIT_FAILURE = 1


@functools.cache
def host_release() -> Release:
    """The release of the host's own packages, read from /etc/debian_version."""
    return releases.host_release()


def lab_root() -> Path:
    return Path(os.environ.get("SLURM_LAB_ROOT", "/var/lib/slurm-lab"))


def slurm_conf() -> Path:
    return lab_root() / "etc" / "slurm.conf"


def lab_env() -> dict[str, str]:
    """The variables a shell (or a test) needs to talk to the lab."""
    return {"SLURM_CONF": str(slurm_conf())}


def _env() -> dict[str, str]:
    return {**os.environ, **lab_env()}


def _run(
    cmd: Sequence[str], *, check: bool = True, user: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    argv = list(cmd)
    if user is not None:
        argv = ["runuser", "-u", user, "--", *argv]
    return common.run_checked(argv, _env(), check=check, timeout=timeout)


_wait = common.wait
_say = common.say


# --- processes --------------------------------------------------------------


def _pid_alive(pidfile: Path, comm: str) -> int | None:
    """A host daemon's pid: never a process of a root (they share the process table)."""
    return common.pid_of(pidfile, comm)


def _pidfiles() -> dict[str, tuple[Path, str]]:
    run = lab_root() / "run"
    return {
        "munged": (Path("/run/munge/munged.pid"), "munged"),
        "mariadb": (Path("/run/mysqld/mysqld.pid"), "mariadbd"),
        "slurmdbd": (run / "slurmdbd.pid", "slurmdbd"),
        "slurmctld": (run / "slurmctld.pid", "slurmctld"),
        "slurmd": (run / "slurmd.pid", "slurmd"),
    }


def daemon_pid(name: str) -> int | None:
    pidfile, comm = _pidfiles()[name]
    return _pid_alive(pidfile, comm)


# --- steps of `up` ------------------------------------------------------------


def missing_packages() -> list[str]:
    missing = []
    for pkg in PACKAGES:
        proc = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True, check=False
        )
        if "install ok installed" not in proc.stdout:
            missing.append(pkg)
    return missing


def ensure_packages() -> None:
    missing = missing_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        raise LabError(
            "missing Debian packages (run as root, or install them): " + " ".join(missing)
        )
    _say("installing " + " ".join(missing))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "-o", "Dpkg::Use-Pty=0", *missing],
    ):
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise LabError(f"{' '.join(cmd[:2])} failed: {' | '.join(tail)}")


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def ensure_users() -> None:
    for name in (*ORDINARY_USERS, OPERATOR_USER):
        if not _user_exists(name):
            _run(["useradd", "--create-home", "--shell", "/bin/bash", "--user-group", name])
    if not _user_exists(SERVICE_USER):
        _run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_USER,
            ]
        )


PROXY_USER = "www-data"


def ensure_proxy_user_in_service_group() -> None:
    """nginx's workers (www-data) may connect to the daemon's srw-rw---- socket."""
    if not _user_exists(PROXY_USER):
        return
    groups = _run(["id", "-nG", PROXY_USER]).stdout.split()
    if SERVICE_USER not in groups:
        _run(["usermod", "-aG", SERVICE_USER, PROXY_USER])


def ensure_python_traversable() -> None:
    """Let the service user reach this Python (e.g. pyenv under a 0700 /root): o+x only."""
    for directory in (Path(sys.base_prefix), Path(__file__).resolve().parents[2]):
        _traversable(directory)


def _traversable(directory: Path) -> None:
    for ancestor in (directory, *directory.parents):
        mode = ancestor.stat().st_mode
        if not mode & 0o001:
            os.chmod(ancestor, (mode & 0o7777) | 0o001)
            _say(f"made {ancestor} traversable (o+x) so {SERVICE_USER} can run this Python")


def make_readable_for_service_user(*trees: Path) -> None:
    """Tests run the daemon from a virtualenv (tox makes .tox 0700): o+rX on these trees."""
    for tree in trees:
        _traversable(tree)
        subprocess.run(["chmod", "-R", "o+rX", str(tree)], check=True)


def _write(path: Path, text: str | bytes, mode: int, owner: str = "root") -> bool:
    """Write a file if its content differs; return whether it changed."""
    data = text.encode() if isinstance(text, str) else text
    changed = not path.exists() or path.read_bytes() != data
    if changed:
        path.write_bytes(data)
    os.chmod(path, mode)
    shutil.chown(path, owner, owner)
    return changed


def _mkdir(path: Path, owner: str = "root", mode: int = 0o755) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, mode)
    shutil.chown(path, owner, owner)


def hostname() -> str:
    return socket.gethostname().split(".")[0]


def write_configs() -> bool:
    """Render conf/lab templates into the lab root; return whether anything changed."""
    root = lab_root()
    etc = root / "etc"
    _mkdir(root)
    _mkdir(etc)
    for sub in ("state", "state/d"):
        _mkdir(root / sub)
    for sub in ("state/ctld", "log", "run"):
        _mkdir(root / sub, owner="slurm")
    changed = False
    key = etc / "jwt_hs256.key"
    if not key.exists():
        changed |= _write(key, secrets.token_bytes(32), 0o600, owner="slurm")
    password_file = etc / "db_password"
    if not password_file.exists():
        _write(password_file, secrets.token_hex(16), 0o600)
    values = {
        "cluster": host_release().cluster,
        "host": hostname(),
        "root": str(root),
        "etc": str(etc),
        "db_password": password_file.read_text().strip(),
    }
    for name, mode, owner in (("slurm.conf", 0o644, "root"), ("slurmdbd.conf", 0o600, "slurm")):
        text = common.render(name, host_release(), values)
        changed |= _write(etc / name, text, mode, owner=owner)
    cgroup_conf = host_release().cgroup_conf
    if cgroup_conf is not None:  # the lab needs no cgroups, whatever the host has mounted
        changed |= _write(etc / "cgroup.conf", cgroup_conf, 0o644, owner="root")
    return changed


def start_munge() -> None:
    if daemon_pid("munged"):
        return
    _mkdir(Path("/run/munge"), owner="munge")
    _run(["/usr/sbin/munged"], user="munge")
    _wait("munged", lambda: daemon_pid("munged") is not None, timeout=15)


def _mysql_up() -> bool:
    return _run(["mysqladmin", "--silent", "ping"], check=False, timeout=10).returncode == 0


def start_mariadb() -> None:
    if daemon_pid("mariadb") and _mysql_up():
        return
    _mkdir(Path("/run/mysqld"), owner="mysql")
    if not Path("/var/lib/mysql/mysql").is_dir():
        _run(["mariadb-install-db", "--user=mysql", "--datadir=/var/lib/mysql"])
    log = open(lab_root() / "log" / "mariadb.log", "ab")  # noqa: SIM115 - handed to the child
    subprocess.Popen(
        ["mysqld_safe", "--user=mysql", "--bind-address=127.0.0.1"],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    log.close()
    _wait("MariaDB", _mysql_up, timeout=60)
    password = (lab_root() / "etc" / "db_password").read_text().strip()
    # The database exists before slurmdbd's first start (slurmdbd 24.11 with trixie's
    # libmariadb dies on a database it has to create itself).
    sql = (
        "CREATE DATABASE IF NOT EXISTS slurm_acct_db;"
        f"CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '{password}';"
        f"ALTER USER 'slurm'@'localhost' IDENTIFIED BY '{password}';"
        "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';"
    )
    _run(["mysql", "-u", "root", "-e", sql])


def _dbd_up() -> bool:
    return common.slurmdbd_up(_run)


def start_slurmdbd() -> None:
    if daemon_pid("slurmdbd") and _dbd_up():
        return
    _run(["/usr/sbin/slurmdbd"])
    _wait("slurmdbd", _dbd_up, timeout=60)


def ensure_accounts() -> None:
    common.ensure_accounts(_run, host_release().cluster)


def _ctld_up() -> bool:
    return common.slurmctld_up(_run)


def start_slurmctld() -> None:
    if daemon_pid("slurmctld") and _ctld_up():
        return
    _run(["/usr/sbin/slurmctld"])
    _wait("slurmctld (scontrol ping)", _ctld_up, timeout=60)


def ensure_registered() -> None:
    """A slurmctld that slurmdbd does not know as the cluster's controller is restarted."""
    release = host_release()
    if common.registered(_run, release.cluster, release.slurmctld_port):
        return
    _say("slurmctld is not registered with slurmdbd: restarting it")
    _stop("slurmctld")
    start_slurmctld()
    _wait(
        "slurmctld to register with slurmdbd",
        lambda: common.registered(_run, release.cluster, release.slurmctld_port),
        timeout=60,
    )


def _node_ready() -> bool:
    return common.node_ready(_run)


def start_slurmd() -> None:
    if not daemon_pid("slurmd"):
        _run(["/usr/sbin/slurmd"])
    _wait("the node to be ready (sinfo)", _node_ready, timeout=60)


def stop_slurm() -> None:
    if daemon_pid("slurmctld"):
        _run(["scontrol", "shutdown"], check=False, timeout=30)
    for name in ("slurmctld", "slurmd", "slurmdbd"):
        _stop(name)


def _stop(name: str, timeout: float = 30) -> None:
    pid = daemon_pid(name)
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    _wait(f"{name} to stop", lambda: daemon_pid(name) is None, timeout=timeout)


def up() -> None:
    t0 = time.monotonic()
    if os.geteuid() != 0:
        missing = missing_packages()
        if missing:
            raise LabError(
                "missing Debian packages (run as root, or install them): " + " ".join(missing)
            )
        raise LabError("`up` starts system daemons and must run as root")
    ensure_packages()
    ensure_users()
    ensure_proxy_user_in_service_group()
    ensure_python_traversable()
    changed = write_configs()
    if changed and any(daemon_pid(n) for n in ("slurmctld", "slurmd", "slurmdbd")):
        _say("configuration changed: restarting the Slurm daemons")
        stop_slurm()
    start_munge()
    start_mariadb()
    start_slurmdbd()
    ensure_accounts()
    start_slurmctld()
    start_slurmd()
    ensure_registered()
    record_versions()
    _say(f"up in {time.monotonic() - t0:.1f}s; SLURM_CONF={slurm_conf()}")


def versions_file() -> Path:
    return lab_root() / "versions.txt"


def api_versions_file() -> Path:
    return lab_root() / "api-versions.txt"


def record_versions() -> None:
    """Package versions, and the API versions the host's C slurmrestd serves.

    The reference shares its port with the demo daemon: a running demo keeps the
    versions last recorded.
    """
    _write(versions_file(), common.package_versions(_run), 0o644)
    release = host_release()
    if common.port_taken(release.rest_port):
        _say(f"port {release.rest_port} is taken (the demo?): API versions not read")
        return
    argv = [
        "/usr/sbin/slurmrestd",
        *("-u", SERVICE_USER, "-g", SERVICE_USER),
        *("-a", "rest_auth/jwt", f"127.0.0.1:{release.rest_port}"),
    ]
    with common.reference(
        release,
        argv,
        {**_env(), "SLURM_JWT": "daemon"},
        lab_root() / "run" / "slurmrestd-reference.pid",
        lab_root() / "log" / "slurmrestd-reference.log",
        None,
    ) as port:
        user = ORDINARY_USERS[0]
        served = common.api_versions(common.fetch_openapi(port, user, token(user, 600)))
    text = "".join(f"{prefix} {' '.join(v)}\n" for prefix, v in served.items())
    _write(api_versions_file(), text, 0o644)


def down() -> None:
    stop_demo()
    stop_slurm()
    if daemon_pid("mariadb"):
        _run(["mysqladmin", "shutdown"], check=False, timeout=60)
        _wait("MariaDB to stop", lambda: daemon_pid("mariadb") is None, timeout=60)
    _stop("munged")
    _say("down")


def status() -> int:
    """Print one line per daemon; return 0 when all are up."""
    all_up = True
    for name in DAEMONS:
        pid = daemon_pid(name)
        all_up &= pid is not None
        print(f"{name:<10} {'up' if pid else 'down':<5} {f'pid {pid}' if pid else ''}".rstrip())
    return EXIT_OK if all_up else EXIT_FAILURE


CHECKOUT = Path(__file__).resolve().parents[2]
DEMO_ADDRESS = f"127.0.0.1:{releases.RELEASES[0].rest_port}"


def _demo_pidfile() -> Path:
    return lab_root() / "run" / "slurmrestd-demo.pid"


def stop_demo() -> None:
    pid = _pid_alive(_demo_pidfile(), "slurmrestd")
    if pid is None:
        pid = _pid_alive(_demo_pidfile(), "python")
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        _wait("the demo daemon to stop", lambda: not Path(f"/proc/{pid}").exists(), timeout=30)
    _demo_pidfile().unlink(missing_ok=True)


def demo() -> None:
    """Bring up the lab, install this checkout in a venv, run the daemon as the service user."""
    if not (CHECKOUT / "pyproject.toml").exists():
        raise LabError("demo runs from a checkout of slurmrestd (bin/slurm-lab demo)")
    up()
    venv = lab_root() / "venv"
    if not (venv / "bin" / "python").exists():
        _run([sys.executable, "-P", "-m", "venv", str(venv)])
    _say("installing slurmrestd from this checkout into " + str(venv))
    _run([str(venv / "bin" / "pip"), "install", "--quiet", str(CHECKOUT)], timeout=600)
    stop_demo()
    log = open(lab_root() / "log" / "slurmrestd-demo.log", "ab")  # noqa: SIM115 - child's
    proc = subprocess.Popen(
        [str(venv / "bin" / "slurmrestd"), "-u", SERVICE_USER, DEMO_ADDRESS],
        env={**_env(), "SLURM_JWT": "daemon"},
        cwd="/",
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    log.close()
    _demo_pidfile().write_text(f"{proc.pid}\n")
    host, port = DEMO_ADDRESS.split(":")

    def answering() -> bool:
        if proc.poll() is not None:
            raise LabError(f"the daemon exited {proc.returncode}; see {lab_root()}/log")
        with socket.socket() as s:
            return s.connect_ex((host, int(port))) == 0

    _wait("the daemon to listen on " + DEMO_ADDRESS, answering, timeout=30)
    user = ORDINARY_USERS[0]
    print(
        f"slurmrestd is listening on {DEMO_ADDRESS} as {SERVICE_USER} "
        f"(pid {proc.pid}, log {lab_root()}/log/slurmrestd-demo.log). Try:\n\n"
        f"curl -s -H 'X-SLURM-USER-NAME: {user}' "
        f"-H 'X-SLURM-USER-TOKEN: {token(user, 3600)}' "
        f"http://{DEMO_ADDRESS}/slurm/v0.0.38/ping"
    )


def token(user: str, lifespan: int) -> str:
    out = _run(["scontrol", "token", f"username={user}", f"lifespan={lifespan}"]).stdout
    for line in out.splitlines():
        if line.startswith("SLURM_JWT="):
            return line.split("=", 1)[1].strip()
    raise LabError(f"scontrol token printed no token for {user}")


# --- every release --------------------------------------------------------------


def root_lab(release: Release) -> RootLab | None:
    """The root that holds RELEASE, or None for the host's own release."""
    return None if release == host_release() else RootLab(release, lab_root())


def _require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise LabError(f"`{what}` needs root (it mounts, chroots or starts daemons)")


def release_up(release: Release) -> None:
    lab = root_lab(release)
    if lab is None:
        up()
    else:
        _require_root("up")
        lab.up()


def release_down(release: Release) -> None:
    lab = root_lab(release)
    if lab is None:
        down()
    else:
        _require_root("down")
        lab.down()


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def release_status(release: Release) -> bool:
    """Print a release's block of `status`; return whether all its daemons are up."""
    lab = root_lab(release)
    where = "host packages" if lab is None else f"root {lab.path}"
    ports = "-".join(str(p) for p in (release.ports[0], release.ports[-1]))
    print(
        f"== {release.name} (Debian {release.suite}, {where}; cluster {release.cluster}; "
        f"ports {ports})"
    )
    if lab is None:
        all_up = status() == EXIT_OK
        # Until the host's `up` records them, the packages as installed now.
        packages = _read(versions_file()) or common.package_versions(_run)
        api = _read(api_versions_file())
    else:
        all_up, lines = lab.status()
        for line in lines:
            print(line)
        packages, api = _read(lab.versions_file), _read(lab.api_versions_file)
    print("packages:   " + (", ".join(packages.splitlines()) or "not recorded (run up)"))
    for line in api.splitlines() or ["not read (run up)"]:
        print("reference:  " + line)
    return all_up


def release_env(release: Release) -> dict[str, str]:
    lab = root_lab(release)
    if lab is None:
        return lab_env()
    # The configuration's path as the host sees it: the in-root path is the host
    # lab's own, and a shell that took it would silently talk to the host's cluster.
    return {
        "SLURM_LAB_RELEASE": release.name,
        "SLURM_LAB_CHROOT": str(lab.path),
        "SLURM_CONF": str(lab.inside(lab.env()["SLURM_CONF"])),
    }


def release_token(release: Release, user: str, lifespan: int) -> str:
    lab = root_lab(release)
    if lab is None:
        return token(user, lifespan)
    _require_root("token")
    lab.require_mounted()
    return lab.token(user, lifespan)


def release_run(release: Release, cmd: Sequence[str], user: str | None) -> int:
    if not cmd:
        raise LabError("run needs a command: slurm-lab run --release R -- CMD...")
    _require_root("run")
    lab = root_lab(release)
    if lab is not None:
        lab.exec(cmd, user)  # does not return
    argv = list(cmd) if user is None else ["runuser", "-u", user, "--", *cmd]
    return subprocess.run(argv, env=_env(), check=False).returncode


def cluster(release: Release) -> shapes.Cluster:
    """RELEASE's running lab as the shape code sees it."""
    lab = root_lab(release)
    if lab is None:
        return shapes.Cluster(release, _run, lab_root())
    lab.require_mounted()
    return shapes.Cluster(release, lab.run, lab.path)


def release_purge_jobs(release: Release, name: str) -> None:
    _require_root("purge-jobs")
    shapes.purge_jobs(cluster(release), name)


def _parser() -> argparse.ArgumentParser:
    table = "; ".join(
        f"{r.name}: Debian {r.suite}, cluster {r.cluster}, ports {r.ports[0]}-{r.ports[-1]}"
        for r in releases.RELEASES
    )
    parser = argparse.ArgumentParser(
        prog="slurm-lab",
        description=(
            "Real Slurm clusters on this machine, one per release (munge, MariaDB, slurmdbd, "
            "slurmctld, slurmd and the release's C slurmrestd as the reference). The host's "
            "own release runs from the host's packages; the others each in a Debian root "
            "(debootstrap) under $SLURM_LAB_ROOT/roots/RELEASE. "
            f"Releases: {table} (ports in order: slurmctld, slurmd, slurmdbd, reference "
            "slurmrestd or demo; 6840-6899 are the tests'). "
            "slurmctld, slurmd and slurmdbd listen on ALL interfaces (24.11's have no bind "
            "address; 22.05's, measured, do too); MariaDB listens on loopback on the host and "
            "on no network in a root. "
            "This is a development and test fixture, NOT a production installer: "
            "it creates test users and writes its own configuration under "
            "$SLURM_LAB_ROOT (default /var/lib/slurm-lab)."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def release_option(p: argparse.ArgumentParser, default: str) -> None:
        p.add_argument("--release", choices=releases.NAMES, help=f"one release ({default})")

    release_option(
        sub.add_parser(
            "up",
            help="install what is missing, start every daemon, wait until UP, record the "
            "package versions and the API versions the reference serves",
        ),
        "default: all",
    )
    release_option(
        sub.add_parser(
            "demo",
            help=f"up, then run slurmrestd from this checkout on {DEMO_ADDRESS} as "
            f"{SERVICE_USER} and print a curl command with a token (host release only)",
        ),
        "default: the host's",
    )
    release_option(
        sub.add_parser(
            "down",
            help="stop every daemon of the lab by pid file (and unmount a root's mounts)",
        ),
        "default: all",
    )
    release_option(
        sub.add_parser("status", help="daemons and versions; exit 0 when all are up"),
        "default: all",
    )
    tok = sub.add_parser("token", help="print a JWT for USER from `scontrol token`")
    tok.add_argument("user", metavar="USER")
    tok.add_argument("lifespan", metavar="LIFESPAN", type=int, nargs="?", default=3600)
    release_option(tok, "default: the host's")
    release_option(
        sub.add_parser("env", help='print the variables a shell needs (eval "$(slurm-lab env)")'),
        "default: the host's",
    )
    run = sub.add_parser(
        "run", help="run CMD in the release's root (or on the host) with the lab's environment"
    )
    run.add_argument("--release", choices=releases.NAMES, required=True)
    run.add_argument("--user", metavar="USER", help="run as USER of that release (default root)")
    run.add_argument("cmd", nargs=argparse.REMAINDER, metavar="-- CMD...")
    purge = sub.add_parser(
        "purge-jobs",
        help="delete the accounting records (jobs, their steps) of the jobs named NAME from "
        "the lab's slurmdbd database; refused while slurmctld holds an unfinished job of "
        "that name",
    )
    purge.add_argument("--release", choices=releases.NAMES, required=True)
    purge.add_argument("--name", metavar="NAME", required=True, help="the jobs' name")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    chosen = releases.RELEASES if args.release is None else (releases.by_name(args.release),)
    one = host_release() if args.release is None else chosen[0]
    try:
        if args.command == "up":
            for release in chosen:
                release_up(release)
        elif args.command == "demo":
            if root_lab(one) is not None:
                raise LabError(NO_DAEMON_HERE)
            demo()
        elif args.command == "down":
            for release in chosen:
                release_down(release)
        elif args.command == "status":
            results = [release_status(release) for release in chosen]
            return EXIT_OK if all(results) else EXIT_FAILURE
        elif args.command == "token":
            if args.lifespan <= 0:
                raise LabError("LIFESPAN must be a positive number of seconds")
            print(release_token(one, args.user, args.lifespan))
        elif args.command == "env":
            if root_lab(one) is not None:
                print(
                    f"# {one.name} runs in the root $SLURM_LAB_CHROOT: run its commands there "
                    f"with `slurm-lab run --release {one.name} -- CMD` (the host's own "
                    "commands cannot talk to it: another munge key, another release)"
                )
            for key, value in release_env(one).items():
                print(f"export {key}={value}")
        elif args.command == "run":
            cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
            return release_run(one, cmd, args.user)
        elif args.command == "purge-jobs":
            release_purge_jobs(one, args.name)
    except LabError as exc:
        print(f"slurm-lab: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
