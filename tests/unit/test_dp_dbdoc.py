"""openapi/slurmdbd's document (no lab): the parameters a condition's keys give, and the
accounting objects' schemas by their data_parser names, version by version."""

from __future__ import annotations

from slurmrestd.openapi import v0_0_40, v0_0_41, v0_0_43, v0_0_45
from slurmrestd.openapi.content import COp, parameters
from slurmrestd.openapi.content.slurmdbd import accounting, shapes
from slurmrestd.openapi.content.slurmdbd.request import Key, params
from slurmrestd.openapi.dataparser.schemas import Components, refs_of

REF = "#/components/schemas/"


def _query(version: str, package: object, *keys: Key) -> list[dict[str, object]]:
    op = COp("GET", "/x/", "get_x", "x", accounting.get_tres, params=params(keys))
    return parameters(op, version, False, package)  # type: ignore[arg-type]


def test_a_boolean_or_flag_is_given_by_its_name_alone() -> None:
    keys = (
        Key("name", "name_list", "list"),
        Key("with_deleted", "with_deleted", "bool"),
        Key("Include usage", "with_usage", "flag"),
        Key("UsersAreCoords", "", "skip", flag=True),
        Key("usage_end", "", "skip"),
    )
    empty = {p["name"]: p["allowEmptyValue"] for p in _query("v0.0.45", v0_0_45, *keys)}
    assert empty == {
        "name": False,
        "with_deleted": True,
        "Include usage": True,
        "UsersAreCoords": True,
        "usage_end": False,
    }


def test_format_is_deprecated_then_gone() -> None:
    key = Key("format", "format_list", "list")
    assert [p.get("deprecated") for p in _query("v0.0.42", None, key)] == [None]
    assert [p.get("deprecated") for p in _query("v0.0.43", None, key)] == [True]
    assert _query("v0.0.45", None, key) == []


def test_a_flag_parameter_lists_the_versions_names() -> None:
    key = Key("flags", "flags", "number", "accounting.CLUSTER_FLAGS")
    (param,) = _query("v0.0.43", v0_0_43, key)
    names = param["schema"]["enum"]  # type: ignore[index]
    assert names[0] == "DELETED" and "FEDERATION" in names


def test_accounts_answer_their_named_list() -> None:
    comp = Components("v0.0.40", v0_0_40, refs_of("v0.0.40"))
    assert comp.operation(shapes.ACCOUNTS) == {"$ref": REF + "v0.0.40_openapi_accounts_resp"}
    resp = comp.schemas["v0.0.40_openapi_accounts_resp"]
    assert resp["properties"]["accounts"] == {"$ref": REF + "v0.0.40_account_list"}
    assert resp["required"] == ["accounts"]
    account = comp.schemas["v0.0.40_account"]["properties"]
    assert account["flags"] == {"$ref": REF + "v0.0.40_account_flags"}
    assert account["associations"] == {"$ref": REF + "v0.0.40_assoc_short_list"}


def test_v0_0_41_writes_the_rollups_by_period_inline_and_required() -> None:
    comp = Components("v0.0.41", v0_0_41, refs_of("v0.0.41"))
    comp.operation(shapes.STATS)
    stats = comp.schemas["v0.0.41_openapi_slurmdbd_stats_resp"]["properties"]["statistics"]
    rollups = stats["properties"]["rollups"]
    assert list(rollups["properties"]) == ["hourly", "daily", "monthly"]
    assert rollups["required"][:3] == ["hourly/count", "daily/count", "monthly/count"]


def test_v0_0_43_qos_flags_name_deleted_and_partition_qos() -> None:
    names = [n for n, _ in v0_0_43.accounting.QOS_FLAGS.names]
    assert names[3] == "DELETED"
    assert names[names.index("OVERRIDE_PARTITION_QOS") + 1] == "PARTITION_QOS"


def test_v0_0_45_config_lists_no_instances() -> None:
    comp = Components("v0.0.45", v0_0_45, refs_of("v0.0.45"))
    comp.operation(shapes.CONFIG)
    config = comp.schemas["v0.0.45_openapi_slurmdbd_config_resp"]["properties"]
    assert "instances" not in config and "associations" in config
