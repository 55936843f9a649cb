"""A listen-mode worker: gunicorn's gthread worker with an event-loop request reader.

Slow clients: a connection holds a worker thread only while its request is
served, never while the request is arriving.  (gunicorn hands a connection to a
thread once it is readable, and the thread reads the head and body blocking:
-t clients that sent half a request and stalled stopped the daemon.)  Here each
worker's event loop reads every request itself, non-blocking, into a buffer of
its connection (``Waiting``), and hands the connection to the thread pool:

- once the head is complete and, with a Content-Length up to --max-body-size,
  the whole body has arrived (an ``Expect: 100-continue`` is answered from the
  loop, so the client sends it);
- at once when the head is malformed (the thread answers 400/414/431/501 as
  before), announces a body above --max-body-size (413 before it is read) or a
  chunked one (411, or skipped on a GET), or when the client ends the connection.

The loop finds the end of the head with gunicorn's own parser, run on the
bytes received so far (``parse_head``), so the loop and the thread never
disagree on where a request ends or on what is malformed.  The thread's parser
reads the buffered bytes first (they are put back into its unreader) and so
never needs the socket for a complete request; its socket (``Source``) waits
no longer than the request's deadline should it ever.  After the answer an
unread body is drained only from what has already arrived; otherwise the
connection is closed.  Bytes received after a request (the next one, sent back
to back) go back into the loop's buffer with the kept-alive connection: requests
are answered one at a time, in order.

Once per request: the thread serves the request the loop parsed (``Parser.prepared``)
instead of parsing its head again.  After an answer on a kept-alive connection its
thread looks (without waiting) for the next request: one that has wholly arrived
(pipelined, or a fast client) it serves at once, up to IN_A_ROW in a row; otherwise
it hands the connection back to the loop itself (``_wait_for_request`` under the
loop's lock, which the loop takes for each event it handles), so a request costs
no futures callback, pipe write and loop wake-up.  What has arrived of an
incomplete request goes with it: the loop reads the rest as for any request, and
no thread ever waits for a client.

Plain requests (most of what clients send: see lean.py) take a short way: the loop parses
their head itself and the thread builds their environ and answers them without gunicorn's
Request and Response objects, to the same bytes; any other request, and every request when
--access-log is on, takes gunicorn's way as above.

Deadlines: a new connection must send its first request head within
--request-timeout seconds; a kept-alive one may idle --keep-alive seconds, then
its head must arrive within --request-timeout of its first byte.  A body gets
one more second per BODY_RATE bytes.  A connection past its deadline with part
of a request is answered 408, closed and logged in one line; an idle one is just
closed.  A waiting connection costs a descriptor and its buffer: at most the
head limits (100 header lines of 8190 bytes, as gunicorn's) plus a body of at
most --max-body-size.

Connections: a worker holds at most ``worker_connections`` (its share of
--max-connections; 1000 without it), but a connection idle between two
requests never keeps a new one out: the worker accepts while fewer than that
many connections are busy (a request arriving, or being answered), and to take
one more past the bound it closes the connection idle longest (``idle``, oldest
first).  Only busy connections make new ones wait, in the listen backlog, and
each of them ends within --request-timeout or once answered: the daemon never
stalls on open connections (the C daemon stops reading past its 124).

TLS (see tls.py): a connection of an https:// listener starts its handshake at
once; one of any other listener first waits, in the loop, for the bytes that
tell a TLS handshake from HTTP (peeked, not read: the handshake reads them).
The handshake runs in the loop too, non-blocking, within the connection's
request deadline; then its requests are read as above, decrypted.  A failed
handshake is one line in the log and the connection is closed unanswered.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import html
import math
import os
import select
import selectors
import signal
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from gunicorn import util
from gunicorn.http.body import LengthReader
from gunicorn.http.errors import InvalidHTTPVersion
from gunicorn.http.message import Request
from gunicorn.http.parser import RequestParser
from gunicorn.http.unreader import Unreader
from gunicorn.http.wsgi import base_environ
from gunicorn.workers.gthread import STOP_KEEPALIVE_LINGER, TConn, ThreadWorker

from slurmrestd.server import lean, logs, tls
from slurmrestd.server.settings import Settings

THREAD_START_TIMEOUT = 30.0
# The HTTP versions served; gunicorn takes any 1.x and would answer "HTTP/1.2 200 OK".
HTTP_VERSIONS = ((1, 0), (1, 1))
# After its last answer, how long a closed connection's unread input is drained (so that the
# client gets the answer rather than a reset), and how much of it at most.
LINGER_SECONDS = 2.0
LINGER_BYTES = 64 * 1024
# The slowest a request body may arrive (bytes per second): its deadline grows by its size
# divided by this.
BODY_RATE = 64 * 1024
# Reads of a waiting connection: this much, up to RECV_MAX for the rest of a large body.
RECV_SIZE = 64 * 1024
RECV_MAX = 1024 * 1024
# After an answer on a kept-alive connection, how many more requests its thread may serve in a
# row when each has wholly arrived already (pipelined, or a fast client) before the connection
# goes back to the loop, so that one client cannot hold a thread for ever.
IN_A_ROW = 16
# What a thread returns when it handed its kept-alive connection back to the loop itself.
HANDED_BACK = "handed back"
# How often the loop looks for connections past their deadline (seconds).
SWEEP_INTERVAL = 0.25
# accept() failing for want of descriptors or memory: stop accepting this long (seconds).
ACCEPT_PAUSE = 0.5
_ACCEPT_EXHAUSTED = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
# Attributes of gunicorn's parse errors that quote the request (the text of their message).
_QUOTED = ("hdr", "req", "version", "method", "expect", "data", "term")

# Signals that stop a worker.  Between its fork and its own handlers a worker would run the
# master's handlers, which only queue the signal for the master's loop: a worker still
# booting (libslurm's init) would miss its stop and be killed after the graceful timeout.
# They are blocked across the fork and unblocked once the worker's handlers are in place.
STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGQUIT})


def _nothing() -> None:
    """What wakes the event loop up."""


def write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's answer to a malformed request, with its head written out.

    gunicorn 27 builds the head with textwrap.dedent, which from Python 3.14 on turns
    the blank line that ends it ("\\r\\n\\r\\n") into "\\r\\n\\n": a client finds no end of
    the head (forky's python3, Slurm 26.05).  Same bytes as gunicorn's on older Pythons.
    """
    body = (
        f"<html>\n  <head>\n    <title>{reason}</title>\n  </head>\n  <body>\n"
        f"    <h1><p>{reason}</p></h1>\n    {html.escape(mesg)}\n  </body>\n</html>\n"
    )
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, (head + body).encode("latin1"))


