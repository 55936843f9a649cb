"""Slow clients (slowloris): a connection holds no worker thread until its request has arrived.

The daemon runs with -t 4; dozens of connections that send part of a request head (or part of
a body) and stall must not delay anyone else, the daemon closes them at their deadline
(--request-timeout), and a thousand connections at once are all served.  Latencies are
printed (run with -s to see them), never asserted tighter than 5 s.
"""

from __future__ import annotations

import contextlib
import resource
import selectors
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Lab
from tests.reliability.conftest import API, Served, start

SLOW = 50
MANY = 1000
# A daemon whose deadlines are short, for the tests that wait for them.
REQUEST_TIMEOUT = 2
KEEP_ALIVE = 1
# A daemon that runs out of descriptors before its connection limit.
FEW_FILES = 200


def _head(served: Served, extra: str = "") -> bytes:
    return (
        f"GET {API}/ping HTTP/1.1\r\nHost: x\r\n"
        f"X-SLURM-USER-NAME: {served.user}\r\nX-SLURM-USER-TOKEN: {served.token}\r\n{extra}\r\n"
    ).encode()


def partial_head(served: Served) -> bytes:
    """A request head cut short: the empty line that ends it never comes."""
    return _head(served)[:-2] + b"X-Slow: "


def partial_body(served: Served) -> bytes:
    """A submission announcing 1000 bytes and sending 10 (which no completion could make
    valid JSON: nothing can be submitted)."""
    return (
        f"POST {API}/job/submit HTTP/1.1\r\nHost: x\r\n"
        f"X-SLURM-USER-NAME: {served.user}\r\nX-SLURM-USER-TOKEN: {served.token}\r\n"
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\nxxxxxxxxxx"
    ).encode()


def ping(served: Served) -> float:
    """Seconds a new client waits for an answered /ping (asserted: 200 within 5 s)."""
    started = time.monotonic()
    served.assert_alive()
    return time.monotonic() - started


@contextlib.contextmanager
def stalled(port: int, payload: bytes, count: int) -> Iterator[list[socket.socket]]:
    """count connections that sent payload and then nothing."""
    socks = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(payload)
            socks.append(sock)
        yield socks
    finally:
        for sock in socks:
            sock.close()


def still_open(sock: socket.socket) -> bool:
    """The daemon has neither answered nor closed this connection."""
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        sock.recv(1, socket.MSG_PEEK)  # an answer, or the end of the connection
        return False
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.settimeout(timeout)


def read_until_closed(sock: socket.socket, timeout: float) -> tuple[bytes, float]:
    """Everything the daemon sends until it closes, and the seconds that took."""
    started = time.monotonic()
    sock.settimeout(timeout)
    data = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            data += chunk
    return data, time.monotonic() - started


@pytest.fixture(scope="module")
def quick(lab: Lab) -> Iterator[Served]:
    yield from start(
        lab, "--request-timeout", str(REQUEST_TIMEOUT), "--keep-alive", str(KEEP_ALIVE)
    )


