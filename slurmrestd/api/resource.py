"""One long-lived resource per route; operations are declared, not hand-wired.

design: a Resource maps HTTP methods to Operation handlers.  A handler gets
the request's identity, path parameters, query and parsed body, and returns
(status, body); the resource wraps the body in the reference envelope.  A
method with no operation is the router's 405; a body above the limit is a 413
before it is read; a body that is not a JSON object is a 400.
"""

from __future__ import annotations

import functools
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import falcon

from slurmrestd import defaults
from slurmrestd.api import envelope, media
from slurmrestd.api.errors import STATUS_BAD_REQUEST, UNPARSABLE, RouterError


@dataclass(frozen=True)
class Call:
    """What a handler sees of one request."""

    identity: Any
    params: dict[str, str]
    query: dict[str, Any]
    body: dict[str, Any] | None
    # The JSON document as sent when the operation takes any shape of body.
    raw_body: Any = None
    # The client as the reference names it in messages: [host]:port
    peer: str = ""
    # The connection's descriptor in this process (-1 when unknown), for meta.client.source.
    fd: int = -1
    # The answer is written other than as JSON (YAML): a handler returns the document
    # itself, never envelope.Serialized JSON bytes (a rendering that may have lost what
    # only YAML tells apart, envelope.NullText).
    plain: bool = False


