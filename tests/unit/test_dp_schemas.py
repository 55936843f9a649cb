"""The data_parser versions' OpenAPI document: component schemas from the tables, each
version's rule for $refs, the operations as the reference writes them (no lab)."""

from __future__ import annotations

import dataclasses
import importlib
import sys
import types
from typing import Any

import pytest
from openapi_spec_validator import validate

from slurmrestd.api import spec
from slurmrestd.openapi import REGISTRY, v0_0_40, v0_0_41, v0_0_42, v0_0_45
from slurmrestd.openapi.common.engine import Env, F
from slurmrestd.openapi.content import COp, Param, bind, operation_doc, parameters, tables
from slurmrestd.openapi.content.slurmctld import CONTENT, ping
from slurmrestd.openapi.dataparser import PARSERS, VERSIONS, Parser, kinds
from slurmrestd.openapi.dataparser.schemas import (
    Components,
    Payload,
    Refs,
    SchemaConflictError,
    Typed,
    array,
    flags,
    integer,
    names_of,
    obj,
    refs_of,
    resp,
    writing_of,
)

REF = "#/components/schemas/"
META_REFS = {
    "meta": {"$ref": REF + "{v}_openapi_meta"},
    "errors": {"$ref": REF + "{v}_openapi_errors"},
    "warnings": {"$ref": REF + "{v}_openapi_warnings"},
}


def refs(version: str) -> dict[str, Any]:
    return {k: {"$ref": v["$ref"].format(v=version)} for k, v in META_REFS.items()}


def test_every_named_type_is_a_ref_in_v0_0_42() -> None:
    comp = Components("v0.0.42", v0_0_42, refs_of("v0.0.42"))
    assert comp.operation(ping.PINGS) == {"$ref": REF + "v0.0.42_openapi_ping_array_resp"}
    assert comp.schemas["v0.0.42_openapi_ping_array_resp"] == {
        "type": "object",
        "properties": {"pings": {"$ref": REF + "v0.0.42_controller_ping_array"}, **refs("v0.0.42")},
        "required": ["pings"],
    }
    assert comp.schemas["v0.0.42_controller_ping_array"] == {
        "type": "array",
        "items": {"$ref": REF + "v0.0.42_controller_ping"},
    }
    # The table's order, its kinds' types and formats, its required keys.
    assert comp.schemas["v0.0.42_controller_ping"] == {
        "type": "object",
        "properties": {
            "hostname": {"type": "string"},
            "pinged": {"type": "string"},
            "responding": {"type": "boolean"},
            "latency": {"type": "integer", "format": "int64"},
            "mode": {"type": "string"},
            "primary": {"type": "boolean"},
        },
        "required": ["responding", "primary"],
    }
    assert comp.schemas["v0.0.42_openapi_meta"]["properties"]["command"] == {
        "$ref": REF + "v0.0.42_string_array"
    }
    assert list(comp.schemas) == [
        "v0.0.42_openapi_ping_array_resp",
        "v0.0.42_controller_ping_array",
        "v0.0.42_controller_ping",
        "v0.0.42_openapi_meta",
        "v0.0.42_string_array",
        "v0.0.42_openapi_errors",
        "v0.0.42_openapi_error",
        "v0.0.42_openapi_warnings",
        "v0.0.42_openapi_warning",
    ]


def test_v0_0_41_names_only_what_operations_refer_to() -> None:
    comp = Components("v0.0.41", v0_0_41, refs_of("v0.0.41"))
    comp.operation(ping.PINGS)
    assert list(comp.schemas) == ["v0.0.41_openapi_ping_array_resp"]
    pings = comp.schemas["v0.0.41_openapi_ping_array_resp"]["properties"]["pings"]
    assert pings["type"] == "array"
    assert pings["items"]["properties"]["latency"] == {"type": "integer", "format": "int64"}
    assert comp.schemas["v0.0.41_openapi_ping_array_resp"]["properties"]["errors"]["items"][
        "properties"
    ]["error_number"] == {"type": "integer", "format": "int32"}


def test_a_type_an_operation_refers_to_is_a_ref_wherever_it_appears() -> None:
    desc = obj("job_desc_msg", (F("name", "name", kinds.TEXT),))
    req = obj("job_submit_req", (F("job", None, _Shaped(desc)),))
    comp = Components("v0.0.41", v0_0_41, refs_of("v0.0.41"))
    comp.declare(req, desc)  # POST job/submit takes the request, POST job/{job_id} the job
    comp.operation(req)
    assert comp.schemas["v0.0.41_job_submit_req"]["properties"]["job"] == {
        "$ref": REF + "v0.0.41_job_desc_msg"
    }


