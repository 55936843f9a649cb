"""Kept-alive connections handed back by the thread that answered (server/worker.py): the
thread serves the next request when it has wholly arrived already, and otherwise gives the
connection back to the event loop, which reads the next request as any other.

Requests on one connection are answered in order and whole, whether they come one at a time,
in a pipelined burst longer than a thread serves in a row (IN_A_ROW), or while slow clients
hold more connections than the daemon has threads; a client that closes (or resets) between
two requests costs nothing.  No sleeps: every step waits for an answer or a close.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator

from slurmrestd.server.worker import IN_A_ROW
from tests.reliability.conftest import API, Served
from tests.reliability.test_slow_clients import partial_body, partial_head, stalled


def _get(served: Served, path: str, extra: str = "") -> bytes:
    return (
        f"GET {API}/{path} HTTP/1.1\r\nHost: x\r\n"
        f"X-SLURM-USER-NAME: {served.user}\r\nX-SLURM-USER-TOKEN: {served.token}\r\n{extra}\r\n"
    ).encode()


def answers(sock: socket.socket) -> Iterator[tuple[int, bytes]]:
    """The answers on a connection, one at a time (status, body), until it is closed."""
    stream = sock.makefile("rb")
    while True:
        line = stream.readline()
        if not line:
            return
        status = int(line.split()[1])
        length = 0
        while (header := stream.readline()) not in (b"\r\n", b""):
            name, _, value = header.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        yield status, stream.read(length)


def _expected(path: str) -> bytes:
    """What tells a /ping answer from a /diag one."""
    return b'"statistics"' if path == "diag" else b'"pings"'


def test_sequential_requests_while_slow_clients_hold_connections(served: Served) -> None:
    """200 requests one after the other on one connection, alternating /ping and /diag, each
    answered with its own document, while twice as many slow clients as the daemon's threads
    (-t 4) hold connections with a partial head or body."""
    with (
        stalled(served.port, partial_head(served), 8),
        stalled(served.port, partial_body(served), 8),
        socket.create_connection(("127.0.0.1", served.port), timeout=20) as sock,
    ):
        received = answers(sock)
        for i in range(200):
            path = "diag" if i % 2 else "ping"
            sock.sendall(_get(served, path))
            status, body = next(received)
            assert status == 200, (i, body[:300])
            assert _expected(path) in body, (i, body[:300])
    served.assert_alive()


def test_pipelined_burst_answered_in_order(served: Served) -> None:
    """Three times IN_A_ROW requests sent in one write: all answered, in order, then the
    connection closed after the last one (Connection: close)."""
    count = 3 * IN_A_ROW
    paths = ["diag" if i % 3 == 1 else "ping" for i in range(count)]
    burst = b"".join(_get(served, path) for path in paths[:-1])
    burst += _get(served, paths[-1], "Connection: close\r\n")
    with socket.create_connection(("127.0.0.1", served.port), timeout=20) as sock:
        sock.sendall(burst)
        got = list(answers(sock))
    assert [status for status, _ in got] == [200] * count
    for i, (path, (_, body)) in enumerate(zip(paths, got, strict=True)):
        assert _expected(path) in body, (i, body[:300])


def test_kept_alive_connection_busy_until_the_whole_pipelined_request(served: Served) -> None:
    """A request answered, then the next one's head in two writes: the second write waits in
    the loop, not in a thread, and the request is answered once it is complete."""
    with socket.create_connection(("127.0.0.1", served.port), timeout=20) as sock:
        received = answers(sock)
        nxt = _get(served, "diag")
        sock.sendall(_get(served, "ping") + nxt[:30])
        assert next(received)[0] == 200
        # Meanwhile the daemon serves others with all its threads free.
        with stalled(served.port, partial_head(served), 8):
            served.assert_alive()
        sock.sendall(nxt[30:])
        status, body = next(received)
        assert status == 200 and _expected("diag") in body, body[:300]


def test_clients_closing_between_requests(served: Served) -> None:
    """Clients that end their connection right after an answer (half-close: the daemon closes
    its side too), after part of the next request (answered 400 or closed), or reset it: the
    daemon keeps serving."""
    reset = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends a reset
    for i in range(60):
        with socket.create_connection(("127.0.0.1", served.port), timeout=20) as sock:
            received = answers(sock)
            sock.sendall(_get(served, "ping"))
            assert next(received)[0] == 200
            if i % 3 == 2:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, reset)
                continue
            if i % 3 == 1:
                sock.sendall(_get(served, "ping")[:25])
            sock.shutdown(socket.SHUT_WR)
            rest = list(received)  # until the daemon closes its side
            assert [status for status, _ in rest] in ([], [400]), rest
    served.assert_alive()
