"""What server/master.py and server/worker.py override, call and read of gunicorn exists in the
installed gunicorn, with the signature we expect: an upgrade that renames a hook fails here
instead of silently no longer calling ours (pyproject.toml pins the gunicorn release these were
checked against)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from gunicorn import glogging, http
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.config import Config
from gunicorn.http.body import LengthReader
from gunicorn.http.message import Request
from gunicorn.http.parser import Parser, RequestParser
from gunicorn.http.unreader import Unreader
from gunicorn.workers import gthread

from slurmrestd.server import master
from slurmrestd.server import worker as ours
from slurmrestd.server.settings import Settings

# Our subclass, its gunicorn base, and the base's methods it overrides (gunicorn calls them).
OVERRIDES: list[tuple[type, type, set[str]]] = [
    (
        ours.Worker,
        gthread.ThreadWorker,
        {
            "__init__",
            "get_thread_pool",
            "init_signals",
            "handle_request",
            "_keepalive_after",
            "accept",
            "set_accept_enabled",
            "handle_error",
            "finish_request",
            "murder_pending",
            "handle",
            "enqueue_req",
            "wait_for_and_dispatch_events",
        },
    ),
    (master.Master, Arbiter, {"handle_int", "spawn_worker", "stop"}),
    (ours.Connection, gthread.TConn, {"__init__"}),
    (ours.Parser, RequestParser, {"next"}),
    (ours._Received, Unreader, {"chunk"}),
    (master.Logger, glogging.Logger, {"setup"}),
    (master.Application, BaseApplication, {"load_config", "load"}),
]
# Constructors we call ourselves, with our own arguments (their bases' are below).
OWN_CONSTRUCTORS = {master.Master, ours._Received, master.Application}


def _shape(func: Any) -> list[tuple[str, Any, bool]]:
    """Parameter names, kinds and whether they have a default (annotations aside)."""
    params = inspect.signature(func).parameters.values()
    return [(p.name, p.kind, p.default is not p.empty) for p in params]


def _overridden(ours: type, base: type) -> set[str]:
    return {
        name
        for name, value in vars(ours).items()
        if callable(value) and hasattr(base, name) and not name.startswith("__")
    } | ({"__init__"} if "__init__" in vars(ours) and ours not in OWN_CONSTRUCTORS else set())


@pytest.mark.parametrize(
    ("ours", "base", "hooks"), OVERRIDES, ids=lambda v: getattr(v, "__name__", "")
)
def test_every_override_is_listed_and_exists(ours: type, base: type, hooks: set[str]) -> None:
    assert _overridden(ours, base) == hooks
    missing = {name for name in hooks if not callable(getattr(base, name, None))}
    assert not missing, f"gunicorn's {base.__name__} no longer has {missing}"


@pytest.mark.parametrize(
    ("ours", "base", "name"),
    [(ours, base, name) for ours, base, hooks in OVERRIDES for name in sorted(hooks)],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_override_signature_matches(ours: type, base: type, name: str) -> None:
    assert _shape(getattr(ours, name)) == _shape(getattr(base, name))


@pytest.mark.parametrize(
    ("func", "params"),
    [
        # The constructors our own ones call through super().
        (Arbiter.__init__, ["self", "app"]),
        (Unreader.__init__, ["self"]),
        (BaseApplication.__init__, ["self", "usage", "prog"]),
        # What we call or hand over.
        (Unreader.take_buffered, ["self"]),
        (Unreader.unread, ["self", "data"]),
        (Parser.finish_body, ["self", "deadline", "max_bytes"]),
        (http.get_parser, ["cfg", "source", "source_addr", "http2_connection"]),
        (Request.__init__, ["self", "cfg", "unreader", "peer_addr", "req_number"]),
        (gthread.ThreadWorker.enqueue_req, ["self", "conn"]),
        (gthread.ThreadWorker.handle_exit, ["self", "sig", "frame"]),
        (Arbiter.handle_term, ["self"]),
        (Arbiter.spawn_worker, ["self"]),
    ],
    ids=lambda v: getattr(v, "__qualname__", ""),
)
def test_called_signature(func: Any, params: list[str]) -> None:
    assert [name for name, _, _ in _shape(func)] == params


def test_constants_and_classes() -> None:
    assert isinstance(gthread.STOP_KEEPALIVE_LINGER, int | float)
    assert inspect.isclass(gthread.TConn) and inspect.isclass(LengthReader)
    assert hasattr(Arbiter, "LISTENERS")


def test_worker_and_connection_attributes() -> None:
    """The attributes of gunicorn's worker and connection that ours read and write."""
    cfg = Config()
    worker = ours.Worker(0, 1, [], None, 30, cfg, glogging.Logger(cfg))
    try:
        for name in (
            "cfg",
            "log",
            "alive",
            "poller",
            "nr_conns",
            "app",
            "_accepting",
            "tpool",
            "method_queue",
        ):
            assert hasattr(worker, name), name
    finally:
        worker.tmp.close()
    for name in ("limit_request_fields", "limit_request_field_size", "limit_request_line"):
        assert isinstance(getattr(cfg, name), int), name


def test_every_setting_we_give_exists() -> None:
    """load_config sets these; gunicorn raises on a setting it does not know."""
    app = master.Application(lambda environ, start_response: [], Settings(), 1, 1)
    assert app.cfg.threads == Settings().threads
    assert app.cfg.settings["control_socket_disable"].get() is True
    assert app.cfg.worker_class_str == "slurmrestd.server.worker.Worker"


def test_a_malformed_request_gets_a_whole_head_on_every_python() -> None:
    """gunicorn's workers answer a malformed request through util.write_error: ours."""
    import socket

    from gunicorn import util

    assert util.write_error is ours.write_error
    a, b = socket.socketpair()
    with a, b:
        util.write_error(a, 400, "Bad Request", "Invalid HTTP Version '<x>'")
        a.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := b.recv(4096):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.split(b"\r\n") == [
        b"HTTP/1.1 400 Bad Request",
        b"Connection: close",
        b"Content-Type: text/html",
        f"Content-Length: {len(body)}".encode(),
    ]
    assert b"Invalid HTTP Version &#x27;&lt;x&gt;&#x27;" in body
