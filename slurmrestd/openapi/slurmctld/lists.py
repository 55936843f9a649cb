"""Whole lists from slurmctld: update_time, coalescing of identical requests, reuse of renders.

design: a request still makes its own RPC, a conditional load with the cached
last_update, under its own identity; only when slurmctld answers "no change"
to that credential are the cached bytes sent.  Identical requests in flight
together (same list, same full credential) share one call.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.coalesce import Coalescer, credential
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import (
    BAD_REQUEST,
    FAILED,
    NOT_MODIFIED,
    OK,
    errno_entry,
    fail,
)
from slurmrestd.openapi.slurmctld.version import Version

TIME_MAX = 2**63 - 1
Load = Callable[[slurm.Identity, int], slurm.Loaded]


class RenderCache:
    """Serialized list documents per (version, list, credential), reused on "no change".

    Keys hold the full credential (the token itself, or uid and name for local
    requests), never a user name alone.  Per worker process, bounded in entries
    and in bytes (10,000 jobs render to about 40 MB), least recently used out.
    """

    def __init__(self, size: int = 128, max_bytes: int = 512 * 2**20) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[Any, tuple[int, bytes]] = OrderedDict()
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0

    def get(self, key: Any) -> tuple[int, bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: Any, last_update: int, data: bytes) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            if len(data) > self._max_bytes:
                return
            self._items[key] = (last_update, data)
            self._bytes += len(data)
            while len(self._items) > self._size or self._bytes > self._max_bytes:
                _key, (_when, dropped) = self._items.popitem(last=False)
                self._bytes -= len(dropped)


CACHE = RenderCache()
# slurmctld's last_update has one-second resolution: a snapshot is reusable only when
# its load began this long after its last_update (so it holds every change of that second).
SETTLED = 2


# A key whose last call was shared waits this long before its next call, so that the
# requests coming in together share it (measured in the README's Performance section).
GATHER_SECONDS = 0.002
COALESCER = Coalescer(GATHER_SECONDS)


def shared(v: Version, call: Call, key: str, produce: Callable[[], Any]) -> Any:
    """One call for identical requests with the same credential in flight together (and
    arrived before it started); nothing is kept after it."""
    return COALESCER.run((v.name, key, credential(call.identity)), produce)


def listing(
    v: Version, call: Call, key: str, load: Callable[[int], slurm.Loaded], table: Any
) -> tuple[str, Any]:
    """A whole list without the client's update_time: one call for identical requests in
    flight together, and our render reused when slurmctld says nothing changed."""
    if call.plain:  # written as YAML: the document itself, neither cached nor shared
        loaded = load(0)
        return OK, {key: [dump(table, rec) for rec in loaded.records]}
    cache_key = (v.name, key, credential(call.identity))
    result: tuple[str, Any] = COALESCER.run(
        cache_key, lambda: _listing_call(v, cache_key, key, load, table)
    )
    return result


def _listing_call(
    v: Version, cache_key: Any, key: str, load: Callable[[int], slurm.Loaded], table: Any
) -> tuple[str, Any]:
    cached = CACHE.get(cache_key)
    started = int(time.time())
    try:
        loaded = load(cached[0] if cached else 0)
    except slurm.NotModified:
        if cached is None:  # cannot happen with update_time 0; be safe anyway
            loaded = load(0)
        else:
            return OK, envelope.Serialized(cached[1])
    data = envelope.dumps(
        {"meta": v.meta, "errors": [], key: [dump(table, rec) for rec in loaded.records]}
    )
    settled = started >= loaded.last_update + SETTLED
    # An unsettled snapshot is kept one second early, so the next conditional load
    # returns data again (and is rendered again) until the second has passed.
    CACHE.put(cache_key, loaded.last_update if settled else loaded.last_update - 1, data)
    return OK, envelope.Serialized(data)


def update_time(call: Call, key: str) -> int:
    """The client's ?update_time= (0 when not given)."""
    if "update_time" not in call.query:
        return 0
    raw = call.query["update_time"]  # None: given without a value, refused as the reference
    if not isinstance(raw, str) or not raw.strip().lstrip("+-").isdigit():
        raise fail(BAD_REQUEST, [], **{key: []})
    # Saturated to time_t's range as the reference's strtoll does (a far future: 304).
    return min(max(int(raw), 0), TIME_MAX)


def get_all(
    v: Version, call: Call, key: str, load: Load, table: Any, *, cached: bool = True
) -> tuple[str, Any]:
    """GET of a whole list (nodes, partitions, reservations).

    cached=False for nodes: their allocation figures change without slurmctld's
    node last_update moving, so a render must not be reused on "no change".
    """
    since = update_time(call, key)
    try:
        if not since and cached:
            return listing(v, call, key, lambda when: load(call.identity, when), table)
        if not since and call.plain:
            return OK, {key: [dump(table, rec) for rec in load(call.identity, 0).records]}
        if not since:
            result: tuple[str, Any] = shared(
                v, call, key, lambda: _fresh(v, key, load(call.identity, 0), table)
            )
            return result
        loaded = load(call.identity, since)
    except slurm.NotModified:
        return NOT_MODIFIED, {}
    except slurm.SlurmError:
        raise fail(FAILED, [errno_entry(-1)], **{key: []}) from None
    return OK, {key: [dump(table, rec) for rec in loaded.records]}


def _fresh(v: Version, key: str, loaded: slurm.Loaded, table: Any) -> tuple[str, Any]:
    records = [dump(table, rec) for rec in loaded.records]
    return OK, envelope.Serialized(envelope.dumps({"meta": v.meta, "errors": [], key: records}))


def get_one(
    call: Call, key: str, name: str, load: Load, table: Any, missing: int, failure: int = -1
) -> tuple[str, dict[str, Any]]:
    """GET of one named item; failure: the errno the reference reports when the RPC fails."""
    try:
        loaded = load(call.identity, 0)
    except (slurm.SlurmError, slurm.NotModified):
        raise fail(FAILED, [errno_entry(failure)], **{key: []}) from None
    found = [
        dump(table, rec)
        for rec in loaded.records
        if (rec.get("name") or "").lower() == name.lower()
    ]
    if not found:
        raise fail(FAILED, [errno_entry(missing)], **{key: []})
    return OK, {key: found}
