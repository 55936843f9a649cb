"""The plain request's short way through a worker: parsed, turned into a WSGI environ and
answered without gunicorn's Request and Response objects.

Most requests a site's clients send are plain: a GET, POST or DELETE of an origin-form
path, HTTP/1.0 or 1.1, a few ordinary headers, a body of Content-Length.  gunicorn's
parser, its environ and its response writer cost most of a small answer's CPU (about
0.1 ms to parse a head, in pure Python, on this project's 2-CPU lab machine).  Here:

- ``parse`` takes a head only when it is plain: every line is CRLF-terminated, the method
  one of LEAN_METHODS, the target printable ASCII beginning with one "/", every header
  name a token without "_" and every value printable ASCII, within gunicorn's limits;
  no Transfer-Encoding, Expect, Upgrade, HTTP2-Settings or secure-scheme header, no second
  Host, Content-Type or Content-Length.  Anything else returns None and takes gunicorn's
  own way, so every malformed, unusual or refused request is answered exactly as before.
- ``environ`` builds what gunicorn's wsgi.create builds for such a request (the same keys
  and values; tests compare the two).
- ``Response`` answers as gunicorn's Response does (status line, Server, Date, Connection,
  chunked framing where there is no Content-Length, hop-by-hop headers dropped, the same
  checks of the application's headers), with the head and the first part of the body in
  one write, and the Date line made once per second.

The worker uses this way only where it changes nothing an operator can see: no access
log (gunicorn's log line reads its own objects), no SCRIPT_NAME from the environment, no
PROXY protocol, no HTTP/2 (worker.Worker.lean).
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from typing import Any

from gunicorn import SERVER, util
from gunicorn.http.errors import InvalidResponseHeader, InvalidResponseHeaderName
from gunicorn.http.wsgi import HEADER_VALUE_RE, STATUS_RE, _make_early_hints_callback

METHODS = frozenset({b"GET", b"POST", b"DELETE"})
VERSIONS = {b"HTTP/1.1": (1, 1), b"HTTP/1.0": (1, 0)}
# An origin-form target: one "/", then printable ASCII without "#" (no fragment); gunicorn
# treats "//" and "#" specially (urlsplit), so those take its way.
_TARGET = re.compile(rb"/(?:[!-\"$-.0-~][!-\"$-~]*)?")
# A header name: an RFC 9110 token without "_" (gunicorn drops or refuses those).
_NAME = re.compile(rb"[!#$%&'*+\-.^`|~0-9A-Za-z]+")
# A header value: printable ASCII, spaces and tabs (obs-text takes gunicorn's way).
_VALUE = re.compile(rb"[\t -~]*")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # a response header's name
# Names whose meaning gunicorn acts on (framing, protocol switches): its way.
_THEIRS = frozenset({"TRANSFER-ENCODING", "EXPECT", "UPGRADE", "HTTP2-SETTINGS"})
_SINGLE = frozenset({"HOST", "CONTENT-TYPE", "CONTENT-LENGTH"})


class Limits:
    """What parse checks a head against: gunicorn's settings, read once."""

    def __init__(self, cfg: Any) -> None:
        self.line = cfg.limit_request_line if 0 < cfg.limit_request_line <= 8190 else 8190
        self.fields = cfg.limit_request_fields if 0 < cfg.limit_request_fields <= 32768 else 32768
        self.field_size = cfg.limit_request_field_size if cfg.limit_request_field_size > 0 else 8190
        self.scheme_headers = frozenset(getattr(cfg, "secure_scheme_headers", {}) or {})


class Request:
    """A plain request's head, with the attributes gunicorn's hooks and error handler read."""

    __slots__ = ("body", "close", "headers", "length", "method", "path", "query", "uri", "version")

    def __init__(
        self,
        method: str,
        uri: str,
        version: tuple[int, int],
        headers: list[tuple[str, str]],
        length: int,
        close: bool,
    ) -> None:
        self.method = method
        self.uri = uri
        path, _, query = uri.partition("?")
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers  # (NAME, value) in order, names upper case, as gunicorn's
        self.length = length  # the body's Content-Length (0 without one)
        self.close = close  # the connection ends after the answer (Connection, version)
        self.body: Any = None  # wsgi.input, once the body has arrived

    def should_close(self) -> bool:
        return self.close


