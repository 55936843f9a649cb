"""serve() hands what must be undone at exit to the master (here a fake): the --metrics
multiprocess directory is removed, also when the daemon cannot start."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from slurmrestd import server, slurm
from slurmrestd.server import app as app_mod
from slurmrestd.server import listeners as lst
from slurmrestd.server import logs, metrics
from slurmrestd.server.settings import Settings

SETTINGS = Settings(listen=("127.0.0.1:6820",), metrics="127.0.0.1:9100")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """serve() up to the master, without binding anything or touching this process's logging."""
    monkeypatch.setenv("MALLOC_ARENA_MAX", "2")
    monkeypatch.setenv(metrics.ENV, "")  # prepare() sets it: restored after the test
    monkeypatch.setattr(logs, "setup", lambda debug: logging.NullHandler())
    monkeypatch.setattr(slurm, "error_hooks", [])
    monkeypatch.setattr(metrics, "bind", lambda address: socket.socket())
    monkeypatch.setattr(app_mod, "build", lambda settings, middleware: object())
    monkeypatch.setattr(lst, "inherited_fds", lambda: [])
    level = logging.getLogger().level
    yield
    logging.getLogger().setLevel(level)


def test_the_master_gets_the_metrics_cleanup(
    offline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed: list[Callable[[], None]] = []

    def fake_serve_listen(*args: Any) -> int:
        *_, metrics_sock, cleanups = args
        metrics_sock.close()
        handed.extend(cleanups)
        return 0

    monkeypatch.setattr(server, "_serve_listen", fake_serve_listen)
    assert server.serve(SETTINGS) == 0
    directory = os.environ[metrics.ENV]
    assert directory.startswith("/tmp/slurmrestd-metrics-") and os.path.isdir(directory)
    for cleanup in handed:
        cleanup()
    assert not os.path.exists(directory)


def test_a_failed_start_removes_the_metrics_directory(
    offline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any) -> int:
        args[-2].close()
        raise lst.ListenError("Unable to bind 127.0.0.1:6820: Address already in use")

    monkeypatch.setattr(server, "_serve_listen", refuse)
    with pytest.raises(server.ServerError, match="Address already in use"):
        server.serve(SETTINGS)
    assert not os.path.exists(os.environ[metrics.ENV])
