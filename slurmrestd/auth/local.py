"""rest_auth/local: the peer of a UNIX socket (SO_PEERCRED), or the owner of stdin in inetd mode.

A socket peer is accepted when it runs as this process's own uid, or as root
(who may name a user with X-SLURM-USER-NAME); stdin when it belongs to this
process's uid (root's too is refused there), as in the reference.  Only stdin
is checked: the sender is stdin's owner.  Accepted requests run with the
daemon's own munge credential (no token).  TCP peers are skipped.  When the
daemon talks to Slurm with JWT (SLURM_JWT=daemon), its own credential cannot
be used, so the plugin skips every request and says so once at start.
"""

from __future__ import annotations

import os
import pwd
import socket
import stat
import struct

from slurmrestd.auth import HEADER_USER_NAME, SKIP, Request, Result, accept, reject
from slurmrestd.slurm import Identity

_UCRED = struct.Struct("3i")


def _own_identity(user_name: str | None = None) -> Identity:
    uid, gid = os.getuid(), os.getgid()
    try:
        own_name = pwd.getpwuid(uid).pw_name
    except KeyError:
        own_name = str(uid)
    return Identity(user_name or own_name, uid, gid, None)


class Local:
    name = "rest_auth/local"

    def __init__(self, *, jwt_client: bool) -> None:
        # With SLURM_JWT set, libslurm authenticates with tokens only.
        self.usable = not jwt_client

    def authenticate(self, req: Request) -> Result:
        if not self.usable:
            return SKIP
        conn = req.env.get("gunicorn.socket")
        if isinstance(conn, socket.socket):
            if conn.family != socket.AF_UNIX:
                return SKIP
            return self._peer(conn, req.get_header(HEADER_USER_NAME))
        if req.env.get("slurmrestd.stdio"):
            return self._stdio()
        return SKIP

    def _peer(self, conn: socket.socket, header_user: str | None) -> Result:
        try:
            raw = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _UCRED.size)
        except OSError as exc:
            return reject(f"no peer credentials: {exc.strerror}")
        pid, uid, gid = _UCRED.unpack(raw)
        if pid == 0 or uid == -1 or gid == -1:
            return reject("invalid SO_PEERCRED answer")
        if uid == 0:
            return accept(_own_identity(header_user))
        if uid == os.getuid():
            return accept(_own_identity())
        return reject(f"peer uid {uid} is not the daemon's uid")

    def _stdio(self) -> Result:
        # Who sends the requests is who owns stdin; stdout may be anyone's (a root
        # shell's pipe, a terminal), as in the reference.
        try:
            st = os.fstat(0)
        except OSError as exc:
            return reject(f"cannot stat stdin: {exc.strerror}")
        if not (stat.S_ISFIFO(st.st_mode) or stat.S_ISREG(st.st_mode) or stat.S_ISCHR(st.st_mode)):
            return reject("stdin is not a pipe, file or character device")
        if st.st_mode & (stat.S_ISUID | stat.S_ISGID | stat.S_IRWXO | stat.S_IWGRP):
            return reject(f"stdin is open to other users (mode {st.st_mode & 0o7777:o})")
        if st.st_uid != os.getuid():
            return reject(f"stdin belongs to uid {st.st_uid}")
        return accept(_own_identity())