# gunicorn's workers call util.write_error by its module attribute.
util.write_error = write_error


@dataclass
class _Linger:
    deadline: float
    drained: int = 0


class _IncompleteError(Exception):
    """The parser asked for bytes that have not arrived yet."""


class _Received(Unreader):
    """The bytes received so far, read as gunicorn's parser reads a socket."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data: bytes | None = data

    def chunk(self, size_hint: int | None = None) -> bytes:
        if self.data is None:
            raise _IncompleteError
        data, self.data = self.data, None
        return data


class Settled:
    """A worker's gunicorn settings as the request parser reads them, each looked up once:
    gunicorn's Config finds every attribute through __getattr__ and its settings table, a
    few dozen times per request head.  A worker's settings never change."""

    def __init__(self, cfg: Any) -> None:
        self._cfg = cfg

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._cfg, name)
        setattr(self, name, value)
        return value


@dataclass(frozen=True)
class Head:
    """A request head, parsed by the event loop."""

    size: int  # bytes, up to and including the empty line
    length: int | None  # the body's Content-Length (0 without one); None if chunked
    expect_continue: bool
    # gunicorn's request, parsed: the thread serves it without parsing the head again.
    req: Any = field(default=None, compare=False, repr=False)
    # Or a plain request, which takes the short way (lean.py).
    lean: lean.Request | None = field(default=None, compare=False, repr=False)


def parse_head(cfg: Any, data: bytes, peer: Any) -> Head | None:
    """The head of the request at the start of data, or None while it has not all arrived.

    gunicorn's own parser reads it, so a malformed head raises here the error the
    worker thread will answer (e.g. InvalidHeader).
    """
    received = _Received(data)
    try:
        req = Request(cfg, received, peer)
    except _IncompleteError:
        return None
    reader = req.body.reader if req.body is not None else None
    length = reader.length if isinstance(reader, LengthReader) else None
    rest = len(received.buf.getvalue())
    return Head(len(data) - rest, length, bool(req._expected_100_continue), req)


# What a waiting connection is reading: whether it is TLS (its first bytes), its TLS
# handshake, or its HTTP request.
SNIFF, HANDSHAKE, HTTP = "sniff", "handshake", "http"
_READ, _BOTH = selectors.EVENT_READ, selectors.EVENT_READ | selectors.EVENT_WRITE
# The end of a TLS connection that is not worth a line in the log.
_TLS_GONE = (ssl.SSLEOFError, ssl.SSLZeroReturnError, ConnectionError, TimeoutError)


def _pending(sock: socket.socket) -> int:
    """Bytes decrypted and not read yet (which poll() knows nothing of)."""
    return sock.pending() if isinstance(sock, ssl.SSLSocket) else 0


