"""The unversioned content plugins (Slurm 23.11 on): openapi/slurmctld, slurmdbd, util.

design: a content plugin declares its routes once (COp: path below
/slurm/{data_parser}, method, operationId stem, summary, handler, the
versions that have it); bind() turns them into one Plugin per loaded
data_parser version, with that version's tables (slurmrestd.openapi.v0_0_4x)
handed to every handler as a DP.  Which operations a version has on the
release we run on is data: a route names the first (and last) version that
has it, and slurmrestd.slurm's release says which operations its own C
daemon lacks for the versions it serves.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call, Handler, Operation, Resource
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.dataparser import PARSERS, VERSIONS, Parser
from slurmrestd.openapi.dataparser import envelope as dp_envelope


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


@functools.cache
def tables(parser: Parser) -> ModuleType:
    return importlib.import_module(parser.module)


def operations(content: Content, version: str) -> list[COp]:
    """The operations a version has on the release we run on."""
    lacks = slurm.release().rest_lacks.get(version, frozenset())
    ops = [op for op in content.ops if op.served_by(version) and op.key not in lacks]
    rank = {path: i for i, path in enumerate(content.order)}
    return sorted(ops, key=lambda op: rank.get(op.path, len(rank)))


def bind(content: Content, parsers: Sequence[Parser] = PARSERS) -> Plugin:
    """The Plugin of a content plugin with every loaded data_parser version bound."""
    resources: dict[str, Resource] = {}
    order: list[str] = []
    for parser in parsers:
        dp = DP(parser, tables(parser), content.name)
        wrap = dp_envelope.wrapper(content.name, content.title, parser.name)
        px = f"{content.prefix}_v{parser.tag[1:].replace('_', '')}_"
        for op in operations(content, parser.version):
            path = f"/{content.prefix}/{parser.version}{op.path}"
            if path not in resources:
                resources[path] = Resource({}, {}, wrap=wrap)
                order.append(path)
            handler: Handler = functools.partial(op.handler, dp)
            resources[path].operations[op.method] = Operation(
                handler,
                op.summary,
                px + op.stem,
                op.query,
                body=op.body,
                any_body=op.body,
                tags=(content.tag[0],),
            )
    routes = tuple((path, resources[path]) for path in order)
    return Plugin(content.name, content.title, routes, (content.tag,))
