"""The listen-mode process tree: a gunicorn master and its gthread workers.

design: the master is a gunicorn Arbiter handed listeners that were bound
before the lockdown (``LISTENERS`` is set, so gunicorn binds nothing itself).
SIGINT is handled like SIGTERM: stop accepting, let requests in flight finish
within the graceful timeout, exit 0, remove the UNIX socket files we created.
Workers are gthread workers whose pool of -t threads is started up front.
gunicorn's control socket is disabled: it would be one more way in.

The workers and their request reader are server.worker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import signal
from collections.abc import Callable
from typing import Any

from gunicorn import glogging
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from slurmrestd.server import listeners as lst
from slurmrestd.server import metrics, tls
from slurmrestd.server.settings import Settings
from slurmrestd.server.worker import STOP_SIGNALS, Worker

# UNIX sockets: owner and group of the daemon may connect (srw-rw----).
UNIX_SOCKET_UMASK = 0o117
# Hooks run in each worker after fork (e.g. to initialise libslurm once per process).
post_fork_hooks: list[Callable[[], None]] = []


def raise_open_files_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit; return the soft limit now in force.

    Every connection is a descriptor and a worker holds up to 1000 of them (gunicorn's
    worker_connections); with systemd's default soft limit (1024) accept() would fail
    near that.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Logger(glogging.Logger):
    """gunicorn's messages go to our handler (stderr or syslog) via the root logger."""

    def setup(self, cfg: Any) -> None:
        self.error_log.propagate = True
        self.error_log.setLevel(logging.NOTSET)
        # --access-log: combined log format lines through the same handler.
        self.access_log.propagate = bool(cfg.accesslog)
        self.access_log.setLevel(logging.INFO)


class Application(BaseApplication):
    def __init__(
        self,
        wsgi: Callable[..., Any],
        settings: Settings,
        uid: int,
        gid: int,
        tls_server: tls.Server | None = None,
    ) -> None:
        self.application = wsgi
        self.settings = settings
        # The certificate and key loaded before the lockdown; the workers use it as it is.
        self.tls = tls_server
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
        if s.max_connections is not None:
            # Each worker its share of --max-connections (the listeners are shared: a worker
            # at its share stops accepting and the others take the new connections).
            values["worker_connections"] = max(1, -(-s.max_connections // s.workers))
        for key, value in values.items():
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
