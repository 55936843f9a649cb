"""The unversioned content plugins (Slurm 23.11 on): openapi/slurmctld, slurmdbd, util.

design: a content plugin declares its routes once (COp: path below
/slurm/{data_parser}, method, operationId stem, summary, handler, the
versions that have it); bind() turns them into one Plugin per loaded
data_parser version, with that version's tables (slurmrestd.openapi.v0_0_4x)
handed to every handler as a DP.  Which operations a version has on the
release we run on is data: a route names the first (and last) version that
has it, and slurmrestd.slurm's release says which operations its own C
daemon lacks for the versions it serves.

The OpenAPI document is written from the same declarations: each operation
as the reference writes it (operationId, summary, parameters with their
enums, the response and request schemas by their data_parser names, the
operations of a deprecated version marked so), and each version's component
schemas generated from its tables (slurmrestd.openapi.dataparser.schemas).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call, Handler, Operation, Resource
from slurmrestd.api.spec import Frame, Plugin
from slurmrestd.openapi.common.coalesce import Coalescer, credential
from slurmrestd.openapi.dataparser import PARSERS, VERSIONS, Parser
from slurmrestd.openapi.dataparser import envelope as dp_envelope
from slurmrestd.openapi.dataparser.schemas import (
    EMPTY_RESP,
    Components,
    Named,
    refs_of,
    writing_of,
)
from slurmrestd.openapi.slurmctld.lists import GATHER_SECONDS

_PATH_PARAM = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class DP:
    """What a handler gets of the data_parser version it was bound to."""

    parser: Parser
    tables: ModuleType  # slurmrestd.openapi.v0_0_4x
    plugin_type: str  # openapi/slurmctld

    @property
    def version(self) -> str:
        return self.parser.version

    def at_least(self, version: str) -> bool:
        return VERSIONS.index(self.parser.version) >= VERSIONS.index(version)


ContentHandler = Callable[[DP, Call], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Param:
    """A parameter as the document declares it.  A name in the operation's path is a
    path parameter (always required); the others are query parameters."""

    name: str
    doc: str = ""  # its description
    # The values it takes: names, or "module.NAME" of the version's package naming a flag
    # kind (Bits) or a tuple of names, so each version's enum is its tables' (a version
    # that adds a flag adds it to the parameter too).
    enum: tuple[str, ...] | str = ()
    required: bool = False
    allow_empty: bool = False  # a flag given by its name alone (?Hold)
    since: str = VERSIONS[0]
    until: str = VERSIONS[-1]
    # The versions that mark it deprecated though their operation is not (slurmdbd's
    # "format" in v0.0.43 and v0.0.44).
    deprecated: tuple[str, ...] = ()

    def served_by(self, version: str) -> bool:
        return VERSIONS.index(self.since) <= VERSIONS.index(version) <= VERSIONS.index(self.until)


@dataclass(frozen=True)
class COp:
    """One operation of a content plugin, declared once for every version."""

    method: str
    path: str  # below /PREFIX/{data_parser}, as the reference's document writes it
    stem: str  # the operationId without "slurm_v0042_": get_ping
    summary: str
    handler: ContentHandler
    query: tuple[str, ...] = ()
    body: bool = False
    since: str = VERSIONS[0]
    until: str = VERSIONS[-1]
    # For the OpenAPI document only:
    # the parameters' declarations (a name of query without one is a plain string)
    params: tuple[Param, ...] = ()
    # the response envelope (schemas.resp(...)); None: the bare envelope, openapi_resp
    response: Named | None = None
    response_doc: str = ""  # the response's description ("" : the summary)
    # the request body's schema (e.g. schemas.obj("job_desc_msg", "jobdesc.JOB_DESC"))
    request: Named | None = None
    request_doc: str = ""  # the request body's description ("" : the summary)
    # The operation's description, where the reference writes one (slurmdbd's GET
    # job/{job_id}); written after the summary.
    description: str = ""
    # A GET whose identical requests in flight together may share one run (False: a GET
    # that changes something, reconfigure).
    shared: bool = True

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def served_by(self, version: str) -> bool:
        return VERSIONS.index(self.since) <= VERSIONS.index(version) <= VERSIONS.index(self.until)


@dataclass(frozen=True)
class Content:
    """A content plugin: its name, title, path prefix, operationId prefix and operations."""

    name: str  # openapi/slurmctld
    title: str  # Slurm OpenAPI slurmctld
    prefix: str  # slurm (paths /slurm/v0.0.42/...)
    tag: tuple[str, str]
    ops: Sequence[COp]
    # The paths in the order the reference's document lists them (others follow).
    order: Sequence[str] = ()
    # A path's methods in the reference's order where it is not the declarations' order.
    methods: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@functools.cache
def tables(parser: Parser) -> ModuleType:
    return importlib.import_module(parser.module)


def operations(content: Content, version: str) -> list[COp]:
    """The operations a version has on the release we run on."""
    lacks = slurm.release().rest_lacks.get(version, frozenset())
    ops = [op for op in content.ops if op.served_by(version) and op.key not in lacks]
    rank = {path: i for i, path in enumerate(content.order)}

    def place(op: COp) -> tuple[int, int]:
        methods = content.methods.get(op.path, ())
        return rank.get(op.path, len(rank)), methods.index(op.method) if op.method in methods else 0

    return sorted(ops, key=place)


def chosen_flags(parser: Parser) -> tuple[str, ...]:
    """The +flags a data_parser version was loaded with (-d v0.0.42+inline_enums)."""
    chosen: tuple[str, ...] = getattr(parser, "chosen", ())
    return chosen


def frame() -> Frame:
    """The document's frame as the C daemon of the release we run on writes it."""
    doc = slurm.release().openapi
    major, minor, micro = slurm.version()
    return Frame(
        release=slurm.release_text(),
        numbers=(str(major), str(micro), f"{minor:02d}"),
        version_names_plugins=doc.version_names_plugins,
        x_slurm=doc.x_slurm,
        tags=doc.tags,
    )