class _Shaped(kinds.Kind):
    def __init__(self, schema: Any) -> None:
        self.schema = schema


def test_prefer_refs_minimize_refs_and_inline_enums() -> None:
    assert refs_of("v0.0.41") == Refs(all=False)
    assert refs_of("v0.0.41", ("prefer_refs",)) == Refs()
    assert refs_of("v0.0.40") == refs_of("v0.0.42") == Refs()
    assert refs_of("v0.0.42", ("inline_enums",)) == Refs(inline_enums=True)
    # v0.0.43 on: flag arrays always inline (no inline_enums flag to ask for it).
    assert refs_of("v0.0.43") == refs_of("v0.0.45") == Refs(inline_enums=True)
    assert refs_of("v0.0.43", ("minimize_refs",)) == Refs(all=False, inline_enums=True)
    assert refs_of("v0.0.44", ("prefer_refs",)) == Refs(inline_enums=True)

    state = kinds.Bits(("PENDING", 0), ("RUNNING", 1), name="job_state")
    table = (F("state", "state", state), F("other", "other", kinds.Bits(("A", 1))))
    top = resp("openapi_x_resp", Payload("x", obj("x", table)))
    enum = {"type": "array", "items": {"type": "string", "enum": ["PENDING", "RUNNING"]}}
    for version, flags_ in (("v0.0.42", ("inline_enums",)), ("v0.0.44", ())):
        inline = Components(version, v0_0_42, refs_of(version, flags_))
        inline.operation(top)
        assert inline.schemas[f"{version}_x"]["properties"]["state"] == enum
        assert inline.schemas[f"{version}_x"]["properties"]["other"]["items"]["enum"] == ["A"]
        assert f"{version}_job_state" not in inline.schemas
    named = Components("v0.0.42", v0_0_42, refs_of("v0.0.42"))
    named.operation(top)
    assert named.schemas["v0.0.42_x"]["properties"]["state"] == {"$ref": REF + "v0.0.42_job_state"}
    assert named.schemas["v0.0.42_job_state"] == enum


def test_tables_nest_by_path_and_kinds_name_their_types() -> None:
    table = (
        F("a/b", "b", kinds.U32_NO_VAL),
        F("a/c", "c", kinds.F64_NO_VAL),
        F("d", "d", kinds.CSV, required=True),
        F("e", "e", kinds.Number(32)),
    )
    for version, suffix in (("v0.0.40", ""), ("v0.0.42", "_struct"), ("v0.0.45", "_struct")):
        comp = Components(version)
        schema = comp.table(table)
        assert schema == {
            "type": "object",
            "properties": {
                "a": {
                    "type": "object",
                    "properties": {
                        "b": {"$ref": f"{REF}{version}_uint32_no_val{suffix}"},
                        "c": {"$ref": f"{REF}{version}_float64_no_val{suffix}"},
                    },
                },
                "d": {"$ref": f"{REF}{version}_csv_string"},
                "e": {"type": "integer", "format": "int32"},
            },
            "required": ["d"],
        }
        number = comp.schemas[f"{version}_uint32_no_val{suffix}"]["properties"]["number"]
        # v0.0.40 writes every integer of a {set, infinite, number} object as an int64.
        bits = "int64" if version == "v0.0.40" else "int32"
        assert number == {"type": "integer", "format": bits}
    assert names_of("v0.0.41") == {}
    assert names_of("v0.0.43")["uint64_no_val"] == "uint64_no_val_struct"


def test_no_val_objects_as_each_version_writes_them() -> None:
    plain = {"type": "boolean"}
    flag = {"type": "boolean", "default": False}
    for kind, number in (
        (kinds.U16_NO_VAL, "int32"),
        (kinds.U32_NO_VAL, "int32"),
        (kinds.U64_NO_VAL, "int64"),
        (kinds.I64_NO_VAL, "int64"),
    ):
        old = Components("v0.0.40").render(kind.schema)
        new = Components("v0.0.42").render(kind.schema)
        v40 = Components("v0.0.40")
        v40.render(kind.schema)
        v42 = Components("v0.0.42")
        v42.render(kind.schema)
        ((_, written40),) = v40.schemas.items()
        ((_, written42),) = v42.schemas.items()
        assert written40 == {
            "type": "object",
            "properties": {
                "set": flag,
                "infinite": flag,
                "number": {"type": "integer", "format": "int64"},
            },
        }
        assert written42 == {
            "type": "object",
            "properties": {
                "set": plain,
                "infinite": plain,
                "number": {"type": "integer", "format": number},
            },
        }
        assert old["$ref"].endswith("_no_val") and new["$ref"].endswith("_no_val_struct")
    inline = Components("v0.0.41", refs=refs_of("v0.0.41")).render(kinds.F64_NO_VAL.schema)
    assert inline["properties"]["number"] == {"type": "number", "format": "double"}
    assert inline["properties"]["set"] == plain
    v40 = Components("v0.0.40")
    v40.render(kinds.F64_NO_VAL.schema)
    assert v40.schemas["v0.0.40_float64_no_val"]["properties"]["number"]["format"] == "double"
    assert [writing_of(v).no_val_int64 for v in VERSIONS] == [True] + [False] * 5


