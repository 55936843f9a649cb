"""Routes as data: what a version declares, and the one function that turns it into a Plugin.

design: a version package declares its envelope (plugin name, title, path
prefix, operationId prefix, tag) and its routes, each a path with operations
(method, operationId, summary, handler, query parameters, body, the schema
names of its response and request).  Both families (slurmctld and slurmdbd)
use this dialect; a family only says how a declared handler becomes a
request handler (bind).  A version that derives from another writes its
routes as edits of its parent's: without(), override(), so a diff of two
versions reads like release notes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope as api_envelope
from slurmrestd.api.resource import Handler, Operation, Resource
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import legacydoc
from slurmrestd.openapi.common.legacydoc import Param, Ref

__all__ = ["Bind", "Envelope", "Op", "Param", "Ref", "Route", "Routes"]


@dataclass(frozen=True)
class Envelope:
    """The names a version answers with, and where its routes live."""

    name: str  # the plugin's name, as -s takes it: openapi/v0.0.38
    title: str  # meta.plugin.name: Slurm OpenAPI v0.0.38
    prefix: str  # of every path: /slurm/v0.0.38
    operation_prefix: str  # of the operations' ids within this daemon: slurm_v0038_
    tag: tuple[str, str]  # the OpenAPI tag of its operations, and its description
    # Its OpenAPI document as 22.05 writes it (see legacydoc): the operationIds start with
    # the path prefix (slurm_v0_0_38_get_jobs) or are the bare stems (slurmctld_get_jobs);
    # its envelope schemas carry meta and an errors list (v0.0.38) or errors alone; an
    # operation's default response is that errors list or nothing; the style of its
    # query parameters; its security requirements and document version.
    mangle: bool = True
    id_prefix: str = ""  # of the bare ids (not mangled): slurmctld_
    meta: bool = True
    meta_schema: str | None = None  # the meta its envelopes name, when not its own
    errors_default: bool = True
    query_style: str = "form"
    security: tuple[tuple[str, ...], ...] = (("user", "token"),)
    openapi: str = "3.0.2"


def listing(key: str, name: str) -> tuple[tuple[str, Any], ...]:
    """The response of a list: key holds an array of the named schema."""
    return ((key, {"type": "array", "items": Ref(name)}),)


@dataclass(frozen=True)
class Op:
    """One operation of a route, as a version declares it."""

    method: str
    operation: str  # operationId without the version's prefix
    summary: str
    handler: Callable[..., Any]  # the family's handler signature; bind() makes it a Handler
    query: tuple[str, ...] = ()  # query parameter names, for the document
    body: bool = False
    any_body: bool = False  # the handler checks the document's shape itself
    response: tuple[tuple[str, Any], ...] = ()  # payload keys beside meta/errors
    request: Any = None
    # The document (legacydoc): its 200 response's schema (None: the answer has no
    # schema, and a 500 is listed too), the operationId's stem where it is not operation,
    # parameters written otherwise than by their names' defaults, whether the default
    # response is the version's errors, whether a body is required.
    reply: Any = None
    spec_id: str | None = None
    params: tuple[Any, ...] = ()
    errors: bool = True
    body_required: bool = True


@dataclass(frozen=True)
class Route:
    path: str  # below the version's prefix
    ops: tuple[Op, ...]


Routes = tuple[Route, ...]
Bind = Callable[[Op, str], Handler]


def _key(route: Route, op: Op) -> str:
    return f"{op.method} {route.path}"


def without(routes: Routes, *keys: str) -> Routes:
    """routes without the operations named "METHOD /path" (a route left empty goes)."""
    unknown = set(keys) - {_key(r, o) for r in routes for o in r.ops}
    if unknown:
        raise KeyError(f"no such operations: {sorted(unknown)}")
    out = []
    for route in routes:
        ops = tuple(o for o in route.ops if _key(route, o) not in keys)
        if ops:
            out.append(Route(route.path, ops))
    return tuple(out)


def override(routes: Routes, key: str, **changes: Any) -> Routes:
    """routes with the fields of the operation "METHOD /path" replaced (a handler, mostly)."""
    found = False
    out = []
    for route in routes:
        ops = []
        for op in route.ops:
            if _key(route, op) == key:
                found = True
                op = dataclasses.replace(op, **changes)
            ops.append(op)
        out.append(Route(route.path, tuple(ops)))
    if not found:
        raise KeyError(f"no such operation: {key}")
    return tuple(out)


def with_handlers(routes: Routes, handlers: dict[str, Callable[..., Any]]) -> Routes:
    """routes with the handlers of the operations named "METHOD /path" replaced."""
    for key, handler in handlers.items():
        routes = override(routes, key, handler=handler)
    return routes


def _resolve(value: Any, px: str) -> Any:
    """Ref(name) -> {"$ref": ...} of the version's schema, anywhere in value."""
    if isinstance(value, Ref):
        return {"$ref": f"#/components/schemas/{px}_{value.name}"}
    if isinstance(value, dict):
        return {k: _resolve(v, px) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_resolve(v, px) for v in value)
    return value


def plugin(
    env: Envelope, routes: Routes, bind: Bind, schemas: Iterable[tuple[str, Any]] = ()
) -> Plugin:
    """The Plugin the server loads: one Resource per route, its operations bound."""
    meta = api_envelope.meta(env.name, env.title, slurm.version())
    px = env.operation_prefix.rstrip("_")
    resources = []
    for route in routes:
        operations = {}
        for op in route.ops:
            operation_id = env.operation_prefix + op.operation
            doc = legacydoc.operation(env, route.path, op)
            operations[op.method] = Operation(
                bind(op, operation_id),
                op.summary,
                operation_id,
                op.query,
                body=op.body,
                any_body=op.any_body,
                response=_resolve(op.response, px),
                request=_resolve(op.request, px),
                tags=(env.tag[0],),
                doc=doc,
            )
        resources.append((env.prefix + route.path, Resource(meta, operations)))
    return Plugin(
        env.name,
        env.title,
        tuple(resources),
        (env.tag,),
        tuple(schemas),
        legacy=legacydoc.frame(env),
    )
