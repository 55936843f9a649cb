"""Coalescing: one call for requests in flight together, never a call started before them."""

from __future__ import annotations

import threading
import time

import pytest

from slurmrestd.openapi.common.coalesce import Coalescer


def test_concurrent_requests_share_the_next_call() -> None:
    co = Coalescer()
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
    time.sleep(0.2)
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


def test_errors_reach_every_waiter_and_keys_do_not_mix() -> None:
    co = Coalescer()

    def boom() -> None:
        raise ValueError("nope")

    with pytest.raises(ValueError, match="nope"):
        co.run("a", boom)
    assert co.run("b", lambda: 1) == 1 and co.run("a", lambda: 2) == 2
    assert co._keys == {}