def _tls_reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return exc.reason or exc.__class__.__name__
    return getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__


class Source:
    """A connection's socket as its parser reads it in a worker thread: never waiting for the
    client past ``deadline`` (then TimeoutError).

    The event loop hands over complete requests, so the parser finds what it needs in its
    buffer; this bounds the wait should it not, and makes draining a body the application did
    not read take only what has arrived (deadline 0).
    """

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.deadline = 0.0

    def recv(self, size: int) -> bytes:
        wait = max(0.0, self.deadline - time.monotonic())
        if isinstance(self.sock, ssl.SSLSocket):
            return self._recv_tls(size, wait)
        poller = select.poll()
        poller.register(self.sock, select.POLLIN)
        if not poller.poll(math.ceil(wait * 1000)):
            raise TimeoutError("the client sent nothing more in time")
        return self.sock.recv(size)

    def _recv_tls(self, size: int, wait: float) -> bytes:
        """A TLS record may arrive in parts: the whole read, not just its start, is bounded."""
        sock = self.sock
        assert isinstance(sock, ssl.SSLSocket)
        if sock.pending():
            return sock.recv(size)
        sock.settimeout(wait)
        try:
            return sock.recv(size)
        except (TimeoutError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            raise TimeoutError("the client sent nothing more in time") from None
        finally:
            sock.settimeout(None)


class Parser(RequestParser):
    """gunicorn's request parser, which returns the request the event loop parsed when there
    is one (``prepared``) instead of parsing its head a second time."""

    prepared: Request | None = None

    def __next__(self) -> Request:
        req = self.prepared
        if req is None:
            nxt: Request = super().__next__()
            return nxt
        self.prepared = None
        # What gunicorn's parser does between two requests (see RequestParser.__next__).
        last: Any = getattr(self, "mesg", None)
        if last and last.should_close():
            raise StopIteration
        if not self.finish_body():
            raise StopIteration
        self.req_count += 1
        req.req_number = self.req_count
        self.mesg = req
        return req

    next = __next__

    def prepare(self, head: Head, data: bytes | bytearray) -> None:
        """Serve head.req next: data is the whole request (its head and body) and whatever
        followed it."""
        req = head.req
        unreader = self.unreader
        if len(data) > head.size:
            unreader.unread(bytes(data[head.size :]))
        # Its body is read from the connection's buffer, no longer from the loop's copy.
        req.unreader = unreader
        req.body.reader.unreader = unreader
        self.prepared = req


class Connection(TConn):
    """gunicorn's connection, its parser reading through a Source from the start."""

    def __init__(self, cfg: Any, sock: socket.socket, client: Any, server: Any) -> None:
        super().__init__(cfg, sock, client, server)
        self.source = Source(sock)
        self.parser = Parser(cfg, self.source, client)
        # The loop has read the request: gunicorn's handle() must not wait for it again.
        self.data_ready = True
        # A plain request to serve the short way, its body, and what followed it.
        self.lean: lean.Request | None = None
        self.body = b""
        self.rest = b""


@dataclass
class Waiting:
    """A connection whose next request the event loop is reading."""

    conn: Connection
    deadline: float
    since: float
    idle: bool  # kept alive, no byte of the next request yet: the deadline is --keep-alive's
    buf: bytearray = field(default_factory=bytearray)
    head: Head | None = None
    phase: str = HTTP
    events: int = _READ


class Worker(ThreadWorker):
    """gthread worker whose whole pool of -t threads exists before the first request, and
    whose event loop reads each request before a thread serves it (see the module
    docstring)."""

    alive: bool  # gunicorn's: False once the worker is stopping

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lingering: dict[socket.socket, _Linger] = {}
        self.waiting: dict[socket.socket, Waiting] = {}
        settings = getattr(self.app, "settings", None) or Settings()
        self.request_timeout = float(settings.request_timeout)
        self.max_body_size = settings.max_body_size
        cfg = self.cfg
        self.settled = Settled(cfg)
        # Past this many bytes without a complete head, a request can only be refused.
        fields = cfg.limit_request_fields * (cfg.limit_request_field_size + 2)
        self.head_max = cfg.limit_request_line + 4 + fields + 4
        self.line_max = max(cfg.limit_request_line, cfg.limit_request_field_size) + 2
        self.next_sweep = 0.0
        self.stop_deadline: float | None = None
        self.accept_paused_until = 0.0
        # Connections idle between two requests, the one idle longest first.
        self.idle: dict[socket.socket, Waiting] = {}
        # The certificate loaded by the master (None: TLS is off), and the connections whose
        # first bytes began like TLS and that are looked at again at the next sweep.
        self.tls: tls.Server | None = getattr(self.app, "tls", None)
        self.sniffing: dict[socket.socket, Waiting] = {}
        # The loop's state (the poller's registrations, the connection dicts, nr_conns) is
        # changed by the loop and, when a thread hands a kept-alive connection back, by that
        # thread: under this lock, which the loop takes for each event it handles and for its
        # sweeps.  A thread may register a socket while the loop waits in select(): epoll
        # allows it, and the selector's own table changes by single dict operations.
        self.lock = threading.RLock()
        # Plain requests take the short way (lean.py) where nothing an operator sees changes.
        self.lean: lean.Env | None = None
        self.lean_limits = lean.Limits(cfg)
        if (
            not self.log.access_log_enabled
            and not os.environ.get("SCRIPT_NAME")
            and cfg.proxy_protocol == "off"
            and getattr(cfg, "http2_cleartext", "off") == "off"
            and not cfg.is_ssl
        ):
            base = base_environ(cfg)
            base["wsgi.multithread"] = True
            self.lean = lean.Env(base)

    # gunicorn's loop accepts while nr_conns < worker_connections: idle connections do not
    # count, as one of them is closed to make room (accept).
    @property
    def worker_connections(self) -> int:
        return self.max_connections + len(self.idle)

    @worker_connections.setter
    def worker_connections(self, value: int) -> None:
        self.max_connections = value

    @classmethod
    def check_config(cls, cfg: Any, log: Any) -> None:
        """gunicorn warns when worker_connections <= threads that no connection can be kept
        alive: here idle connections make room for new ones, so they always can."""

    def get_thread_pool(self) -> Any:
        pool = super().get_thread_pool()
        barrier = threading.Barrier(self.cfg.threads)
        started = [pool.submit(barrier.wait, THREAD_START_TIMEOUT) for _ in range(self.cfg.threads)]
        for future in started:
            future.result()
        return pool

    def init_signals(self) -> None:
        super().init_signals()
        # A terminal's Ctrl-C reaches the workers too: finish requests in flight.
        signal.signal(signal.SIGINT, self.handle_exit)
        # A stop sent while this worker booted is delivered now (see STOP_SIGNALS).
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    def handle_request(self, req: Any, conn: Any) -> Any:
        if req.version not in HTTP_VERSIONS:
            raise InvalidHTTPVersion(req.version)
        # The event loop answered 100-continue when it wanted the body; never again here.
        req._expected_100_continue = False
        if isinstance(conn.sock, ssl.SSLSocket):
            req.scheme = "https"
        return super().handle_request(req, conn)

    def _keepalive_after(self, conn: Any, keepalive: bool) -> bool:
        """Keep the connection if the body the application left unread has all arrived (it
        is skipped); the thread never waits for the rest of it."""
        if not keepalive:
            return False
        conn.source.deadline = 0.0
        return bool(conn.parser.finish_body(max_bytes=LINGER_BYTES))

    # Reading requests in the event loop.

    def accept(self, listener: socket.socket) -> None:
        try:
            sock, client = listener.accept()
        except (BlockingIOError, InterruptedError, ConnectionAbortedError):
            return
        except OSError as exc:
            if exc.errno not in _ACCEPT_EXHAUSTED:
                raise
            self.log.warning(
                "Unable to accept a connection (%s): not accepting for %.1f s",
                exc.strerror,
                ACCEPT_PAUSE,
            )
            self.accept_paused_until = time.monotonic() + ACCEPT_PAUSE
            self.set_accept_enabled(False)
            return
        if self.nr_conns >= self.max_connections and self.idle:
            self._close(next(iter(self.idle.values())))  # the one idle longest
        self.nr_conns += 1
        conn = Connection(self.cfg, sock, client, listener.getsockname())
        phase = HTTP
        if self.tls is not None:
            phase = HANDSHAKE if listener.fileno() in self.tls.required else SNIFF
        self._wait_for_request(conn, b"", idle=False, phase=phase)

    def set_accept_enabled(self, enabled: bool) -> None:
        if enabled and time.monotonic() < self.accept_paused_until:
            return
        with self.lock:
            super().set_accept_enabled(enabled)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        try:
            events = self.poller.select(timeout)
        except OSError as exc:
            if exc.errno != errno.EINTR:
                raise
            return
        for key, _ in events:  # a thread handing a connection back waits for one event
            with self.lock:
                key.data(key.fileobj)

    # The kept-alive connection, after an answer: its thread serves the next request if it has
    # wholly arrived already, and otherwise gives the connection back to the loop itself (the
    # loop then reads its next request as any other), without a round trip through the loop
    # first (gunicorn's futures callback, a pipe write and a wake-up per request).

    def enqueue_req(self, conn: Any) -> None:
        fs = self.tpool.submit(self.handle, conn)
        fs.add_done_callback(functools.partial(self._answered, conn))

    def _answered(self, conn: Any, fs: Any) -> None:
        if not fs.cancelled() and fs.exception() is None and fs.result() == HANDED_BACK:
            return
        self.method_queue.defer(self.finish_request, conn, fs)

    def handle(self, conn: Any) -> Any:
        keep = self._serve(conn)
        served = 1
        data = b""
        while keep is True and self.alive:
            data = self._take_rest(conn)
            if not isinstance(conn.sock, ssl.SSLSocket):
                # Nothing yet, an error or the client's close: the loop finds it and closes.
                with contextlib.suppress(OSError):
                    data += conn.sock.recv(RECV_SIZE, socket.MSG_DONTWAIT)
            if not data or served >= IN_A_ROW:
                break
            try:
                head = self._parse(data, conn.client)
            except Exception:
                break  # malformed: the loop hands it over as usual
            if head is None or head.expect_continue or not self._complete(head, data):
                break
            self._prepare(conn, head, data)
            data = b""
            conn.source.deadline = time.monotonic() + self.request_timeout
            keep = self._serve(conn)
            served += 1
        if keep is not True:
            return keep
        with self.lock:
            if not self.alive:  # stopping: the loop decides (see finish_request)
                conn.parser.unreader.unread(data)
                return True
            self._wait_for_request(conn, data, idle=True)
            if not self._accepting:  # an idle connection makes room: the loop may accept
                self.method_queue.defer(_nothing)
        return HANDED_BACK

    # A request: parsed the short way if it is plain, else by gunicorn's parser; served the
    # way it was parsed.

    def _parse(self, data: bytes, peer: Any) -> Head | None:
        if self.lean is not None:
            found = lean.parse(self.lean_limits, data)
            if found is not None:
                size, req = found
                return Head(size, req.length, False, lean=req)
        return parse_head(self.settled, data, peer)

    @staticmethod
    def _prepare(conn: Connection, head: Head, data: bytes | bytearray) -> None:
        """Serve head's request next: data holds all of it and whatever followed it."""
        if head.lean is None:
            conn.parser.prepare(head, data)
            return
        end = head.size + head.lean.length
        conn.lean = head.lean
        conn.body = bytes(data[head.size : end])
        conn.rest = bytes(data[end:])

    @staticmethod
    def _take_rest(conn: Connection) -> bytes:
        """What arrived after the requests served so far."""
        rest, conn.rest = conn.rest, b""
        buffered: bytes = conn.parser.unreader.take_buffered()
        return rest + buffered if rest else buffered

    def _serve(self, conn: Connection) -> Any:
        req = conn.lean
        if req is None:
            return super().handle(conn)
        conn.lean = None
        return self._serve_lean(conn, req)

    def _serve_lean(self, conn: Connection, req: lean.Request) -> bool:
        """Answer a plain request (what gunicorn's handle and handle_request do for it)."""
        assert self.lean is not None
        environ: dict[str, Any] = {}
        resp: lean.Response | None = None
        sock = conn.sock
        try:
            sock.setblocking(True)
            self.settled.pre_request(self, req)
            scheme = "https" if isinstance(sock, ssl.SSLSocket) else "http"
            resp = lean.Response(req, sock, self._must_close())
            environ = lean.environ(self.lean, resp, conn.body, conn.client, conn.server, scheme)
            conn.body = b""
            respiter = self.wsgi(environ, resp.start_response)
            try:
                for item in respiter:
                    resp.write(item)
                resp.close()
            finally:
                if hasattr(respiter, "close"):
                    respiter.close()
            return not resp.should_close()
        except ssl.SSLError as exc:
            if exc.args[0] == ssl.SSL_ERROR_EOF:
                sock.close()
            else:
                self.handle_error(req, sock, conn.client, exc)
        except OSError as exc:
            if exc.errno not in (errno.EPIPE, errno.ECONNRESET, errno.ENOTCONN):
                self.log.exception("Socket error processing request.")
        except Exception as exc:
            if resp is not None and resp.headers_sent:
                self.log.exception("Error handling request")
                util.close_graceful(sock)
            else:
                self.handle_error(req, sock, conn.client, exc)
        finally:
            try:
                self.settled.post_request(self, req, environ, resp)
            except Exception:
                self.log.exception("Exception in post_request hook")
        return False

    def _must_close(self) -> bool:
        """Whether this answer ends its connection whatever the request says (gunicorn's
        handle_request: the worker's last request, stopping, or no keep-alive)."""
        self.nr += 1
        if self.nr >= self.max_requests:
            if self.alive:
                self.log.info("Autorestarting worker after current request.")
                self.alive = False
            return True
        return not self.alive or not self.settled.keepalive

    def _wait_for_request(
        self, conn: Connection, data: bytes, *, idle: bool, phase: str = HTTP
    ) -> None:
        """Read conn's next request in the loop (data: what has arrived of it already)."""
        now = time.monotonic()
        if idle:
            timeout = float(self.cfg.keepalive)
            if not self.alive:
                timeout = min(timeout, STOP_KEEPALIVE_LINGER)
        else:
            timeout = self.request_timeout
        waiting = Waiting(conn, now + timeout, now, idle, phase=phase)
        try:
            conn.sock.setblocking(False)
            if phase == HANDSHAKE:
                self._wrap(conn)
            self.poller.register(conn.sock, _READ, functools.partial(self._readable, waiting))
        except (OSError, ValueError, KeyError):
            self.nr_conns -= 1
            conn.sock.close()
            return
        self.waiting[conn.sock] = waiting
        if idle and not data:
            self.idle[conn.sock] = waiting
        if phase == HANDSHAKE:
            self._handshake(waiting)
        elif data:
            self._received(waiting, data)
        elif _pending(conn.sock):
            self._readable(waiting, None)

    def _readable(self, waiting: Waiting, _fileobj: Any) -> None:
        if waiting.phase != HTTP:
            if waiting.phase == SNIFF:
                self._sniff(waiting)
            else:
                self._handshake(waiting)
            return
        head = waiting.head
        size = RECV_SIZE
        if head is not None and head.length is not None:
            size = max(size, min(RECV_MAX, head.size + head.length - len(waiting.buf)))
        sock = waiting.conn.sock
        if isinstance(sock, ssl.SSLSocket):
            size = RECV_SIZE  # a read returns one TLS record (16 KiB) at most: no larger buffer
        try:
            data = sock.recv(size)
            while data and _pending(sock) and len(data) < size:
                data += sock.recv(size - len(data))
        except (BlockingIOError, InterruptedError, ssl.SSLWantReadError):
            if waiting.events != _READ:  # what TLS had to send went: wait for input again
                self._watch(waiting, _READ)
            return
        except ssl.SSLWantWriteError:  # the TLS layer has to answer first (a key update)
            self._watch(waiting, _BOTH)
            return
        except OSError as exc:
            if isinstance(exc, ssl.SSLError) and not isinstance(exc, _TLS_GONE):
                self._tls_log(waiting, "TLS error", exc)
            data = b""
            waiting.buf.clear()  # reset: nothing to answer
        if waiting.events != _READ:
            self._watch(waiting, _READ)
        if data:
            self._received(waiting, data)
        elif waiting.buf:
            self._hand_over(waiting)  # ended mid-request: the thread answers what there is
        else:
            self._close(waiting)

    # TLS: told by the first bytes (SNIFF), then the handshake (HANDSHAKE), in the loop.

    def _sniff(self, waiting: Waiting) -> None:
        """Whether the connection starts a TLS handshake, from its first bytes (peeked)."""
        sock = waiting.conn.sock
        try:
            first = sock.recv(tls.FINGERPRINT_SIZE, socket.MSG_PEEK)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            first = b""
        if not first:
            self._close(waiting)
            return
        is_tls = tls.fingerprint(first)
        if is_tls is None:  # the rest of the header is on its way: poll() would say so at once
            with contextlib.suppress(OSError, ValueError, KeyError):
                self.poller.unregister(sock)
            self.sniffing[sock] = waiting
            return
        self.sniffing.pop(sock, None)
        if not is_tls:
            waiting.phase = HTTP
            self._readable(waiting, None)
            return
        self._release(waiting)
        try:
            self._wrap(waiting.conn)
        except (OSError, ValueError) as exc:
            self._tls_failed(waiting, exc)
            return
        waiting.phase = HANDSHAKE
        self.waiting[waiting.conn.sock] = waiting
        self._watch(waiting, _READ)
        self._handshake(waiting)

    def _wrap(self, conn: Connection) -> None:
        assert self.tls is not None
        sock = self.tls.context.wrap_socket(
            conn.sock, server_side=True, do_handshake_on_connect=False
        )
        conn.sock = conn.source.sock = sock

    def _handshake(self, waiting: Waiting) -> None:
        sock = waiting.conn.sock
        assert isinstance(sock, ssl.SSLSocket)
        try:
            sock.do_handshake()
        except ssl.SSLWantReadError:
            self._watch(waiting, _READ)
            return
        except ssl.SSLWantWriteError:
            self._watch(waiting, _BOTH)
            return
        except (OSError, ValueError) as exc:
            self._tls_failed(waiting, exc)
            return
        waiting.phase = HTTP
        self._watch(waiting, _READ)
        if sock.pending():
            self._readable(waiting, None)

    def _watch(self, waiting: Waiting, events: int) -> None:
        """Have the loop call _readable when the connection is ready for events."""
        sock = waiting.conn.sock
        callback = functools.partial(self._readable, waiting)
        waiting.events = events
        try:
            self.poller.modify(sock, events, callback)
        except KeyError:
            self.poller.register(sock, events, callback)

    def _tls_failed(self, waiting: Waiting, exc: BaseException) -> None:
        """A handshake that failed: one line in the log, closed without an answer."""
        self._tls_log(waiting, "TLS handshake failed", exc)
        self._close(waiting)

    def _tls_log(self, waiting: Waiting, what: str, exc: BaseException) -> None:
        client = waiting.conn.client
        ip = client[0] if isinstance(client, tuple) and client else "unix"
        level = self.log.debug if isinstance(exc, _TLS_GONE) else self.log.warning
        level("%s with ip=%s: %s", what, ip, _tls_reason(exc))

    def _received(self, waiting: Waiting, data: bytes) -> None:
        if waiting.idle:  # the first byte of a request on a kept-alive connection
            waiting.idle = False
            self.idle.pop(waiting.conn.sock, None)
            waiting.since = time.monotonic()
            waiting.deadline = waiting.since + self.request_timeout
        waiting.buf += data
        if waiting.head is None and not self._read_head(waiting, data):
            return
        head = waiting.head
        # The head is complete and its body awaited: has all of it arrived?
        needed = head.size + head.length if head is not None and head.length is not None else 0
        if len(waiting.buf) >= needed:
            self._hand_over(waiting)

    def _read_head(self, waiting: Waiting, data: bytes) -> bool:
        """Parse the head if it may be complete; True if the body is to be awaited."""
        buf = waiting.buf
        line_too_long = len(buf) - (buf.rfind(b"\n") + 1) > self.line_max  # unfinished line
        too_long = line_too_long or len(buf) > self.head_max
        if not too_long and not self._head_may_be_decided(buf, data):
            return False
        try:
            head = self._parse(bytes(buf), waiting.conn.client)
        except Exception:
            self._hand_over(waiting)  # malformed: the thread answers it as gunicorn does
            return False
        if head is None:
            if too_long:  # gunicorn would refuse it once complete (431): refuse it now
                why = "limit request headers fields size" if line_too_long else "max buffer headers"
                self._refuse(waiting, "431 Request Header Fields Too Large", why)
            return False
        waiting.head = head
        if head.length is None or head.length > self.max_body_size:
            self._hand_over(waiting)  # refused before the body is read (411, 413)
            return False
        waiting.deadline += head.length / BODY_RATE
        if head.expect_continue and not self._send(waiting.conn.sock, CONTINUE):
            self._close(waiting)
            return False
        return True

    @staticmethod
    def _head_may_be_decided(buf: bytearray, data: bytes) -> bool:
        """Whether gunicorn's parser may now find the head complete or malformed, data having
        just been added to buf: it decides at the end of the request line, at the end of the
        head, at a bare LF (or past a size limit: see _read_head)."""
        if b"\n" not in data:
            return False
        new = len(buf) - len(data)
        return (
            buf.find(b"\n") >= new  # the first line's end
            or buf.find(b"\r\n\r\n", max(0, new - 3)) >= 0
            or data.count(b"\n") != data.count(b"\r\n")
        )

    def _hand_over(self, waiting: Waiting) -> None:
        self._release(waiting)
        conn = waiting.conn
        if self._complete(waiting.head, waiting.buf):
            assert waiting.head is not None
            self._prepare(conn, waiting.head, waiting.buf)
        else:  # malformed, refused or cut short: the thread parses it again and answers
            conn.parser.unreader.unread(bytes(waiting.buf))
        conn.source.deadline = waiting.deadline
        self.enqueue_req(conn)

    def _complete(self, head: Head | None, data: bytes | bytearray) -> bool:
        """Whether data holds the whole request of head (its body of Content-Length)."""
        return (
            head is not None
            and (head.req is not None or head.lean is not None)
            and head.length is not None
            and head.length <= self.max_body_size
            and len(data) >= head.size + head.length
        )

    def _release(self, waiting: Waiting) -> None:
        self.waiting.pop(waiting.conn.sock, None)
        self.idle.pop(waiting.conn.sock, None)
        self.sniffing.pop(waiting.conn.sock, None)
        with contextlib.suppress(OSError, ValueError, KeyError):
            self.poller.unregister(waiting.conn.sock)

    def _close(self, waiting: Waiting) -> None:
        """Close without a word (idle, or gone)."""
        self._release(waiting)
        self.nr_conns -= 1
        waiting.conn.sock.close()

    @staticmethod
    def _send(sock: socket.socket, data: bytes) -> bool:
        """Send a short answer without waiting; False if it did not all go."""
        try:
            return sock.send(data) == len(data)
        except OSError:
            return False

    def _refuse(self, waiting: Waiting, status: str, why: str) -> None:
        """Answer status, close, and log one line."""
        self._release(waiting)
        client = waiting.conn.client
        ip = client[0] if isinstance(client, tuple) and client else "unix"
        self.log.warning(
            "Invalid request from ip=%s: %s after %.1f s (%d bytes received): %s",
            ip,
            why,
            time.monotonic() - waiting.since,
            len(waiting.buf),
            status,
        )
        answer = f"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        self._send(waiting.conn.sock, answer.encode("ascii"))
        self.nr_conns -= 1
        self._linger(waiting.conn.sock)

    def _expire(self, now: float) -> None:
        """Close the connections past their deadline."""
        if not self.alive and self.stop_deadline is None:
            # Stopping: idle connections are kept briefly, as gunicorn keeps kept-alive ones.
            self.stop_deadline = now + STOP_KEEPALIVE_LINGER
            for waiting in self.waiting.values():
                if not waiting.buf:
                    waiting.deadline = min(waiting.deadline, self.stop_deadline)
        if now < self.next_sweep:
            return
        self.next_sweep = now + SWEEP_INTERVAL
        for waiting in list(self.sniffing.values()):  # look at their first bytes again
            self._watch(waiting, _READ)
        for waiting in [w for w in self.waiting.values() if w.deadline <= now]:
            if waiting.phase == HANDSHAKE:
                self._tls_failed(waiting, TimeoutError("not complete in time"))
            elif not waiting.buf:  # idle
                self._close(waiting)
            elif waiting.head is None:
                self._refuse(waiting, "408 Request Timeout", "request head incomplete")
            else:
                self._refuse(waiting, "408 Request Timeout", "request body incomplete")

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """gunicorn logs and answers a malformed request quoting it, a header line whole
        (a token's value too): quote it without credentials, and not at any length.
        A TLS error is one line in the log, and nothing can be answered."""
        if isinstance(exc, ssl.SSLError):
            ip = addr[0] if isinstance(addr, tuple) and addr else "unix"
            self.log.warning("TLS error with ip=%s: %s", ip, _tls_reason(exc))
            return
        for name in _QUOTED:
            value = getattr(exc, name, None)
            if isinstance(value, str):
                setattr(exc, name, logs.redact(value))
            elif isinstance(value, bytes):
                setattr(exc, name, logs.redact(value.decode("latin-1")).encode("latin-1"))
        super().handle_error(req, client, addr, exc)

    # gunicorn closes a connection in its event loop thread, lingering there (blocking) up to
    # two seconds for the client to close: a client that sent a malformed request and then
    # neither read nor closed stalled every connection of the worker.  Here the lingering is
    # one more event of the loop.

    def finish_request(self, conn: Any, fs: Any) -> None:
        try:
            keep = bool(fs.result()) if not fs.cancelled() else False
        except Exception:
            keep = False
        if keep:  # kept alive: the loop reads the next request (it may have begun)
            self._wait_for_request(conn, self._take_rest(conn), idle=True)
            return
        self.nr_conns -= 1
        self._linger(conn.sock)

    def _linger(self, sock: socket.socket) -> None:
        if isinstance(sock, ssl.SSLSocket):  # TLS's close_notify first, without waiting
            with contextlib.suppress(OSError, ValueError):
                sock.setblocking(False)
                sock.unwrap()
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
            self.poller.register(sock, selectors.EVENT_READ, functools.partial(self._drain, sock))
        except (OSError, ValueError, KeyError):
            sock.close()
            return
        # Insertion order is deadline order: every socket lingers as long.
        self.lingering[sock] = _Linger(time.monotonic() + LINGER_SECONDS)

    def _drain(self, sock: socket.socket, _fileobj: Any) -> None:
        try:
            data = sock.recv(LINGER_BYTES)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        linger = self.lingering.get(sock)
        if linger is not None and data:
            linger.drained += len(data)
            if linger.drained < LINGER_BYTES:
                return
        self._unlinger(sock)

    def _unlinger(self, sock: socket.socket) -> None:
        self.lingering.pop(sock, None)
        with contextlib.suppress(OSError, ValueError, KeyError):
            self.poller.unregister(sock)
        sock.close()

    def murder_pending(self) -> None:
        with self.lock:
            self._murder_pending()

    def _murder_pending(self) -> None:
        super().murder_pending()
        now = time.monotonic()
        self._expire(now)
        for sock, linger in list(self.lingering.items()):
            if linger.deadline > now:
                break
            self._unlinger(sock)
