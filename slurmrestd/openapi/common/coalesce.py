"""Identical loads in flight together share one call, which started after all of them arrived.

design: per key, at most one call runs.  A request that arrives while a call
runs does not join it (that call may have read slurmctld before the request
came): it waits for the next call, which starts as soon as the running one
ends and is shared by everyone who arrived in between.  Callers pass keys
that hold the full credential, so only the same credential ever shares.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from slurmrestd.slurm import Identity


def credential(identity: Identity) -> tuple[Any, ...]:
    """The part of a coalescing or cache key that says who asks: the whole token, or uid
    and name for local requests; never a user name alone."""
    if identity.token is not None:
        return ("token", identity.token)
    return ("local", identity.uid, identity.user_name)


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


@dataclass
class _Key:
    running: _Flight | None = None
    pending: _Flight | None = None


class Coalescer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[Hashable, _Key] = {}
        self.calls = 0  # how many calls really ran (for tests and measurements)

    def run(self, key: Hashable, call: Callable[[], Any]) -> Any:
        with self._lock:
            state = self._keys.setdefault(key, _Key())
            if state.running is None:
                flight, role = _Flight(), "run"
                state.running = flight
            elif state.pending is None:
                flight, role = _Flight(), "next"
                state.pending = flight
            else:
                flight, role = state.pending, "wait"
            ahead = state.running
        if role == "next":
            # First to wait: start the next call once the running one is over.
            ahead.done.wait()
            with self._lock:
                state.pending = None
                state.running = flight
            role = "run"
        if role == "run":
            self._execute(key, state, flight, call)
        else:
            flight.done.wait()
        if flight.error is not None:
            raise flight.error
        return flight.result

    def _execute(
        self, key: Hashable, state: _Key, flight: _Flight, call: Callable[[], Any]
    ) -> None:
        try:
            self.calls += 1
            flight.result = call()
        except BaseException as exc:  # shared with every waiter, then re-raised
            flight.error = exc
        finally:
            with self._lock:
                if state.running is flight:
                    state.running = None
                if state.running is None and state.pending is None:
                    self._keys.pop(key, None)
            flight.done.set()
