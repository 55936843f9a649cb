"""slurmdb.Lookups and TCP_NODELAY on slurmdbd connections, without a lab: where the release's
slurmdbd replies stall (22.05) the lists are fetched at once on connections of their own;
elsewhere on the request's connection; results in the order asked, a failure in its place."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest

from slurmrestd.slurm import SlurmError, db, releases

CALLS = [("tres", {"with_deleted": 1}, "t"), ("qos", {"with_deleted": 1}, "q"), ("bad", None, "b")]


class RequestDb:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def get(self, what: str, cond: Any, item: str) -> list[dict[str, Any]]:
        self.asked.append(what)
        if what == "bad":
            raise SlurmError(7000, "slurmdb_bad_get")
        return [{"what": what}]


def _release(stall: bool) -> releases.Release:
    base = releases.RELEASES[0] if stall else releases.RELEASES[-1]
    assert base.dbd_replies_stall is stall
    return base


def _check(results: list[Any]) -> None:
    assert results[0] == [{"what": "tres"}]
    assert results[1] == [{"what": "qos"}]
    assert isinstance(results[2], SlurmError) and results[2].errno == 7000


def test_no_stall_uses_the_request_connection_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "release", lambda: _release(False))
    own = RequestDb()
    pending = db.Lookups(None, CALLS, own)  # type: ignore[arg-type]
    assert own.asked == []  # nothing asked before results()
    _check(pending.results())
    assert own.asked == ["tres", "qos", "bad"]


def test_stall_fetches_at_once_on_connections_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(db, "release", lambda: _release(True))
    barrier = threading.Barrier(len(CALLS), timeout=10)
    identities: list[Any] = []

    def alone(identity: Any, call: Any) -> Any:
        identities.append(identity)
        barrier.wait()  # every call in flight together, or this times out
        return RequestDb().get(*call)

    monkeypatch.setattr(db, "_get_alone", alone)
    own = RequestDb()
    _check(db.Lookups("who", CALLS, own).results())  # type: ignore[arg-type]
    assert own.asked == [] and identities == ["who"] * len(CALLS)


def test_lookups_of_raises_the_first_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "release", lambda: _release(False))
    with pytest.raises(SlurmError):
        db.lookups_of(db.Lookups(None, CALLS, RequestDb()))  # type: ignore[arg-type]
    assert db.lookups_of(db.Lookups(None, CALLS[:2], RequestDb())) == [  # type: ignore[arg-type]
        [{"what": "tres"}],
        [{"what": "qos"}],
    ]


def test_no_delay_sets_tcp_nodelay() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    with server, socket.create_connection(server.getsockname()) as client:
        assert client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        db.no_delay(client.fileno())
        assert client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        client.sendall(b"x")  # still usable: no_delay closed only its own duplicate


def test_note_socket_sets_no_delay_once_per_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    monkeypatch.setattr(db, "no_delay", seen.append)
    server = socket.create_server(("127.0.0.1", 0))
    with server, socket.create_connection(server.getsockname()) as client:

        class Ffi:
            def cast(self, _type: str, _conn: Any) -> Any:
                return type("Head", (), {"fd": client.fileno()})()

        conn = db.Db.__new__(db.Db)
        conn._sockets = set()
        conn._conn = object()
        conn.ffi = Ffi()
        conn._note_socket()
        conn._note_socket()
        assert seen == [client.fileno()]
