"""What a client generated from an OpenAPI document depends on, and where two differ.

The facts of the old versions' documents (22.05's hand-written ones, merged by its
C daemon): per operation its operationId, tags, parameters (name, place, required,
style, explode, schema), request body and responses (status codes, media types,
schemas); per component schema its shape (types, formats, properties in order,
$refs, items, enums, required keys), without prose (descriptions, examples).
"""

from __future__ import annotations

from typing import Any

from tests.conformance.test_dp_document import shape as dp_shape

METHODS = ("get", "put", "post", "delete", "patch")
PARAM_FACTS = ("in", "name", "style", "explode", "required")
PROSE = ("description", "example", "deprecated", "summary")


def schemas_of(content: dict[str, Any]) -> dict[str, Any]:
    return {mime: c.get("schema") for mime, c in content.get("content", {}).items()}


def facts(op: dict[str, Any]) -> dict[str, Any]:
    body = op.get("requestBody")
    return {
        "tags": op.get("tags"),
        "operationId": op.get("operationId"),
        "parameters": [
            {**{k: p.get(k) for k in PARAM_FACTS}, "schema": p.get("schema")}
            for p in op.get("parameters", [])
        ],
        "responses": {code: schemas_of(r) for code, r in op.get("responses", {}).items()},
        "requestBody": (schemas_of(body), body.get("required")) if body else None,
    }


def shape(schema: Any) -> Any:
    return dp_shape(schema, PROSE)


def operations(doc: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {
        (path, method): op
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if method in METHODS
    }


def differences(ref: dict[str, Any], ours: dict[str, Any]) -> dict[str, list[Any]]:
    """Every difference, by kind: operations (missing, extra, by fact), schemas (missing,
    extra, by shape), path items' other keys, the frame."""
    out: dict[str, list[Any]] = {}

    def add(kind: str, what: Any) -> None:
        out.setdefault(kind, []).append(what)

    r_ops, o_ops = operations(ref), operations(ours)
    for key in r_ops.keys() - o_ops.keys():
        add("operation missing", key)
    for key in o_ops.keys() - r_ops.keys():
        add("operation extra", key)
    for key in r_ops.keys() & o_ops.keys():
        a, b = facts(r_ops[key]), facts(o_ops[key])
        for fact in a:
            if a[fact] != b[fact]:
                add(f"operation {fact}", (key, a[fact], b[fact]))
    for path in ref["paths"].keys() & ours["paths"].keys():
        a = {k: v for k, v in ref["paths"][path].items() if k not in METHODS}
        b = {k: v for k, v in ours["paths"][path].items() if k not in METHODS}
        if a != b:
            add("path item", (path, a, b))
        ma = [m for m in ref["paths"][path] if m in METHODS]
        mb = [m for m in ours["paths"][path] if m in METHODS]
        if ma != mb and set(ma) == set(mb):
            add("method order", (path, ma, mb))
    r_s, o_s = ref["components"]["schemas"], ours["components"]["schemas"]
    for name in r_s.keys() - o_s.keys():
        add("schema missing", name)
    for name in o_s.keys() - r_s.keys():
        add("schema extra", name)
    for name in r_s.keys() & o_s.keys():
        if shape(r_s[name]) != shape(o_s[name]):
            add("schema shape", (name, shape(r_s[name]), shape(o_s[name])))
    for key in ("openapi", "tags", "servers", "security", "info"):
        if ref.get(key) != ours.get(key):
            add("frame", (key, ref.get(key), ours.get(key)))
    if ref["components"].get("securitySchemes") != ours["components"].get("securitySchemes"):
        add("frame", "securitySchemes")
    return out


if __name__ == "__main__":
    import json
    import sys
    from pathlib import Path

    diff = differences(*(json.loads(Path(p).read_text()) for p in sys.argv[1:3]))
    verbose = sys.argv[3:]
    for kind, items in sorted(diff.items()):
        print(f"{len(items):4d} {kind}")
        for item in items[: int(verbose[0]) if verbose else 0]:
            print("      ", str(item)[:600])
    print(sum(map(len, diff.values())), "in all")
