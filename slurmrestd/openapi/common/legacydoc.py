"""The old versions' OpenAPI document (v0.0.3x, dbv0.0.3x) as 22.05's C daemon serves it.

design: 22.05 merges one hand-written document per loaded plugin: the frame
(openapi, info, security, security schemes) is the first plugin's, tags are
merged by name, each plugin's paths are its server prefix joined with its
paths, and the operationIds of v0.0.38 and dbv0.0.38 are that prefix joined
with the plugin's own ids ("/slurm/v0.0.38/" + "get_jobs" ->
slurm_v0_0_38_get_jobs) while the older plugins keep their bare ids
(slurmctld_get_jobs).  Here every piece comes from the declarations: the
operation (Op: its reply and request schemas, parameters by name), the
version's envelope (Envelope: how it names, styles and frames), and the
component schemas from the version's tables (engine.schema) wrapped in the
reference's envelope schemas.  A version's schemas are those its operations
reach, so a version that lacks a route lacks its schemas too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slurmrestd.api import spec

if TYPE_CHECKING:
    from slurmrestd.openapi.common.routes import Envelope, Op

MEDIA = ("application/json", "application/x-yaml")
STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}
INT64: dict[str, Any] = {"type": "integer", "format": "int64"}
BOOLEAN: dict[str, Any] = {"type": "boolean"}
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}
# A query parameter's schema by its name, where it is not a string.
QUERY_SCHEMAS: dict[str, dict[str, Any]] = {
    "update_time": INT64,
    "with_deleted": BOOLEAN,
    "skip_steps": BOOLEAN,
    "disable_wait_for_result": BOOLEAN,
}
INFO = {
    "contact": spec.CONTACT,
    "license": spec.LICENSE,
    "termsOfService": "https://github.com/SchedMD/slurm/blob/master/DISCLAIMER",
    "title": "Slurm Rest API",
}
# 22.05's schemes: no bearer token.
SECURITY_SCHEMES = {name: spec.SECURITY_SCHEMES[name] for name in ("user", "token")}
OPENAPI_TAG = ("openapi", "methods that query for OpenAPI specifications")
# The document's own paths, in the order each family's document lists them.
SPEC_PATHS = {
    "slurm": ("/openapi.yaml", "/openapi.json", "/openapi", "/openapi/v3"),
    "slurmdb": ("/openapi", "/openapi.json", "/openapi.yaml", "/openapi/v3"),
}


@dataclass(frozen=True)
class Ref:
    """A schema of the version's components/schemas, by its name without the prefix."""

    name: str


@dataclass(frozen=True)
class Param:
    """A parameter written otherwise than its name's defaults (a path parameter: a
    required simple string; a query one: an optional string, or QUERY_SCHEMAS', in the
    version's style).  An operation's query Params, when it gives any, are the query
    parameters its document names, in that order."""

    name: str
    schema: Any = None
    style: str | None = None
    explode: bool = False
    required: bool | None = None


@dataclass(frozen=True)
class Frame:
    """What a plugin gives the merged document when it is loaded first (or at all)."""

    openapi: str
    info: dict[str, Any]
    security: list[dict[str, list[str]]]
    tags: tuple[tuple[str, str], ...]
    spec_paths: tuple[str, ...]
    spec_path: dict[str, Any]
    security_schemes: dict[str, Any]


def schema_prefix(env: Envelope) -> str:
    """openapi/v0.0.38 -> v0.0.38 (its schemas are v0.0.38_job...)."""
    return env.name.split("/", 1)[1]


def family(env: Envelope) -> str:
    return env.prefix.strip("/").split("/")[0]


def frame(env: Envelope) -> Frame:
    db = family(env) == "slurmdb"
    version = schema_prefix(env)
    info = {
        **INFO,
        "description": "API to access and control Slurm DB."
        if db
        else "API to access and control Slurm.",
        "version": version if db else version.lstrip("v"),
    }
    return Frame(
        openapi=env.openapi,
        info=info,
        security=[{name: [] for name in names} for names in env.security],
        tags=(env.tag, OPENAPI_TAG),
        spec_paths=SPEC_PATHS[family(env)],
        spec_path=spec_path(OPENAPI_TAG[0]),
        security_schemes=SECURITY_SCHEMES,
    )


