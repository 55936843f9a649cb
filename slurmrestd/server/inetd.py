"""Inetd mode: one connection on stdin/stdout, served by the same application.

design: stdin is either a socket (inetd, xinetd, systemd Accept=yes), which
must also be stdout, or a pipe or file: requests are read from stdin and
answered on stdout in order (pipelining).  End of input ends the process
with 0; a malformed request is answered with a 400 and ends it with 1.

With a certificate (tls.py), the first bytes tell whether the client starts
a TLS handshake, on a socket as on a pipe: then TLS runs over memory buffers
between stdin and stdout (``_TLSChannel``), and a failed handshake is one line
in the log and exit status 1.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import socket
import ssl
import stat
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from gunicorn.config import Config
from gunicorn.http import errors as http_errors
from gunicorn.http import wsgi as gwsgi
from gunicorn.http.parser import RequestParser

from slurmrestd.server import tls

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


class _TLSChannel:
    """TLS between a reader and a writer of raw bytes (stdin and stdout), through memory
    buffers: the source of the request parser (chunks()) and its sink (sendall)."""

    def __init__(
        self,
        context: ssl.SSLContext,
        read: Callable[[], bytes],
        raw: Any,
        first: bytes,
    ) -> None:
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = context.wrap_bio(self.incoming, self.outgoing, server_side=True)
        self.read_raw, self.raw = read, raw
        self.incoming.write(first)
        self._pump(self.obj.do_handshake)

    def _flush(self) -> None:
        data = self.outgoing.read()
        if data:
            self.raw.sendall(data)

    def _pump(self, op: Callable[..., Any], *args: Any) -> Any:
        """op, fed with input (and its output sent) until it is done."""
        while True:
            try:
                result = op(*args)
            except ssl.SSLWantReadError:
                self._flush()
                if self.incoming.eof:
                    raise ssl.SSLEOFError("EOF occurred in violation of protocol") from None
                data = self.read_raw()
                if data:
                    self.incoming.write(data)
                else:
                    self.incoming.write_eof()
                continue
            self._flush()
            return result

    def chunks(self) -> Iterator[bytes]:
        while True:
            try:
                data = self._pump(self.obj.read, READ_SIZE)
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return
            if not data:
                return
            yield data

    def sendall(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[self._pump(self.obj.write, view) :]

    send = sendall

    def fileno(self) -> int:
        """The descriptor of the connection (the application names it in its log)."""
        return int(self.raw.fileno())

    def close(self) -> None:
        """Send TLS's close_notify (not waiting for the client's)."""
        with contextlib.suppress(ssl.SSLError, OSError):
            self.obj.unwrap()
        with contextlib.suppress(OSError):
            self._flush()


def _start_tls(
    source: Any, sink: Any, context: ssl.SSLContext
) -> tuple[Iterable[bytes], Any, _TLSChannel | None]:
    """(source, sink, channel) once the first bytes told TLS (channel) from HTTP."""
    if isinstance(source, socket.socket):
        sock = source

        def read() -> bytes:
            return sock.recv(READ_SIZE)

    else:
        chunks = iter(source)

        def read() -> bytes:
            return next(chunks, b"")

    first = b""
    while tls.fingerprint(first) is None:
        data = read()
        if not data:
            break
        first += data
    if not tls.fingerprint(first):
        rest: Iterator[bytes] = iter(read, b"")
        return itertools.chain([first] if first else [], rest), sink, None
    channel = _TLSChannel(context, read, sink, first)
    return channel.chunks(), channel, channel


def _bad_request(sink: Any, exc: Exception) -> None:
    body = b"Bad Request"
    sink.sendall(
        b"HTTP/1.1 400 BAD REQUEST\r\nConnection: Close\r\nContent-Type: text/plain\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )


def serve(
    app: Callable[..., Any], cfg: Config | None = None, context: ssl.SSLContext | None = None
) -> int:
    cfg = cfg or Config()
    source, sink, peer = _open_stdio()
    # rest_auth/local asks the socket who the peer is, or who owns stdin/stdout.
    conn = sink if isinstance(sink, socket.socket) else None
    channel = None
    try:
        if context is not None:
            source, sink, channel = _start_tls(source, sink, context)
        return _serve(app, cfg, source, sink, peer, conn, channel is not None)
    except (ssl.SSLError, ssl.CertificateError) as exc:
        reason = exc.reason if isinstance(exc, ssl.SSLError) else None
        log.warning("TLS %s: %s", "error" if channel else "handshake failed", reason or exc)
        return EXIT_BAD_REQUEST
    finally:
        if channel is not None:
            channel.close()


def _serve(
    app: Callable[..., Any],
    cfg: Config,
    source: Any,
    sink: Any,
    peer: Any,
    conn: socket.socket | None,
    secure: bool,
) -> int:
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
        if secure:
            req.scheme = "https"
        resp, environ = gwsgi.create(req, sink, peer, server, cfg)
        if conn is not None:
            environ["gunicorn.socket"] = conn
        environ["slurmrestd.stdio"] = conn is None
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
