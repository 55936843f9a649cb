"""legacydoc.amend and its helpers: a table's schema as an old version's document writes it."""

from __future__ import annotations

import pytest

from slurmrestd.openapi.common import legacydoc
from slurmrestd.openapi.common.engine import F
from slurmrestd.openapi.common.legacydoc import INTEGER, STRING


def _schema() -> dict:
    return {
        "type": "object",
        "properties": {
            "a": STRING,
            "stats": {"type": "object", "properties": {"x": INTEGER, "y": INTEGER}},
            "b": INTEGER,
        },
    }


def test_fields_order_and_leave_out_keys_at_any_depth() -> None:
    schema = _schema()
    out = legacydoc.amend(
        schema,
        types={"c": STRING, "stats/z": STRING},
        fields={"": ("b", "c", "stats"), "stats": ("z", "x")},
    )
    assert list(out["properties"]) == ["b", "c", "stats"]
    assert list(out["properties"]["stats"]["properties"]) == ["z", "x"]
    assert out["properties"]["stats"]["properties"]["z"] == STRING
    assert schema == _schema()  # the table's schema, shared by versions, is unchanged


def test_a_documented_key_without_a_type_is_an_error() -> None:
    with pytest.raises(KeyError, match="missing"):
        legacydoc.amend(_schema(), fields={"": ("a", "missing")})


def test_lift_names_an_objects_keys_in_its_place() -> None:
    out = legacydoc.amend(_schema(), lift=("stats",))
    assert list(out["properties"]) == ["a", "x", "y", "b"]


def test_paths_and_moved_state_an_order_from_a_table() -> None:
    table = (F("a", None, None), F("t/x", None, None), F("t/y", None, None), F("b", None, None))
    assert legacydoc.paths(table) == ("a", "t", "b")
    assert legacydoc.paths(table, "t") == ("x", "y")
    assert legacydoc.moved(("a", "t", "b"), "a", "b") == ("a", "b", "t")
    assert legacydoc.moved(("a", "t", "b"), None, "a", "new") == ("t", "b", "a", "new")