def parse(limits: Limits, data: bytes) -> tuple[int, Request] | None:
    """(size of the head, its request) when data begins with a whole plain head; else None
    (not all there yet, or not plain: gunicorn's parser decides)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = data[:end].split(b"\r\n")
    line = lines[0]
    if len(line) > limits.line or len(lines) - 1 > limits.fields:
        return None
    method, _, rest = line.partition(b" ")
    target, _, version = rest.partition(b" ")
    vers = VERSIONS.get(version)
    if method not in METHODS or vers is None or not _TARGET.fullmatch(target):
        return None
    headers = []
    seen = set()
    length = 0
    close = None
    for line in lines[1:]:
        raw_name, colon, raw_value = line.partition(b":")
        value = raw_value.strip(b" \t")
        if (
            not colon
            or len(line) + 2 > limits.field_size
            or not _NAME.fullmatch(raw_name)
            or not _VALUE.fullmatch(value)
        ):
            return None
        name = raw_name.decode("ascii").upper()
        text = value.decode("ascii")
        if name in _THEIRS or name in limits.scheme_headers:
            return None
        if name in _SINGLE:
            if name in seen:
                return None
            seen.add(name)
            if name == "CONTENT-LENGTH":
                if not value.isdigit():
                    return None
                length = int(value)
        elif name == "CONNECTION" and close is None:
            lowered = text.lower()
            close = True if lowered == "close" else False if lowered == "keep-alive" else None
            if close is None:
                close = vers <= (1, 0)
        headers.append((name, text))
    if close is None:
        close = vers <= (1, 0)
    uri = target.decode("ascii")
    return end + 4, Request(method.decode("ascii"), uri, vers, headers, length, close)


class Env:
    """What a worker's environs share, made once (gunicorn makes its errors stream per request)."""

    def __init__(self, base: dict[str, Any], script_name: str = "") -> None:
        self.base = base
        self.script_name = script_name


def environ(
    env: Env, resp: Response, body: bytes, client: Any, server: Any, scheme: str
) -> dict[str, Any]:
    """gunicorn's environ for resp's request (wsgi.create), its body already received."""
    req, sock = resp.req, resp.sock
    e = dict(env.base)
    req.body = io.BytesIO(body)
    e["wsgi.input"] = req.body
    e["gunicorn.socket"] = sock
    e["REQUEST_METHOD"] = req.method
    e["QUERY_STRING"] = req.query
    e["RAW_URI"] = req.uri
    e["SERVER_PROTOCOL"] = "HTTP/{}.{}".format(*req.version)
    host = None
    repeated: dict[str, list[str]] = {}
    for name, value in req.headers:
        if name == "HOST":
            host = value
        elif name == "CONTENT-TYPE":
            e["CONTENT_TYPE"] = value
            continue
        elif name == "CONTENT-LENGTH":
            e["CONTENT_LENGTH"] = value
            continue
        key = "HTTP_" + name.replace("-", "_")
        if key in e:
            repeated.setdefault(key, [e[key]]).append(value)
        else:
            e[key] = value
    for key, values in repeated.items():
        e[key] = ",".join(values)
    e["wsgi.url_scheme"] = scheme
    if isinstance(client, str):
        e["REMOTE_ADDR"] = client
    elif isinstance(client, bytes):
        e["REMOTE_ADDR"] = client.decode()
    else:
        e["REMOTE_ADDR"] = client[0]
        e["REMOTE_PORT"] = str(client[1])
    e["SERVER_NAME"], e["SERVER_PORT"] = _server(server, host, scheme)
    e["PATH_INFO"] = util.unquote_to_wsgi_str(req.path) if "%" in req.path else req.path
    e["SCRIPT_NAME"] = env.script_name
    e["wsgi.early_hints"] = resp.early_hints()
    return e


def _server(server: Any, host: str | None, scheme: str) -> tuple[str, str]:
    """SERVER_NAME and SERVER_PORT as gunicorn derives them (a Unix socket's from Host)."""
    if not isinstance(server, str):
        return server[0], str(server[1])
    parts: list[Any] = list(server.split(":"))
    if len(parts) == 1:
        if host:
            parts = list(host.split(":"))
            if len(parts) == 1:
                parts.append(80 if scheme == "http" else 443 if scheme == "https" else "")
        else:
            parts.append("")
    return parts[0], str(parts[1])


_date: tuple[int, str] = (0, "")


def http_date() -> str:
    """gunicorn's Date value, made once per second (it has one-second resolution)."""
    global _date
    now = time.time()
    second = int(now)
    cached = _date
    if cached[0] != second:
        cached = (second, util.http_date(now))
        _date = cached
    return cached[1]


