"""The OpenAPI 3 document served at /openapi, /openapi.json, /openapi.yaml and /openapi/v3.

It is generated from the routes the loaded plugins declare (path, methods,
summaries, parameters), so the document and the router cannot disagree.

design: two frames.  With the old versioned plugins alone (v0.0.37/38) the
document is the one they always had.  When a content plugin is loaded
(openapi/slurmctld and the data_parser versions), the frame is the one the
release's C daemon writes (Frame: info with its version string or x-slurm,
the tags, three security schemes, no /openapi paths); the content plugin
writes its operations and component schemas itself (Operation.doc,
Plugin.schemas), and the old plugins' paths keep their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import falcon

from slurmrestd.api import media
from slurmrestd.api.resource import Operation, Resource, url_query

SPEC_PATHS = ("/openapi", "/openapi.json", "/openapi.yaml", "/openapi/v3")
COMMON_SCHEMAS = {
    "meta": {
        "type": "object",
        "properties": {
            "plugin": {
                "type": "object",
                "properties": {"type": {"type": "string"}, "name": {"type": "string"}},
            },
            "Slurm": {
                "type": "object",
                "properties": {
                    "version": {
                        "type": "object",
                        "properties": {k: {"type": "integer"} for k in ("major", "micro", "minor")},
                    },
                    "release": {"type": "string"},
                },
            },
        },
    },
    "errors": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "description": {"type": "string"},
                "error_number": {"type": "integer"},
                "error": {"type": "string"},
                "source": {"type": "string"},
                "error_code": {"type": "integer"},
                "errno": {"type": "integer"},
            },
        },
    },
}
_PARAM = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Frame:
    """The frame of the document as a release's C daemon writes it around the content
    plugins (slurmrestd.slurm.releases.OpenapiDoc, with the release's numbers)."""

    release: str  # 24.11.5
    numbers: tuple[str, str, str]  # major, micro, minor as meta writes them
    version_names_plugins: bool
    x_slurm: bool
    tags: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Plugin:
    """An OpenAPI plugin: its name as -s knows it, and its routes."""

    name: str
    title: str
    routes: tuple[tuple[str, Resource], ...]
    tags: tuple[tuple[str, str], ...] = ()
    # components/schemas this plugin's operations refer to
    schemas: tuple[tuple[str, Any], ...] = ()
    # A content plugin: the document's frame, and the data_parser versions it bound
    # with the -d flags each was loaded with.
    frame: Frame | None = None
    parsers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # An old versioned plugin (v0.0.3x): its document's frame as 22.05 writes it
    # (slurmrestd.openapi.common.legacydoc.Frame); its operations write their own doc.
    legacy: Any = None


def _operation(path: str, method: str, op: Operation) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PARAM.findall(path)
    ]
    params += [
        {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
        for name in op.parameters
    ]
    envelope = {
        "type": "object",
        "properties": {
            "meta": {"$ref": "#/components/schemas/meta"},
            "errors": {"$ref": "#/components/schemas/errors"},
            **dict(op.response),
        },
    }
    content = {"application/json": {"schema": envelope}}
    doc: dict[str, Any] = {
        "tags": list(op.tags),
        "summary": op.summary,
        "operationId": op.operation_id,
        "responses": {
            "200": {"description": op.summary, "content": content},
            "default": {"description": "error: see errors[]", "content": content},
        },
    }
    if params:
        doc["parameters"] = params
    if op.body:
        doc["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": op.request or {"type": "object"}}},
        }
    return doc


SECURITY_SCHEMES = {
    "user": {
        "type": "apiKey",
        "description": "User name",
        "name": "X-SLURM-USER-NAME",
        "in": "header",
    },
    "token": {
        "type": "apiKey",
        "description": "User access token",
        "name": "X-SLURM-USER-TOKEN",
        "in": "header",
    },
    "bearerAuth": {
        "type": "http",
        "description": "Bearer Authentication",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    },
}
SECURITY: list[dict[str, list[str]]] = [
    {"user": [], "token": []},
    {"token": []},
    {"bearerAuth": []},
    {},
]
CONTACT = {"name": "SchedMD LLC", "url": "https://www.schedmd.com/", "email": "sales@schedmd.com"}
LICENSE = {"name": "Apache 2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0.html"}


def _info(frame: Frame, plugins: list[Plugin]) -> dict[str, Any]:
    info: dict[str, Any] = {"contact": CONTACT, "license": LICENSE}
    names = [p.name for p in plugins]
    if frame.x_slurm:
        info["x-slurm"] = {
            "data_parsers": [
                {"plugin": version, "flags": [f.upper() for f in chosen] or ["NONE"]}
                for p in plugins
                for version, chosen in p.parsers
            ],
            "openapi": names,
            "version": dict(zip(("major", "micro", "minor"), frame.numbers, strict=True)),
            "release": frame.release,
        }
    version = f"Slurm-{frame.release}"
    if frame.version_names_plugins:
        version += "".join(f"&{name}" for name in names)
    info.update(
        title="Slurm REST API",
        description="API to access and control Slurm",
        termsOfService="https://github.com/SchedMD/slurm/blob/master/DISCLAIMER",
        version=version,
    )
    return info


