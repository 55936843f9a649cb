"""Routes as data (openapi/common/routes.py): the edits a derived version makes, and the
Plugin a declaration becomes."""

from __future__ import annotations

from typing import Any

import pytest

from slurmrestd.api.resource import Call
from slurmrestd.openapi import dbv0_0_36, dbv0_0_37, dbv0_0_38, v0_0_36, v0_0_37, v0_0_38
from slurmrestd.openapi.common import routes
from slurmrestd.openapi.common.routes import Envelope, Op, Route


def _handler(*args: Any) -> tuple[str, dict[str, Any]]:
    return "200 OK", {}


def _other(*args: Any) -> tuple[str, dict[str, Any]]:
    return "200 OK", {"other": True}


ROUTES = (
    Route("/a", (Op("GET", "get_a", "get a", _handler), Op("POST", "set_a", "set a", _handler))),
    Route("/b", (Op("GET", "get_b", "get b", _handler, response=routes.listing("bs", "b")),)),
)
ENVELOPE = Envelope("openapi/vX", "Slurm OpenAPI vX", "/slurm/vX", "slurm_vX_", ("slurm", "t"))


def _keys(declared: routes.Routes) -> list[str]:
    return [f"{o.method} {r.path}" for r in declared for o in r.ops]


def test_without_drops_operations_and_empty_routes() -> None:
    assert _keys(routes.without(ROUTES, "POST /a")) == ["GET /a", "GET /b"]
    assert _keys(routes.without(ROUTES, "GET /b")) == ["GET /a", "POST /a"]
    with pytest.raises(KeyError):
        routes.without(ROUTES, "DELETE /a")


def test_with_handlers_replaces_only_the_named_operation() -> None:
    edited = routes.with_handlers(ROUTES, {"POST /a": _other})
    assert [o.handler for r in edited for o in r.ops] == [_handler, _other, _handler]
    with pytest.raises(KeyError):
        routes.with_handlers(ROUTES, {"GET /c": _other})


def test_plugin_binds_operations_and_resolves_schema_names() -> None:
    bound: list[str] = []

    def bind(op: Op, operation_id: str) -> Any:
        bound.append(operation_id)
        return lambda call: op.handler(call)

    plugin = routes.plugin(ENVELOPE, ROUTES, bind)
    assert bound == ["slurm_vX_get_a", "slurm_vX_set_a", "slurm_vX_get_b"]
    assert [path for path, _ in plugin.routes] == ["/slurm/vX/a", "/slurm/vX/b"]
    op = dict(plugin.routes)["/slurm/vX/b"].operations["GET"]
    assert op.tags == ("slurm",)
    assert dict(op.response)["bs"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/slurm_vX_b"},
    }
    assert op.handler(Call(None, {}, {}, None)) == ("200 OK", {})


def test_derived_versions_differ_only_as_declared() -> None:
    def keys(declared: routes.Routes) -> set[str]:
        return set(_keys(declared))

    assert keys(v0_0_38.ROUTES) - keys(v0_0_37.ROUTES) == {"GET /licenses"}
    assert keys(v0_0_37.ROUTES) <= keys(v0_0_38.ROUTES)
    assert keys(dbv0_0_38.ROUTES) - keys(dbv0_0_37.ROUTES) == {
        "POST /qos",
        "DELETE /associations",
    }
    assert keys(dbv0_0_37.ROUTES) <= keys(dbv0_0_38.ROUTES)
    assert keys(v0_0_37.ROUTES) - keys(v0_0_36.ROUTES) == {
        "GET /reservations",
        "GET /reservation/{reservation_name}",
    }
    assert keys(v0_0_36.ROUTES) <= keys(v0_0_37.ROUTES)
    assert keys(dbv0_0_37.ROUTES) - keys(dbv0_0_36.ROUTES) == {"POST /associations"}
    assert keys(dbv0_0_36.ROUTES) <= keys(dbv0_0_37.ROUTES)
    # v0.0.36's lists take no update_time.
    queries = {f"{o.method} {r.path}": o.query for r in v0_0_36.ROUTES for o in r.ops}
    assert not any(queries[k] for k in ("GET /jobs", "GET /nodes", "GET /partitions"))
