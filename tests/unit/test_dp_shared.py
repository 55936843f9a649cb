"""The data_parser versions' GETs share one run between identical requests in flight
together: the key holds the version, operation, path parameters, query and the whole
credential (never a user name alone); a GET that changes something is never shared."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from slurmrestd.api.resource import Call
from slurmrestd.openapi.content import COp, _shared, slurmctld
from slurmrestd.slurm import Identity


class Recorder:
    def __init__(self) -> None:
        self.keys: list[Hashable] = []

    def run(self, key: Hashable, call: Callable[[], Any]) -> Any:
        self.keys.append(key)
        return call()


def _call(token: str | None, query: dict[str, Any], uid: int = 1000) -> Call:
    return Call(Identity("alice", uid, uid, token), {"node_name": "n1"}, query, None)


def _key(rec: Recorder, op: COp, call: Call, version: str = "v0.0.42") -> Hashable:
    handler = _shared(rec, version, op, lambda c: ("200 OK", {"x": 1}))  # type: ignore[arg-type]
    assert handler(call) == ("200 OK", {"x": 1})
    return rec.keys[-1]


def test_keys_hold_the_whole_credential_and_the_request() -> None:
    rec = Recorder()
    op = COp("GET", "/node/{node_name}", "get_node", "node", lambda dp, call: ("", {}))
    same = _key(rec, op, _call("tok-a", {"flags": "ALL"}))
    assert _key(rec, op, _call("tok-a", {"flags": "ALL"})) == same
    assert _key(rec, op, _call("tok-b", {"flags": "ALL"})) != same  # same user, other token
    assert _key(rec, op, _call("tok-a", {"flags": "DETAIL"})) != same
    assert _key(rec, op, _call("tok-a", {"flags": "ALL"}), "v0.0.43") != same
    local = _key(rec, op, _call(None, {"flags": "ALL"}))
    assert _key(rec, op, _call(None, {"flags": "ALL"}, uid=1001)) != local


def test_reconfigure_is_never_shared() -> None:
    ops = {op.key: op for op in slurmctld.CONTENT.ops}
    assert not ops["GET /reconfigure/"].shared
    assert ops["GET /ping/"].shared and ops["GET /jobs/"].shared
