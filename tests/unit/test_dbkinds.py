"""openapi/slurmdbd's data_parser kinds, tables, query conditions and body reading (no lab)."""

from __future__ import annotations

from typing import Any

import pytest

from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import Env, dump
from slurmrestd.openapi.content import DP
from slurmrestd.openapi.content.slurmdbd.body import ADMIN_LEVELS, Body, Field, Flags, text
from slurmrestd.openapi.content.slurmdbd.request import Key, Req
from slurmrestd.openapi.dataparser import PARSERS
from slurmrestd.openapi.dataparser.dbkinds import (
    At,
    Equal,
    List,
    PreemptNames,
    Primary,
    QosName,
    QosNames,
    Record,
    TresStr,
)

ENV = Env(
    tres=[{"id": 1, "type": "cpu", "name": None}, {"id": 1001, "type": "gres", "name": "gpu"}],
    qos=[{"id": 1, "name": "normal"}, {"id": 2, "name": "high"}],
)


def test_tres_string_as_records_named_from_the_known_tres() -> None:
    assert TresStr().dump("1=4,1001=2,77=1", ENV) == [
        {"type": "cpu", "name": "", "id": 1, "count": 4},
        {"type": "gres", "name": "gpu", "id": 1001, "count": 2},
        {"type": "", "name": "", "id": 77, "count": 1},
    ]
    assert TresStr().dump(None, ENV) == []


def test_qos_by_name() -> None:
    assert QosName().dump(2, ENV) == "high"
    assert QosName().dump(0, ENV) == ""
    assert QosName().dump(9, ENV) == ""
    assert QosNames().dump(["2", "1", "9", "x"], ENV) == ["high", "normal"]
    assert PreemptNames().dump([1, 2], ENV) == ["normal", "high"]


def test_whole_value_names_and_records() -> None:
    level = Equal(("None", 1), ("Administrator", 3))
    assert level.dump(3, ENV) == ["Administrator"]
    assert level.dump(7, ENV) == []
    short: tuple[Any, ...] = ()
    assert Record(lambda: short).dump(None, ENV) is None
    assert List(lambda: short).dump(None, ENV) == []
    assert At(1, Primary()).dump([0, 1], ENV) is False
    assert Primary().dump(0, ENV) is True


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.version)
def test_every_version_has_every_table(parser: Any) -> None:
    import importlib

    tables = importlib.import_module(parser.module).accounting
    for name in ("TRES", "QOS", "ACCOUNT", "USER", "ASSOC", "WCKEY", "CLUSTER", "INSTANCE"):
        assert dump(getattr(tables, name), {}, ENV) is not None


def _dp(version: str) -> DP:
    import importlib

    parser = next(p for p in PARSERS if p.version == version)
    return DP(parser, importlib.import_module(parser.module), "openapi/slurmdbd")


def _req(version: str, query: dict[str, Any] | None = None, body: Any = None) -> Req:
    call = Call(None, {}, query or {}, body if isinstance(body, dict) else None, body)
    return Req(_dp(version), call, None)  # type: ignore[arg-type]


KEYS = (Key("with_deleted", "with_deleted", "bool"), Key("user", "user_list", "list"))


def test_condition_reads_booleans_lists_and_warns_as_the_reference() -> None:
    req = _req("v0.0.40", {"with_deleted": "yes", "bogus": None})
    assert req.condition("X_CONDITION", KEYS) == {"with_deleted": 1}
    assert [w["description"] for w in req.warnings] == [
        "Expected OpenAPI type=boolean (Slurm type=boolean) but got OpenAPI type=string "
        "(Slurm type=string)",
        'Ignoring unknown field "bogus" of type boolean in DATA_PARSER_X_CONDITION',
    ]
    req = _req("v0.0.42", {"with_deleted": "0"})
    assert req.condition("X_CONDITION", KEYS) == {"with_deleted": 0}
    assert req.warnings[0]["description"].endswith(': "0"')
    req = _req("v0.0.42", {"with_deleted": None})
    assert req.condition("X_CONDITION", KEYS) == {"with_deleted": 1}
    assert req.warnings == []


def test_flag_keys_are_set_by_name_unless_false() -> None:
    keys = (Key("DELETED", "with_deleted", "flag"),)
    assert _req("v0.0.41", {"DELETED": None}).condition("A", keys) == {"with_deleted": 1}
    assert _req("v0.0.41", {"DELETED": "0"}).condition("A", keys) == {}


SPEC = (
    Field("name", "name", text, required=True),
    Field("administrator_level", "admin_level", ADMIN_LEVELS),
    Field("flags", "flags", Flags(DELETED=1)),
)


def test_body_reads_records_and_reports_missing_fields() -> None:
    req = _req("v0.0.42", body={"users": [{"name": "a", "administrator_level": "Operator"}]})
    assert Body(req, "USER", "USERS").records("users", SPEC) == [{"name": "a", "admin_level": 2}]
    req = _req("v0.0.42", body={"users": [{"flags": ["DELETED"], "x": 1}]})
    assert Body(req, "USER", "USERS").records("users", SPEC) is None
    assert req.errors[0]["source"] == "#/users[0]/name/"
    req = _req("v0.0.42", body=[])
    assert Body(req, "USER", "USERS").records("users", SPEC) is None
    assert req.errors[0]["description"] == "Rejecting list when dictionary expected"


def test_unknown_flags_stop_v0_0_40_only() -> None:
    body = {"users": [{"name": "a", "administrator_level": ["None", "x"]}]}
    req = _req("v0.0.41", body=body)
    assert Body(req, "USER", "USERS").records("users", SPEC) == [{"name": "a", "admin_level": 1}]
    assert [e["source"] for e in req.errors] == ["#/users[0]/administrator_level[1]/"]
    req = _req("v0.0.40", body=body)
    assert Body(req, "USER", "USERS").records("users", SPEC) is None
    assert req.errors[-1]["description"] == "Parsing flags failed"
