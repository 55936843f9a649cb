"""The lockdown: after binding, before serving anyone, give up everything not needed.

design: one order, each step a small function, each failure a LockdownError
that says why: refuse a forbidden identity (root, gid 0, SlurmUser or its
group) unless disable_user_check; setgroups([]), setgid, setuid; unshare
CLONE_SYSVSEM and CLONE_FILES unless disabled; PR_SET_NO_NEW_PRIVS; close every
inherited descriptor that is not a listener.  The identity is checked before
it is assumed (so nothing changes on refusal) and verified after.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import grp
import os
import pwd
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from slurmrestd.server import slurmconf

CLONE_FILES = 0x00000400
CLONE_SYSVSEM = 0x00040000
PR_SET_NO_NEW_PRIVS = 38
DEFAULT_SLURM_CONF = slurmconf.DEFAULT_SLURM_CONF


class LockdownError(Exception):
    """The daemon refuses to go on; the message says why."""


@dataclass(frozen=True)
class Identity:
    uid: int
    gid: int


def slurm_user(conf_path: str | None) -> str:
    """SlurmUser from slurm.conf (the last setting wins; Slurm's default is root)."""
    try:
        return slurmconf.setting(conf_path, "SlurmUser", "root")
    except OSError as exc:
        raise LockdownError(
            f"Unable to read Slurm configuration {slurmconf.path(conf_path)}: {exc.strerror}"
        ) from None


def target_identity(uid: int | None, gid: int | None) -> Identity:
    """The identity the daemon will run as: -u/-g, -u's primary group, or as started."""
    if uid is not None and gid is None:
        gid = pwd.getpwuid(uid).pw_gid
    return Identity(os.getuid() if uid is None else uid, os.getgid() if gid is None else gid)


def check_identity(ident: Identity, slurm_user_name: str) -> None:
    if ident.uid == 0:
        raise LockdownError("slurmrestd should not be run as the root user.")
    if ident.gid == 0:
        raise LockdownError("slurmrestd should not be run with the root group.")
    try:
        slurm = pwd.getpwnam(slurm_user_name)
    except KeyError:
        raise LockdownError(f"SlurmUser {slurm_user_name} is not a known user") from None
    if ident.uid == slurm.pw_uid:
        raise LockdownError(f"slurmrestd should not be run as SlurmUser ({slurm_user_name}).")
    if ident.gid == slurm.pw_gid:
        name = grp.getgrgid(slurm.pw_gid).gr_name
        raise LockdownError(f"slurmrestd should not be run with SlurmUser's group ({name}).")


def drop_privileges(ident: Identity) -> None:
    """setgroups([]), setgid, setuid, in that order; then verify nothing can be regained."""
    if os.geteuid() == 0:
        try:
            os.setgroups([])
        except OSError as exc:
            raise LockdownError(f"Unable to drop supplementary groups: {exc.strerror}") from None
    elif set(os.getgroups()) - {ident.gid}:
        # Only root can drop them: refuse rather than serve with extra groups.
        raise LockdownError(
            "Unable to drop supplementary groups "
            f"{sorted(set(os.getgroups()) - {ident.gid})}: start as root or without them"
        )
    try:
        if (os.getgid(), os.getegid()) != (ident.gid, ident.gid):
            os.setgid(ident.gid)
    except OSError as exc:
        raise LockdownError(f"Unable to setgid({ident.gid}): {exc.strerror}") from None
    try:
        if (os.getuid(), os.geteuid()) != (ident.uid, ident.uid):
            os.setuid(ident.uid)
    except OSError as exc:
        raise LockdownError(f"Unable to setuid({ident.uid}): {exc.strerror}") from None
    if os.getresuid() != (ident.uid,) * 3 or os.getresgid() != (ident.gid,) * 3:
        raise LockdownError("privileges were not fully dropped")
    if ident.uid != 0:
        try:
            os.setuid(0)
        except PermissionError:
            pass
        else:
            raise LockdownError("root privileges could be regained after setuid")


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def unshare(flags: int) -> None:
    native = getattr(os, "unshare", None)
    if native is not None:  # Python >= 3.12
        native(flags)
        return
    if _libc().unshare(ctypes.c_int(flags)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def no_new_privs() -> None:
    libc = _libc()
    zero = ctypes.c_ulong(0)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), zero, zero, zero) != 0:
        err = ctypes.get_errno()
        raise LockdownError(f"Unable to disable new privileges: {os.strerror(err)}")


def close_inherited(keep: Iterable[int]) -> list[int]:
    """Close every descriptor above stderr that is not in keep; return what was closed."""
    keep_set = set(keep) | {0, 1, 2}
    closed = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd in keep_set:
            continue
        try:
            os.close(fd)
        except OSError as exc:
            if exc.errno != errno.EBADF:  # the directory handle listdir used
                raise
            continue
        closed.append(fd)
    return closed


def code_roots() -> set[Path]:
    """The sys.path entries the loaded modules came from (stdlib, site-packages, ours)."""
    # Most specific first: the cwd on sys.path may contain a virtualenv, say.  A module
    # is matched by the path it was imported under, before its symlinks are resolved:
    # Debian's /usr/lib/python3.X/sitecustomize.py links to /etc/python3.X/, which lies
    # under no entry but "/" (when "/" is the cwd on sys.path).
    entries = sorted(
        {Path(os.path.abspath(p)) for p in sys.path if p and os.path.isdir(p)},
        key=lambda e: len(e.parts),
        reverse=True,
    )
    roots = set()
    for module in list(sys.modules.values()):
        origin = getattr(module, "__file__", None)
        if not origin:
            continue
        imported = Path(os.path.abspath(origin))
        resolved = imported.resolve()
        for path in (imported, resolved):
            entry = next((e for e in entries if e in path.parents), None)
            if entry is not None:
                roots.add(entry.resolve())
                break
    return roots


def check_readable(roots: set[Path]) -> None:
    """Fail now, with the reason, if this Python can no longer read its own code.

    A directory the service user cannot read is silently skipped by imports, so a
    lazy import would fail later with ModuleNotFoundError, far from the cause.
    roots must be collected before the privileges are dropped: afterwards an
    unreadable directory no longer even looks like a directory.
    """
    for path in sorted({Path(os.__file__).parent, *roots}):
        if not os.access(path, os.R_OK | os.X_OK):
            raise LockdownError(
                f"{path} is not readable by uid {os.getuid()}: install slurmrestd (and its "
                "Python) where the service user can read it"
            )


def lock_down(
    *,
    uid: int | None,
    gid: int | None,
    conf_path: str | None,
    check_user: bool = True,
    unshare_sysv: bool = True,
    unshare_files: bool = True,
    keep_fds: Iterable[int] = (),
) -> Identity:
    """Run the whole lockdown in order; return the identity now held."""
    ident = target_identity(uid, gid)
    if check_user:
        check_identity(ident, slurm_user(conf_path))
    roots = code_roots()
    drop_privileges(ident)
    check_readable(roots)
    if unshare_sysv:
        try:
            unshare(CLONE_SYSVSEM)
        except OSError as exc:
            raise LockdownError(f"Unable to unshare System V namespace: {exc.strerror}") from None
    if unshare_files:
        try:
            unshare(CLONE_FILES)
        except OSError as exc:
            raise LockdownError(f"Unable to unshare file descriptors: {exc.strerror}") from None
    no_new_privs()
    close_inherited(keep_fds)
    sys.stdout.flush()
    return ident
