"""GET /openapi/v3 of the data_parser versions: ours and the release's C daemon.

Clients are generated from the running daemon's document, so for every
operation both daemons serve under /slurm/{version}/ and /slurmdb/{version}/
(openapi/slurmctld's and openapi/slurmdbd's) the document must say
the same: path (trailing slash included), method, operationId, summary, tags,
deprecation, parameters (name, place, style, required, type, enum), and the
component schemas of its response and request by name and by shape (types,
formats, properties in order, $refs, required keys, enums; descriptions are
the reference's prose and are not compared); the component schemas a
plugin's operations of a version refer to (directly or through other
schemas) are the ones the reference's refer to, each of the same shape.  The frame is the release's:
tags, servers, security, and info (24.11 names the loaded plugins in its
version, 26.05 lists them and the data_parsers in x-slurm), compared with a
daemon of ours that loads the reference's plugins we have.  What the
reference serves and we do not yet is reported (a warning), not failed.
An empty "required" list, which the reference writes and OpenAPI 3.0 does
not allow, is the same as none; v0.0.40's default of a boolean written 0
(infinite's), which OpenAPI 3.0 refuses too, is the same as ours, false
(Python's 0 == False, on purpose).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate

from slurmrestd.openapi import NAMES
from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS
from tests.conftest import Lab
from tests.daemon import Client, Daemon, free_port, jwt_headers

pytestmark = pytest.mark.releases("24.11", "26.05")

METHODS = ("get", "put", "post", "delete", "patch")
PARAM_FACTS = ("in", "name", "style", "explode", "deprecated", "allowEmptyValue", "required")


def fetch(port: int, lab: Lab) -> dict[str, Any]:
    client = Client(port=port, headers=jwt_headers("slurm", lab.token("slurm")))
    status, doc = client.request("GET", "/openapi/v3")
    assert status == 200, doc
    assert isinstance(doc, dict)
    return doc


@pytest.fixture(scope="module")
def docs(dp_pair: Pair, lab: Lab) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the reference's document, ours with every plugin: the default set)."""
    return fetch(dp_pair.ref_port, lab), fetch(dp_pair.our_port, lab)


def plugins_of(doc: dict[str, Any]) -> list[str]:
    info = doc["info"]
    if "x-slurm" in info:
        return list(info["x-slurm"]["openapi"])
    return list(info["version"].split("&")[1:])


@pytest.fixture(scope="module")
def same_plugins(
    docs: tuple[dict[str, Any], dict[str, Any]], lab: Lab
) -> Iterator[tuple[list[str], dict[str, Any]]]:
    """Ours loading the reference's plugins that we have: (their names, our document)."""
    names = [n for n in plugins_of(docs[0]) if n in NAMES]
    port = free_port()
    daemon = Daemon(
        "-u",
        lab.service_user,
        "-s",
        ",".join(names),
        "-a",
        "rest_auth/jwt",
        f"127.0.0.1:{port}",
        env={"SLURM_JWT": "daemon"},
    )
    try:
        daemon.wait_ready(port=port)
        yield names, fetch(port, lab)
    finally:
        daemon.stop()


# The content plugins' path prefixes: openapi/slurmctld's, openapi/slurmdbd's.
PREFIXES = ("slurm", "slurmdb")
REF_PATH = "#/components/schemas/"


def operations(
    doc: dict[str, Any], version: str, prefix: str = "slurm"
) -> dict[tuple[str, str], Any]:
    start = f"/{prefix}/{version}/"
    return {
        (path, method): op
        for path, ops in doc["paths"].items()
        if path.startswith(start)
        for method, op in ops.items()
        if method in METHODS
    }


def schemas_of(content: dict[str, Any]) -> dict[str, Any]:
    return {mime: c.get("schema") for mime, c in content.get("content", {}).items()}


def facts(op: dict[str, Any]) -> dict[str, Any]:
    """What a client generated from the operation depends on."""
    return {
        "tags": op.get("tags"),
        "summary": op.get("summary"),
        "operationId": op.get("operationId"),
        "deprecated": op.get("deprecated", False),
        "parameters": [
            {**{k: p.get(k) for k in PARAM_FACTS}, "schema": p.get("schema")}
            for p in op.get("parameters", [])
        ],
        "responses": {code: schemas_of(r) for code, r in op.get("responses", {}).items()},
        "requestBody": schemas_of(op["requestBody"]) if "requestBody" in op else None,
    }


def shape(schema: Any, prose: tuple[str, ...] = ("description", "deprecated")) -> Any:
    """A schema without its prose (descriptions, deprecation notes) and empty required
    lists, its properties in order (a generated client's fields and a dump's keys follow
    it)."""
    if isinstance(schema, list):
        return [shape(s, prose) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in prose or (key == "required" and value == []):
            continue
        if key == "properties":
            out[key] = [(name, shape(s, prose)) for name, s in value.items()]
        else:
            out[key] = shape(value, prose)
    return out


def referred(doc: dict[str, Any], start: Any) -> set[str]:
    """The component schemas start refers to, directly or through other schemas."""
    schemas = doc["components"]["schemas"]
    seen: set[str] = set()
    todo = [start]
    while todo:
        item = todo.pop()
        if isinstance(item, list):
            todo += item
        elif isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PATH):
                name = ref[len(REF_PATH) :]
                if name not in seen and name in schemas:
                    seen.add(name)
                    todo.append(schemas[name])
            todo += item.values()
    return seen


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("version", VERSIONS)
def test_operations_are_the_references(
    docs: tuple[dict[str, Any], dict[str, Any]], version: str, prefix: str
) -> None:
    ref, ours = (operations(d, version, prefix) for d in docs)
    assert ours, f"we serve no operation of {version}"
    extra = sorted(set(ours) - set(ref))
    assert not extra, f"operations the reference does not have in {version}: {extra}"
    different = {
        key: (facts(ref[key]), facts(ours[key]))
        for key in ours
        if facts(ref[key]) != facts(ours[key])
    }
    assert not different, different


