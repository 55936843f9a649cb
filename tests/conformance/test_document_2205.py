"""GET /openapi/v3 of the old versions (v0.0.3x, dbv0.0.3x): ours and 22.05's C daemon.

Clients are generated from the document, so for each set of old plugins (every one of
them, and each alone: the frame is the first plugin's), started with the same -s in both
daemons, the documents must say the same where a generator looks (tests/conformance/
oas.py: paths, methods in order, operationIds, tags, parameters, request bodies and
responses with their media types and schemas, component schemas by name and shape,
the frame).  Deliberate differences, each normalised below:
- the reference writes v0.0.37's query parameters with style "simple", which OpenAPI
  3.0 does not allow in a query; ours are "form";
- the reference's dbv0.0.38 document has a schema (dbv0.0.38_tres_update) written
  among the methods of /slurmdb/v0.0.38/accounts; ours has it only in the components;
- the reference writes the default of a boolean (v0.0.38's job property oversubscribe)
  as text ("false"), which OpenAPI does not allow; ours is a boolean;
- the reference gives v0.0.36's and v0.0.37's operations the same ids (slurmctld_get_jobs,
  dbv's slurmdbd_...), which OpenAPI does not allow (a generated client keeps one of each
  pair); ours are unique: the later plugin's take their path's prefix
  (slurm_v0_0_36_slurmctld_get_jobs).
Component schemas have the reference's shapes too, where 22.05's hand-written
documents say otherwise than the answers (keys named, spelt, ordered or typed
otherwise) by each version's documented data (v0_0_3x/documented.py, dbv0_0_3x's amend).
"""

from __future__ import annotations

import copy
import os
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate

from slurmrestd.openapi import REGISTRY
from slurmrestd_dev import lab as slurm_lab
from tests.conformance import oas
from tests.conformance.conftest import REFERENCE, _wait_port
from tests.conftest import Lab
from tests.daemon import Client, Daemon, free_port, jwt_headers

pytestmark = pytest.mark.releases("22.05")

ADDR = "127.0.0.1:%d"
OLD = tuple(e.name for e in REGISTRY if not e.content)
SETS = (",".join(OLD), *OLD)


def fetch(port: int, lab: Lab) -> dict[str, Any]:
    client = Client(port=port, headers=jwt_headers("slurm", lab.token("slurm")))
    status, doc = client.request("GET", "/openapi/v3")
    assert status == 200, doc
    assert isinstance(doc, dict)
    return doc


def documents(lab: Lab, plugins: str) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(22.05's document, ours), both daemons loading the plugins named."""
    ref_port, our_port = free_port(), free_port()
    env = {**os.environ, **slurm_lab.lab_env(), "SLURM_JWT": "daemon"}
    log = f"/tmp/slurmrestd-reference-{ref_port}.log"
    user = lab.service_user
    with open(log, "wb") as out:
        ref = subprocess.Popen(
            [
                REFERENCE,
                "-u",
                user,
                "-g",
                user,
                "-a",
                "rest_auth/jwt",
                "-s",
                plugins,
                ADDR % ref_port,
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd="/tmp",
        )
    ours = Daemon(
        "-u", user, "-s", plugins, "-a", "rest_auth/jwt", ADDR % our_port,
        env={"SLURM_JWT": "daemon"},
    )  # fmt: skip
    try:
        _wait_port(ref_port, ref, log)
        ours.wait_ready(port=our_port)
        yield fetch(ref_port, lab), fetch(our_port, lab)
    finally:
        ref.terminate()
        ref.wait(20)
        ours.stop()


@pytest.fixture(scope="module", params=SETS)
def docs(request: pytest.FixtureRequest, lab: Lab) -> Iterator[tuple[dict[str, Any], Any]]:
    yield from documents(lab, request.param)


def normalised(ref: dict[str, Any]) -> dict[str, Any]:
    """The reference's document with the deliberate differences (module docstring) made."""
    ref = copy.deepcopy(ref)
    seen: set[str] = set()
    for (path, _), op in oas.operations(ref).items():
        if "operationId" not in op:  # /openapi...
            continue
        if op["operationId"] in seen:
            prefix = "_".join(path.strip("/").replace(".", "_").split("/")[:2])
            op["operationId"] = f"{prefix}_{op['operationId']}"
        seen.add(op["operationId"])
    for schema in ref["components"]["schemas"].values():
        for prop in schema.get("properties", {}).values():
            if prop.get("type") == "boolean" and prop.get("default") in ("true", "false"):
                prop["default"] = prop["default"] == "true"
    for item in ref["paths"].values():
        for key in [k for k in item if k not in oas.METHODS and k != "servers"]:
            del item[key]
        for method in (m for m in item if m in oas.METHODS):
            for param in item[method].get("parameters", []):
                if param["in"] == "query" and param.get("style") == "simple":
                    param["style"] = "form"
    return ref


def test_documents_are_the_references(docs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    ref, ours = docs
    diff = oas.differences(normalised(ref), ours)
    assert not diff, {kind: items[:5] for kind, items in diff.items()}


def test_our_document_is_valid_openapi(docs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    """Valid but for what 22.05's document has too: with dbv0.0.38 alone a reference to
    v0.0.38_meta it lacks."""
    ours = docs[1]
    refs = {f"#/components/schemas/{name}" for name in ours["components"]["schemas"]}
    if all(r in refs for r in _refs(ours)):
        validate(ours)


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [r for k, v in value.items() for r in ([v] if k == "$ref" else _refs(v))]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []
