"""What the host's lab and the roots' labs share: errors, waits, the configuration
templates and the steps that talk to a running cluster through its own commands.

A cluster's commands run through a ``Runner`` (on the host: directly; in a root:
under chroot), so these steps never care where the cluster lives.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import string
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from slurmrestd_dev.lab.releases import Release

ACCOUNT = "lab"
# Ordinary users submit jobs; the service user runs the REST daemon;
# labadmin holds AdminLevel=Administrator in slurmdbd.
ORDINARY_USERS = ("alice", "bob")
SERVICE_USER = "slurmrestd"
OPERATOR_USER = "labadmin"
DAEMONS = ("munged", "mariadb", "slurmdbd", "slurmctld", "slurmd")
# The Debian packages whose versions `up` records and `status` prints.
VERSIONED_PACKAGES = ("slurmctld", "slurmrestd", "munge", "mariadb-server", "python3")

TEMPLATES = Path(__file__).resolve().parent / "templates"


class LabError(Exception):
    """A step of the lab failed; the message says which and why."""


class Runner(Protocol):
    def __call__(
        self,
        cmd: Sequence[str],
        *,
        check: bool = True,
        user: str | None = None,
        timeout: float = 120,
    ) -> subprocess.CompletedProcess[str]: ...


def say(msg: str) -> None:
    print(f"slurm-lab: {msg}", flush=True)


def wait(
    what: str, probe: Callable[[], bool], timeout: float = 60.0, interval: float = 0.3
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return
        time.sleep(interval)
    raise LabError(f"timed out after {timeout:.0f}s waiting for {what}")


def run_checked(
    argv: Sequence[str], env: dict[str, str], *, check: bool, timeout: float
) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(
            list(argv), env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise LabError(f"{argv[0]}: command not found") from exc
    except subprocess.TimeoutExpired as exc:
        raise LabError(f"{' '.join(argv)}: no answer after {timeout:.0f}s") from exc
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise LabError(f"{' '.join(argv)} failed: {detail[-1] if detail else proc.returncode}")
    return proc


def write_file(path: Path, data: str | bytes, mode: int, uid: int = 0, gid: int = 0) -> bool:
    """Write a file if its content differs; return whether it changed."""
    raw = data.encode() if isinstance(data, str) else data
    changed = not path.exists() or path.read_bytes() != raw
    if changed:
        path.write_bytes(raw)
    os.chmod(path, mode)
    os.chown(path, uid, gid)
    return changed


def render(name: str, release: Release, values: dict[str, str], extra: Sequence[str] = ()) -> str:
    """A configuration file of the lab for this release (templates/NAME.in), slurm.conf
    with the lines of the lab's shape (EXTRA) at its end."""
    template = string.Template((TEMPLATES / f"{name}.in").read_text())
    text = template.substitute(
        values,
        slurmctld_port=release.slurmctld_port,
        slurmd_port=release.slurmd_port,
        slurmdbd_port=release.slurmdbd_port,
    )
    if name == "slurm.conf":
        text += "".join(f"{line}\n" for line in (*release.slurm_conf_extra, *extra))
    return text


def pid_of(pidfile: Path, comm: str, root: Path | None = None) -> int | None:
    """The live pid a pid file names, if its process is COMM and runs in ROOT.

    The host and the roots share one process table: a stale pid file can name
    another release's daemon, so the process's root directory must match too.
    """
    try:
        pid = int(pidfile.read_text().split()[0])
        name = Path(f"/proc/{pid}/comm").read_text().strip()
    except (OSError, ValueError, IndexError):
        return None
    if not name.startswith(comm[:15]):
        return None
    return pid if process_root(pid) == (root.resolve() if root else None) else None


def process_root(pid: int) -> Path | None:
    """The root directory of a process: None for the host's, or the root it was chrooted to.

    A process an ordinary user may not inspect counts as the host's (status as non-root).
    """
    try:
        path = os.readlink(f"/proc/{pid}/root")
    except PermissionError:
        return None
    except OSError:
        return Path("/nonexistent")
    return None if path == "/" else Path(path)


def alive(pid: int) -> bool:
    """Whether PID runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return not stat.rsplit(") ", 1)[1].startswith("Z")


def stop_pid(what: str, pid: int, timeout: float = 60) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    wait(f"{what} to stop", lambda: not alive(pid), timeout=timeout)


def port_taken(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def stop_reference(pidfile: Path, root: Path | None) -> None:
    pid = pid_of(pidfile, "slurmrestd", root)
    if pid is not None:
        stop_pid("the reference slurmrestd", pid, timeout=30)
    pidfile.unlink(missing_ok=True)


@contextmanager
def reference(
    release: Release,
    argv: Sequence[str],
    env: dict[str, str],
    pidfile: Path,
    log_path: Path,
    root: Path | None,
) -> Iterator[int]:
    """Run a release's C slurmrestd (ARGV) while the block runs; yield its port.

    ARGV execs down to slurmrestd itself (chroot, env, or slurmrestd -u), so the
    pid file names slurmrestd and `down` finds it there.
    """
    port = release.rest_port
    if pid_of(pidfile, "slurmrestd", root) is not None:
        yield port
        return
    if port_taken(port):
        raise LabError(f"port {port} is taken: the {release.name} reference slurmrestd needs it")
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            list(argv),
            env=env,
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    pidfile.write_text(f"{proc.pid}\n")

    def answering() -> bool:
        if proc.poll() is not None:
            raise LabError(f"{release.name} slurmrestd exited {proc.returncode}: see {log_path}")
        return port_taken(port)

    try:
        wait(f"{release.name} slurmrestd on port {port}", answering, timeout=30)
        yield port
    finally:
        stop_reference(pidfile, root)
        proc.wait(timeout=30)


# --- steps through a cluster's own commands ------------------------------------


def slurmdbd_up(run: Runner) -> bool:
    return run(["sacctmgr", "-n", "-P", "show", "cluster"], check=False, timeout=10).returncode == 0


def slurmctld_up(run: Runner) -> bool:
    return "is UP" in run(["scontrol", "ping"], check=False, timeout=10).stdout


def registered(run: Runner, cluster: str, port: int) -> bool:
    """slurmdbd knows where this cluster's slurmctld listens (it registered since it started).

    slurmdbd forgets it when slurmctld's connection ends; a slurmctld that came back while
    slurmdbd was away does not register again (seen on 22.05 after the fault tests), and
    the cluster record then shows no controller until slurmctld restarts.
    """
    out = run(
        ["sacctmgr", "-n", "-P", "show", "cluster", cluster, "format=controlport"],
        check=False,
        timeout=30,
    ).stdout.split()
    return out == [str(port)]


def node_ready(run: Runner, node: str) -> bool:
    """Whether the lab's own NODE (the one with a slurmd) is up, whatever other nodes the
    lab's shape has."""
    out = run(["sinfo", "-h", "-N", "-n", node, "-o", "%T"], check=False, timeout=10).stdout.split()
    return bool(out) and all(
        s.rstrip("*~#") in ("idle", "mixed", "allocated", "completing") for s in out
    )


def _sacctmgr_list(run: Runner, entity: str, fmt: str) -> set[str]:
    out = run(["sacctmgr", "-n", "-P", "show", entity, f"format={fmt}"]).stdout
    return {line.strip() for line in out.splitlines() if line.strip()}


def ensure_accounts(run: Runner, cluster: str) -> None:
    if cluster not in _sacctmgr_list(run, "cluster", "cluster"):
        run(["sacctmgr", "-i", "add", "cluster", cluster])
    if ACCOUNT not in _sacctmgr_list(run, "account", "account"):
        run(
            [
                "sacctmgr",
                "-i",
                "add",
                "account",
                ACCOUNT,
                f"cluster={cluster}",
                "description=slurm-lab test account",
                "organization=slurm-lab",
            ]
        )
    users = _sacctmgr_list(run, "user", "user")
    for name in (*ORDINARY_USERS, SERVICE_USER, OPERATOR_USER):
        if name not in users:
            extra = ["adminlevel=Administrator"] if name == OPERATOR_USER else []
            run(
                [
                    "sacctmgr",
                    "-i",
                    "add",
                    "user",
                    name,
                    f"account={ACCOUNT}",
                    f"cluster={cluster}",
                    *extra,
                ]
            )


def token(run: Runner, user: str, lifespan: int) -> str:
    out = run(["scontrol", "token", f"username={user}", f"lifespan={lifespan}"]).stdout
    for line in out.splitlines():
        if line.startswith("SLURM_JWT="):
            return line.split("=", 1)[1].strip()
    raise LabError(f"scontrol token printed no token for {user}")


def api_versions(document: dict[str, object]) -> dict[str, list[str]]:
    """The versions an /openapi/v3 document serves, per plugin prefix (slurm, slurmdb)."""
    found: dict[str, set[str]] = {}
    paths = document.get("paths")
    for path in paths if isinstance(paths, dict) else ():
        match = re.match(r"^/(slurm|slurmdb)/(v[0-9.]+)/", path)
        if match:
            found.setdefault(match[1], set()).add(match[2])
    return {
        prefix: sorted(versions, key=lambda v: tuple(int(n) for n in v[1:].split(".")))
        for prefix, versions in sorted(found.items())
    }


def fetch_openapi(port: int, user: str, jwt: str) -> dict[str, object]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/openapi/v3",
        headers={"X-SLURM-USER-NAME": user, "X-SLURM-USER-TOKEN": jwt},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        document = json.load(answer)
    if not isinstance(document, dict):
        raise LabError(f"/openapi/v3 on port {port} is not a JSON object")
    return document


def package_versions(run: Runner, packages: Sequence[str] = VERSIONED_PACKAGES) -> str:
    """'package version' lines of the installed packages, as dpkg reports them."""
    out = run(["dpkg-query", "-W", "-f=${Package} ${Version}\\n", *packages], check=False).stdout
    return "".join(f"{line}\n" for line in sorted(out.splitlines()) if line.strip())