def test_one_name_two_schemas_is_an_error_not_a_silent_pick() -> None:
    """Tables of different areas may name a type each (tres, tres_list): one name must
    mean one schema in a version's document."""
    first = obj("tres", (F("type", "type", kinds.TEXT), F("id", "id", kinds.Number(32))))
    same = obj("tres", (F("type", "type", kinds.TEXT), F("id", "id", kinds.Number(32))))
    other = obj("tres", (F("type", "type", kinds.TEXT), F("count", "count", kinds.NUMBER)))
    comp = Components("v0.0.42")
    assert comp.render(first) == comp.render(same) == {"$ref": REF + "v0.0.42_tres"}
    assert comp.render(array("tres_list", same))["$ref"].endswith("tres_list")
    with pytest.raises(SchemaConflictError, match=r"v0\.0\.42_tres: two different schemas"):
        comp.render(other)
    # A version that writes it inline has no name to share.
    inline = Components("v0.0.41", refs=refs_of("v0.0.41"))
    assert inline.render(first) != inline.render(other)


def test_two_content_plugins_may_not_write_one_name_two_ways() -> None:
    frame = spec.Frame("24.11.5", ("24", "5", "11"), True, False, ())
    tres = {"type": "object", "properties": {"id": {"type": "integer"}}}
    ctld = spec.Plugin("openapi/slurmctld", "t", (), schemas=(("v0.0.42_tres", tres),), frame=frame)
    same = spec.Plugin("openapi/slurmdbd", "t", (), schemas=(("v0.0.42_tres", tres),), frame=frame)
    assert spec.document([ctld, same], "")["components"]["schemas"]["v0.0.42_tres"] == tres
    other = spec.Plugin(
        "openapi/slurmdbd", "t", (), schemas=(("v0.0.42_tres", {"type": "string"}),), frame=frame
    )
    with pytest.raises(ValueError, match=r"openapi/slurmdbd: v0\.0\.42_tres differs"):
        spec.document([ctld, other], "")


def test_flag_arrays_list_their_shown_names_and_stamps_are_uint64_no_val() -> None:
    entries = (
        ("IDLE", 1, 0xF, "equal"),
        ("DRAIN", 0x10, 0x10, "bit"),
        ("OLD", 0x20, 0x20, "hidden"),
    )
    enum = {"type": "array", "items": {"enum": ["IDLE", "DRAIN"], "type": "string"}}
    assert kinds.FlagBits(*entries).schema == enum
    named = kinds.FlagBits(*entries, name="node_states")
    v42, v44 = Components("v0.0.42"), Components("v0.0.44", refs=refs_of("v0.0.44"))
    assert v42.render(named.schema) == {"$ref": REF + "v0.0.42_node_states"}
    assert v42.schemas["v0.0.42_node_states"] == enum
    assert v44.render(named.schema) == enum
    # A time_t stamp is signed when dumped, a uint64_no_val in the document (as the
    # data_parser's TIMESTAMP_NO_VAL); no document has an int64_no_val.
    assert v42.render(kinds.I64_NO_VAL.schema) == v42.render(kinds.U64_NO_VAL.schema)
    assert kinds.I64_NO_VAL.dump(-5, Env())["number"] == -5  # the reference's int64
    assert list(v42.schemas)[-1] == "v0.0.42_uint64_no_val_struct"


def test_a_kind_without_a_schema_is_an_error_not_a_silent_gap() -> None:
    with pytest.raises(LookupError, match="x: kind Kind has no schema"):
        Components("v0.0.42").table((F("x", "x", kinds.Kind()),))


