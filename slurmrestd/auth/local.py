"""rest_auth/local: the peer of a UNIX socket (SO_PEERCRED), or the owner of stdin in inetd mode.

Accepts only this process's own uid, and root (who may name a user with
X-SLURM-USER-NAME, as in the reference).  Accepted requests run with the
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
        for fd in (0, 1):
            try:
                st = os.fstat(fd)
            except OSError as exc:
                return reject(f"cannot stat fd {fd}: {exc.strerror}")
            if not (
                stat.S_ISFIFO(st.st_mode) or stat.S_ISREG(st.st_mode) or stat.S_ISCHR(st.st_mode)
            ):
                return reject(f"fd {fd} is not a pipe, file or character device")
            if st.st_mode & (stat.S_ISUID | stat.S_ISGID | stat.S_IRWXO | stat.S_IWGRP):
                return reject(f"fd {fd} is open to other users (mode {st.st_mode & 0o7777:o})")
            if st.st_uid != os.getuid():
                return reject(f"fd {fd} belongs to uid {st.st_uid}")
        return accept(_own_identity())