def _framed(frame: Frame, plugins: list[Plugin]) -> dict[str, Any]:
    """The document as the release's C daemon frames it (a content plugin is loaded)."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    ids: set[str] = set()
    for plugin in plugins:
        _merge(schemas, plugin)
        for path, resource in plugin.routes:
            ops = paths.setdefault(path, {})
            for method, op in resource.operations.items():
                doc = op.doc if op.doc is not None else _operation(path, method, op)
                ops[method.lower()] = doc = _unique(doc, path, ids)
                ids.add(doc["operationId"])
    return {
        "tags": [{"name": k, "description": v} for k, v in frame.tags],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": SECURITY_SCHEMES},
        "info": _info(frame, plugins),
        "servers": [{"url": "/"}],
        "security": SECURITY,
        "openapi": "3.0.3",
    }


def _unique(doc: dict[str, Any], path: str, ids: set[str]) -> dict[str, Any]:
    """An old plugin's operation whose id another has (22.05 names v0.0.36's and v0.0.37's
    both slurmctld_get_jobs) takes its path's prefix, as v0.0.38's ids do
    (slurm_v0_0_36_slurmctld_get_jobs): a document of many plugins stays valid OpenAPI
    (operationIds are unique) and a client generated from it has every operation."""
    if doc["operationId"] not in ids:
        return doc
    prefix = "_".join(path.strip("/").replace(".", "_").split("/")[:2])
    return {**doc, "operationId": f"{prefix}_{doc['operationId']}"}


def _merge(schemas: dict[str, Any], plugin: Plugin) -> None:
    """A plugin's component schemas added to the document's: a name two content plugins
    write (openapi/slurmctld's and openapi/slurmdbd's v0.0.42_tres) means one schema."""
    if plugin.frame is None:  # an old versioned plugin: its names are its own
        schemas.update(dict(plugin.schemas))
        return
    for name, schema in plugin.schemas:
        if schemas.setdefault(name, schema) != schema:
            raise ValueError(f"{plugin.name}: {name} differs from another plugin's")


def document(plugins: Iterable[Plugin], version: str) -> dict[str, Any]:
    plugins = list(plugins)
    frame = next((p.frame for p in plugins if p.frame is not None), None)
    if frame is not None:
        return _framed(frame, plugins)
    if plugins and all(p.legacy is not None for p in plugins):
        return _legacy(plugins)
    return _plain(plugins, version)


def _legacy(plugins: list[Plugin]) -> dict[str, Any]:
    """The old versioned plugins alone, merged as 22.05's C daemon merges their documents:
    the first plugin's frame, tags merged by name, each plugin's paths followed by the
    document's own (/openapi...: a path written again keeps its place), every plugin's
    component schemas; but an operationId another has is made unique (_unique), which
    22.05 does not do, so that the document is valid and a client has every operation."""
    first = plugins[0].legacy
    tags: dict[str, str] = {}
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    ids: set[str] = set()
    for plugin in plugins:
        legacy = plugin.legacy
        for name, description in legacy.tags:
            tags.setdefault(name, description)
        for path, resource in plugin.routes:
            ops = paths.setdefault(path, {})
            for method, op in resource.operations.items():
                ops[method.lower()] = doc = _unique(op.doc, path, ids)
                ids.add(doc["operationId"])
        for path in legacy.spec_paths:
            paths[path] = legacy.spec_path
        schemas.update(dict(plugin.schemas))
    return {
        "tags": [{"name": k, "description": v} for k, v in tags.items()],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": first.security_schemes},
        "openapi": first.openapi,
        "info": first.info,
        "security": first.security,
        "servers": [{"url": "/"}],
    }


def _plain(plugins: list[Plugin], version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    tags: dict[str, str] = {"openapi": "methods that query for OpenAPI specifications"}
    schemas: dict[str, Any] = dict(COMMON_SCHEMAS)
    for plugin in plugins:
        tags.update(dict(plugin.tags))
        schemas.update(dict(plugin.schemas))
        for path, resource in plugin.routes:
            ops = paths.setdefault(path, {})
            for method, op in resource.operations.items():
                ops[method.lower()] = _operation(path, method, op)
    for path in SPEC_PATHS:
        paths[path] = {
            "get": {
                "tags": ["openapi"],
                "summary": "Retrieve OpenAPI Specification",
                "operationId": "openapi_get" + re.sub(r"\W", "_", path),
                "responses": {"200": {"description": "OpenAPI Specification"}},
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Slurm REST API",
            "description": "API to access and control Slurm.",
            "version": version,
            "license": {
                "name": "Apache 2.0",
                "url": "https://www.apache.org/licenses/LICENSE-2.0.html",
            },
        },
        "tags": [{"name": k, "description": v} for k, v in tags.items()],
        "servers": [{"url": "/"}],
        "security": [{"user": [], "token": []}],
        "components": {
            "securitySchemes": {
                "user": {"type": "apiKey", "name": "X-SLURM-USER-NAME", "in": "header"},
                "token": {"type": "apiKey", "name": "X-SLURM-USER-TOKEN", "in": "header"},
            },
            "schemas": schemas,
        },
        "paths": paths,
    }


class SpecResource:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.text = json.dumps(doc, indent=2)
        self.yaml: bytes | None = None

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        neg = media.negotiate(req)
        url_query(req, neg)
        kind = neg.media.kind(neg.writer)
        if kind == media.KIND_YAML:
            if self.yaml is None:  # the document never changes: written once
                self.yaml = media.yaml_dumps(self.doc, compact=neg.media.yaml_compact)
            resp.content_type = neg.writer
            resp.data = self.yaml
        elif kind == media.KIND_JSON:
            resp.content_type = neg.writer
            resp.text = self.text
        else:
            media.send(resp, neg, "200 OK", self.doc)
