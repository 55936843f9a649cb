"""The HTTP application: router semantics, authentication gate and error bodies of the reference.

design: a Falcon WSGI app assembled from route tables given by the server
layer (this package never imports a plugin).  Paths are normalised the way
the C daemon's router does (``//jobs//`` is ``/jobs``).  Authentication runs
before routing, so an unauthenticated request for an unknown path is a 401,
as in the reference.  Router errors are text/plain with the reference's
status lines and texts, and close the connection.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import falcon

from slurmrestd.api import media as _media

log = logging.getLogger("slurmrestd.api")

from slurmrestd.api.errors import (  # noqa: E402 - re-exported
    STATUS_INTERNAL,
    STATUS_NOT_ALLOWED,
    STATUS_NOT_FOUND,
    STATUS_UNAUTHORIZED,
    TEXT_NOT_ALLOWED,
    TEXT_NOT_FOUND,
    TEXT_UNAUTHORIZED,
    RouterError,
)

_SLASHES = re.compile(r"/{2,}")
# A path as the C daemons' URL parser takes it: unreserved characters, '/', and %XX
# escapes but %00 and %FF.
_PARSABLE_PATH = re.compile(r"(?:[A-Za-z0-9._~/-]|%(?!00|[Ff]{2})[0-9A-Fa-f]{2})*")

# authenticate(req) -> an identity object, or None when no plugin accepted the request.
Authenticator = Callable[[falcon.Request], Any]


@dataclass(frozen=True)
class Route:
    path: str
    resource: object


def _plain(resp: falcon.Response, status: str, text: str) -> None:
    resp.status = status
    resp.content_type = "text/plain"
    resp.text = text
    resp.set_header("Connection", "Close")
    resp.complete = True


class _Gate:
    """Normalise the path, then require an identity before any route is looked up."""

    def __init__(self, authenticate: Authenticator, media: MediaRules | None = None) -> None:
        self.authenticate = authenticate
        self.media = media or MediaRules()

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        path = _SLASHES.sub("/", req.path)
        if len(path) > 1:
            path = path.rstrip("/")
        req.path = path
        identity = self.authenticate(req)
        if identity is None:
            raise RouterError(STATUS_UNAUTHORIZED, TEXT_UNAUTHORIZED)
        media = self.media.for_path(path)
        # As the reference, once authenticated: the path as sent is parsed (characters,
        # escapes) and has no ".." segment; the query is read once routed (Resource).
        segments = path.split("/")
        if not _PARSABLE_PATH.fullmatch(_raw_path(req)) or "\x00" in path or ".." in segments:
            raise RouterError(media.bad_path.status, media.bad_path.text)
        if media.drop_dot_segments and "." in segments:
            req.path = "/".join(s for s in segments if s != ".") or "/"
        req.context.identity = identity
        req.context.media = media


def _raw_path(req: falcon.Request) -> str:
    """The path as the client sent it (gunicorn's RAW_URI: origin or absolute form)."""
    raw = req.env.get("RAW_URI")
    if not raw:
        return ""
    raw = raw.split("#", 1)[0].split("?", 1)[0]
    if not raw.startswith("/"):
        raw = urlsplit(raw).path
    return str(raw)


@dataclass(frozen=True)
class RouterAnswers:
    """What the router answers where the releases' C daemons differ: the 404 text, and
    whether a method a known path lacks is 405 (22.05) or that 404 (24.11 on).  Below the
    ``legacy`` prefixes (the old versions' "/slurm/v0.0.38/") it answers as 22.05's, the
    newest daemon that served them."""

    not_found: str = TEXT_NOT_FOUND
    method_not_allowed: bool = True
    legacy: tuple[str, ...] = ()


@dataclass(frozen=True)
class MediaRules:
    """The content negotiation of the release we run on, and 22.05's below the old
    versions' prefixes (as RouterAnswers.legacy)."""

    current: _media.Media = _media.DEFAULT
    legacy_media: _media.Media = _media.DEFAULT
    legacy: tuple[str, ...] = ()

    def for_path(self, path: str) -> _media.Media:
        if self.legacy and f"{path}/".startswith(self.legacy):
            return self.legacy_media
        return self.current


def _router_error(answers: RouterAnswers) -> Callable[..., None]:
    def handle(req: falcon.Request, resp: falcon.Response, ex: Exception, params: Any) -> None:
        legacy = f"{req.path}/".startswith(answers.legacy) if answers.legacy else False
        not_found = TEXT_NOT_FOUND if legacy else answers.not_found
        if isinstance(ex, RouterError) and ex.text != TEXT_NOT_FOUND:
            _plain(resp, ex.status, ex.text)
        elif isinstance(ex, falcon.HTTPMethodNotAllowed) and (legacy or answers.method_not_allowed):
            _plain(resp, STATUS_NOT_ALLOWED, TEXT_NOT_ALLOWED)
        else:
            _plain(resp, STATUS_NOT_FOUND, not_found)

    return handle


def _refused(req: falcon.Request, resp: falcon.Response, ex: Exception, params: Any) -> None:
    """A request refused before any route ran (e.g. an unknown method, a body too large):
    one line in the log, a text/plain answer, and the connection closed (a body the
    request announced is never read)."""
    assert isinstance(ex, falcon.HTTPError)
    status = falcon.code_to_http_status(ex.status)
    text = ex.description or ex.title or ""
    log.warning("Refused request from ip=%s: %s: %s", req.remote_addr, status, text)
    _plain(resp, status, text)


def _unexpected(req: falcon.Request, resp: falcon.Response, ex: Exception, params: Any) -> None:
    # Never a traceback to a client: log it, answer a bare 500.
    log.error("unhandled error on %s %s", req.method, req.path, exc_info=ex)
    resp.status = STATUS_INTERNAL
    resp.content_type = "text/plain"
    resp.text = "Internal error"


def create_app(
    *,
    authenticate: Authenticator,
    routes: Iterable[Route] = (),
    max_body_size: int | None = None,
    middleware: Iterable[object] = (),
    answers: RouterAnswers | None = None,
    media: MediaRules | None = None,
) -> falcon.App:
    # Outer middleware first: it sees every request, the gate's 401s included.
    stack: list[Any] = [*middleware, _Gate(authenticate, media)]
    app = falcon.App(middleware=stack)
    app.req_options.strip_url_path_trailing_slash = True
    app.req_options.auto_parse_qs_csv = False
    app.add_error_handler(Exception, _unexpected)
    app.add_error_handler(falcon.HTTPError, _refused)
    router_error = _router_error(answers or RouterAnswers())
    app.add_error_handler(falcon.HTTPNotFound, router_error)
    app.add_error_handler(falcon.HTTPMethodNotAllowed, router_error)
    app.add_error_handler(RouterError, router_error)
    for route in routes:
        if max_body_size is not None and hasattr(route.resource, "max_body_size"):
            route.resource.max_body_size = max_body_size
        # Requests are matched without their trailing slash (the gate strips it); a
        # document may still write a path with one, as the reference's do.
        path = route.path.rstrip("/") if len(route.path) > 1 else route.path
        app.add_route(path, route.resource)
    return app