def enum_of(p: Param, package: ModuleType | None) -> list[str]:
    if not isinstance(p.enum, str):
        return list(p.enum)
    if package is None:
        raise LookupError(f"{p.name}: {p.enum} needs the version's package")
    module, attr = p.enum.rsplit(".", 1)
    found = getattr(importlib.import_module(f"{package.__name__}.{module}"), attr)
    names = getattr(found, "names", found)  # a Bits kind: its (name, bit) pairs
    return [n if isinstance(n, str) else n[0] for n in names]


def parameters(
    op: COp, version: str, deprecated: bool, package: ModuleType | None = None
) -> list[dict[str, Any]]:
    """The operation's parameters as the reference writes them: the path's, then the query's.
    deprecated: the operation's version is (every parameter is then); whether a parameter
    that is not says so (false) is the version's way of writing (schemas.Writing)."""
    always = writing_of(version).param_deprecated
    declared = {p.name: p for p in op.params if p.served_by(version)}
    in_path = _PATH_PARAM.findall(op.path)
    query = [p.name for p in op.params if p.served_by(version) and p.name not in in_path]
    query += [name for name in op.query if name not in declared and name not in query]
    out = []
    for name in [*in_path, *query]:
        p = declared.get(name, Param(name))
        path = name in in_path
        doc: dict[str, Any] = {
            "in": "path" if path else "query",
            "name": name,
            "style": "simple" if path else "form",
            "explode": False,
        }
        marked = deprecated or version in p.deprecated
        if marked or always:
            doc["deprecated"] = marked
        doc["allowEmptyValue"] = p.allow_empty
        doc["allowReserved"] = False
        if p.doc:
            doc["description"] = p.doc
        doc["required"] = path or p.required
        schema: dict[str, Any] = {"type": "string"}
        if p.enum:
            schema["enum"] = enum_of(p, package)
        doc["schema"] = schema
        out.append(doc)
    return out


