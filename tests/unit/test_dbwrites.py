"""The pure parts of the data_parser versions' accounting writes: TRES differences, the
association modify record, QOS and CSV names, the parse tables' reports."""

from __future__ import annotations

from typing import Any

import pytest

from slurmrestd.openapi.content.slurmdbd import condadd, limits
from slurmrestd.openapi.dataparser import parsing as ps
from slurmrestd.slurm.constants import INFINITE, NO_VAL

QOS = [{"id": 1, "name": "normal"}, {"id": 7, "name": "high"}]
TRES = [{"id": 1, "type": "cpu", "name": ""}, {"id": 2, "type": "mem", "name": ""}]


def ctx(show: bool = True) -> limits.DbCtx:
    return limits.DbCtx(show=show, tres=TRES, qos=QOS)


@pytest.mark.parametrize(
    ("current", "new", "out"),
    [
        (None, "1=4", "1=4"),
        ("", None, None),
        ("1=4,2=100", "1=8", f"1=8,2={2**64 - 1}"),
        ("1=4", "2=5", f"1={2**64 - 1},2=5"),
        ("1=4", None, f"1={2**64 - 1}"),
    ],
)
def test_tres_diff(current: str | None, new: str | None, out: str | None) -> None:
    assert limits.tres_diff(current, new) == out


def test_assoc_diff_keeps_names_and_copies_limits() -> None:
    current: dict[str, Any] = {
        "id": 5,
        "acct": "a",
        "cluster": "c",
        "user": "u",
        "parent_acct": "root",
        "max_jobs": 4,
        "qos_list": ["1"],
        "grp_tres": "1=8",
    }
    out = limits.assoc_diff(current, {"acct": "a", "user": "u", "max_submit_jobs": 9})
    assert out["id"] == 5 and out["qos_list"] == ["1"]
    assert out["max_jobs"] == NO_VAL and out["max_submit_jobs"] == 9
    assert out["grp_tres"] == f"1={2**64 - 1}"
    assert "parent_acct" not in out  # the same parent (or none given) is no move
    assert limits.assoc_diff(current, {"parent_acct": "lab"})["parent_acct"] == "lab"
    assert "parent_acct" not in limits.assoc_diff(current, {"parent_acct": "root"})


@pytest.mark.parametrize(
    ("value", "found", "qos_id"),
    [
        ("high", True, 7),
        (7, True, 7),
        ("7", True, 7),
        ({"name": "normal"}, True, 1),
        ("", True, None),
        (None, True, None),
        ("nothing", False, None),
        ([], False, None),
    ],
)
def test_qos_of(value: Any, found: bool, qos_id: int | None) -> None:
    ok, q = limits._qos_of(value, QOS)
    assert ok is found
    assert (q["id"] if q else None) == qos_id


def test_qos_kinds() -> None:
    c = ctx()
    assert limits.QosId().parse("high", c, "#/x/") == 7
    assert limits.QosId().parse(None, c, "#/x/") == INFINITE
    with pytest.raises(ps.Failed):
        limits.QosId().parse("nothing", c, "#/x/")
    assert c.errors == []  # an unknown default QOS fails without a report
    assert limits.QosList().parse(["normal", "high"], c, "#/q/") == ["1", "7"]
    with pytest.raises(ps.Failed):
        limits.QosList().parse(["nothing"], c, "#/q/")
    assert c.errors[0]["description"] == "Unable to resolve QOS: nothing"
    assert c.errors[0]["error_number"] == limits.INVALID_QOS


def test_tres_str() -> None:
    c = ctx()
    kind = limits.TresStr()
    assert kind.parse([{"type": "CPU", "count": 4}, {"type": "mem", "count": 9}], c, "#/t/") == (
        "1=4,2=9"
    )
    assert kind.parse([], c, "#/t/") is None
    assert kind.parse([{"type": "bogus", "count": 1}], c, "#/t/") == "0=1"
    with pytest.raises(ps.Failed):
        kind.parse({}, c, "#/t/")
    assert c.errors[-1]["description"] == "TRES should be LIST but is type dictionary"
    with pytest.raises(ps.Failed):
        kind.parse([{"count": 1}], c, "#/t/")
    assert c.errors[-1]["source"] == "#/t[0]/type/"


@pytest.mark.parametrize(
    ("value", "out"),
    [("a,b,,c", ["a", "b", "c"]), (["a", 1], ["a", "1"]), ("", []), (None, [])],
)
def test_csv_list(value: Any, out: list[str]) -> None:
    assert condadd.CsvList().parse(value, ctx(), "#/x/") == out


def test_assoc_table_versions() -> None:
    c40, c41 = ctx(show=False), ctx()
    doc = {"user": "u", "max": {"jobs": {"active": 3}}, "bogus": 1}
    assert ps.parse_object(limits.ASSOC_40, doc, c40, "#/a/", "DATA_PARSER_ASSOC")["max_jobs"] == 3
    assert "Expected OpenAPI type=object" in c40.warnings[0]["description"]
    assert ps.parse_object(limits.ASSOC_41, doc, c41, "#/a/", "DATA_PARSER_ASSOC")["max_jobs"] == 3
    assert [w["source"] for w in c41.warnings] == ["#/a/bogus/"]
    keys = [p.key for p in limits.QOS_42]
    assert "limits/max/jobs/count" in keys and "limits/max/jobs/count" not in [
        p.key for p in limits.QOS_41
    ]