def resolve(value: Any, px: str) -> Any:
    """Ref(name) -> {"$ref": ...} of the version's schema px_name, anywhere in value."""
    if isinstance(value, Ref):
        return {"$ref": f"#/components/schemas/{px}_{value.name}"}
    if isinstance(value, dict):
        return {k: resolve(v, px) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [resolve(v, px) for v in value]
    return value


def _content(schema: Any) -> dict[str, Any]:
    return {media: {"schema": schema} for media in MEDIA}


def _params(env: Envelope, path: str, op: Op) -> list[dict[str, Any]]:
    px = schema_prefix(env)
    given = {p.name: p for p in op.params}
    out = []
    in_path = _path_names(path)
    # The query parameters the document names: op.params' when they name any (in their
    # order), else those the operation reads.
    query = [p.name for p in op.params if p.name not in in_path] or list(op.query)
    names = [(n, "path") for n in in_path] + [(n, "query") for n in query]
    for name, place in names:
        p = given.get(name, Param(name))
        schema = p.schema
        if schema is None:
            schema = STRING if place == "path" else QUERY_SCHEMAS.get(name, STRING)
        required = p.required if p.required is not None else place == "path"
        style = p.style or ("simple" if place == "path" else env.query_style)
        out.append(
            {
                "name": name,
                "in": place,
                "required": required,
                "style": style,
                "explode": p.explode,
                "schema": dict(resolve(schema, px)),
            }
        )
    return out


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def operation_id(env: Envelope, op: Op) -> str:
    stem = op.spec_id or op.operation
    if not env.mangle:
        return env.id_prefix + stem
    return "_".join([*env.prefix.strip("/").replace(".", "_").split("/"), stem])


def operation(env: Envelope, path: str, op: Op) -> dict[str, Any]:
    """The operation's entry in the document, as the version's document writes it."""
    px = schema_prefix(env)
    doc: dict[str, Any] = {
        "tags": [env.tag[0]],
        "operationId": operation_id(env, op),
        "summary": op.summary,
    }
    params = _params(env, path, op)
    if params:
        doc["parameters"] = params
    if op.request is not None:
        doc["requestBody"] = {
            "description": op.summary,
            "content": _content(resolve(op.request, px)),
            "required": op.body_required,
        }
    if op.reply is None:
        doc["responses"] = {"200": {"description": op.summary}, "500": {"description": "error"}}
        return doc
    default: dict[str, Any] = {"description": "error"}
    if env.errors_default and op.errors:
        default["content"] = _content(resolve(Ref("errors"), px))
    doc["responses"] = {
        "200": {"description": op.summary, "content": _content(resolve(op.reply, px))},
        "default": default,
    }
    return doc


def spec_path(tag: str) -> dict[str, Any]:
    """/openapi and its siblings, as every old plugin's document lists them."""
    return {
        "get": {
            "tags": [tag],
            "responses": {"200": {"description": "OpenAPI Specification"}},
            "summary": "Retrieve OpenAPI Specification",
        },
        "servers": [{"url": "/"}],
    }


def envelope(env: Envelope, *payload: tuple[str, Any]) -> dict[str, Any]:
    """A response of the version: meta (v0.0.38), errors[], then its payload keys."""
    props: dict[str, Any] = {}
    if env.meta_schema:
        props["meta"] = {"$ref": f"#/components/schemas/{env.meta_schema}"}
    elif env.meta:
        props["meta"] = Ref("meta")
    props["errors"] = {"type": "array", "items": Ref("error")}
    props.update(payload)
    return {"type": "object", "properties": props}


def listing(env: Envelope, key: str, item: str) -> dict[str, Any]:
    return envelope(env, (key, {"type": "array", "items": Ref(item)}))


def common(env: Envelope) -> dict[str, Any]:
    """The schemas every version of a family has: its errors, error and meta."""
    error: dict[str, Any] = {"error": STRING, "errno": INTEGER}
    if not env.meta and family(env) == "slurmdb":
        error = {"errno": INTEGER, "error": STRING}
    elif env.meta and family(env) == "slurmdb":
        error = {"error_number": INTEGER, "error": STRING, "source": STRING, "description": STRING}
    elif env.meta:
        error = {"error": STRING, "error_number": INTEGER}
    meta = {
        "type": "object",
        "properties": {
            "plugin": {"type": "object", "properties": {"type": STRING, "name": STRING}},
            "Slurm": {
                "type": "object",
                "properties": {
                    "version": {
                        "type": "object",
                        "properties": {k: STRING for k in ("major", "micro", "minor")},
                    },
                    "release": STRING,
                },
            },
        },
    }
    return {
        "errors": {"type": "array", "items": Ref("error")},
        "error": {"type": "object", "properties": error},
        "meta": meta,
    }


def reachable(candidates: dict[str, Any], roots: list[str]) -> list[str]:
    """The candidate schemas the roots reach through Refs, in the candidates' order."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in candidates:
            continue
        seen.add(name)
        todo.extend(_refs(candidates[name]))
    return [name for name in candidates if name in seen]


def _refs(value: Any) -> list[str]:
    if isinstance(value, Ref):
        return [value.name]
    if isinstance(value, dict):
        return [r for v in value.values() for r in _refs(v)]
    if isinstance(value, (tuple, list)):
        return [r for v in value for r in _refs(v)]
    return []


def schemas(
    env: Envelope, ops: list[Op], candidates: dict[str, Any]
) -> tuple[tuple[str, Any], ...]:
    """components/schemas of a version: the candidates its operations reach."""
    px = schema_prefix(env)
    roots: list[str] = []
    for op in ops:
        roots += _refs(op.reply) + _refs(op.request) + _refs([p.schema for p in op.params])
        if op.reply is not None and env.errors_default and op.errors:
            roots.append("errors")
    if env.meta:
        roots.append("meta")
    names = reachable(candidates, roots)
    return tuple((f"{px}_{name}", resolve(candidates[name], px)) for name in names)


def table_schema(table: Any, named: dict[int, str]) -> dict[str, Any]:
    """The schema of a table's dump ("a/b" paths nest), each entry's by its kind; a table
    of records that is one of the version's named schemas is a Ref to it."""
    root: dict[str, Any] = {"type": "object", "properties": {}}
    for f in table:
        parent = root
        *heads, last = f.path.split("/")
        for head in heads:
            parent = parent["properties"].setdefault(head, {"type": "object", "properties": {}})
        parent["properties"][last] = kind_schema(f.kind, named)
    return root


def kind_schema(kind: Any, named: dict[int, str]) -> Any:
    """What a slurmdbd kind dumps, as a schema (its own schema when it declares one)."""
    cls = type(kind).__name__
    if cls in ("Records", "Steps"):
        table = kind.table() if callable(kind.table) else kind.table
        name = named.get(id(table))
        return {"type": "array", "items": Ref(name) if name else table_schema(table, named)}
    if cls == "TresList":
        return Ref("tres_list")
    if cls == "ExitCode":
        return Ref("job_exit_code")
    if cls == "Usage":
        return table_schema(kind.table, named)
    if kind.schema is not None:
        return dict(kind.schema)
    found = KIND_TYPES.get(cls, {})
    return dict(found) if isinstance(found, dict) else found


# What each slurmdbd kind dumps, by its class.
KIND_TYPES: dict[str, Any] = {
    "String": STRING,
    "Unsigned": INTEGER,
    "Unsigned64": INTEGER,
    "Signed64": INTEGER,
    "Float": {"type": "number"},
    "Flags": STRINGS,
    "AccountNames": STRINGS,
    "AdminLevel": STRING,
    "QosId": STRING,
    "QosIdList": STRINGS,
    "QosRawList": STRINGS,
    "QosPreempt": STRINGS,
    "SelectPlugin": STRING,
    "UserId": STRING,
    "GroupId": STRING,
    "Lookup": STRING,
    "JobReason": STRING,
    "StepId": STRING,
    "RpcName": STRING,
    "ResvName": INTEGER,
    "AssocId": Ref("association_short_info"),
    "WckeyTag": {"type": "object", "properties": {"wckey": STRING, "flags": STRINGS}},
    "Rollups": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "type": STRING,
                # its total_cycles too, which the document does not name
                **{k: INTEGER for k in ("last_run", "last_cycle", "max_cycle", "total_time")},
                "mean_cycles": INTEGER,
            },
        },
    },
}