def _content(ref: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": ref}, "application/yaml": {"schema": dict(ref)}}


def operation_doc(
    op: COp, operation_id: str, tag: str, comp: Components, deprecated: bool
) -> dict[str, Any]:
    """One operation of the document as the reference writes it."""
    doc: dict[str, Any] = {"tags": [tag], "summary": op.summary}
    if op.description:
        doc["description"] = op.description
    if deprecated:
        doc["deprecated"] = True
    doc["operationId"] = operation_id
    params = parameters(op, comp.version, deprecated, comp.package)
    if params:
        doc["parameters"] = params
    answer = comp.operation(op.response or EMPTY_RESP)
    doc["responses"] = {
        code: {"content": _content(answer), "description": op.response_doc or op.summary}
        for code in ("200", "default")
    }
    if op.request is not None:
        doc["requestBody"] = {
            "content": _content(comp.operation(op.request)),
            "description": op.request_doc or op.summary,
        }
    return doc


def untyped(entry: Any) -> dict[str, Any]:
    """The schema of a table entry whose kind declares none: any value.  The daemon
    serves its document all the same; tests/unit/test_dp_schemas.py lists such entries."""
    return {}


# Identical GETs (same version, operation, path parameters, query as given, and whole
# credential) in flight together share one run, which starts after all of them arrived;
# each request still gets its own envelope (meta names its client).  slurmctld's keys
# gather for 2 ms once crowded, as the old versions' lists; slurmdbd's never wait.
SHARED = {"slurm": Coalescer(GATHER_SECONDS)}


def _shared(coalescer: Coalescer, version: str, op: COp, handler: Handler) -> Handler:
    def run(call: Call) -> tuple[str, dict[str, Any]]:
        key = (
            version,
            op.key,
            tuple(sorted(call.params.items())),
            repr(list(call.query.items())),
            credential(call.identity),
        )
        result: tuple[str, dict[str, Any]] = coalescer.run(key, lambda: handler(call))
        return result

    return run


def bind(content: Content, parsers: Sequence[Parser] = PARSERS) -> Plugin:
    """The Plugin of a content plugin with every loaded data_parser version bound."""
    resources: dict[str, Resource] = {}
    # As the reference's document: path by path (Content.order), each in every version.
    order: list[tuple[int, int, str]] = []
    rank = {path: i for i, path in enumerate(content.order)}
    schemas: dict[str, Any] = {}
    deprecated = slurm.release().openapi.deprecated
    for parser in parsers:
        dp = DP(parser, tables(parser), content.name)
        wrap = dp_envelope.wrapper(content.name, content.title, parser.name)
        px = f"{content.prefix}_v{parser.tag[1:].replace('_', '')}_"
        ops = operations(content, parser.version)
        comp = Components(
            parser.version,
            dp.tables,
            refs_of(parser.version, chosen_flags(parser)),
            fallback=untyped,
        )
        comp.declare(*[s for op in ops for s in (op.response or EMPTY_RESP, op.request) if s])
        for op in ops:
            path = f"/{content.prefix}/{parser.version}{op.path}"
            if path not in resources:
                resources[path] = Resource({}, {}, wrap=wrap)
                order.append((rank.get(op.path, len(rank)), len(order), path))
            handler: Handler = functools.partial(op.handler, dp)
            if op.method == "GET" and op.shared:
                coalescer = SHARED.setdefault(content.prefix, Coalescer())
                handler = _shared(coalescer, parser.version, op, handler)
            resources[path].operations[op.method] = Operation(
                handler,
                op.summary,
                px + op.stem,
                op.query,
                body=op.body,
                any_body=op.body,
                tags=(content.tag[0],),
                doc=operation_doc(
                    op, px + op.stem, content.tag[0], comp, parser.version in deprecated
                ),
            )
        schemas.update(comp.schemas)
    routes = tuple((path, resources[path]) for _, _, path in sorted(order))
    return Plugin(
        content.name,
        content.title,
        routes,
        (content.tag,),
        schemas=tuple(schemas.items()),
        frame=frame(),
        parsers=tuple((p.version, chosen_flags(p)) for p in parsers),
    )