class Response:
    """gunicorn's HTTP/1 response for a plain request (never HEAD: see METHODS)."""

    def __init__(self, req: Request, sock: Any, must_close: bool) -> None:
        self.req = req
        self.sock = sock
        self.must_close = must_close
        self.status: str | None = None
        self.status_code: int | None = None
        self.headers: list[tuple[str, str]] = []
        self.headers_sent = False
        self.response_length: int | None = None
        self.chunked = False
        self.omits_body = False
        self.upgrade = False
        self.sent = 0

    def force_close(self) -> None:
        self.must_close = True

    def should_close(self) -> bool:
        if self.must_close or self.req.close:
            return True
        if self.response_length is not None or self.chunked:
            return False
        code = self.status_code
        return not (code is not None and (code < 200 or code in (204, 304)))

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], None]:
        if exc_info:
            try:
                if self.status and self.headers_sent:
                    util.reraise(exc_info[0], exc_info[1], exc_info[2])
            finally:
                exc_info = None
        elif self.status is not None:
            raise AssertionError("Response headers already set!")
        if not isinstance(status, str):
            raise TypeError(f"{status!r} is not a string")
        if not STATUS_RE.fullmatch(status):
            raise ValueError(f"Invalid status {status!r}")
        self.status = status
        try:
            self.status_code = code = int(status.split()[0])
        except ValueError:
            self.status_code = code = None
        self.headers = []
        self._take(headers)
        self.omits_body = code in (204, 304) or (code is not None and 100 <= code < 200)
        if self.omits_body and (code == 204 or (code is not None and code < 200)):
            self.headers = [(k, v) for k, v in self.headers if k.lower() != "content-length"]
            self.response_length = None
        self.chunked = (
            self.response_length is None and self.req.version > (1, 0) and not self.omits_body
        )
        return self.write

    def _take(self, headers: list[tuple[str, str]]) -> None:
        """The application's headers, checked as gunicorn checks them."""
        for name, value in headers:
            if not isinstance(name, str):
                raise TypeError(f"{name!r} is not a string")
            if not _TOKEN.fullmatch(name):
                raise InvalidResponseHeaderName(f"{name!r}")
            if not isinstance(value, str):
                raise TypeError(f"{value!r} is not a string")
            if not HEADER_VALUE_RE.fullmatch(value):
                raise InvalidResponseHeader(f"{name!r}")  # the name only: values may be secret
            value = value.strip(" \t")
            lname = name.lower()
            if lname == "content-length":
                self.response_length = int(value)
            elif lname in util.hop_headers:
                if lname == "connection" and value.lower() == "upgrade":
                    self.upgrade = True
                elif lname == "upgrade" and value.lower() == "websocket":
                    self.headers.append((name, value))
                continue
            self.headers.append((name, value))

    def _head(self) -> bytes:
        connection = "close" if self.should_close() else "keep-alive"
        if self.upgrade:
            connection = "upgrade"
        major, minor = self.req.version
        lines = [
            f"HTTP/{major}.{minor} {self.status}\r\n",
            f"Server: {SERVER}\r\nDate: {http_date()}\r\nConnection: {connection}\r\n",
        ]
        if self.chunked:
            lines.append("Transfer-Encoding: chunked\r\n")
        lines.extend(f"{k}: {v}\r\n" for k, v in self.headers)
        lines.append("\r\n")
        self.headers_sent = True
        return "".join(lines).encode("latin-1")

    def write(self, data: bytes) -> None:
        head = b"" if self.headers_sent else self._head()
        if not isinstance(data, bytes):
            raise TypeError(f"{data!r} is not a byte")
        if self.omits_body:
            data = b""
        elif self.response_length is not None:
            room = self.response_length - self.sent
            if len(data) > room:
                data = data[: max(room, 0)]
        self.sent += len(data)
        if self.chunked and data:
            data = b"%X\r\n%s\r\n" % (len(data), data)
        if head or data:
            self.sock.sendall(head + data)

    def close(self) -> None:
        head = b"" if self.headers_sent else self._head()
        end = b"0\r\n\r\n" if self.chunked else b""
        if head or end:
            self.sock.sendall(head + end)

    def early_hints(self) -> Callable[[list[tuple[str, str]]], None]:
        hints: Callable[[list[tuple[str, str]]], None] = _make_early_hints_callback(
            self.req, self.sock, self
        )
        return hints