def amend(
    schema: dict[str, Any],
    *,
    drop: tuple[str, ...] = (),
    types: dict[str, Any] | None = None,
    add: tuple[tuple[str, Any], ...] = (),
    fields: Mapping[str, tuple[str, ...]] | None = None,
    lift: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A table's schema as the version's document writes it where the table cannot say:
    keys it dumps that the document does not name (drop), the types the document gives
    keys whose dump the table does not type or that the table lacks (types), keys the
    document names that the table does not dump (add, at the end), and the keys an
    object of it ("" the schema itself, "a/b" the object at a/b) documents, in the
    document's order (fields: the others are left out; a name it has no type for is an
    error, so a table that loses a documented key is noticed), the objects whose keys
    the document names in their place (lift)."""
    props: dict[str, Any] = {}
    for key, value in schema["properties"].items():
        if key in lift:
            props.update(value["properties"])
        elif key not in drop:
            props[key] = value
    out = {**schema, "properties": props}
    for path, value in (types or {}).items():  # "a/b": b of the object a
        *heads, last = path.split("/")
        _copied(out, heads)["properties"][last] = value
    props.update(add)
    for path, names in (fields or {}).items():
        parent = _copied(out, [h for h in path.split("/") if h])
        have = parent["properties"]
        lacking = [name for name in names if name not in have]
        if lacking:
            raise KeyError(f"{path or 'schema'}: no type for {lacking}")
        parent["properties"] = {name: have[name] for name in names}
    return out


def _copied(schema: dict[str, Any], heads: list[str]) -> dict[str, Any]:
    """The object at heads in schema, each object on the way copied (so a table's
    schema shared by versions is not changed)."""
    parent = schema
    parent["properties"] = dict(parent["properties"])
    for head in heads:
        parent["properties"][head] = parent = dict(parent["properties"][head])
        parent["properties"] = dict(parent["properties"])
    return parent


def paths(table: Any, under: str = "") -> tuple[str, ...]:
    """A table's top-level keys (or the keys of its object at under), in its order."""
    heads = [h for h in under.split("/") if h]
    parts = [f.path.split("/") for f in table]
    return tuple(
        dict.fromkeys(p[len(heads)] for p in parts if p[: len(heads)] == heads and p[len(heads) :])
    )


def moved(names: tuple[str, ...], after: str | None, *moving: str) -> tuple[str, ...]:
    """names with the moving ones (which may be new) placed after the name after, in
    their order (None: at the end): a document's order stated from a table's."""
    rest = [n for n in names if n not in moving]
    at = len(rest) if after is None else rest.index(after) + 1
    return (*rest[:at], *moving, *rest[at:])