def test_flags_and_arrays_are_named() -> None:
    comp = Components("v0.0.40")
    comp.render(array("things", flags("thing_flags", ["A", "B"])))
    assert comp.schemas == {
        "v0.0.40_things": {"type": "array", "items": {"$ref": REF + "v0.0.40_thing_flags"}},
        "v0.0.40_thing_flags": {"type": "array", "items": {"type": "string", "enum": ["A", "B"]}},
    }


def _noop(dp: Any, call: Any) -> tuple[str, dict[str, Any]]:
    return "200 OK", {}


def test_parameters_as_the_reference_writes_them() -> None:
    op = COp(
        "GET",
        "/job/{job_id}",
        "get_job",
        "get job info",
        _noop,
        query=("update_time", "flags"),
        params=(
            Param("job_id", "Job ID"),
            Param("update_time", "Query jobs updated more recently than this time"),
            Param("flags", enum=("ALL", "DETAIL")),
            Param("Hold", allow_empty=True, since="v0.0.45"),
        ),
    )
    got = parameters(op, "v0.0.42", deprecated=True)
    assert [(p["name"], p["in"], p["required"]) for p in got] == [
        ("job_id", "path", True),
        ("update_time", "query", False),
        ("flags", "query", False),
    ]
    assert got[0] == {
        "in": "path",
        "name": "job_id",
        "style": "simple",
        "explode": False,
        "deprecated": True,
        "allowEmptyValue": False,
        "allowReserved": False,
        "description": "Job ID",
        "required": True,
        "schema": {"type": "string"},
    }
    assert got[2]["schema"] == {"type": "string", "enum": ["ALL", "DETAIL"]}
    assert "description" not in got[2]
    hold = parameters(op, "v0.0.45", deprecated=False)[-1]
    assert (hold["name"], hold["allowEmptyValue"], "deprecated" in hold) == ("Hold", True, False)
    # v0.0.40 says of every parameter whether it is deprecated; later versions only when so.
    assert [p["deprecated"] for p in parameters(op, "v0.0.40", deprecated=False)] == [False] * 3
    assert [p["deprecated"] for p in parameters(op, "v0.0.40", deprecated=True)] == [True] * 3
    assert list(parameters(op, "v0.0.40", False)[0])[:5] == [
        "in",
        "name",
        "style",
        "explode",
        "deprecated",
    ]
    assert ["deprecated" in p for p in parameters(op, "v0.0.41", deprecated=False)] == [False] * 3


def test_a_parameter_deprecated_in_some_versions() -> None:
    op = COp(
        "GET",
        "/qos/",
        "get_qos",
        "get QOS list",
        _noop,
        query=("format", "name"),
        params=(Param("format", "Ignored", deprecated=("v0.0.43", "v0.0.44")),),
    )
    for version, marked in (("v0.0.42", False), ("v0.0.43", True), ("v0.0.44", True)):
        fmt, name = parameters(op, version, deprecated=False)
        assert (fmt.get("deprecated", False), "deprecated" in name) == (marked, False)
    fmt, name = parameters(op, "v0.0.40", deprecated=False)
    assert (fmt["deprecated"], name["deprecated"]) == (False, False)


def test_an_operation_as_the_reference_writes_it() -> None:
    op = COp("POST", "/nodes/", "post_nodes", "batch update node(s)", _noop, body=True)
    op = COp(
        **{**op.__dict__, "request": obj("update_node_msg", ()), "request_doc": "Nodes update"}
    )
    comp = Components("v0.0.45", v0_0_45)
    doc = operation_doc(op, "slurm_v0045_post_nodes", "slurm", comp, deprecated=False)
    answer = {"$ref": REF + "v0.0.45_openapi_resp"}
    assert doc == {
        "tags": ["slurm"],
        "summary": "batch update node(s)",
        "operationId": "slurm_v0045_post_nodes",
        "responses": {
            code: {
                "content": {
                    "application/json": {"schema": answer},
                    "application/yaml": {"schema": answer},
                },
                "description": "batch update node(s)",
            }
            for code in ("200", "default")
        },
        "requestBody": {
            "content": {
                "application/json": {"schema": {"$ref": REF + "v0.0.45_update_node_msg"}},
                "application/yaml": {"schema": {"$ref": REF + "v0.0.45_update_node_msg"}},
            },
            "description": "Nodes update",
        },
    }
    assert comp.schemas["v0.0.45_openapi_resp"] == {
        "type": "object",
        "properties": refs("v0.0.45"),
    }