@pytest.mark.parametrize("version", VERSIONS)
def test_component_schemas_are_the_references(
    docs: tuple[dict[str, Any], dict[str, Any]], version: str
) -> None:
    ref, ours = (d["components"]["schemas"] for d in docs)
    mine = [name for name in ours if name.startswith(version + "_")]
    assert mine
    missing = [name for name in mine if name not in ref]
    assert not missing, f"schemas the reference does not have: {missing}"
    different = {
        name: (shape(ref[name]), shape(ours[name]))
        for name in mine
        if shape(ref[name]) != shape(ours[name])
    }
    assert not different, different


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("version", VERSIONS)
def test_operations_refer_to_the_references_schemas(
    docs: tuple[dict[str, Any], dict[str, Any]], version: str, prefix: str
) -> None:
    """The schemas the operations we serve refer to are the ones the reference's same
    operations refer to: none missing (a $ref to nothing, or a type written inline that
    the reference names), none more."""
    ref_doc, our_doc = docs
    ours = operations(our_doc, version, prefix)
    ref = {k: op for k, op in operations(ref_doc, version, prefix).items() if k in ours}
    theirs, mine = referred(ref_doc, list(ref.values())), referred(our_doc, list(ours.values()))
    dangling = sorted(
        r
        for r in _refs(list(ours.values()))
        if r[len(REF_PATH) :] not in our_doc["components"]["schemas"]
    )
    assert not dangling, f"$refs to no schema: {dangling}"
    assert sorted(theirs - mine) == [], "the reference's schemas we do not refer to"
    assert sorted(mine - theirs) == [], "schemas the reference does not refer to"


def _refs(item: Any) -> Iterator[str]:
    if isinstance(item, list):
        for x in item:
            yield from _refs(x)
    elif isinstance(item, dict):
        if isinstance(item.get("$ref"), str):
            yield item["$ref"]
        for x in item.values():
            yield from _refs(x)


def test_methods_are_in_the_references_order(docs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """A path's methods as the reference lists them (a generated client's order)."""
    ref, ours = docs
    different = {
        path: (theirs, mine)
        for path, ops in ref["paths"].items()
        if path in ours["paths"]
        and (theirs := [m for m in ops if m in METHODS])
        != (mine := [m for m in ours["paths"][path] if m in METHODS])
        and set(theirs) == set(mine)
    }
    assert not different, different


def test_not_served_yet_is_reported(docs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    ref, ours = docs
    missing: dict[str, list[str]] = {}
    served = 0
    for path, ops in ref["paths"].items():
        _, prefix, version, *rest = path.split("/")
        for method in (m for m in ops if m in METHODS):
            if method in ours["paths"].get(path, {}):
                served += 1
                continue
            route = f"{method.upper()} /{prefix}/{{v}}/{'/'.join(rest)}"
            missing.setdefault(route, []).append(version)
    assert served, "we serve none of the reference's operations"
    if missing:
        lines = [f"{route} ({', '.join(sorted(vs))})" for route, vs in missing.items()]
        warnings.warn(
            f"{sum(map(len, missing.values()))} of the reference's operations not served yet:\n"
            + "\n".join(lines),
            stacklevel=1,
        )


def test_frame_is_the_releases(docs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    ref, ours = docs
    for key in ("openapi", "tags", "servers", "security"):
        assert ours[key] == ref[key], key
    assert ours["components"]["securitySchemes"] == ref["components"]["securitySchemes"]
    assert list(ours) == list(ref)
    assert not [p for p in ours["paths"] if p.startswith("/openapi")]


def test_info_is_the_releases(
    docs: tuple[dict[str, Any], dict[str, Any]],
    same_plugins: tuple[list[str], dict[str, Any]],
) -> None:
    ref = dict(docs[0]["info"])
    names, ours_doc = same_plugins
    ours = dict(ours_doc["info"])
    version, *plugins = ref["version"].split("&")
    ref["version"] = "&".join([version, *[p for p in plugins if p in names]])
    if "x-slurm" in ref:
        xs = dict(ref["x-slurm"])
        xs["openapi"] = [p for p in xs["openapi"] if p in names]
        # The reference lists its data_parsers in its plugin directory's order (readdir), a
        # fact of the installation, not of the release: compared as sets.  Ours loads every
        # version by default (v0.0.40 to v0.0.45 on every release): those it serves too.
        theirs = {p["plugin"]: p for p in xs["data_parsers"]}
        mine = {p["plugin"]: p for p in ours["x-slurm"]["data_parsers"]}
        assert {v: mine.get(v) for v in theirs} == theirs
        xs["data_parsers"] = ours["x-slurm"]["data_parsers"]
        ref["x-slurm"] = xs
    assert ours == ref
    assert plugins_of(ours_doc) == names


def test_documents_are_valid_openapi(
    docs: tuple[dict[str, Any], dict[str, Any]],
    same_plugins: tuple[list[str], dict[str, Any]],
) -> None:
    validate(docs[1])
    validate(same_plugins[1])
