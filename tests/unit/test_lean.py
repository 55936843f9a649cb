"""The plain request's short way (server/lean.py) against gunicorn's own: the heads it takes
parse to what gunicorn's parser makes of them, their environs are wsgi.create's, and the
answers are byte for byte gunicorn's Response; every other head is left to gunicorn."""

from __future__ import annotations

import random
from typing import Any

import pytest
from gunicorn import util
from gunicorn.config import Config
from gunicorn.http import wsgi
from gunicorn.http.errors import InvalidResponseHeader, InvalidResponseHeaderName
from gunicorn.http.message import Request as GRequest

from slurmrestd.server import lean
from slurmrestd.server.worker import parse_head
from tests.reliability.wire import vectors

CFG = Config()
LIMITS = lean.Limits(CFG)
PEER = ("127.0.0.1", 40000)
SERVER = ("127.0.0.1", 6820)
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdW4iOiJhbGljZSJ9.c2lnbmF0dXJl"

PLAIN = [
    b"GET / HTTP/1.1\r\n\r\n",
    b"GET /slurm/v0.0.38/ping HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /slurm/v0.0.40/jobs?update_time=5&flags=DETAIL HTTP/1.1\r\nHost: h:6820\r\n"
    b"X-SLURM-USER-NAME: alice\r\nX-SLURM-USER-TOKEN: " + TOKEN.encode() + b"\r\n"
    b"Accept: application/json\r\nUser-Agent: curl/8.0\r\n\r\n",
    b"GET /a%20b/%7e?x=%41 HTTP/1.0\r\n\r\n",
    b"GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    b"GET /x HTTP/1.1\r\nConnection: close\r\n\r\n",
    b"GET /x HTTP/1.1\r\nConnection: Upgrade\r\nConnection: close\r\n\r\n",
    b"GET /x HTTP/1.1\r\nconnection:   KEEP-ALIVE  \r\n\r\n",
    b"POST /slurm/v0.0.38/job/submit HTTP/1.1\r\nContent-Type: application/json\r\n"
    b'Content-Length: 7\r\n\r\n{"a":1}',
    b"DELETE /slurm/v0.0.38/job/12 HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    b"GET /x HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nX-A:\t3 \t\r\nCookie: a=b; c=d\r\n\r\n",
    b"GET /x?a?b=c HTTP/1.1\r\nAccept:\r\n\r\n",
    b"GET /x HTTP/1.1\r\nContent-Length: 00\r\n\r\n",
]

# Plain-looking heads that gunicorn treats specially: the short way must leave them to it.
THEIRS = [
    b"HEAD / HTTP/1.1\r\n\r\n",
    b"PUT / HTTP/1.1\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\n\r\n",
    b"GET //x HTTP/1.1\r\n\r\n",
    b"GET /x#frag HTTP/1.1\r\n\r\n",
    b"GET http://h/x HTTP/1.1\r\n\r\n",
    b"GET /x HTTP/1.2\r\n\r\n",
    b"\r\nGET /x HTTP/1.1\r\n\r\n",
    b"GET /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /x HTTP/1.1\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n",
    b"GET /x HTTP/1.1\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n",
    b"GET /x HTTP/1.1\r\nX-Forwarded-Proto: https\r\n\r\n",
    b"GET /x HTTP/1.1\r\nX_Forwarded_For: 1.2.3.4\r\n\r\n",
    b"GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    b"GET /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nxx",
    b"GET /x HTTP/1.1\r\nContent-Length: +1\r\n\r\nx",
    b"GET /x HTTP/1.1\r\nX: caf\xc3\xa9\r\n\r\n",
    b"GET /x HTTP/1.1\r\nX : 1\r\n\r\n",
    b"GET /x HTTP/1.1\r\nX: 1\r\n folded\r\n\r\n",
    b"GET /x HTTP/1.1\r\nX: a\rb\r\n\r\n",
    b"GET /x HTTP/1.1\r\nX: a\nb\r\n\r\n",
    b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n",
    b"GET /x HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n",
    b"GET /x HTTP/1.1\r\n" + b"X: 1\r\n" * 101 + b"\r\n",
]


def gunicorn_request(data: bytes) -> tuple[int, GRequest]:
    head = parse_head(CFG, data, PEER)
    assert head is not None and head.req is not None and head.length is not None
    return head.size, head.req


def same_request(data: bytes) -> lean.Request:
    """The short way's request for data, checked against gunicorn's."""
    found = lean.parse(LIMITS, data)
    assert found is not None, data
    size, req = found
    gsize, greq = gunicorn_request(data)
    assert size == gsize, data
    assert (req.method, req.uri, req.path, req.query, req.version) == (
        greq.method,
        greq.uri,
        greq.path,
        greq.query,
        greq.version,
    ), data
    assert req.headers == greq.headers, data
    assert req.length == greq.body.reader.length, data
    assert req.should_close() == greq.should_close(), data
    return req


@pytest.mark.parametrize("data", PLAIN, ids=range(len(PLAIN)))
def test_plain_heads_parse_as_gunicorn_parses_them(data: bytes) -> None:
    same_request(data)
    # What follows the head (its body, the next request) is not the head's.
    same_request(data + b"GET /next HTTP/1.1\r\n\r\n")


@pytest.mark.parametrize("data", THEIRS, ids=range(len(THEIRS)))
def test_other_heads_are_left_to_gunicorn(data: bytes) -> None:
    assert lean.parse(LIMITS, data) is None


def test_the_corpus_plain_or_left_to_gunicorn() -> None:
    """Each malformed or unusual vector is left to gunicorn, or is one gunicorn takes the same."""
    taken = 0
    for vector in vectors():
        data = vector.payload("alice", TOKEN)
        if lean.parse(LIMITS, data) is None:
            continue
        same_request(data)
        taken += 1
    assert 0 < taken < len(vectors()) // 2