def test_an_operations_description_follows_its_summary() -> None:
    op = COp("GET", "/job/{job_id}", "get_job", "Get job info", _noop, description="May be many.")
    doc = operation_doc(op, "slurmdb_v0042_get_job", "slurmdb", Components("v0.0.42"), True)
    assert list(doc)[:4] == ["tags", "summary", "description", "deprecated"]
    assert doc["description"] == "May be many."
    plain = operation_doc(
        op.__class__("GET", "/x/", "x", "x", _noop), "x", "slurm", Components("v0.0.42"), False
    )
    assert "description" not in plain


def test_the_document_is_valid_openapi_and_framed_as_the_release() -> None:
    plugin = bind(CONTENT)
    doc = spec.document([plugin], version="")
    validate(doc)
    assert "/slurm/v0.0.42/ping/" in doc["paths"]
    assert not [p for p in doc["paths"] if p.startswith("/openapi")]
    assert list(doc["components"]["securitySchemes"]) == ["user", "token", "bearerAuth"]
    assert doc["info"]["version"].startswith("Slurm-")
    ping_op = doc["paths"]["/slurm/v0.0.40/ping/"]["get"]
    assert ping_op["operationId"] == "slurm_v0040_get_ping"
    assert ping_op["responses"]["200"]["description"] == "results of ping test"
    every = {r.split("/")[-1] for r in _refs(doc)}
    assert every <= set(doc["components"]["schemas"])


def _refs(doc: Any) -> list[str]:
    if isinstance(doc, dict):
        return [doc["$ref"]] if "$ref" in doc else [r for v in doc.values() for r in _refs(v)]
    if isinstance(doc, list):
        return [r for v in doc for r in _refs(v)]
    return []


def test_info_names_the_plugins_or_carries_x_slurm() -> None:
    plugin = spec.Plugin("openapi/slurmctld", "t", (), parsers=(("v0.0.42", ()),))
    other = spec.Plugin("openapi/v0.0.38", "t", ())
    old = spec.Frame("24.11.5", ("24", "5", "11"), True, False, ())
    assert spec._info(old, [plugin, other])["version"] == (
        "Slurm-24.11.5&openapi/slurmctld&openapi/v0.0.38"
    )
    new = spec.Frame("26.05.5", ("26", "5", "05"), False, True, ())
    info = spec._info(new, [plugin])
    assert info["version"] == "Slurm-26.05.5"
    assert info["x-slurm"] == {
        "data_parsers": [{"plugin": "v0.0.42", "flags": ["NONE"]}],
        "openapi": ["openapi/slurmctld"],
        "version": {"major": "26", "micro": "5", "minor": "05"},
        "release": "26.05.5",
    }
    assert list(info) == [
        "contact",
        "license",
        "x-slurm",
        "title",
        "description",
        "termsOfService",
        "version",
    ]


def test_v0_0_40_tables_are_found_by_name() -> None:
    comp = Components("v0.0.40", v0_0_40)
    comp.operation(ping.PINGS)
    assert "v0.0.40_controller_ping" in comp.schemas


def test_a_parameters_enum_may_be_a_versions_flag_kind() -> None:
    op = COp(
        "GET",
        "/jobs/",
        "get_jobs",
        "get list of jobs",
        _noop,
        params=(Param("flags", enum="misc.FLAGS"), Param("other", enum="misc.NAMES")),
    )
    fake = types.ModuleType("fake_version")
    misc = types.ModuleType("fake_version.misc")
    misc.FLAGS = kinds.Bits(("ALL", 1), ("DETAIL", 2))  # type: ignore[attr-defined]
    misc.NAMES = ("A", "B")  # type: ignore[attr-defined]
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(sys.modules, "fake_version", fake)
        mp.setitem(sys.modules, "fake_version.misc", misc)
        got = parameters(op, "v0.0.42", False, fake)
    assert [p["schema"] for p in got] == [
        {"type": "string", "enum": ["ALL", "DETAIL"]},
        {"type": "string", "enum": ["A", "B"]},
    ]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.version)
def test_every_declared_schema_has_its_kinds_types(parser: Parser) -> None:
    """Every table an operation's response or request names, with every kind in it
    declaring its schema (the daemon writes an untyped one where a kind has none)."""
    comp = Components(parser.version, tables(parser), refs_of(parser.version))
    contents = [importlib.import_module(e.module).CONTENT for e in REGISTRY if e.content]
    missing = []
    for op in (op for content in contents for op in content.ops):
        if not op.served_by(parser.version):
            continue
        for shape in (op.response, op.request):
            if shape is None:
                continue
            try:
                comp.operation(shape)
            except (LookupError, AttributeError, ImportError) as exc:
                missing.append(f"{op.key}: {exc}")
    assert not missing, missing


