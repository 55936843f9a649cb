"""Assemble the WSGI application from the loaded plugins (the only place that knows them)."""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Iterable
from typing import Any

from slurmrestd import auth
from slurmrestd.api import Route, create_app, spec
from slurmrestd.auth.jwt import Jwt, Verifier
from slurmrestd.auth.local import Local
from slurmrestd.openapi import ACCOUNTING, CONTENT, MODULES
from slurmrestd.openapi.dataparser import PARSERS
from slurmrestd.server import slurmconf
from slurmrestd.server.settings import Settings

log = logging.getLogger("slurmrestd")

WSGIApp = Callable[..., Any]


class AppError(Exception):
    """A plugin cannot be loaded; the message says why."""


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


def auth_plugins(settings: Settings) -> list[auth.Plugin]:
    jwt_client = bool(os.environ.get("SLURM_JWT"))
    plugins: list[auth.Plugin] = []
    for name in settings.auth_plugins:
        if name == "rest_auth/local":
            plugins.append(Local(jwt_client=jwt_client))
        elif name == "rest_auth/jwt":
            try:
                verifier = Verifier.from_files(settings.jwt_key, settings.jwks)
            except (OSError, ValueError) as exc:
                raise AppError(f"unable to load the token verification key: {exc}") from None
            plugins.append(Jwt(jwt_client=jwt_client, verifier=verifier))
    return plugins


def startup_notes(settings: Settings) -> list[str]:
    """What an operator should know about the plugin set, logged once the daemon is up."""
    jwt_client = bool(os.environ.get("SLURM_JWT"))
    notes = []
    if jwt_client and "rest_auth/local" in settings.auth_plugins:
        notes.append(
            "rest_auth/local skips every request: with SLURM_JWT set, libslurm can only "
            "authenticate with the client's token"
        )
    if not jwt_client and "rest_auth/jwt" in settings.auth_plugins:
        notes.append(
            "rest_auth/jwt rejects every token: set SLURM_JWT=daemon so libslurm passes "
            "tokens to Slurm"
        )
    if settings.openapi_default and plugin_names(settings) != list(settings.openapi_plugins):
        notes.append(
            f"{' and '.join(ACCOUNTING)} not loaded: slurm.conf does not send "
            "accounting to slurmdbd (AccountingStorageType=accounting_storage/slurmdbd)"
        )
    return notes


def plugin_names(settings: Settings) -> list[str]:
    """The plugins to load: the accounting ones need slurmdbd (a fatal error when asked
    for by name, left out of the default set)."""
    names = list(settings.openapi_plugins)
    wanted = [n for n in names if n in ACCOUNTING]
    if not wanted:
        return names
    try:
        with_dbd = slurmconf.with_slurmdbd(settings.slurm_conf)
    except OSError as exc:
        raise AppError(
            f"Unable to read Slurm configuration {slurmconf.path(settings.slurm_conf)}: "
            f"{exc.strerror}"
        ) from None
    if with_dbd:
        return names
    if not settings.openapi_default:
        raise AppError("slurm_openapi_p_init: slurm not configured with slurmdbd")
    return [n for n in names if n not in ACCOUNTING]


def openapi_plugins(settings: Settings) -> list[spec.Plugin]:
    loaded = []
    for name in plugin_names(settings):
        module = MODULES.get(name)
        if module is None:
            raise AppError(f"Unable to find plugin: {name}")
        plugin = importlib.import_module(module).plugin
        if name in CONTENT:
            loaded.append(plugin(getattr(settings, "data_parsers", None) or PARSERS))
        else:
            loaded.append(plugin())
    return loaded


def build(settings: Settings, middleware: Iterable[object] = ()) -> WSGIApp:
    plugins = openapi_plugins(settings)
    document = spec.document(plugins, version=f"{plugins[0].title}" if plugins else "")
    routes = [Route(path, resource) for p in plugins for path, resource in p.routes]
    spec_resource = spec.SpecResource(document)
    routes += [Route(path, spec_resource) for path in spec.SPEC_PATHS]
    app = create_app(
        authenticate=auth.chain(auth_plugins(settings)),
        routes=routes,
        max_body_size=settings.max_body_size,
        middleware=middleware,
    )
    return close_when_asked(app)
