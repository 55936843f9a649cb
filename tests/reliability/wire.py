"""Raw HTTP on a socket for the reliability tests: the corpus format, replays, response parsing."""

from __future__ import annotations

import codecs
import json
import random
import re
import select
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / "http"
_REPEAT = re.compile(r"<<REPEAT (\d+) (.*?)>>")


@dataclass(frozen=True)
class Vector:
    name: str
    text: str
    expect: dict[str, Any]

    def payload(self, user: str, token: str) -> bytes:
        text = self.text.replace("\n", "")
        text = _REPEAT.sub(lambda m: m.group(2) * int(m.group(1)), text)
        raw: bytes = codecs.escape_decode(text.encode("ascii"))[0]
        return raw.replace(b"<<USER>>", user.encode()).replace(b"<<TOKEN>>", token.encode())


def vectors() -> list[Vector]:
    out = []
    for path in sorted(CORPUS.glob("*.http")):
        expect = json.loads(path.with_suffix(".expect").read_text())
        out.append(Vector(path.stem, path.read_text(), expect))
    return out


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Outcome:
    responses: list[Response] = field(default_factory=list)
    closed: bool = False  # the daemon closed the connection (EOF or reset)
    raw: bytes = b""

    @property
    def statuses(self) -> list[int]:
        return [r.status for r in self.responses]


def parse_responses(data: bytes) -> list[Response]:
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            raise AssertionError(f"incomplete response head: {data[:200]!r}")
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
            raise AssertionError(f"not a status line: {lines[0][:200]!r}")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
        status = int(parts[1])
        length = 0 if 100 <= status < 200 else int(headers.get("content-length", len(rest)))
        out.append(Response(status, headers, rest[:length]))
        data = rest[length:]
    return out


def _chunks(payload: bytes, mode: str, seed: str) -> list[bytes]:
    if mode == "whole":
        return [payload]
    if mode == "bytes":
        return [payload[i : i + 1] for i in range(len(payload))]
    rng = random.Random(seed)
    out, i = [], 0
    while i < len(payload):
        n = rng.randint(1, 64)
        out.append(payload[i : i + n])
        i += n
    return out


def _ended(sock: socket.socket) -> bool:
    """The daemon has closed the connection, or answered that it will: a client stops sending
    then (it avoids a reset that could discard the answer).  An answer that keeps the
    connection (an earlier pipelined request's, a 100 Continue) does not stop it: stopping
    there made the outcome depend on which came first, our next byte or that answer."""
    if not select.select([sock], [], [], 0)[0]:
        return False
    try:
        seen = sock.recv(65536, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except BlockingIOError:
        return False
    except OSError:
        return True
    return not seen or b"\r\nconnection: close\r\n" in seen.lower()


def replay(
    port: int, payload: bytes, mode: str = "whole", *, wait: bool = False, timeout: float = 15.0
) -> Outcome:
    """Send payload (whole, byte by byte or in seeded random chunks), then read until the daemon
    closes.  A client stops sending once the daemon has closed or answered with Connection: close
    (see _ended).  With wait, end our side after sending."""
    outcome = Outcome()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            for piece in _chunks(payload, mode, seed=payload[:64].hex()):
                if mode != "whole" and _ended(sock):
                    break
                sock.sendall(piece)
            if wait:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        deadline = time.monotonic() + timeout
        data = b""
        while True:
            if time.monotonic() > deadline:
                raise AssertionError(f"daemon neither answered nor closed: {data[:300]!r}")
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                outcome.closed = True
                break
            except TimeoutError:
                continue
            if not chunk:
                outcome.closed = True
                break
            data += chunk
    outcome.raw = data
    outcome.responses = parse_responses(data)
    return outcome
