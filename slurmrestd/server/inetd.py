"""Inetd mode: one connection on stdin/stdout, served by the same application.

design: stdin is either a socket (inetd, xinetd, systemd Accept=yes), which
must also be stdout, or a pipe or file: requests are read from stdin and
answered on stdout in order (pipelining).  End of input ends the process
with 0; a malformed request is answered with a 400 and ends it with 1.
"""

from __future__ import annotations

import logging
import os
import socket
import stat
from collections.abc import Callable, Iterator
from typing import Any

from gunicorn.config import Config
from gunicorn.http import errors as http_errors
from gunicorn.http import wsgi as gwsgi
from gunicorn.http.parser import RequestParser

log = logging.getLogger("slurmrestd.inetd")

EXIT_OK = 0
EXIT_BAD_REQUEST = 1
READ_SIZE = 65536


class InetdError(Exception):
    """stdin/stdout cannot be served."""


class _FdWriter:
    """The socket-like surface gunicorn's Response writes to, over a plain fd."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def sendall(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    send = sendall

    def fileno(self) -> int:
        return self.fd


def _read_chunks(fd: int) -> Iterator[bytes]:
    while chunk := os.read(fd, READ_SIZE):
        yield chunk


def stdin_is_socket() -> bool:
    return stat.S_ISSOCK(os.fstat(0).st_mode)


def _open_stdio() -> tuple[Any, Any, Any]:
    """(source, sink, peer) for the connection on stdin/stdout."""
    if stdin_is_socket():
        sin, sout = os.fstat(0), os.fstat(1)
        if (sin.st_dev, sin.st_ino) != (sout.st_dev, sout.st_ino):
            raise InetdError("STDIN and STDOUT must be same socket")
        conn = socket.socket(fileno=os.dup(0))
        try:
            peer = conn.getpeername() or "unix"
        except OSError:
            peer = "unix"
        return conn, conn, peer
    return _read_chunks(0), _FdWriter(1), "stdin"


def _bad_request(sink: Any, exc: Exception) -> None:
    body = b"Bad Request"
    sink.sendall(
        b"HTTP/1.1 400 BAD REQUEST\r\nConnection: Close\r\nContent-Type: text/plain\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )


def serve(app: Callable[..., Any], cfg: Config | None = None) -> int:
    cfg = cfg or Config()
    source, sink, peer = _open_stdio()
    parser = RequestParser(cfg, source, peer)
    server = ("localhost", "0")
    while True:
        try:
            req = next(parser)
        except (StopIteration, http_errors.NoMoreData):
            return EXIT_OK
        except http_errors.ParseException as exc:
            log.info("malformed request on stdin: %s", exc.__class__.__name__)
            _bad_request(sink, exc)
            return EXIT_BAD_REQUEST
        resp, environ = gwsgi.create(req, sink, peer, server, cfg)
        # rest_auth/local reads who owns stdin/stdout when they are not a socket.
        environ["slurmrestd.stdio"] = not isinstance(sink, socket.socket)
        respiter = app(environ, resp.start_response)
        try:
            for item in respiter:
                resp.write(item)
            resp.close()
        finally:
            close = getattr(respiter, "close", None)
            if close is not None:
                close()
        if resp.should_close():
            return EXIT_OK