def test_a_response_may_name_a_payload_table_of_the_version() -> None:
    fake = types.ModuleType("fake_version")
    misc = types.ModuleType("fake_version.misc")
    number = kinds.U64_NO_VAL.schema
    misc.KEYS = (  # type: ignore[attr-defined]
        F("result", None, Typed(obj("job_submit_response_msg", ()))),
        F("job_id", None, Typed(integer(32))),
        F("last_update", None, Typed(number), required=True),
    )
    top = resp("openapi_x_resp", "misc.KEYS")
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(sys.modules, "fake_version", fake)
        mp.setitem(sys.modules, "fake_version.misc", misc)
        comp = Components("v0.0.40", fake)
        comp.operation(top)
    assert comp.schemas["v0.0.40_openapi_x_resp"] == {
        "type": "object",
        "properties": {
            "result": {"$ref": REF + "v0.0.40_job_submit_response_msg"},
            "job_id": {"type": "integer", "format": "int32"},
            "last_update": {"$ref": REF + "v0.0.40_uint64_no_val"},
            **refs("v0.0.40"),
        },
        "required": ["last_update"],
    }


def test_the_default_plugins_document_is_valid_and_keeps_the_old_versions() -> None:
    plugins = [importlib.import_module(e.module).plugin() for e in REGISTRY]
    doc = spec.document(plugins, version="")
    validate(doc)
    names = [e.name for e in REGISTRY]
    info = doc["info"]
    listed = info["x-slurm"]["openapi"] if "x-slurm" in info else info["version"].split("&")[1:]
    assert listed == names  # every plugin loaded, the old ones too
    schemas = set(doc["components"]["schemas"])
    assert {"v0.0.38_pings", "dbv0.0.38_errors", "v0.0.42_controller_ping"} <= schemas
    assert doc["paths"]["/slurm/v0.0.38/ping"]["get"]["operationId"] == "slurm_v0_0_38_ping"
    old = [p for p, e in zip(plugins, REGISTRY, strict=True) if not e.content]
    alone = spec.document(old, version="")
    assert alone["info"]["version"] == "0.0.38"  # 22.05's frame: the first plugin's
    assert "/openapi/v3" in alone["paths"]


def test_paths_follow_the_references_order_each_in_every_version() -> None:
    def handler(dp: Any, call: Any) -> tuple[str, dict[str, Any]]:
        return "200 OK", {}

    content = CONTENT.__class__(
        name="openapi/x",
        title="x",
        prefix="x",
        tag=("x", "x"),
        ops=(
            COp("GET", "/b/", "get_b", "b", handler),
            COp("GET", "/a/", "get_a", "a", handler, since="v0.0.41", until="v0.0.42"),
            COp("GET", "/c/", "get_c", "c", handler),
        ),
        order=("/a/", "/b/"),
    )
    parsers = [p for p in PARSERS if p.version in ("v0.0.40", "v0.0.41", "v0.0.42")]
    assert [path for path, _ in bind(content, parsers).routes] == [
        "/x/v0.0.41/a/",
        "/x/v0.0.42/a/",
        "/x/v0.0.40/b/",
        "/x/v0.0.41/b/",
        "/x/v0.0.42/b/",
        "/x/v0.0.40/c/",
        "/x/v0.0.41/c/",
        "/x/v0.0.42/c/",
    ]


def test_old_plugins_sharing_operation_ids_are_made_unique_beside_a_content_plugin() -> None:
    """22.05 names v0.0.36's and v0.0.37's operations alike; framed by a content plugin
    the later one takes its path's prefix, so the default document stays valid."""
    plugins = [importlib.import_module(e.module).plugin() for e in REGISTRY]
    v37 = next(p for p in plugins if p.name == "openapi/v0.0.37")
    twin = dataclasses.replace(
        v37,
        name="openapi/v0.0.3x",
        routes=tuple((path.replace("v0.0.37", "v0.0.3x"), r) for path, r in v37.routes),
    )
    doc = spec.document([*plugins, twin], version="")
    validate(doc)
    assert doc["paths"]["/slurm/v0.0.37/jobs"]["get"]["operationId"] == "slurmctld_get_jobs"
    twin_id = doc["paths"]["/slurm/v0.0.3x/jobs"]["get"]["operationId"]
    assert twin_id == "slurm_v0_0_3x_slurmctld_get_jobs"
