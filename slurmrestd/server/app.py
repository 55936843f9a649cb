"""Assemble the WSGI application from the loaded plugins (the only place that knows them)."""

from __future__ import annotations

import dataclasses
import importlib
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import falcon

from slurmrestd import auth, defaults, slurm
from slurmrestd.api import MediaRules, Route, RouterAnswers, create_app, envelope, media, spec
from slurmrestd.api.errors import STATUS_NOT_FOUND, TEXT_NOT_FOUND, RouterError
from slurmrestd.api.resource import parse_query, url_query
from slurmrestd.auth.jwt import Jwt, Verifier
from slurmrestd.auth.local import Local
from slurmrestd.openapi import ACCOUNTING, CONTENT, MODULES
from slurmrestd.openapi.dataparser import PARSERS, Parser
from slurmrestd.server import slurmconf
from slurmrestd.server.settings import RESPONSE_STATUS_CODES, Settings
from slurmrestd.slurm import releases

log = logging.getLogger("slurmrestd")

WSGIApp = Callable[..., Any]


class AppError(Exception):
    """A plugin cannot be loaded; the message says why."""


def close_when_asked(app: WSGIApp) -> WSGIApp:
    """Honour `Connection: Close` from the application (gunicorn drops hop-by-hop headers),
    and send no Content-Type where the application set an empty one (falcon would name
    its default type)."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers = [(k, v) for k, v in headers if v or k.lower() != "content-type"]
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
    daemon = slurm.release().daemon
    plugins: list[auth.Plugin] = []
    for name in settings.auth_plugins:
        if name == "rest_auth/local":
            plugins.append(Local(jwt_client=jwt_client))
        elif name == "rest_auth/jwt":
            try:
                verifier = Verifier.from_files(settings.jwt_key, settings.jwks)
            except (OSError, ValueError) as exc:
                raise AppError(f"unable to load the token verification key: {exc}") from None
            plugins.append(
                Jwt(
                    jwt_client=jwt_client,
                    verifier=verifier,
                    bearer=daemon.auth_bearer,
                    token_alone=daemon.auth_token_alone,
                )
            )
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
    notes += settings.data_parser_notes
    if settings.openapi_default and plugin_names(settings) != list(settings.openapi_plugins):
        notes.append(
            f"{' and '.join(ACCOUNTING)} not loaded: slurm.conf does not send "
            "accounting to slurmdbd (AccountingStorageType=accounting_storage/slurmdbd)"
        )
    return notes


def plugin_names(settings: Settings, *, spec_only: bool = False) -> list[str]:
    """The plugins to load: the accounting ones need slurmdbd (a fatal error when asked
    for by name, left out of the default set).  For the document alone
    (--generate-openapi-spec) a slurm.conf that cannot be read is no error: every plugin
    asked for is in it, as the reference does."""
    names = list(settings.openapi_plugins)
    wanted = [n for n in names if n in ACCOUNTING]
    if not wanted:
        return names
    try:
        with_dbd = slurmconf.with_slurmdbd(settings.slurm_conf)
    except OSError as exc:
        if spec_only:
            return names
        raise AppError(
            f"Unable to read Slurm configuration {slurmconf.path(settings.slurm_conf)}: "
            f"{exc.strerror}"
        ) from None
    if with_dbd:
        return names
    if not settings.openapi_default:
        raise AppError("slurm_openapi_p_init: slurm not configured with slurmdbd")
    return [n for n in names if n not in ACCOUNTING]


@dataclass(frozen=True)
class LoadedParser(Parser):
    """A data_parser version as -d loaded it: with the +flags chosen, in the version's
    order of them (the content plugins read them: content.chosen_flags)."""

    chosen: tuple[str, ...] = ()


def loaded_parsers(settings: Settings) -> list[Parser]:
    """The data_parser versions to bind (-d; all by default), each with its +flags."""
    loaded: list[Parser] = []
    for parser in settings.data_parsers or PARSERS:
        chosen = settings.data_parser_flags.get(parser.version, frozenset())
        if chosen:
            flags = tuple(f for f in parser.flags if f in chosen)
            parser = LoadedParser(**dataclasses.asdict(parser), chosen=flags)
        loaded.append(parser)
    return loaded


def openapi_plugins(settings: Settings, *, spec_only: bool = False) -> list[spec.Plugin]:
    loaded = []
    for name in plugin_names(settings, spec_only=spec_only):
        module = MODULES.get(name)
        if module is None:
            raise AppError(f"Unable to find plugin: {name}")
        plugin = importlib.import_module(module).plugin
        if name in CONTENT:
            loaded.append(plugin(loaded_parsers(settings)))
        else:
            loaded.append(plugin())
    return loaded


def _status_codes(
    document: dict[str, Any], plugins: list[spec.Plugin], codes: Sequence[str]
) -> None:
    """SLURMRESTD_RESPONSE_STATUS_CODES: every operation of the content plugins lists these
    responses, each the operation's 200 response (as the reference's document does)."""
    if tuple(codes) == RESPONSE_STATUS_CODES:
        return
    content_paths = {path for p in plugins if p.name in CONTENT for path, _ in p.routes}
    for path in content_paths:
        for operation in document["paths"].get(path, {}).values():
            responses = operation.get("responses", {})
            answer = responses.get("200") or next(iter(responses.values()), None)
            if answer is not None:
                operation["responses"] = {code: answer for code in codes}


def openapi_document(settings: Settings, plugins: list[spec.Plugin]) -> dict[str, Any]:
    document = spec.document(plugins, version=f"{plugins[0].title}" if plugins else "")
    _status_codes(document, plugins, settings.response_status_codes)
    return document


def openapi_text(settings: Settings) -> str:
    """--generate-openapi-spec: the document the daemon would serve at /openapi/v3, made
    without slurmctld (nothing is asked of Slurm)."""
    envelope.set_style(settings.json)
    plugins = openapi_plugins(settings, spec_only=True)
    text = _spec_resource(openapi_document(settings, plugins)).text
    return text if text.endswith("\n") else text + "\n"


def _spec_resource(document: dict[str, Any]) -> spec.SpecResource:
    resource = spec.SpecResource(document)
    if not envelope.pretty():
        resource.text = envelope.dumps(document).decode()
    return resource


class Probe:
    """GET /healthz, /readyz, /livez (26.05 on): 204 to an authenticated client; not in the
    document.  The daemon is up once it answers: none of them asks Slurm anything."""

    max_body_size = defaults.MAX_BODY_SIZE

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        # Negotiated as every route: an unknown Accept or an unreadable body is refused.
        neg = media.negotiate(req)
        url_query(req, neg)
        if req.content_length:
            raw = req.bounded_stream.read(self.max_body_size + 1)
            if len(raw) > self.max_body_size:
                raise falcon.HTTPContentTooLarge(title="Request body too large")
            media.parse_body(neg, raw, parse_query)
        resp.status = STATUS_NO_CONTENT
        resp.content_type = ""  # none, as the reference's (falcon would name its default)

    def _not_found(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise RouterError(STATUS_NOT_FOUND, TEXT_NOT_FOUND)

    on_post = on_put = on_delete = on_patch = on_head = on_options = _not_found


STATUS_NO_CONTENT = "204 NO CONTENT"
PROBE_PATHS = ("/healthz", "/readyz", "/livez")


def legacy_prefixes(plugins: list[spec.Plugin]) -> tuple[str, ...]:
    """The path prefixes of the old versions' plugins ("/slurm/v0.0.38/"): there the router
    answers as 22.05's (api.RouterAnswers)."""
    prefixes = {
        "/".join(path.split("/")[:3]) + "/"
        for p in plugins
        if p.name not in CONTENT
        for path, _ in p.routes
    }
    return tuple(sorted(prefixes))


