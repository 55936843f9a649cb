"""The node, partition and reservation tables as the document writes them (no lab):
flag arrays named or inline, kinds written as the data_parser's types."""

from __future__ import annotations

from slurmrestd.openapi import v0_0_40, v0_0_42, v0_0_43
from slurmrestd.openapi.common.engine import Env
from slurmrestd.openapi.content.slurmctld import nodes, partitions, reservations
from slurmrestd.openapi.dataparser.kinds import I64_NO_VAL, FlagBits, bit, hidden
from slurmrestd.openapi.dataparser.schemas import Components, Named, refs_of

REF = "#/components/schemas/"


def test_flag_arrays_named_or_inline() -> None:
    entries = (bit("A", 1), hidden("B", 2), bit("C", 4))
    assert FlagBits(*entries).schema == {
        "type": "array",
        "items": {"type": "string", "enum": ["A", "C"]},
    }
    named = FlagBits(*entries, name="x_flags").schema
    assert isinstance(named, Named) and named.name == "x_flags" and named.enum


def test_a_time_stamp_is_dumped_signed_and_written_uint64_no_val() -> None:
    stamp = v0_0_40.node.TIMESTAMP
    assert stamp.dump(1700000000, Env()) == I64_NO_VAL.dump(1700000000, Env())
    assert stamp.schema.name == "uint64_no_val"


def test_v0_0_40_refers_to_named_types() -> None:
    comp = Components("v0.0.40", v0_0_40, refs_of("v0.0.40"))
    comp.operation(nodes.NODES)
    node = comp.schemas["v0.0.40_node"]["properties"]
    assert node["state"] == {"$ref": REF + "v0.0.40_node_states"}
    assert node["boot_time"] == {"$ref": REF + "v0.0.40_uint64_no_val"}
    assert node["energy"] == {"$ref": REF + "v0.0.40_acct_gather_energy"}
    assert node["cpus"] == {"type": "integer", "format": "int32"}
    resp = comp.schemas["v0.0.40_openapi_nodes_resp"]
    assert resp["required"] == ["nodes", "last_update"]


def test_v0_0_42_writes_removed_objects_inline() -> None:
    comp = Components("v0.0.42", v0_0_42, refs_of("v0.0.42"))
    comp.operation(nodes.NODES)
    node = comp.schemas["v0.0.42_node"]["properties"]
    assert node["power"] == {"type": "object", "properties": {}}


def test_v0_0_43_writes_flag_arrays_inline() -> None:
    comp = Components("v0.0.43", v0_0_43, refs_of("v0.0.43"))
    for shape in (nodes.NODES, partitions.PARTITIONS, reservations.RESERVATIONS):
        comp.operation(shape)
    comp.operation(reservations.MOD_REQ)
    assert comp.schemas["v0.0.43_node"]["properties"]["state"]["items"]["enum"][0] == "INVALID"
    flags = comp.schemas["v0.0.43_reservation_desc_msg"]["properties"]["flags"]
    assert flags["items"]["enum"][0] == "MAINT"
    assert not [name for name in comp.schemas if name.endswith(("_states", "_flags"))]
    assert comp.schemas["v0.0.43_reservation_mod_req"] == {
        "type": "object",
        "properties": {"reservations": {"$ref": REF + "v0.0.43_reservation_desc_msg_list"}},
    }
