"""The listen-mode process tree: a gunicorn master and its gthread workers.

design: the master is a gunicorn Arbiter handed listeners that were bound
before the lockdown (``LISTENERS`` is set, so gunicorn binds nothing itself).
SIGINT is handled like SIGTERM: stop accepting, let requests in flight finish
within the graceful timeout, exit 0, remove the UNIX socket files we created.
Workers are gthread workers whose pool of -t threads is started up front.
gunicorn's control socket is disabled: it would be one more way in.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import selectors
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gunicorn import glogging
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.http.errors import InvalidHTTPVersion
from gunicorn.workers.gthread import ThreadWorker

from slurmrestd.server import listeners as lst
from slurmrestd.server import logs, metrics
from slurmrestd.server.settings import Settings

# UNIX sockets: owner and group of the daemon may connect (srw-rw----).
UNIX_SOCKET_UMASK = 0o117
THREAD_START_TIMEOUT = 30.0
# The HTTP versions served; gunicorn takes any 1.x and would answer "HTTP/1.2 200 OK".
HTTP_VERSIONS = ((1, 0), (1, 1))
# After its last answer, how long a closed connection's unread input is drained (so that the
# client gets the answer rather than a reset), and how much of it at most.
LINGER_SECONDS = 2.0
LINGER_BYTES = 64 * 1024
# Attributes of gunicorn's parse errors that quote the request (the text of their message).
_QUOTED = ("hdr", "req", "version", "method", "expect", "data", "term")

# Signals that stop a worker.  Between its fork and its own handlers a worker would run the
# master's handlers, which only queue the signal for the master's loop: a worker still
# booting (libslurm's init) would miss its stop and be killed after the graceful timeout.
# They are blocked across the fork and unblocked once the worker's handlers are in place.
STOP_SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGQUIT})

# Hooks run in each worker after fork (e.g. to initialise libslurm once per process).
post_fork_hooks: list[Callable[[], None]] = []


@dataclass
class _Linger:
    deadline: float
    drained: int = 0


class Worker(ThreadWorker):
    """gthread worker whose whole pool of -t threads exists before the first request.

    A kept-alive connection goes back to the poller from the thread that answered on it
    (gunicorn hands it to the event loop thread through a pipe first: one more thread
    wake-up per request).  The poller, the connection lists and the counts are shared with
    the event loop thread under one lock.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lingering: dict[socket.socket, _Linger] = {}
        # Re-entrant: a future already done runs its callback in the thread that adds it.
        self.poll_lock = threading.RLock()

    def enqueue_req(self, conn: Any) -> None:
        fs = self.tpool.submit(self.handle, conn)
        fs.add_done_callback(functools.partial(self._answered, conn))

    def _answered(self, conn: Any, fs: Any) -> None:
        """In the thread that answered: back to the poller when kept alive; anything else
        (closing, deferred, stopping, input already read ahead) to the event loop thread."""
        try:
            keep = not fs.cancelled() and fs.result() is True
        except Exception:
            keep = False
        if keep and self.alive and not conn.parser.unreader.buf.getvalue():
            with self.poll_lock:
                try:
                    conn.sock.setblocking(False)
                    conn.set_timeout()
                    self.keepalived_conns.append(conn)
                    self.poller.register(
                        conn.sock,
                        selectors.EVENT_READ,
                        functools.partial(self.on_client_socket_readable, conn),
                    )
                    return
                except (OSError, ValueError, KeyError):
                    with contextlib.suppress(ValueError):
                        self.keepalived_conns.remove(conn)
                    self.nr_conns -= 1
                    conn.close()
                    return
        self.method_queue.defer(self.finish_request, conn, fs)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        try:
            events = self.poller.select(timeout)
        except OSError as e:
            if e.errno != errno.EINTR:
                raise
            return
        with self.poll_lock:
            for key, _ in events:
                key.data(key.fileobj)

    def murder_keepalived(self, force: bool = False) -> None:
        with self.poll_lock:
            super().murder_keepalived(force)

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
        return super().handle_request(req, conn)

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """gunicorn logs and answers a malformed request quoting it, a header line whole
        (a token's value too): quote it without credentials, and not at any length."""
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
        if keep:  # kept alive, or deferred until its first bytes arrive
            super().finish_request(conn, fs)
            return
        self.nr_conns -= 1
        self._linger(conn.sock)

    def _linger(self, sock: socket.socket) -> None:
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
        with self.poll_lock:
            self._murder_pending()

    def _murder_pending(self) -> None:
        super().murder_pending()
        now = time.monotonic()
        for sock, linger in list(self.lingering.items()):
            if linger.deadline > now:
                break
            self._unlinger(sock)


class Logger(glogging.Logger):
    """gunicorn's messages go to our handler (stderr or syslog) via the root logger."""

    def setup(self, cfg: Any) -> None:
        self.error_log.propagate = True
        self.error_log.setLevel(logging.NOTSET)
        # --access-log: combined log format lines through the same handler.
        self.access_log.propagate = bool(cfg.accesslog)
        self.access_log.setLevel(logging.INFO)


class Application(BaseApplication):
    def __init__(self, wsgi: Callable[..., Any], settings: Settings, uid: int, gid: int) -> None:
        self.application = wsgi
        self.settings = settings
        self.uid = uid
        self.gid = gid
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        values: dict[str, Any] = {
            "bind": [],
            "workers": s.workers,
            "threads": s.threads,
            "worker_class": f"{Worker.__module__}.{Worker.__qualname__}",
            "keepalive": s.keep_alive,
            "graceful_timeout": s.graceful_timeout,
            "logger_class": f"{Logger.__module__}.{Logger.__qualname__}",
            "proc_name": "slurmrestd",
            "umask": oct(UNIX_SOCKET_UMASK),
            "user": self.uid,
            "group": self.gid,
            "initgroups": False,
            "control_socket_disable": True,
            "post_fork": _post_fork,
            "child_exit": _child_exit,
            "accesslog": "-" if s.access_log else None,
            "access_log_format": COMBINED,
        }
        for key, value in values.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application


COMBINED = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'


def _child_exit(server: Any, worker: Any) -> None:
    if os.environ.get(metrics.ENV):
        metrics.worker_exited(worker.pid)


def _post_fork(server: Any, worker: Any) -> None:
    for hook in post_fork_hooks:
        hook()


class Master(Arbiter):
    def __init__(
        self, app: Application, listeners: lst.Listeners, cleanups: list[Callable[[], None]]
    ) -> None:
        super().__init__(app)
        self.listeners = listeners
        self.LISTENERS = listeners.sockets
        self.cleanups = cleanups

    def handle_int(self) -> None:
        self.handle_term()

    def spawn_worker(self) -> int:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            pid: int = super().spawn_worker()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return pid

    def stop(self, graceful: bool = True) -> None:
        if self.LISTENERS:
            lst.close(self.listeners, self.log)
            self.LISTENERS = []
        super().stop(graceful)
        for cleanup in self.cleanups:
            cleanup()
        self.cleanups = []
