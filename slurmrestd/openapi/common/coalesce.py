"""Identical loads in flight together share one call, which started after all of them arrived.

design: per key, at most ``overlap`` calls run at once.  A request never joins
a call that has begun (that call may have read slurmctld or slurmdbd before
the request came).  It starts a call of its own while fewer than ``overlap``
run; otherwise it joins the next call, which starts as soon as one of the
running calls ends and is shared by everyone who arrived in between.  With
one call at a time a request would wait for the rest of the running call and
then a whole call of its own (about twice the call time, which loses to a
daemon that never shares when the server behind has idle capacity); with a
few overlapping calls it waits about one call when the server keeps up, and
the load on the server stays bounded per key when it does not.  Callers pass
keys that hold the full credential, so only the same credential ever shares.

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
    gathering: bool = False  # its leader waits `gather` before it begins
    sharers: int = 1


@dataclass
class _Key:
    running: list[_Flight] = field(default_factory=list)  # begun, oldest first
    pending: _Flight | None = None  # the next call: not begun, newcomers join it
    freed: threading.Event = field(default_factory=threading.Event)  # a running call ended


# How many keys whose last call was shared are remembered (per Coalescer).
CROWDED_KEYS = 1024

# How many calls of one key may run at once.
OVERLAP = 4


class Coalescer:
    def __init__(
        self,
        gather: float = 0.0,
        *,
        overlap: int = OVERLAP,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self._lock = threading.Lock()
        self._keys: dict[Hashable, _Key] = {}
        self.gather = gather
        self.overlap = overlap
        self._sleep = sleep  # how the gather wait is spent (tests pass one they control)
        self._crowded: OrderedDict[Hashable, None] = OrderedDict()
        self.calls = 0  # how many calls really ran (for tests and measurements)

    def run(self, key: Hashable, call: Callable[[], Any]) -> Any:
        with self._lock:
            state = self._keys.setdefault(key, _Key())
            flight = state.pending
            lead = flight is None
            if flight is not None:
                flight.sharers += 1
            else:
                flight = _Flight()
                if len(state.running) >= self.overlap:
                    state.pending = flight  # begins when a running call ends
                elif self.gather and not state.running and key in self._crowded:
                    flight.gathering = True
                    state.pending = flight
                else:
                    flight.started = True
                    state.running.append(flight)
        if not lead:
            flight.done.wait()
        else:
            if not flight.started:
                self._begin(state, flight)
            self._execute(key, state, flight, call)
        if flight.error is not None:
            raise flight.error
        return flight.result

    def _begin(self, state: _Key, flight: _Flight) -> None:
        """The leader of the next call: gather, or wait until fewer than `overlap` run."""
        if flight.gathering:
            self._sleep(self.gather)
        while True:
            with self._lock:
                if len(state.running) < self.overlap:
                    state.pending = None
                    state.running.append(flight)
                    flight.started = True
                    return
                state.freed.clear()
            state.freed.wait()

    def _execute(
        self, key: Hashable, state: _Key, flight: _Flight, call: Callable[[], Any]
    ) -> None:
        with self._lock:
            self.calls += 1
        try:
            flight.result = call()
        except BaseException as exc:  # shared with every waiter, then re-raised
            flight.error = exc
        finally:
            with self._lock:
                state.running.remove(flight)
                state.freed.set()
                if not state.running and state.pending is None:
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