def media_of(rules: releases.Media, yaml_style: str) -> media.Media:
    """A release's content negotiation (slurmrestd.slurm.releases.Media) as the HTTP
    layer applies it, with SLURMRESTD_YAML where the release reads it."""
    return media.Media(
        yaml_types=rules.yaml_types,
        unknown_accept=media.Answer(*rules.unknown_accept),
        url_encoded_answer=media.Answer(*rules.url_encoded_answer),
        unknown_content=media.Answer(*rules.unknown_content),
        bad_json=media.Answer(*rules.bad_json),
        bad_yaml=media.Answer(*rules.bad_yaml),
        bad_url_encoded=media.Answer(*rules.bad_url_encoded),
        bad_path=media.Answer(*rules.bad_path),
        drop_dot_segments=rules.drop_dot_segments,
        yaml_compact=rules.yaml_style and yaml_style == "compact",
        body_post_only=rules.body_post_only,
        unexpected_body=media.Answer(*rules.unexpected_body),
    )


def build(settings: Settings, middleware: Iterable[object] = ()) -> WSGIApp:
    envelope.set_style(settings.json)
    plugins = openapi_plugins(settings)
    document = openapi_document(settings, plugins)
    routes = [Route(path, resource) for p in plugins for path, resource in p.routes]
    spec_resource = _spec_resource(document)
    routes += [Route(path, spec_resource) for path in spec.SPEC_PATHS]
    if slurm.release().daemon.health_probes:
        probe = Probe()
        routes += [Route(path, probe) for path in PROBE_PATHS]
    daemon = slurm.release().daemon
    rules = daemon.media
    if any(p.name in CONTENT for p in plugins) and rules.body_post_only:
        # 22.05, whose daemon has no data_parser version: those versions negotiate as
        # 24.11's, the oldest that has them (application/yaml, as their documents offer;
        # a DELETE's body, which their operations take).
        rules = releases.MEDIA_2411
    current = media_of(rules, settings.yaml)
    app = create_app(
        authenticate=auth.chain(auth_plugins(settings)),
        routes=routes,
        max_body_size=settings.max_body_size,
        middleware=middleware,
        answers=RouterAnswers(
            not_found=daemon.text_not_found or TEXT_NOT_FOUND,
            method_not_allowed=daemon.method_not_allowed,
            legacy=legacy_prefixes(plugins),
        ),
        media=MediaRules(
            current=current,
            # The old versions answer as 22.05's, the newest daemon that served them.
            legacy_media=media_of(releases.Media(), settings.yaml),
            legacy=legacy_prefixes(plugins),
        ),
    )
    return close_when_asked(app)
