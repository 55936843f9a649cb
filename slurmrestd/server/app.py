"""Assemble the WSGI application from the loaded plugins (the only place that knows them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import falcon

from slurmrestd.api import Route, create_app
from slurmrestd.server.settings import Settings

WSGIApp = Callable[..., Any]


def _no_identity(req: falcon.Request) -> None:
    # Authentication plugins arrive with the libslurm binding (issue #4); until
    # then no request is authenticated, and every request gets the reference's 401.
    return None


def close_when_asked(app: WSGIApp) -> WSGIApp:
    """Honour `Connection: Close` from the application (gunicorn drops hop-by-hop headers)."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if any(k.lower() == "connection" and v.lower() == "close" for k, v in headers):
                force_close = getattr(
                    getattr(start_response, "__self__", None), "force_close", None
                )
                if force_close is not None:
                    force_close()
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return wrapped


def build(settings: Settings) -> WSGIApp:
    routes: list[Route] = []
    return close_when_asked(create_app(authenticate=_no_identity, routes=routes))
