"""Prometheus metrics on a separate listen address (--metrics), off by default.

design: workers record into prometheus-client's multiprocess files, in a
directory the master creates for the service user before the lockdown; the
master serves the aggregate from a thread on a listener it bound before the
lockdown, so the metrics port is never the API port.  Endpoint labels are
route templates, never raw paths, so a client cannot grow the label set.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

ENV = "PROMETHEUS_MULTIPROC_DIR"
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def prepare(uid: int, gid: int) -> str:
    """Before the lockdown: the multiprocess directory, owned by the service user."""
    path = tempfile.mkdtemp(prefix="slurmrestd-metrics-")
    os.chown(path, uid, gid)
    os.environ[ENV] = path
    # Import now, with the directory set (it picks the multiprocess values) and while
    # the files are surely readable; nothing is created yet (see Recorder).
    import prometheus_client.multiprocess  # noqa: F401

    return path


class Recorder:
    """The metrics a worker records, created in the worker on first use.

    Nothing may be created in the master: a multiprocess value opens a file, and
    the lockdown closes every descriptor that is not a listener, leaving a file
    object whose descriptor number the worker reuses (for its epoll, say).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._metrics: _Metrics | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._metrics is None:
            with self._lock:
                if self._metrics is None:
                    self._metrics = _Metrics()
        return getattr(self._metrics, name)


class _Metrics:
    def __init__(self) -> None:
        from prometheus_client import Counter, Gauge, Histogram

        self.requests = Counter(
            "slurmrestd_requests", "HTTP requests answered", ["endpoint", "method", "status"]
        )
        self.latency = Histogram(
            "slurmrestd_request_duration_seconds",
            "Time to answer a request",
            ["endpoint"],
            buckets=BUCKETS,
        )
        self.in_flight = Gauge(
            "slurmrestd_requests_in_flight", "Requests being answered", multiprocess_mode="livesum"
        )
        self.slurm_errors = Counter(
            "slurmrestd_slurm_errors",
            "Failed libslurm calls (slurmctld/slurmdbd RPCs)",
            ["source", "errno"],
        )


class Middleware:
    """Falcon middleware: count, time and track every request, by route template."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def process_request(self, req: Any, resp: Any) -> None:
        req.context.metrics_start = time.perf_counter()
        self.recorder.in_flight.inc()

    def process_response(self, req: Any, resp: Any, resource: Any, req_succeeded: bool) -> None:
        start = getattr(req.context, "metrics_start", None)
        if start is None:
            return
        endpoint = req.uri_template or ("unauthenticated" if resp.status[:3] == "401" else "none")
        self.recorder.in_flight.dec()
        self.recorder.latency.labels(endpoint).observe(time.perf_counter() - start)
        self.recorder.requests.labels(endpoint, req.method, resp.status[:3]).inc()


def bind(address: str) -> socket.socket:
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, int(port)))
    sock.listen(16)
    return sock


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    from prometheus_client import CollectorRegistry, generate_latest, multiprocess

    if environ.get("PATH_INFO") != "/metrics":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    body = generate_latest(registry)
    start_response(
        "200 OK",
        [("Content-Type", "text/plain; version=0.0.4"), ("Content-Length", str(len(body)))],
    )
    return [body]


def serve(sock: socket.socket) -> threading.Thread:
    """In the master, after the lockdown: answer GET /metrics on the bound socket.

    One scrape is answered here first, so that everything the thread needs is
    imported before it starts: gunicorn forks workers while the thread runs, and
    a fork while a thread holds an import lock leaves the child a held lock (a
    worker then hangs on its first import of that module).
    """
    _app({"PATH_INFO": "/metrics"}, lambda status, headers: None)
    server = _server(sock)
    thread = threading.Thread(target=server.serve_forever, name="metrics", daemon=True)
    thread.start()
    return thread


class _Server(WSGIServer):
    pass


def _server(sock: socket.socket) -> WSGIServer:
    server = _Server(sock.getsockname()[:2], _QuietHandler, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    server.server_address = sock.getsockname()[:2]
    server.server_name, server.server_port = "localhost", server.server_address[1]
    server.setup_environ()
    server.set_app(_app)
    return server


def worker_exited(pid: int) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid)


def cleanup(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
