"""The component schemas of the data_parser versions, generated from their tables.

design: a schema is plain JSON (a dict) in which a named type is a Named:
the data_parser's name for it (controller_ping, uint32_no_val, ...) and its
shape.  A kind's ``schema`` attribute may be a dict or a Named; a table
becomes an object schema (obj()), a list of records an array (array()), a
flag array an array of enum strings (flags()).  An operation names its
response envelope (resp(): the payload keys, then meta, errors, warnings)
and its request body, with tables given as "module.TABLE" of the version's
package, so one declaration serves every version and a table written later
appears in the document without more work.  A response whose keys differ
between versions names a payload table of the version's package (its keys
as F(key, None, Typed(schema))), which each version states as differences.

An object's empty "required" list, which the reference writes, is left out:
OpenAPI 3.0 wants at least one name there (the reference's document fails
openapi_spec_validator for it), and no name required is what its absence says.

Components(version) walks those shapes for one version: a Named becomes a
$ref to components/schemas/<version>_<name> (added once), or is written
inline, by the version's rule (Refs): v0.0.40 and v0.0.42 on refer to every
named type; v0.0.41 (and +minimize_refs) names only the types an operation
refers to and writes the rest inline; +inline_enums writes flag arrays
inline.  Names a version changed (uint32_no_val became uint32_no_val_struct
in v0.0.42) are RENAMES, stated once at the version that changed them.
v0.0.43 on write every flag array inline.  What a version writes its own way
(v0.0.40's {set, infinite, number} objects, its parameters' "deprecated")
is its Writing (WRITING), stated once at the version that changed it.

One name is one schema: a version's second declaration of a named type
must give the schema the first gave (else SchemaConflictError), so two
tables' modules may each name a type they share (tres, tres_list) as long
as they agree.  A field the reference marks deprecated is a kind wrapped
in kinds.Deprecated; a named type it marks so, obj(..., deprecated=True).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from slurmrestd.openapi.common.engine import Kind, Table

REF_PATH = "#/components/schemas/"


@dataclass(frozen=True)
class Named:
    """A type the data_parser names: its name (without the version) and its shape.

    shape is a schema (a dict that may hold Named), or a callable giving one for
    a version's package (a table is found in the version's package).
    """

    name: str
    shape: Any
    # A flag array: written inline with +inline_enums.
    enum: bool = False
    # The type marked deprecated (v0.0.40's ext_sensors_data, power_mgmt_data).
    deprecated: bool = False


@dataclass(frozen=True)
class TableRef:
    """A version's table by name ("misc.PING"), resolved in the version's package."""

    name: str

    def resolve(self, package: ModuleType) -> Table:
        module, attr = self.name.rsplit(".", 1)
        found: Table = getattr(importlib.import_module(f"{package.__name__}.{module}"), attr)
        return found


def obj(name: str, table: str | Table, *, deprecated: bool = False) -> Named:
    """The object schema of a table: each entry's kind's schema, nested by its path."""
    source = TableRef(table) if isinstance(table, str) else table
    return Named(name, source, deprecated=deprecated)


def array(name: str, items: Any) -> Named:
    """A named array of items (a Named or a schema)."""
    return Named(name, {"type": "array", "items": items})


def enum_array(names: Iterable[str]) -> dict[str, Any]:
    """An array of the names a flag field takes (its items' keys in the reference's order)."""
    return {"type": "array", "items": {"enum": list(names), "type": "string"}}


def flags(name: str, names: Iterable[str]) -> Named:
    """A flag array: an array of the names a flag field takes."""
    return Named(name, enum_array(names), True)


@dataclass(frozen=True)
class Deprecated:
    """A field's schema marked deprecated: a field the version still writes (or keeps
    as an empty placeholder) that it says it will drop.  Written as the schema (or the
    $ref) with "deprecated": true after it."""

    shape: Any


def deprecated(shape: Any) -> Deprecated:
    return Deprecated(shape)


def integer(bits: int) -> dict[str, Any]:
    return {"type": "integer", "format": "int64" if bits > 32 else "int32"}


STRING: dict[str, Any] = {"type": "string"}
BOOLEAN: dict[str, Any] = {"type": "boolean"}
DOUBLE: dict[str, Any] = {"type": "number", "format": "double"}
STRING_ARRAY = Named("string_array", {"type": "array", "items": STRING})


@dataclass(frozen=True)
class NoValShape:
    """The shape of a {set, infinite, number} object, written by the version's rule
    (Writing): its number's type as the C type's (int32 for 16 and 32 bits), or int64
    whatever the width, with or without defaults on set and infinite."""

    number: dict[str, Any]


def no_val(name: str, number: dict[str, Any]) -> Named:
    """A {set, infinite, number} object."""
    return Named(name, NoValShape(number))


# --- the envelope every response shares --------------------------------------------

META = Named(
    "openapi_meta",
    {
        "type": "object",
        "properties": {
            "plugin": {
                "type": "object",
                "properties": {
                    k: STRING for k in ("type", "name", "data_parser", "accounting_storage")
                },
            },
            "client": {
                "type": "object",
                "properties": {k: STRING for k in ("source", "user", "group")},
            },
            "command": STRING_ARRAY,
            "slurm": {
                "type": "object",
                "properties": {
                    "version": {
                        "type": "object",
                        "properties": {k: STRING for k in ("major", "micro", "minor")},
                    },
                    "release": STRING,
                    "cluster": STRING,
                },
            },
        },
        "required": [],
    },
)
ERRORS = array(
    "openapi_errors",
    Named(
        "openapi_error",
        {
            "type": "object",
            "properties": {
                "description": STRING,
                "error_number": integer(32),
                "error": STRING,
                "source": STRING,
            },
            "required": [],
        },
    ),
)
WARNINGS = array(
    "openapi_warnings",
    Named(
        "openapi_warning",
        {"type": "object", "properties": {"description": STRING, "source": STRING}, "required": []},
    ),
)


@dataclass(frozen=True)
class Payload:
    """One key of a response beside meta, errors and warnings."""

    key: str
    shape: Any
    required: bool = True


@dataclass(frozen=True)
class Envelope:
    """A response's shape: its payload (keys, or tables of the version's package whose
    entries are the keys), then meta, errors[] and warnings[]."""

    payload: tuple[Payload | TableRef, ...]


class Typed(Kind):
    """A kind that only declares a schema: for the entries of a payload table (a
    response's keys, each with its schema and whether it is required)."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema


def resp(name: str, *payload: Payload | str) -> Named:
    """A response envelope: its payload, then meta, errors[] and warnings[].  A payload
    item is a Payload (one key) or "module.TABLE" of the version's package, a table of
    the keys (F(key, None, Typed(schema), required=True)), so a version that changes
    its response's keys states it as a difference of that table."""
    items = tuple(TableRef(p) if isinstance(p, str) else p for p in payload)
    return Named(name, Envelope(items))


# The response of the operations that answer nothing but the envelope.
EMPTY_RESP = resp("openapi_resp")


# --- per version -------------------------------------------------------------------

# {version: {name before it: its name from this version on}}; later versions inherit.
RENAMES: Mapping[str, Mapping[str, str]] = {
    "v0.0.42": {
        "uint16_no_val": "uint16_no_val_struct",
        "uint32_no_val": "uint32_no_val_struct",
        "uint64_no_val": "uint64_no_val_struct",
        "int64_no_val": "int64_no_val_struct",
        "float64_no_val": "float64_no_val_struct",
    },
}


@dataclass(frozen=True)
class Writing:
    """What a version's data_parser writes in its document that the versions after it
    write otherwise (each version's by the first version that has it: WRITING)."""

    # Every parameter carries "deprecated", false when it is not (else only a true one).
    param_deprecated: bool = False
    # A {set, infinite, number} object's set and infinite carry a default, false, and its
    # number is an int64 whatever the C type's width.  (The reference writes infinite's
    # default as 0, or 0.0 for a double's: not a boolean, which OpenAPI 3.0 refuses
    # (openapi_spec_validator fails its document for it); false is the value it means.)
    no_val_defaults: bool = False
    no_val_int64: bool = False


# v0.0.40 (as 24.11 and the releases before it serve it) writes the parameters' every
# flag and its own {set, infinite, number} objects; v0.0.41 on write them as now.
WRITING: Mapping[str, Writing] = {
    "v0.0.40": Writing(param_deprecated=True, no_val_defaults=True, no_val_int64=True),
    "v0.0.41": Writing(),
}


def writing_of(version: str) -> Writing:
    from slurmrestd.openapi.dataparser import VERSIONS

    return _inherited(WRITING, version, VERSIONS)[-1]


@dataclass(frozen=True)
class Refs:
    """How a version refers to named types."""

    # Every named type a $ref (else only those an operation refers to).
    all: bool = True
    # Flag arrays written inline.
    inline_enums: bool = False


# Each version's default (no -d flags), by the first version that has it.  v0.0.43 on
# write every flag array inline (they dropped the inline_enums flag: no named flag type
# is left in their documents).
DEFAULT_REFS: Mapping[str, Refs] = {
    "v0.0.40": Refs(),
    "v0.0.41": Refs(all=False),
    "v0.0.42": Refs(),
    "v0.0.43": Refs(inline_enums=True),
}


def _inherited(table: Mapping[str, Any], version: str, versions: Iterable[str]) -> list[Any]:
    """The entries of table from the oldest version up to this one."""
    out = []
    for v in versions:
        if v in table:
            out.append(table[v])
        if v == version:
            return out
    raise KeyError(version)


def refs_of(version: str, flags: Iterable[str] = ()) -> Refs:
    """A version's rule with the -d flags it was loaded with (prefer_refs, minimize_refs,
    inline_enums)."""
    from slurmrestd.openapi.dataparser import VERSIONS

    rule = _inherited(DEFAULT_REFS, version, VERSIONS)[-1]
    chosen = {f.lower() for f in flags}
    if "prefer_refs" in chosen:
        rule = Refs(True, rule.inline_enums)
    if "minimize_refs" in chosen:
        rule = Refs(False, rule.inline_enums)
    if "inline_enums" in chosen:
        rule = Refs(rule.all, True)
    return rule


def names_of(version: str) -> dict[str, str]:
    from slurmrestd.openapi.dataparser import VERSIONS

    merged: dict[str, str] = {}
    for renames in _inherited(RENAMES, version, VERSIONS):
        merged = {old: renames.get(new, new) for old, new in merged.items()}
        merged.update(renames)
    return merged


class SchemaConflictError(ValueError):
    """Two named types of one version with one name and different schemas."""


@dataclass
class Components:
    """The component schemas of one data_parser version, as operations refer to them."""

    version: str
    package: ModuleType | None = None  # the version's tables (slurmrestd.openapi.v0_0_4x)
    refs: Refs = field(default_factory=Refs)
    schemas: dict[str, Any] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    # How a kind that declares no schema is written (None: an error).
    fallback: Callable[[Any], Any] | None = None
    # The names the operations refer to (declare()): refs even when not every type is.
    top: set[str] = field(default_factory=set)
    # The declaration each named schema was written from.
    origins: dict[str, Named] = field(default_factory=dict)

    # The version's way of writing what versions write differently (writing_of()).
    writing: Writing | None = None

    def __post_init__(self) -> None:
        if not self.renames:
            self.renames = names_of(self.version)
        if self.writing is None:
            self.writing = writing_of(self.version)

    def key(self, named: Named) -> str:
        return f"{self.version}_{self.renames.get(named.name, named.name)}"

    def declare(self, *shapes: Named) -> None:
        """The types the operations refer to, before any is written (a type an operation
        refers to is a $ref wherever it appears, whatever the version's rule)."""
        self.top.update(self.key(s) for s in shapes)

    def operation(self, shape: Named) -> dict[str, Any]:
        """The schema an operation's response or request refers to: always a $ref."""
        self.declare(shape)
        return self._ref(shape)

    def _ref(self, named: Named) -> dict[str, Any]:
        key = self.key(named)
        if key not in self.schemas:
            self.origins[key] = named
            self.schemas[key] = None  # reserved: a type that contains itself
            self.schemas[key] = self._shape(named)
        elif named != self.origins[key] and self.schemas[key] is not None:
            # Two declarations of one name (two tables' modules each naming a type): the
            # same schema, or the document would say whichever came first.
            again = self._shape(named)
            if again != self.schemas[key]:
                first = self.schemas[key]
                raise SchemaConflictError(f"{key}: two different schemas: {first} {again}")
        return {"$ref": REF_PATH + key}

    def _shape(self, named: Named) -> dict[str, Any]:
        out = self._written(named)
        return {**out, "deprecated": True} if named.deprecated else out

    def _written(self, named: Named) -> dict[str, Any]:
        shape = named.shape
        if isinstance(shape, Envelope):
            return self.envelope(shape)
        if isinstance(shape, NoValShape):
            return self.no_val(shape)
        if isinstance(shape, TableRef):
            shape = self._resolve(shape)
        if isinstance(shape, tuple | list):
            return self.table(shape)
        if callable(shape):
            shape = shape(self.package)
        out: dict[str, Any] = self.render(shape)
        return out

    def render(self, schema: Any) -> Any:
        """A schema with each Named in it referred to or written inline."""
        if isinstance(schema, Named):
            inline = (schema.enum and self.refs.inline_enums) or (
                not self.refs.all and self.key(schema) not in self.top
            )
            return self._shape(schema) if inline else self._ref(schema)
        if isinstance(schema, Deprecated):
            return {**self.render(schema.shape), "deprecated": True}
        if isinstance(schema, dict):
            return {
                k: self.render(v) for k, v in schema.items() if not (k == "required" and v == [])
            }
        if isinstance(schema, list):
            return [self.render(v) for v in schema]
        return schema

    def no_val(self, shape: NoValShape) -> dict[str, Any]:
        """A {set, infinite, number} object as the version writes it."""
        rule = self.writing or Writing()
        number = shape.number
        if rule.no_val_int64 and number.get("type") == "integer":
            number = integer(64)
        flag = {**BOOLEAN, "default": False} if rule.no_val_defaults else BOOLEAN
        properties = {"set": dict(flag), "infinite": dict(flag), "number": dict(number)}
        return {"type": "object", "properties": properties}

    def envelope(self, envelope: Envelope) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for item in envelope.payload:
            if isinstance(item, Payload):
                properties[item.key] = self.render(item.shape)
                required += [item.key] if item.required else []
                continue
            keys = self.table(self._resolve(item))
            properties.update(keys["properties"])
            required += keys.get("required", [])
        for key, shape in (("meta", META), ("errors", ERRORS), ("warnings", WARNINGS)):
            properties[key] = self.render(shape)
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        return out

    def _resolve(self, ref: TableRef) -> Table:
        if self.package is None:
            raise LookupError(f"{ref.name}: no version package to find it in")
        return ref.resolve(self.package)

    def table(self, table: Table) -> dict[str, Any]:
        """The object schema of a table: nested by path, the required keys listed."""
        root: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for f in table:
            declared = getattr(f.kind, "schema", None)
            if declared is None:
                if self.fallback is None:
                    raise LookupError(f"{f.path}: kind {type(f.kind).__name__} has no schema")
                declared = self.fallback(f)
            parent = root
            *heads, last = f.path.split("/")
            for head in heads:
                parent = parent["properties"].setdefault(head, {"type": "object", "properties": {}})
            if f.required:
                root["required"].append(f.path)
            parent["properties"][last] = self.render(declared)
        if not root["required"]:
            del root["required"]
        return root
