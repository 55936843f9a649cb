"""Content negotiation as the releases' C daemons do it: the one place that picks how a
request body is read (Content-Type) and how the answer is written (Accept).

design: a release registers media types per serializer (JSON, YAML, URL-encoded);
``Media`` holds that list and the answers where the releases differ (filled from
slurmrestd.slurm.releases by the server layer; the defaults are 22.05's).  The gate
puts the rules of the request's path on ``req.context.media`` (the old versions'
paths keep 22.05's); every resource calls ``negotiate()`` once the route and method
are known (a 404 or 405 comes first, as in the reference), then ``read_body()`` and
``send()``.

The reference's Accept rule, kept: the list is split on ",", an entry's quality is
read only when its first parameter is ``q=``, the entries are tried in *ascending*
quality (equal ones in the order given) and the first type a serializer registered
wins; ``*/*`` is JSON; no Accept header is JSON; nothing known is a 415.  The YAML
written is the reference's: ``%YAML 1.1``, an explicit document start and end, every
node tagged (``!!map``, ``!!seq``, ``!!str``, ``!!int``, ``!!float`` as ``%lf``,
``!!bool``, ``!!null``), emitted by PyYAML (its libyaml emitter when present, the one
the reference uses, so the text is the reference's byte for byte).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import falcon
import yaml
from yaml import events

from slurmrestd.api import envelope
from slurmrestd.api.errors import (
    STATUS_BAD_REQUEST,
    STATUS_INTERNAL,
    UNPARSABLE,
    UNPARSABLE_PATH,
    RouterError,
)

JSON = "application/json"
URL_ENCODED = "application/x-www-form-urlencoded"
STATUS_UNSUPPORTED = "415 UNSUPPORTED MEDIA TYPE"
STATUS_UNPROCESSABLE = "422 UNPROCESSABLE CONTENT"

# The serializers' names for what Media.read_body answers.
KIND_JSON, KIND_YAML, KIND_URL = "json", "yaml", "url-encoded"


@dataclass(frozen=True)
class Answer:
    """A text/plain answer of the daemon (status line, body; "" for none)."""

    status: str
    text: str


@dataclass(frozen=True)
class Media:
    """The media types a release's C daemon registers and what it answers around them.
    The defaults are 22.05's."""

    json_types: tuple[str, ...] = (JSON, "application/jsonrequest")
    yaml_types: tuple[str, ...] = ("application/x-yaml", "text/yaml")
    # Accept names nothing a serializer registered.
    unknown_accept: Answer = Answer(STATUS_UNSUPPORTED, "Accept content type is unknown")
    # Accept chose URL-encoded, which only reads: the handler has run (a job is
    # submitted), then writing fails.  22.05's and 24.11's end the headers unterminated
    # and close; ours ends them, with no body.
    url_encoded_answer: Answer = Answer(STATUS_INTERNAL, "")
    # Content-Type names nothing a serializer registered.
    unknown_content: Answer = Answer(STATUS_BAD_REQUEST, UNPARSABLE)
    # A body its serializer cannot read.
    bad_json: Answer = Answer(STATUS_BAD_REQUEST, UNPARSABLE)
    bad_yaml: Answer = Answer(STATUS_BAD_REQUEST, UNPARSABLE)
    bad_url_encoded: Answer = Answer(STATUS_BAD_REQUEST, UNPARSABLE)
    # A path the URL parser refuses (slurmrestd.slurm.releases.Media.bad_path).
    bad_path: Answer = Answer(STATUS_BAD_REQUEST, UNPARSABLE_PATH)
    drop_dot_segments: bool = False
    # SLURMRESTD_YAML=compact: no line folding (22.05 does not read it: always pretty).
    yaml_compact: bool = False
    # A body on another method than POST (22.05), or beside a URL query (24.11 on).
    body_post_only: bool = True
    unexpected_body: Answer = Answer(
        STATUS_BAD_REQUEST, "Unexpected http body provided for non-POST method"
    )

    def resolve(self, media_type: str) -> str | None:
        """The registered type a media type names (its registered spelling), or None."""
        if media_type == "*/*":
            return JSON
        wanted = media_type.lower()
        for registered in (*self.json_types, *self.yaml_types, URL_ENCODED):
            if registered.lower() == wanted:
                return registered
        return None

    def kind(self, registered: str) -> str:
        if registered in self.json_types:
            return KIND_JSON
        if registered in self.yaml_types:
            return KIND_YAML
        return KIND_URL


_Q = re.compile(r"q=\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")


def accept_entries(accept: str) -> list[tuple[str, float]]:
    """An Accept header as the reference reads it: (type, q) in the order tried."""
    entries: list[tuple[str, float]] = []
    for part in accept.split(","):
        if not part.strip():
            continue
        fields = [f for f in part.split(";") if f.strip()]
        media_type = fields[0].strip() if fields else ""
        q = 1.0
        rest = part.split(";", 1)[1].strip() if ";" in part.strip(";") else ""
        match = _Q.match(rest)
        if match:
            q = float(match.group(1))
        entries.append((media_type, q))
    # Ascending quality, as the reference sorts them (ties keep their order).
    return sorted(entries, key=lambda e: e[1])


def choose_writer(media: Media, accept: str | None) -> str | None:
    """The registered type the answer is written in, or None (a 415)."""
    if accept is None:
        return JSON
    for media_type, _ in accept_entries(accept):
        found = media.resolve(media_type)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class Negotiated:
    media: Media
    writer: str  # the registered type the answer is written in (its Content-Type)
    reader: str  # the registered type the body is read as; URL_ENCODED without one
    content_type: str | None  # as sent
    has_body: bool = False


def media_of(req: falcon.Request) -> Media:
    media = getattr(req.context, "media", None)
    return media if isinstance(media, Media) else DEFAULT


def negotiate(req: falcon.Request) -> Negotiated:
    """The writer and reader of a routed request; a 415 when Accept names nothing known."""
    media = media_of(req)
    writer = choose_writer(media, req.get_header("Accept"))
    if writer is None:
        raise RouterError(media.unknown_accept.status, media.unknown_accept.text)
    content_type = req.content_type
    has_body = bool(req.content_length) or bool(req.get_header("Transfer-Encoding"))
    # A chunked body on a method without one is skipped, as before (22.05's daemon
    # answers any chunked request 406; ours refuses a chunked body it must read: 411).
    if req.content_length and (
        req.method != "POST" if media.body_post_only else bool(req.query_string)
    ):
        raise RouterError(media.unexpected_body.status, media.unexpected_body.text)
    # No Content-Type: URL-encoded; a Content-Type without a body is ignored.
    reader = URL_ENCODED if content_type is None or not has_body else content_type
    return Negotiated(media, writer, reader, content_type, has_body)


NO_BODY = object()  # parse_body: the request had no body (JSON's null is None)


def body_as_query(parsed: Any) -> dict[str, Any]:
    """A body read where the reference reads it as the query (24.11 on, not a POST): an
    object's scalars as a URL query's strings (null stays null); any other shape is an
    empty query."""
    if not isinstance(parsed, dict):
        return {}
    query: dict[str, Any] = {}
    for key, value in parsed.items():
        if value is None or isinstance(value, str):
            query[str(key)] = value
        elif isinstance(value, bool):
            query[str(key)] = "true" if value else "false"
        elif isinstance(value, (int, float)):
            query[str(key)] = str(value)
    return query


def parse_body(neg: Negotiated, raw: bytes, url_parser: Any) -> Any:
    """The body as its Content-Type says (NO_BODY when empty), or the release's refusal."""
    media = neg.media
    if not raw.strip():
        return NO_BODY
    registered = media.resolve(neg.reader) if neg.reader != "*/*" else None
    if registered is None:
        raise RouterError(media.unknown_content.status, media.unknown_content.text)
    kind = media.kind(registered)
    if kind == KIND_JSON:
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise RouterError(media.bad_json.status, media.bad_json.text) from None
    if kind == KIND_YAML:
        try:
            # Aliases are refused, as the reference's parser does (and no alias can
            # multiply a small body into a large document).
            if any(isinstance(e, events.AliasEvent) for e in yaml.parse(raw, Loader=_Loader)):
                raise ValueError("YAML aliases are not supported")
            return yaml.load(raw, Loader=_Loader)  # safe constructors only
        except (yaml.YAMLError, ValueError, TypeError, UnicodeDecodeError, RecursionError):
            raise RouterError(media.bad_yaml.status, media.bad_yaml.text) from None
    try:
        parsed = url_parser(raw.decode("latin-1"))
    except ValueError:
        parsed = None
    if parsed is None:
        raise RouterError(media.bad_url_encoded.status, media.bad_url_encoded.text)
    return parsed


# YAML read as the reference reads it: an untagged scalar is a string ("123", "true"
# and "" included: the handlers convert as they do JSON text), an explicit tag
# (!!int, !!bool, !!null, !!float, !!str) converts.
class _PyLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    yaml.resolver.BaseResolver,
):
    def __init__(self, stream: Any) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)


_Loader: Any = _PyLoader
_CEmitter: Any = None
try:
    from yaml._yaml import CEmitter as _CEmitter
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.constructor.SafeConstructor, yaml.resolver.BaseResolver):
        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

    _Loader = _CLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml: its Python twins
    pass


_TAG = "tag:yaml.org,2002:"
_EXPLICIT = (False, False)