Handler = Callable[[Call], tuple[str, dict[str, Any]]]
# How a family wraps a payload: (call, errors, payload) -> the whole document.
Wrap = Callable[[Call, list[dict[str, Any]], dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Operation:
    handler: Handler
    summary: str
    operation_id: str
    parameters: tuple[str, ...] = ()  # query parameter names, for the spec
    body: bool = False
    any_body: bool = False  # the handler checks the document's shape itself
    # For the OpenAPI document: schemas of the payload keys beside meta/errors, and of the body.
    response: tuple[tuple[str, Any], ...] = ()
    request: Any = None
    tags: tuple[str, ...] = ("slurm",)
    # The whole OpenAPI operation object, when the plugin writes it itself (the data_parser
    # versions: their parameters, schemas and deprecation as the reference writes them).
    doc: Any = None


@dataclass
class Resource:
    meta: dict[str, Any]
    operations: dict[str, Operation] = field(default_factory=dict)
    max_body_size: int = defaults.MAX_BODY_SIZE
    # None: the legacy envelope ({meta, errors, **payload}, meta fixed per plugin).
    wrap: Wrap | None = None

    def _run(self, req: falcon.Request, resp: falcon.Response, params: dict[str, str]) -> None:
        op = self.operations.get(req.method)
        if op is None:
            raise falcon.HTTPMethodNotAllowed(sorted(self.operations))
        neg = media.negotiate(req)
        raw = self._body(req, neg) if op.body else None
        if raw is media.NO_BODY:
            # No body: the reference hands the handler an empty object (its URL-encoded
            # reading of nothing); the handlers of any body see None.
            raw = None if op.any_body else {}
        body = raw if isinstance(raw, dict) else None
        if op.body and not op.any_body and body is None:
            raise RouterError(STATUS_BAD_REQUEST, UNPARSABLE)
        # As the reference: a POST's query is its body; other methods parse the URL's.
        query = {} if req.method == "POST" else url_query(req, neg)
        if not op.body and req.content_length:
            # 24.11 on (22.05 refused it in negotiate): the body is the query.
            query = media.body_as_query(self._body(req, neg))
        try:
            plain = neg.media.kind(neg.writer) != media.KIND_JSON
            call = Call(req.context.identity, params, query, body, raw, _peer(req), _fd(req), plain)
            status, document = op.handler(call)
            errors: list[dict[str, Any]] = []
        except envelope.ApiError as exc:
            status, document, errors = exc.status, exc.body, exc.errors
        if isinstance(document, envelope.Serialized):
            media.send(resp, neg, status, document)
            return
        if self.wrap is not None:
            media.send(resp, neg, status, self.wrap(call, errors, document))
            return
        media.send(resp, neg, status, {"meta": self.meta, "errors": errors, **document})

    def _body(self, req: falcon.Request, neg: media.Negotiated) -> Any:
        length = req.content_length
        if length is not None and length > self.max_body_size:
            raise falcon.HTTPContentTooLarge(title="Request body too large")
        if length is None and req.get_header("Transfer-Encoding"):
            # A chunked body's size is only known once it has all arrived (a chunk may
            # announce more than any limit, then stall): as the reference, refuse it.
            raise falcon.HTTPLengthRequired(
                description="A request body needs a Content-Length (chunked is not accepted)"
            )
        raw = req.bounded_stream.read(self.max_body_size + 1)
        if len(raw) > self.max_body_size:
            raise falcon.HTTPContentTooLarge(title="Request body too large")
        # As its Content-Type says (none: URL-encoded), or the release's refusal.
        return media.parse_body(neg, raw, parse_query)

    def on_get(self, req: falcon.Request, resp: falcon.Response, **params: str) -> None:
        self._run(req, resp, params)

    def on_post(self, req: falcon.Request, resp: falcon.Response, **params: str) -> None:
        self._run(req, resp, params)

    def on_delete(self, req: falcon.Request, resp: falcon.Response, **params: str) -> None:
        self._run(req, resp, params)


_URL_SAFE = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ~-._")
_HEX = frozenset("0123456789abcdefABCDEF")


def url_query(req: falcon.Request, neg: media.Negotiated) -> dict[str, Any]:
    """A routed request's URL query; the release's answer to one its parser refuses (the
    C daemons read it once the path has found its route, whatever the route)."""
    query = parse_query(req.query_string)
    if query is None:
        raise RouterError(neg.media.bad_url_encoded.status, neg.media.bad_url_encoded.text)
    return query


def parse_query(raw: str) -> dict[str, Any] | None:
    """A URL query as the reference reads it; None where it refuses the request.

    Only unreserved characters, %XX escapes (not %00 or %FF), '+' for a space,
    '&' or ';' between pairs and one '=' per pair are accepted; a key without a
    value is null; a repeated key keeps its last value.  (24.11 on read a key without
    '=' as true, which their data_parser then refuses by type: not done here, see
    tests/reliability/RESULTS.md.)
    """
    out: dict[str, Any] = {}
    key: str | None = None
    buf: list[str] | None = None

    def flush() -> None:
        nonlocal key, buf
        if key is None and buf is not None:
            out["".join(buf)] = None
        elif key is not None:
            out[key] = None if buf is None else "".join(buf)
        key, buf = None, None

    data = raw.encode("latin-1", "replace")
    i = 0
    while i < len(data):
        ch = chr(data[i])
        if ch in _URL_SAFE:
            buf = [*(buf or []), ch]
        elif ch == "%":
            pair = data[i + 1 : i + 3].decode("latin-1")
            if len(pair) != 2 or not set(pair) <= _HEX or int(pair, 16) in (0, 0xFF):
                return None
            buf = [*(buf or []), chr(int(pair, 16))]
            i += 2
        elif ch == "+":
            buf = [*(buf or []), " "]
        elif ch in "&;":
            flush()
        elif ch == "=":
            if key is None and buf is None:
                return None
            if key is None:
                key, buf = "".join(buf or []), None
            elif buf is not None:
                return None
        else:
            return None
        i += 1
    flush()
    # Escapes decode to bytes; the reference then treats the value as a C string.
    return {
        k.encode("latin-1").decode("utf-8", "replace"): (
            v.encode("latin-1").decode("utf-8", "replace") if isinstance(v, str) else v
        )
        for k, v in out.items()
    }


def _peer(req: falcon.Request) -> str:
    """[host]:port of the client, the reference's name for a connection."""
    addr = req.remote_addr or ""
    port = req.env.get("REMOTE_PORT", "")
    host = _host_name(addr)
    return f"[{host}]:{port}" if port else f"[{host}]"


def _fd(req: falcon.Request) -> int:
    sock = req.env.get("gunicorn.socket")
    try:
        return int(sock.fileno()) if sock is not None else -1
    except (OSError, ValueError):
        return -1


@functools.lru_cache(maxsize=256)
def _host_name(addr: str) -> str:
    try:
        return socket.getnameinfo((addr, 0), socket.NI_NAMEREQD)[0] if addr else "local"
    except (OSError, UnicodeError):
        return addr
