"""The event loop's view of a request being received (server/worker.py): where its head ends,
its body's length, and when gunicorn's parser can decide about it."""

from __future__ import annotations

import pytest
from gunicorn.config import Config
from gunicorn.http.errors import (
    InvalidHeader,
    InvalidRequestLine,
    InvalidRequestMethod,
    LimitRequestLine,
)

from slurmrestd.server.worker import Head, Worker, parse_head

PEER = ("127.0.0.1", 40000)
CFG = Config()


def test_incomplete_heads() -> None:
    for data in (
        b"G",
        b"GET / HTTP/1.1\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\n",
        b"GET / HTTP/1.1\r\n\r",
    ):
        assert parse_head(CFG, data, PEER) is None, data


def test_complete_heads() -> None:
    get = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    assert parse_head(CFG, get, PEER) == Head(len(get), 0, False)
    # What follows (a body, the next request) is not the head's.
    post = b"POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
    assert parse_head(CFG, post + b"hel", PEER) == Head(len(post), 5, True)
    chunked = b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert parse_head(CFG, chunked + b"0\r\n", PEER) == Head(len(chunked), None, False)
    # One empty line before the request line is allowed (RFC 9112 2.2).
    assert parse_head(CFG, b"\r\n" + get, PEER) == Head(len(get) + 2, 0, False)
    # HTTP/1.0 cannot expect 100-continue.
    old = b"POST / HTTP/1.0\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n"
    assert parse_head(CFG, old, PEER) == Head(len(old), 1, False)


def test_malformed_heads_raise_what_the_thread_answers() -> None:
    with pytest.raises(InvalidRequestMethod):
        parse_head(CFG, b"get / HTTP/1.1\r\n", PEER)  # known before the head ends
    with pytest.raises(InvalidRequestLine):
        parse_head(CFG, b"GET / HTTP/1.1\nHost: x\n", PEER)  # bare LF
    with pytest.raises(InvalidHeader):
        parse_head(CFG, b"GET / HTTP/1.1\r\nHost: x\n", PEER)
    with pytest.raises(LimitRequestLine):
        parse_head(CFG, b"GET /" + b"a" * 5000, PEER)
    with pytest.raises(InvalidHeader):
        parse_head(CFG, b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", PEER)


def test_when_the_parser_may_decide() -> None:
    def decided(before: bytes, data: bytes) -> bool:
        return Worker._head_may_be_decided(bytearray(before + data), data)

    assert decided(b"GET / HT", b"TP/1.1\r\n")  # the request line's end
    assert not decided(b"GET / HTTP/1.1\r\n", b"Host: x\r\n")  # a header line
    assert decided(b"GET / HTTP/1.1\r\nHost: x\r\n", b"\r\n")  # the head's end
    assert decided(b"GET / HTTP/1.1\r\nHost: x\r", b"\n\r\n")
    assert decided(b"GET / HTTP/1.1\r\n", b"Host: x\n")  # bare LF
    assert not decided(b"GET / HTTP/1.1\r\n", b"Host: x")
