"""The document generator against the shapes of the reference's big objects (no lab).

Other areas write the tables of jobs (job_info, job_desc_msg), nodes, partitions
and reservations.  Whatever those tables hold, their schemas must come out as the
reference writes them; this builds, for each of those objects, a table from the
reference's own property list with the kinds of slurmrestd.openapi.dataparser.kinds
(NoVal numbers, TEXT, Number(bits), BOOL, CSV, named Bits flag arrays, "a/b" paths
for nested objects, a Records kind for arrays of objects, named objects inside
objects), renders it with each version's rule, and compares the result with the
reference's schemas: types, formats, properties in order, $refs, required keys and
enums, deprecation marks.  dp_reference_shapes.json holds the reference's component
schemas of those objects (24.11's v0.0.40, v0.0.41 and v0.0.42, 26.05's v0.0.44)
without their prose (descriptions); an empty "required" list, which we leave out, is
compared as none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from slurmrestd.openapi.common.engine import F, Kind, Table
from slurmrestd.openapi.dataparser import kinds, schemas
from slurmrestd.openapi.dataparser.schemas import (
    Components,
    Named,
    Payload,
    Typed,
    names_of,
    obj,
    refs_of,
    resp,
)
from slurmrestd.openapi.v0_0_40.misc import Records
from tests.conformance.test_dp_document import shape

REFERENCE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "dp_reference_shapes.json").read_text()
)
ENVELOPE = ("meta", "errors", "warnings")


class Double(Kind):
    """A plain double (the tables' own kinds of doubles declare the same schema)."""

    schema = schemas.DOUBLE


class Reader:
    """Builds our shapes (tables of kinds, Named types) from one version's reference."""

    def __init__(self, version: str, ref: dict[str, Any]) -> None:
        self.version = version
        self.ref = ref
        self.named: dict[str, Named] = {}
        self.anonymous = 0
        # The reference's names of the kinds' named types in this version.
        renamed = names_of(version)
        self.no_val = {
            renamed.get(k.schema.name, k.schema.name): k
            for k in (
                kinds.U16_NO_VAL,
                kinds.U32_NO_VAL,
                kinds.U64_NO_VAL,
                kinds.I64_NO_VAL,
                kinds.F64_NO_VAL,
            )
        }

    def of(self, name: str) -> Named:
        """Our Named for the reference's named type (without the version prefix)."""
        if name not in self.named:
            self.named[name] = self._named(name, self.ref[f"{self.version}_{name}"])
        return self.named[name]

    def _named(self, name: str, schema: dict[str, Any]) -> Named:
        props = schema.get("properties", {})
        if "meta" in props and set(ENVELOPE) <= set(props):
            required = schema.get("required", [])
            payload = [
                Payload(k, self.kind(s, k).schema, k in required)
                for k, s in props.items()
                if k not in ENVELOPE
            ]
            return resp(name, *payload)
        if schema.get("type") == "object":
            return obj(name, self.table(schema), deprecated=schema.get("deprecated", False))
        if schema.get("type") == "array" and "enum" in schema["items"]:
            flag = kinds.Bits(*self.bits(schema), name=name).schema
            assert isinstance(flag, Named)
            return flag
        if schema.get("type") == "array" and self.is_object(schema["items"]):
            return schemas.array(name, self.kind(schema["items"], name + "_item").schema)
        return Named(name, schema)

    @staticmethod
    def bits(schema: dict[str, Any]) -> list[tuple[str, int]]:
        return [(n, 1 << i) for i, n in enumerate(schema["items"]["enum"])]

    @staticmethod
    def is_object(schema: dict[str, Any]) -> bool:
        return "$ref" in schema or schema.get("type") == "object"

    def kind(self, schema: dict[str, Any], hint: str) -> Kind:
        """The kind a table would use for a property written so."""
        if schema.get("deprecated"):
            rest = {k: v for k, v in schema.items() if k != "deprecated"}
            return kinds.Deprecated(self.kind(rest, hint))
        if "$ref" in schema:
            name = schema["$ref"].split("/")[-1].removeprefix(self.version + "_")
            if name in self.no_val:
                return self.no_val[name]
            if name == "csv_string":
                return kinds.CSV
            named = self.of(name)
            if named.enum:
                return kinds.Bits(*self.bits(self.ref[f"{self.version}_{name}"]), name=name)
            return Typed(named)
        props = schema.get("properties", {})
        if set(props) == {"set", "infinite", "number"}:
            number = props["number"]
            if number["type"] == "number":
                return kinds.F64_NO_VAL
            return kinds.U32_NO_VAL if number.get("format") == "int32" else kinds.U64_NO_VAL
        if schema.get("type") == "object" and schema.get("properties"):  # written inline
            self.anonymous += 1
            return Typed(self._named(f"inline_{self.anonymous}_{hint}", schema))
        if schema.get("type") == "array" and "enum" in schema["items"]:
            return kinds.Bits(*self.bits(schema))  # a flag array without a name
        if schema.get("type") == "array" and self.is_object(schema["items"]):
            item = self.kind(schema["items"], hint)
            self.anonymous += 1
            shape = schemas.array(f"inline_{self.anonymous}_{hint}", item.schema)
            return Records((), shape)
        return self.leaf(schema)

    @staticmethod
    def leaf(schema: dict[str, Any]) -> Kind:
        kind = {
            ("string", None): kinds.TEXT,
            ("boolean", None): kinds.BOOL,
            ("integer", "int64"): kinds.NUMBER,
            ("integer", "int32"): kinds.Number(32),
            ("number", "double"): Double(),
        }.get((schema.get("type"), schema.get("format")))
        return Typed(schema) if kind is None else kind

    def table(self, schema: dict[str, Any]) -> Table:
        """A table of an object: a nested object the version writes without a name (and
        without a "required" list of its own) is its entries' "a/b" paths."""
        required = schema.get("required", [])
        entries = list(self.entries(schema, ""))
        if len(required) > 1 and sorted(required) == sorted(p for p, _ in entries):
            # The table's order (the C parser's) where the reference tells it: the required
            # list follows it, the properties group it by nested object (job_res).
            order = {path: i for i, path in enumerate(required)}
            entries.sort(key=lambda entry: order[entry[0]])
        return tuple(
            F(path, path.replace("/", "_"), kind, required=path in required)
            for path, kind in entries
        )

    def entries(self, schema: dict[str, Any], prefix: str) -> Iterator[tuple[str, Kind]]:
        for key, prop in schema.get("properties", {}).items():
            path = prefix + key
            # (an object without properties is a removed field's placeholder, a leaf)
            nested = (
                prop.get("type") == "object"
                and prop.get("properties")
                and "required" not in prop
                and "deprecated" not in prop
                and set(prop["properties"]) != {"set", "infinite", "number"}
            )
            if nested:
                yield from self.entries(prop, path + "/")
            else:
                yield path, self.kind(prop, key)


def normal(schema: Any) -> Any:
    """A schema without its descriptions (none here) and empty required lists, its
    properties in order; its deprecation marks stay."""
    return shape(schema, prose=())


@pytest.mark.parametrize("key", list(REFERENCE))
def test_the_references_objects_come_out_of_tables(key: str) -> None:
    release, version = key.split()
    ref = REFERENCE[key]["schemas"]
    reader = Reader(version, ref)
    tops = [reader.of(name) for name in REFERENCE[key]["roots"]]
    comp = Components(version, refs=refs_of(version))
    comp.declare(*tops)
    for top in tops:
        comp.operation(top)
    ours = {k: v for k, v in comp.schemas.items()}
    assert sorted(ours) == sorted(ref), f"{release} {version}: the named types differ"
    different = [name for name in ref if normal(ours[name]) != normal(ref[name])]
    assert not different, {name: (ref[name], ours[name]) for name in different[:3]}


def test_partition_info_of_v0_0_42_written_by_hand() -> None:
    """One real object with the tables' own idiom (as v0_0_4x/partition.py would state
    it): nested paths, NoVal numbers, named flags; the reference's schema text."""
    ref = REFERENCE["24.11 v0.0.42"]["schemas"]
    n32, n64, u16, u32, u64 = (
        kinds.Number(32),
        kinds.NUMBER,
        kinds.U16_NO_VAL,
        kinds.U32_NO_VAL,
        kinds.U64_NO_VAL,
    )
    names = ref["v0.0.42_partition_info"]["properties"]
    cr_type = kinds.Bits(*Reader.bits(ref["v0.0.42_cr_type"]), name="cr_type")
    over = kinds.Bits(*Reader.bits(ref["v0.0.42_oversubscribe_flags"]), name="oversubscribe_flags")
    states = kinds.Bits(*Reader.bits(ref["v0.0.42_partition_states"]), name="partition_states")
    t = kinds.TEXT
    table = (
        *(F(p, p, k) for p, k in (("nodes/allowed_allocation", t), ("nodes/configured", t))),
        F("nodes/total", "total_nodes", n32),
        F("accounts/allowed", "allow_accounts", t),
        F("accounts/deny", "deny_accounts", t),
        F("groups/allowed", "allow_groups", t),
        F("qos/allowed", "allow_qos", t),
        F("qos/deny", "deny_qos", t),
        F("qos/assigned", "qos_char", t),
        F("alternate", "alternate", t),
        F("tres/billing_weights", "billing_weights_str", t),
        F("tres/configured", "tres_fmt_str", t),
        F("cluster", "cluster_name", t),
        F("select_type", "cr_type", cr_type),
        F("cpus/task_binding", "cpu_bind", n32),
        F("cpus/total", "total_cpus", n32),
        F("defaults/memory_per_cpu", "def_mem_per_cpu", n64),
        F("defaults/partition_memory_per_cpu", "def_mem_per_cpu", u64),
        F("defaults/partition_memory_per_node", "def_mem_per_cpu", u64),
        F("defaults/time", "default_time", u32),
        F("defaults/job", "job_defaults_str", t),
        F("grace_time", "grace_time", n32),
        F("maximums/cpus_per_node", "max_cpus_per_node", u32),
        F("maximums/cpus_per_socket", "max_cpus_per_socket", u32),
        F("maximums/memory_per_cpu", "max_mem_per_cpu", n64),
        F("maximums/partition_memory_per_cpu", "max_mem_per_cpu", u64),
        F("maximums/partition_memory_per_node", "max_mem_per_cpu", u64),
        F("maximums/nodes", "max_nodes", u32),
        F("maximums/shares", "max_share", n32),
        F("maximums/oversubscribe/jobs", "max_share", n32),
        F("maximums/oversubscribe/flags", "max_share", over),
        F("maximums/time", "max_time", u32),
        F("maximums/over_time_limit", "over_time_limit", u16),
        F("minimums/nodes", "min_nodes", n32),
        F("name", "name", t),
        F("node_sets", "nodesets", t),
        F("priority/job_factor", "priority_job_factor", n32),
        F("priority/tier", "priority_tier", n32),
        F("timeouts/resume", "resume_timeout", u16),
        F("timeouts/suspend", "suspend_timeout", u16),
        F("partition/state", "state_up", states),
        F("suspend_time", "suspend_time", u32),
    )
    assert [f.path.split("/")[0] for f in table] == [
        k for k, v in names.items() for _ in range(_leaves(v))
    ]
    comp = Components("v0.0.42", refs=refs_of("v0.0.42"))
    comp.operation(obj("partition_info", table))
    for name in (
        "partition_info",
        "cr_type",
        "oversubscribe_flags",
        "partition_states",
        "uint16_no_val_struct",
        "uint32_no_val_struct",
        "uint64_no_val_struct",
    ):
        key = f"v0.0.42_{name}"
        assert normal(comp.schemas[key]) == normal(ref[key]), name
    # v0.0.44 writes the same table's flags inline.
    v44 = Components("v0.0.44", refs=refs_of("v0.0.44"))
    v44.operation(obj("partition_info", table))
    state = v44.schemas["v0.0.44_partition_info"]["properties"]["partition"]["properties"]
    assert state["state"] == ref["v0.0.42_partition_states"]
    assert not [k for k in v44.schemas if k.endswith(("_states", "_flags", "cr_type"))]


def _leaves(schema: dict[str, Any]) -> int:
    props = schema.get("properties")
    if schema.get("type") != "object" or props is None:
        return 1
    return sum(_leaves(p) for p in props.values())