_MAP_START = events.MappingStartEvent(None, _TAG + "map", False)
_MAP_END = events.MappingEndEvent()
_SEQ_START = events.SequenceStartEvent(None, _TAG + "seq", False)
_SEQ_END = events.SequenceEndEvent()
_NULL = events.ScalarEvent(None, _TAG + "null", _EXPLICIT, "null")
_TRUE = events.ScalarEvent(None, _TAG + "bool", _EXPLICIT, "true")
_FALSE = events.ScalarEvent(None, _TAG + "bool", _EXPLICIT, "false")


@functools.lru_cache(maxsize=8192)
def _text(value: str) -> events.ScalarEvent:
    """A !!str scalar's event: keys and repeated values are made once (the emitters
    only read them)."""
    return events.ScalarEvent(None, _TAG + "str", _EXPLICIT, value)


def _emit(node: Any, emit: Callable[[events.Event], None]) -> None:
    """The events of a document, handed to emit one by one (depth first)."""
    if isinstance(node, dict):
        emit(_MAP_START)
        for key, value in node.items():
            emit(_text(str(key)))
            _emit(value, emit)
        emit(_MAP_END)
    elif isinstance(node, (list, tuple)):
        emit(_SEQ_START)
        for value in node:
            _emit(value, emit)
        emit(_SEQ_END)
    elif node is None or isinstance(node, envelope.NullText):
        emit(_NULL)
    elif node is True:
        emit(_TRUE)
    elif node is False:
        emit(_FALSE)
    elif isinstance(node, int):
        emit(events.ScalarEvent(None, _TAG + "int", _EXPLICIT, str(int(node))))
    elif isinstance(node, float):
        emit(events.ScalarEvent(None, _TAG + "float", _EXPLICIT, f"{node:f}"))
    elif isinstance(node, str) and len(node) <= 64:
        emit(_text(str(node)))
    else:
        emit(events.ScalarEvent(None, _TAG + "str", _EXPLICIT, str(node)))


class _PyEmitter(yaml.emitter.Emitter):
    """PyYAML's own emitter, choosing a plain scalar for a tagged one where libyaml's
    does (the pure-Python one quotes every explicitly tagged scalar)."""

    def choose_scalar_style(self) -> str:
        event = self.event
        assert isinstance(event, events.ScalarEvent)
        if self.analysis is None:
            self.analysis = self.analyze_scalar(event.value)
        if not event.style and not self.canonical:
            a = self.analysis
            plain = a.allow_flow_plain if self.flow_level else a.allow_block_plain
            if (
                plain
                and not (self.simple_key_context and a.multiline)
                and not (a.empty and (self.flow_level or self.simple_key_context))
            ):
                return ""
        return str(super().choose_scalar_style())


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)


def yaml_dumps(document: Any, *, compact: bool = False, pure: bool = False) -> bytes:
    """The document as the reference's YAML serializer writes it."""
    width = 1 << 30 if compact else None
    out = _Writer()
    emitter = (
        _PyEmitter(out, width=width, allow_unicode=True)
        if pure or _CEmitter is None
        else _CEmitter(out, width=width, allow_unicode=True)
    )
    emitter.emit(events.StreamStartEvent(encoding=None))
    emitter.emit(events.DocumentStartEvent(explicit=True, version=(1, 1)))
    _emit(document, emitter.emit)
    emitter.emit(events.DocumentEndEvent(explicit=True))
    emitter.emit(events.StreamEndEvent())
    if hasattr(emitter, "dispose"):
        emitter.dispose()
    return "".join(out.parts).encode()


DEFAULT = Media()


def send(resp: falcon.Response, neg: Negotiated, status: str, document: Any) -> None:
    """The answer written as negotiated: a dict, or envelope.Serialized JSON bytes."""
    if neg.writer == URL_ENCODED:
        answer = neg.media.url_encoded_answer
        resp.status = answer.status
        resp.set_header("Connection", "Close")
        # No text: no Content-Type at all ("" is dropped by the server's WSGI wrapper).
        resp.content_type = URL_ENCODED if answer.text else ""
        resp.data = answer.text.encode()
        return
    resp.status = status
    if status.startswith("304"):
        # Not modified: no body and no Content-Type, as the reference (RFC 7232 4.1).
        resp.content_type = ""
        resp.data = b""
        return
    if status[:1] in "45":
        # A handler's error: the reference closes the connection after it.
        resp.set_header("Connection", "Close")
    if isinstance(document, envelope.Serialized):
        if not document.data:  # e.g. a 304: no body
            resp.content_type = JSON
            resp.data = b""
            return
        if neg.media.kind(neg.writer) == KIND_JSON:
            resp.content_type = neg.writer
            resp.data = document.data
            return
        document = json.loads(document.data)
    resp.content_type = neg.writer
    if neg.media.kind(neg.writer) == KIND_YAML:
        resp.data = yaml_dumps(document, compact=neg.media.yaml_compact)
    else:
        resp.data = envelope.dumps(document)
