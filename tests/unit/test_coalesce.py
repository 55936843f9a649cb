"""Coalescing: one call for requests in flight together, never a call started before them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

import pytest

from slurmrestd.openapi.common.coalesce import Coalescer


class Progress:
    """What a test waits on instead of sleeping: notified whenever the coalescer lets go of
    its lock (a request has arrived, a call began or ended) and whenever a fake call notes
    something."""

    def __init__(self) -> None:
        self._cond = threading.Condition()

    def notify(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(predicate, timeout)


class _NotifyingLock:
    def __init__(self, progress: Progress) -> None:
        self._lock = threading.Lock()
        self._progress = progress

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
        self._progress.notify()


def observe(co: Coalescer) -> Progress:
    progress = Progress()
    co._lock = _NotifyingLock(progress)  # type: ignore[assignment]
    return progress


def waiting(co: Coalescer, key: Hashable | None = None) -> int:
    """How many requests (of key, or of every key) wait for a call to end before theirs."""
    states = list(co._keys.values()) if key is None else [co._keys.get(key)]
    return sum(
        s.pending.sharers
        for s in states
        if s is not None and s.pending is not None and not s.pending.gathering
    )


def gathered(co: Coalescer, key: Hashable) -> int:
    """How many requests share a call that has not begun (it gathers)."""
    state = co._keys.get(key)
    flight = state.pending if state is not None else None
    return flight.sharers if flight is not None and flight.gathering else 0


def test_concurrent_requests_share_the_next_call() -> None:
    co = Coalescer(overlap=1)
    progress = observe(co)
    started = threading.Event()
    release = threading.Event()
    starts: list[float] = []

    def call() -> float:
        starts.append(time.monotonic())
        started.set()
        release.wait(5)
        return starts[-1]

    first = threading.Thread(target=co.run, args=("k", call))
    first.start()
    assert started.wait(5)
    arrivals: dict[int, float] = {}
    results: dict[int, float] = {}

    def late(i: int) -> None:
        arrivals[i] = time.monotonic()
        results[i] = co.run("k", call)

    late_ones = [threading.Thread(target=late, args=(i,)) for i in range(8)]
    for t in late_ones:
        t.start()
    # All eight wait for the next call before the running one ends.
    assert progress.wait_for(lambda: waiting(co, "k") == 8)
    release.set()
    first.join(5)
    for t in late_ones:
        t.join(5)
    # The 8 latecomers did not join the call running when they arrived: they shared one
    # more call, which started after every one of them had arrived.
    assert co.calls == 2
    assert len(set(results.values())) == 1
    (shared_start,) = set(results.values())
    assert all(arrivals[i] <= shared_start for i in arrivals)


def test_up_to_overlap_calls_run_at_once_then_newcomers_share_the_next() -> None:
    """Two calls may overlap: the second request does not wait for the first call; the
    third and fourth wait and share one call, which begins when either running call ends
    (here the newer one), after both of them arrived."""
    co = Coalescer(overlap=2)
    progress = observe(co)
    releases = {name: threading.Event() for name in ("a", "b")}
    began: list[str] = []
    arrivals: dict[str, float] = {}
    results: dict[str, tuple[str, float]] = {}

    def call_for(name: str) -> Callable[[], tuple[str, float]]:
        def call() -> tuple[str, float]:
            began.append(name)
            start = time.monotonic()
            progress.notify()
            if name in releases:
                releases[name].wait(5)
            return name, start

        return call

    def request(name: str) -> None:
        arrivals[name] = time.monotonic()
        results[name] = co.run("k", call_for(name))

    threads = {name: threading.Thread(target=request, args=(name,)) for name in "abcd"}
    threads["a"].start()
    assert progress.wait_for(lambda: began == ["a"])
    threads["b"].start()
    assert progress.wait_for(lambda: began == ["a", "b"])  # b did not wait for a's call
    threads["c"].start()
    threads["d"].start()
    assert progress.wait_for(lambda: waiting(co, "k") == 2)
    assert began == ["a", "b"]
    releases["b"].set()
    threads["b"].join(5)
    threads["c"].join(5)
    threads["d"].join(5)
    assert began == ["a", "b", "c"] and co.calls == 3
    assert results["c"] == results["d"] and results["c"][0] == "c"
    assert results["c"][1] >= max(arrivals["c"], arrivals["d"])
    assert threads["a"].is_alive()  # c began while a still ran
    releases["a"].set()
    threads["a"].join(5)
    assert results["a"][0] == "a" and results["b"][0] == "b"
    assert co._keys == {}


def test_errors_reach_every_waiter_and_keys_do_not_mix() -> None:
    co = Coalescer()

    def boom() -> None:
        raise ValueError("nope")

    with pytest.raises(ValueError, match="nope"):
        co.run("a", boom)
    assert co.run("b", lambda: 1) == 1 and co.run("a", lambda: 2) == 2
    assert co._keys == {}


def test_ping_and_nodes_share_calls_per_full_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    """Handlers key coalescing by the whole token: same token shares, another token of the
    same user name does not."""
    from types import SimpleNamespace

    from slurmrestd import slurm
    from slurmrestd.api.resource import Call
    from slurmrestd.openapi.slurmctld import diag, lists

    release = threading.Event()
    tokens: list[str | None] = []
    co = Coalescer(overlap=1)
    progress = observe(co)

    def fake_ping(identity: slurm.Identity) -> list[dict[str, object]]:
        tokens.append(identity.token)
        progress.notify()
        release.wait(5)
        return [{"hostname": "vm", "rc": 0, "index": 0}]

    monkeypatch.setattr(slurm, "ping", fake_ping)
    monkeypatch.setattr(lists, "COALESCER", co)
    v: Any = SimpleNamespace(name="test")

    def call(token: str) -> Call:
        return Call(slurm.Identity("alice", 1000, 1000, token), {}, {}, None)

    out: list[object] = []
    first = threading.Thread(target=lambda: out.append(diag.ping(v, call("t1"))))
    first.start()
    assert progress.wait_for(lambda: tokens == ["t1"])
    others = [
        threading.Thread(target=lambda t=t: out.append(diag.ping(v, call(t))))
        for t in ("t1", "t1", "t1", "t2")
    ]
    for t in others:
        t.start()
    # The three t1 wait for t1's next call; t2's own call has begun.
    assert progress.wait_for(lambda: waiting(co) == 3 and tokens == ["t1", "t2"])
    release.set()
    for t in [first, *others]:
        t.join(5)
    assert len(out) == 5
    # t1: the running call, then one more shared by the three that came later; t2: its own.
    assert sorted(tokens, key=str) == ["t1", "t1", "t2"]


def test_accounting_gets_share_only_identical_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """The accounting key: version, operation, path parameters, the query in its order and
    the whole credential."""
    from slurmrestd import slurm
    from slurmrestd.api.resource import Call
    from slurmrestd.openapi.slurmdbd import context

    keys: list[object] = []

    class Recording(Coalescer):
        def run(self, key: Any, call: Any) -> Any:
            keys.append(key)
            return call()

    monkeypatch.setattr(context, "DB_COALESCER", Recording())
    handler = context.coalesced("dbv0.0.38", "get_jobs", lambda call: ("200 OK", {}))

    def call(token: str, query: dict[str, Any]) -> Call:
        return Call(slurm.Identity("alice", 1000, 1000, token), {}, query, None)

    for c in (
        call("t1", {"a": "1", "b": "2"}),
        call("t1", {"a": "1", "b": "2"}),
        call("t1", {"b": "2", "a": "1"}),  # order matters to the reference's parser
        call("t2", {"a": "1", "b": "2"}),
    ):
        assert handler(c) == ("200 OK", {})
    assert keys[0] == keys[1]
    assert len({repr(k) for k in keys}) == 3
    other = context.coalesced("dbv0.0.37", "get_jobs", lambda call: ("200 OK", {}))
    other(call("t1", {"a": "1", "b": "2"}))
    assert keys[-1] != keys[0]


def test_render_cache_is_bounded_in_bytes_and_entries() -> None:
    from slurmrestd.openapi.slurmctld.lists import RenderCache

    cache = RenderCache(size=3, max_bytes=100)
    cache.put("a", 1, b"x" * 40)
    cache.put("b", 1, b"x" * 40)
    cache.put("c", 1, b"x" * 40)  # 120 bytes: "a" goes
    assert cache.get("a") is None and cache.get("b") and cache.get("c")
    cache.put("b", 2, b"y" * 10)  # replaced, not counted twice
    cache.put("d", 1, b"x" * 10)
    cache.put("e", 1, b"x" * 10)  # 4 entries: the least recently used ("c") goes
    assert cache.get("c") is None and cache.get("b") == (2, b"y" * 10)
    cache.put("big", 1, b"x" * 101)  # larger than the whole cache: not kept
    assert cache.get("big") is None and cache.get("d") and cache.get("e")


def test_gather_only_for_keys_whose_last_call_was_shared() -> None:
    gathering = threading.Event()  # a call waits `gather` for others to join it
    gather_over = threading.Event()  # the test ends that wait
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        gathering.set()
        gather_over.wait(5)

    co = Coalescer(gather=0.2, overlap=1, sleep=sleep)
    progress = observe(co)
    # A client alone: its calls are never shared, so it never waits.
    for _ in range(3):
        assert co.run("alone", lambda: 1) == 1
    assert waits == [] and co.calls == 3
    # Two requests in flight together: the second waits for the next call (shared by 1),
    # then a crowded key's call with nobody ahead waits `gather` for others to join it.
    running, release = threading.Event(), threading.Event()

    def slow() -> None:
        running.set()
        release.wait(5)

    first = threading.Thread(target=co.run, args=("k", slow))
    first.start()
    assert running.wait(5)
    waiters = [threading.Thread(target=co.run, args=("k", lambda: 2)) for _ in range(2)]
    for t in waiters:
        t.start()
    assert progress.wait_for(lambda: waiting(co, "k") == 2)
    release.set()
    for t in [first, *waiters]:
        t.join(5)
    assert co.calls == 5 and "k" in co._crowded  # the second call was shared by two
    assert waits == []
    calls_before = co.calls
    results: list[float] = []
    arrivals: list[float] = []

    def arrive() -> None:
        arrivals.append(time.monotonic())
        results.append(co.run("k", time.monotonic))

    late = [threading.Thread(target=arrive) for _ in range(3)]
    late[0].start()
    assert gathering.wait(5)  # nobody ahead: it gathers before its call
    for t in late[1:]:
        t.start()
    assert progress.wait_for(lambda: gathered(co, "k") == 3)  # the other two joined it
    gather_over.set()
    for t in late:
        t.join(5)
    # One call for the three, begun after the last of them arrived, after one gather wait.
    assert waits == [0.2]
    assert co.calls == calls_before + 1
    assert len(set(results)) == 1 and results[0] >= max(arrivals)
