"""slurm-lab: a real Slurm 22.05 cluster on this machine, for development and tests.

design: ``up`` walks a fixed list of steps (packages, users, configuration,
munge, MariaDB, slurmdbd, accounts, slurmctld, slurmd), each of which checks
before it acts, so a second ``up`` changes nothing.  Every daemon listens on
loopback only.  State, configuration and logs live under one root directory
(``/var/lib/slurm-lab`` unless ``SLURM_LAB_ROOT`` says otherwise).

This module is a development and test fixture, not a production installer.
It uses only the standard library so that ``bin/slurm-lab`` works on a fresh
machine before anything is installed with pip.
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

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
CLUSTER = "lab"
ACCOUNT = "lab"
# Ordinary users submit jobs; the service user runs the REST daemon;
# labadmin holds AdminLevel=Administrator in slurmdbd.
ORDINARY_USERS = ("alice", "bob")
SERVICE_USER = "slurmrestd"
OPERATOR_USER = "labadmin"
DAEMONS = ("munged", "mariadb", "slurmdbd", "slurmctld", "slurmd")

EXIT_OK = 0
EXIT_FAILURE = 1

TEMPLATES = Path(__file__).resolve().parent / "templates"


class LabError(Exception):
    """A step of the lab failed; the message says which and why."""


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
    try:
        proc = subprocess.run(
            argv, env=_env(), capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise LabError(f"{argv[0]}: command not found") from exc
    except subprocess.TimeoutExpired as exc:
        raise LabError(f"{' '.join(argv)}: no answer after {timeout:.0f}s") from exc
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise LabError(f"{' '.join(argv)} failed: {detail[-1] if detail else proc.returncode}")
    return proc


def _wait(what: str, probe, timeout: float = 60.0, interval: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return
        time.sleep(interval)
    raise LabError(f"timed out after {timeout:.0f}s waiting for {what}")


def _say(msg: str) -> None:
    print(f"slurm-lab: {msg}", flush=True)


# --- processes --------------------------------------------------------------


def _pid_alive(pidfile: Path, comm: str) -> int | None:
    try:
        pid = int(pidfile.read_text().split()[0])
        name = Path(f"/proc/{pid}/comm").read_text().strip()
    except (OSError, ValueError, IndexError):
        return None
    return pid if name.startswith(comm[:15]) else None


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
        "cluster": CLUSTER,
        "host": hostname(),
        "root": str(root),
        "etc": str(etc),
        "db_password": password_file.read_text().strip(),
    }
    for name, mode, owner in (("slurm.conf", 0o644, "root"), ("slurmdbd.conf", 0o600, "slurm")):
        template = string.Template((TEMPLATES / f"{name}.in").read_text())
        changed |= _write(etc / name, template.substitute(values), mode, owner=owner)
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
    sql = (
        f"CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '{password}';"
        f"ALTER USER 'slurm'@'localhost' IDENTIFIED BY '{password}';"
        "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';"
    )
    _run(["mysql", "-u", "root", "-e", sql])


def _dbd_up() -> bool:
    return (
        _run(["sacctmgr", "-n", "-P", "show", "cluster"], check=False, timeout=10).returncode == 0
    )


def start_slurmdbd() -> None:
    if daemon_pid("slurmdbd") and _dbd_up():
        return
    _run(["/usr/sbin/slurmdbd"])
    _wait("slurmdbd", _dbd_up, timeout=60)


def _sacctmgr_list(entity: str, fmt: str) -> set[str]:
    out = _run(["sacctmgr", "-n", "-P", "show", entity, f"format={fmt}"]).stdout
    return {line.strip() for line in out.splitlines() if line.strip()}


def ensure_accounts() -> None:
    if CLUSTER not in _sacctmgr_list("cluster", "cluster"):
        _run(["sacctmgr", "-i", "add", "cluster", CLUSTER])
    if ACCOUNT not in _sacctmgr_list("account", "account"):
        _run(
            [
                "sacctmgr",
                "-i",
                "add",
                "account",
                ACCOUNT,
                f"cluster={CLUSTER}",
                "description=slurm-lab test account",
                "organization=slurm-lab",
            ]
        )
    users = _sacctmgr_list("user", "user")
    for name in (*ORDINARY_USERS, SERVICE_USER, OPERATOR_USER):
        if name not in users:
            extra = ["adminlevel=Administrator"] if name == OPERATOR_USER else []
            _run(
                [
                    "sacctmgr",
                    "-i",
                    "add",
                    "user",
                    name,
                    f"account={ACCOUNT}",
                    f"cluster={CLUSTER}",
                    *extra,
                ]
            )


def _ctld_up() -> bool:
    out = _run(["scontrol", "ping"], check=False, timeout=10).stdout
    return "is UP" in out


def start_slurmctld() -> None:
    if daemon_pid("slurmctld") and _ctld_up():
        return
    _run(["/usr/sbin/slurmctld"])
    _wait("slurmctld (scontrol ping)", _ctld_up, timeout=60)


def _node_ready() -> bool:
    out = _run(["sinfo", "-h", "-N", "-o", "%T"], check=False, timeout=10).stdout.split()
    return bool(out) and all(
        s.rstrip("*~#") in ("idle", "mixed", "allocated", "completing") for s in out
    )


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
    _say(f"up in {time.monotonic() - t0:.1f}s; SLURM_CONF={slurm_conf()}")


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
DEMO_ADDRESS = "127.0.0.1:6820"


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slurm-lab",
        description=(
            "A real Slurm 22.05 cluster on this machine (munge, MariaDB, slurmdbd, "
            "slurmctld, slurmd on loopback) from Debian 12 packages. "
            "This is a development and test fixture, NOT a production installer: "
            "it creates test users and writes its own configuration under "
            "$SLURM_LAB_ROOT (default /var/lib/slurm-lab)."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("up", help="install what is missing, start every daemon, wait until UP")
    sub.add_parser(
        "demo",
        help=f"up, then run slurmrestd from this checkout on {DEMO_ADDRESS} as {SERVICE_USER} "
        "and print a curl command with a token",
    )
    sub.add_parser("down", help="stop every daemon of the lab (and the demo daemon)")
    sub.add_parser("status", help="one line per daemon; exit 0 when all are up")
    tok = sub.add_parser("token", help="print a JWT for USER from `scontrol token`")
    tok.add_argument("user", metavar="USER")
    tok.add_argument("lifespan", metavar="LIFESPAN", type=int, nargs="?", default=3600)
    sub.add_parser("env", help='print the variables a shell needs (eval "$(slurm-lab env)")')
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "up":
            up()
        elif args.command == "demo":
            demo()
        elif args.command == "down":
            down()
        elif args.command == "status":
            return status()
        elif args.command == "token":
            if args.lifespan <= 0:
                raise LabError("LIFESPAN must be a positive number of seconds")
            print(token(args.user, args.lifespan))
        elif args.command == "env":
            for key, value in lab_env().items():
                print(f"export {key}={value}")
    except LabError as exc:
        print(f"slurm-lab: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