def test_incomplete_heads_are_not_taken() -> None:
    data = PLAIN[2]
    for end in range(len(data) - 1):
        assert lean.parse(LIMITS, data[:end]) is None


def test_mutated_heads_are_taken_only_as_gunicorn_takes_them() -> None:
    """Random byte changes to plain heads: whatever the short way takes, gunicorn parses the
    same (and gunicorn refuses nothing it takes)."""
    rng = random.Random(19)
    alphabet = b" \t\r\n:/?#%_-.,;=\x00\x7f\x80\xffaZ09"
    taken = 0
    for _ in range(4000):
        data = bytearray(rng.choice(PLAIN))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[at] = rng.choice(alphabet)
            else:
                data.insert(at, rng.choice(alphabet))
        raw = bytes(data)
        if lean.parse(LIMITS, raw) is not None:
            same_request(raw)
            taken += 1
    assert taken > 500


def gunicorn_environ(data: bytes, scheme: str, server: Any) -> dict[str, Any]:
    _, greq = gunicorn_request(data)
    greq.scheme = scheme
    _, env = wsgi.create(greq, None, PEER, server, CFG)
    return env


# Objects made per request or per worker: compared by kind, not identity.
OBJECTS = ("wsgi.input", "wsgi.errors", "wsgi.early_hints", "gunicorn.socket")


@pytest.mark.parametrize("data", PLAIN, ids=range(len(PLAIN)))
@pytest.mark.parametrize("server", [SERVER, "/run/slurmrestd.socket"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_environ_is_gunicorns(data: bytes, server: Any, scheme: str) -> None:
    size, req = lean.parse(LIMITS, data) or (0, None)
    assert req is not None
    env = lean.Env(wsgi.base_environ(CFG))
    resp = lean.Response(req, Sock(), False)
    ours = lean.environ(env, resp, data[size : size + req.length], PEER, server, scheme)
    theirs = gunicorn_environ(data, scheme, server)
    assert set(ours) == set(theirs)
    assert {k: v for k, v in ours.items() if k not in OBJECTS} == {
        k: v for k, v in theirs.items() if k not in OBJECTS
    }
    assert ours["wsgi.input"].read() == theirs["wsgi.input"].read()


class Sock:
    def __init__(self) -> None:
        self.sent = b""

    def sendall(self, data: bytes) -> None:
        self.sent += data


ANSWERS: list[tuple[str, list[tuple[str, str]], list[bytes]]] = [
    ("200 OK", [("content-type", "application/json"), ("content-length", "2")], [b"{}"]),
    ("200 OK", [("Content-Type", "text/plain")], [b"ab", b"", b"cd"]),  # no length: chunked
    ("404 Not Found", [("content-length", "9"), ("Connection", "close")], [b"not found"]),
    ("204 No Content", [("content-length", "0")], []),
    ("304 Not Modified", [("ETag", '"x"')], [b"dropped"]),
    ("200 OK", [("content-length", "3"), ("Date", "x"), ("Server", "y")], [b"abcdef"]),
    ("500 Internal Server Error", [("X-Empty", ""), ("X-Sp", " v \t")], [b"e"]),
]


@pytest.mark.parametrize("answer", ANSWERS, ids=range(len(ANSWERS)))
@pytest.mark.parametrize("data", [PLAIN[1], PLAIN[3], PLAIN[5], PLAIN[4]], ids=range(4))
@pytest.mark.parametrize("must_close", [False, True])
def test_answers_are_gunicorns_byte_for_byte(
    answer: tuple[str, list[tuple[str, str]], list[bytes]],
    data: bytes,
    must_close: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(util, "http_date", lambda *_: "Sun, 29 Nov 2026 10:00:00 GMT")
    monkeypatch.setattr(lean, "_date", (0, ""))
    status, headers, body = answer
    _, req = lean.parse(LIMITS, data) or (0, None)
    assert req is not None
    ours_sock, theirs_sock = Sock(), Sock()
    ours = lean.Response(req, ours_sock, must_close)
    _, greq = gunicorn_request(data)
    theirs = wsgi.Response(greq, theirs_sock, CFG)
    if must_close:
        theirs.force_close()
    for resp in (ours, theirs):
        write = resp.start_response(status, list(headers))
        for part in body:
            write(part)
        resp.close()
    assert ours_sock.sent == theirs_sock.sent
    assert ours.should_close() == theirs.should_close()


def test_bad_answer_headers_are_refused_as_gunicorn_refuses_them() -> None:
    _, req = lean.parse(LIMITS, PLAIN[1]) or (0, None)
    assert req is not None
    with pytest.raises(InvalidResponseHeaderName):
        lean.Response(req, Sock(), False).start_response("200 OK", [("Bad Name", "v")])
    with pytest.raises(InvalidResponseHeader):
        lean.Response(req, Sock(), False).start_response("200 OK", [("X", "a\r\nSet-Cookie: b")])
    with pytest.raises(ValueError):
        lean.Response(req, Sock(), False).start_response("OK", [])


def test_the_date_line_is_made_once_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    monkeypatch.setattr(util, "http_date", lambda t=None: made.append(t) or f"d{int(t or 0)}")
    monkeypatch.setattr(lean, "_date", (0, ""))
    now = [1000.1]
    monkeypatch.setattr(lean.time, "time", lambda: now[0])
    assert lean.http_date() == "d1000"
    now[0] = 1000.9
    assert lean.http_date() == "d1000"
    now[0] = 1001.0
    assert lean.http_date() == "d1001"
    assert len(made) == 2
