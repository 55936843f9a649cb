"""Identical loads in flight together share one call, which started after all of them arrived.

design: per key, at most one call runs.  A request that arrives while a call
runs does not join it (that call may have read slurmctld before the request
came): it waits for the next call, which starts as soon as the running one
ends and is shared by everyone who arrived in between.  Callers pass keys
that hold the full credential, so only the same credential ever shares.

With ``gather`` set, a key whose last call was shared (so requests for it
come in together) waits that long before a call with nobody ahead, and
requests arriving meanwhile join it: fewer calls under load, and no wait for
a client alone (its calls are never shared).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
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
    started: bool = False  # once the call has begun, nobody joins it
    sharers: int = 1


@dataclass
class _Key:
    running: _Flight | None = None
    pending: _Flight | None = None


# How many keys whose last call was shared are remembered (per Coalescer).
CROWDED_KEYS = 1024


class Coalescer:
    def __init__(
        self, gather: float = 0.0, *, sleep: Callable[[float], object] = time.sleep
    ) -> None:
        self._lock = threading.Lock()
        self._keys: dict[Hashable, _Key] = {}
        self.gather = gather
        self._sleep = sleep  # how the gather wait is spent (tests pass one they control)
        self._crowded: OrderedDict[Hashable, None] = OrderedDict()
        self.calls = 0  # how many calls really ran (for tests and measurements)

    def run(self, key: Hashable, call: Callable[[], Any]) -> Any:
        with self._lock:
            state = self._keys.setdefault(key, _Key())
            running = state.running
            if running is None:
                flight, role = _Flight(), "run"
                flight.started = not (self.gather and key in self._crowded)
                state.running = flight
            elif not running.started:
                flight, role = running, "wait"  # gathering: its call has not begun
                flight.sharers += 1
            elif state.pending is None:
                flight, role = _Flight(), "next"
                state.pending = flight
            else:
                flight, role = state.pending, "wait"
                flight.sharers += 1
            ahead = running
        if role == "run" and not flight.started:
            self._sleep(self.gather)
            with self._lock:
                flight.started = True
        if role == "next":
            # First to wait: start the next call once the running one is over.
            assert ahead is not None
            ahead.done.wait()
            with self._lock:
                state.pending = None
                state.running = flight
                flight.started = True
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
                if self.gather:
                    self._note(key, flight.sharers > 1)
            flight.done.set()

    def _note(self, key: Hashable, shared: bool) -> None:
        if not shared:
            self._crowded.pop(key, None)
            return
        self._crowded[key] = None
        self._crowded.move_to_end(key)
        while len(self._crowded) > CROWDED_KEYS:
            self._crowded.popitem(last=False)