def open_files_limit(pid: int) -> int:
    """A process's soft RLIMIT_NOFILE (prlimit is refused: the daemon is not dumpable)."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            return int(line.split()[3])
    raise AssertionError(f"no open files limit for {pid}")


def _raise_our_open_files_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.skip(f"RLIMIT_NOFILE hard limit {hard} < {needed}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def _open_files_limit(soft: int, hard: int | None = None) -> Callable[[], None]:
    def limit() -> None:
        high = resource.getrlimit(resource.RLIMIT_NOFILE)[1] if hard is None else hard
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, high), high))

    return limit


@pytest.fixture(scope="module")
def low_limit(lab: Lab) -> Iterator[Served]:
    """A daemon started as systemd starts services: soft RLIMIT_NOFILE 1024, hard unchanged."""
    yield from start(lab, preexec_fn=_open_files_limit(1024))


@pytest.fixture(scope="module")
def few_files(lab: Lab) -> Iterator[Served]:
    """A daemon that may open only FEW_FILES descriptors (soft and hard limit)."""
    yield from start(lab, preexec_fn=_open_files_limit(FEW_FILES, FEW_FILES))


def test_partial_heads_do_not_stop_the_daemon(served: Served) -> None:
    """(a) slowloris: SLOW connections each send part of a head and stall; -t 4."""
    with stalled(served.port, partial_head(served), SLOW) as socks:
        time.sleep(0.5)  # every one of them has reached the daemon
        latency = ping(served)
        print(f"\nping with {SLOW} stalled partial heads: {latency * 1000:.1f} ms")
        assert all(still_open(s) for s in socks), "a stalled client was answered or closed"
        latencies = [ping(served) for _ in range(5)]
        print(f"5 more pings: max {max(latencies) * 1000:.1f} ms")


def test_partial_bodies_do_not_stop_the_daemon(served: Served) -> None:
    """(b) the same with bodies: Content-Length 1000, 10 bytes sent."""
    with stalled(served.port, partial_body(served), SLOW) as socks:
        time.sleep(0.5)
        latency = ping(served)
        print(f"\nping with {SLOW} stalled partial bodies: {latency * 1000:.1f} ms")
        assert all(still_open(s) for s in socks), "a stalled client was answered or closed"


def test_partial_bodies_expecting_100_continue(served: Served) -> None:
    """A client that waits for 100 Continue gets it without a thread, then may stall."""
    expect = b"Expect: 100-continue\r\nContent-Length"
    head = partial_body(served).replace(b"Content-Length", expect).partition(b"xxx")[0]
    with stalled(served.port, head, SLOW) as socks:
        for sock in socks:
            assert sock.recv(64) == b"HTTP/1.1 100 Continue\r\n\r\n"
            sock.sendall(b"xxxxxxxxxx")
        latency = ping(served)
        print(f"\nping with {SLOW} stalled bodies after 100 Continue: {latency * 1000:.1f} ms")


def test_stalled_heads_closed_at_the_deadline(quick: Served) -> None:
    """(c) a partial head is answered 408 and closed after --request-timeout, logged."""
    offset = quick.log_offset()
    with stalled(quick.port, partial_head(quick), 10) as socks:
        started = time.monotonic()
        for sock in socks:
            data, _ = read_until_closed(sock, timeout=REQUEST_TIMEOUT + 10)
            assert data.startswith(b"HTTP/1.1 408 "), data[:200]
        waited = time.monotonic() - started
    print(f"\npartial heads closed after {waited:.2f} s (--request-timeout {REQUEST_TIMEOUT})")
    assert REQUEST_TIMEOUT - 0.5 < waited < REQUEST_TIMEOUT + 5
    line = quick.wait_log(offset, "request head incomplete")
    assert "127.0.0.1" in line and "408" in line, line
    assert quick.token not in line
    quick.assert_alive()


def test_stalled_bodies_closed_at_the_deadline(quick: Served) -> None:
    """(c) a partial body likewise (10 of 1000 bytes: the deadline grows by 1000/64 KiB s)."""
    offset = quick.log_offset()
    with stalled(quick.port, partial_body(quick), 10) as socks:
        started = time.monotonic()
        for sock in socks:
            data, _ = read_until_closed(sock, timeout=REQUEST_TIMEOUT + 10)
            assert data.startswith(b"HTTP/1.1 408 "), data[:200]
        waited = time.monotonic() - started
    print(f"\npartial bodies closed after {waited:.2f} s")
    assert REQUEST_TIMEOUT - 0.5 < waited < REQUEST_TIMEOUT + 5
    quick.wait_log(offset, "request body incomplete")
    quick.assert_alive()


def test_silent_connections_closed(quick: Served) -> None:
    """(c) a connection that never sends a byte is closed (no answer) at --request-timeout,
    a kept-alive one after --keep-alive."""
    with stalled(quick.port, b"", 10) as socks:
        started = time.monotonic()
        for sock in socks:
            data, _ = read_until_closed(sock, timeout=REQUEST_TIMEOUT + 10)
            assert data == b""
        waited = time.monotonic() - started
    print(f"\nsilent connections closed after {waited:.2f} s")
    assert REQUEST_TIMEOUT - 0.5 < waited < REQUEST_TIMEOUT + 5

    with socket.create_connection(("127.0.0.1", quick.port), timeout=10) as sock:
        sock.sendall(_head(quick))
        data, waited = read_until_closed(sock, timeout=KEEP_ALIVE + 10)
    assert data.startswith(b"HTTP/1.1 200 "), data[:200]
    print(f"kept-alive connection closed {waited:.2f} s after its request")
    assert waited < KEEP_ALIVE + 5


def test_endless_header_line_refused(served: Served) -> None:
    """A header line past the 8190-byte limit is refused (431) without waiting for its end:
    what a connection may make the daemon buffer is bounded."""
    offset = served.log_offset()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 9000)
        data, waited = read_until_closed(sock, timeout=10)
    assert data.startswith(b"HTTP/1.1 431 "), data[:200]
    assert waited < 5
    served.wait_log(offset, "limit request headers fields size")


def test_pipelined_requests_answered_in_order(served: Served) -> None:
    """Requests sent back to back, the last one's head in two pieces: answered in order.
    The second carries a body, whose bytes must not be read as the next request: on a
    data_parser version, which reads a GET's body as its query (22.05's v0.0.38 refuses a
    body on a GET and closes the connection, as its C daemon does)."""
    first = _head(served)
    second = _head(served, "Content-Length: 5\r\n").replace(API.encode(), b"/slurm/v0.0.42")
    second += b"hello"
    last = _head(served, "Connection: close\r\n").replace(b"/ping", b"/diag")
    with socket.create_connection(("127.0.0.1", served.port), timeout=20) as sock:
        sock.sendall(first + second + last[:20])
        time.sleep(0.3)
        sock.sendall(last[20:])
        data, _ = read_until_closed(sock, timeout=20)
    answers = data.split(b"HTTP/1.1 ")[1:]
    assert [a[:3] for a in answers] == [b"200", b"200", b"200"], data[:300]
    assert b'"statistics"' in answers[2], answers[2][:300]


def test_open_files_limit_raised(low_limit: Served) -> None:
    """Started with a soft RLIMIT_NOFILE of 1024 (systemd's default), the daemon raises it
    to the hard limit: a worker holds up to 1000 connections."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    for proc in low_limit.daemon.tree():
        soft = open_files_limit(proc.pid)
        assert soft == hard or soft >= 4096, (proc.pid, soft, hard)


def _answered(data: bytes) -> bool:
    """data holds a whole response (its head and Content-Length bytes of body)."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return True


def test_thousand_concurrent_connections(low_limit: Served) -> None:
    """(d) MANY connections at once, each sending one full ping and keeping the connection
    open (kept alive) until all are answered: all answered 200 (or, past a limit, closed
    cleanly), and the worker neither crashes nor stops serving."""
    _raise_our_open_files_limit(MANY + 200)
    workers = {p.pid for p in low_limit.daemon.workers()}
    request = _head(low_limit)
    selector = selectors.DefaultSelector()
    received: dict[socket.socket, bytes] = {}
    resets = 0
    started = time.monotonic()
    try:
        for _ in range(MANY):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                sock.connect(("127.0.0.1", low_limit.port))
            received[sock] = b""
            selector.register(sock, selectors.EVENT_WRITE)
        pending = set(received)
        deadline = time.monotonic() + 180
        while pending and time.monotonic() < deadline:
            for key, events in selector.select(timeout=1):
                sock = key.fileobj  # type: ignore[assignment]
                if events & selectors.EVENT_WRITE:
                    sock.send(request)  # small: goes at once into an empty buffer
                    selector.modify(sock, selectors.EVENT_READ)
                    continue
                try:
                    chunk = sock.recv(65536)
                except BlockingIOError:
                    continue
                except ConnectionResetError:
                    resets += 1
                    chunk = b""
                received[sock] += chunk
                if not chunk or _answered(received[sock]):
                    selector.unregister(sock)  # kept open: the daemon holds it too
                    pending.discard(sock)
        elapsed = time.monotonic() - started
        statuses: dict[str, int] = {}
        for data in received.values():
            key = data[9:12].decode() if data.startswith(b"HTTP/1.1 ") else "closed"
            statuses[key] = statuses.get(key, 0) + 1
        print(f"\n{MANY} concurrent pings in {elapsed:.1f} s: {statuses}, resets: {resets}")
        assert not pending, f"{len(pending)} connections neither answered nor closed"
        assert resets == 0
        assert set(statuses) <= {"200", "closed"}, statuses
        assert statuses.get("200", 0) >= MANY // 2, statuses
        # All of them open at once in the daemon's worker, with its other descriptors.
        (worker,) = low_limit.daemon.workers()
        print(f"worker descriptors: {worker.num_fds()} (soft limit {open_files_limit(worker.pid)})")
    finally:
        selector.close()
        for sock in received:
            sock.close()
    assert {p.pid for p in low_limit.daemon.workers()} == workers, "a worker was replaced"
    print(f"ping after: {ping(low_limit) * 1000:.1f} ms")


def test_out_of_descriptors(few_files: Served) -> None:
    """More connections than the daemon has descriptors for: accept() fails with EMFILE,
    the worker stops accepting for a moment instead of dying, and serves again once the
    connections are gone."""
    workers = {p.pid for p in few_files.daemon.workers()}
    offset = few_files.log_offset()
    socks = []
    try:
        for _ in range(FEW_FILES + 100):
            sock = socket.create_connection(("127.0.0.1", few_files.port), timeout=10)
            socks.append(sock)
        few_files.wait_log(offset, "Unable to accept a connection", timeout=10)
    finally:
        for sock in socks:
            sock.close()
    time.sleep(1)
    assert {p.pid for p in few_files.daemon.workers()} == workers, "a worker was replaced"
    print(f"\nping after running out of descriptors: {ping(few_files) * 1000:.1f} ms")
