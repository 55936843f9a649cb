"""Accounting tables: dumps and parses as the reference's, with fakes for slurmdbd's lists."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from slurmrestd.api.resource import parse_query
from slurmrestd.openapi.common import dbparse as dp
from slurmrestd.openapi.dbv0_0_37 import tables as t37
from slurmrestd.openapi.dbv0_0_38 import tables as t38
from slurmrestd.openapi.slurmdbd.associations import assoc_diff as _assoc_diff
from slurmrestd.openapi.slurmdbd.associations import tres_diff as _tres_diff
from slurmrestd.openapi.slurmdbd.jobs import job_states as _job_states
from slurmrestd.slurm.constants import ESLURM_REST_FAIL_PARSING, INFINITE, NO_VAL, NO_VAL64


def env(**kw: Any) -> dp.Env:
    return dp.Env(
        tres=[
            {"id": 1, "type": "cpu", "name": None},
            {"id": 2, "type": "mem", "name": None},
            {"id": 1001, "type": "gres", "name": "gpu"},
        ],
        qos=[{"id": 1, "name": "normal"}, {"id": 2, "name": "high"}, {"id": 3, "name": "abc"}],
        strerror=lambda n: f"text {n}",
        **kw,
    )


def assoc(**kw: Any) -> dict[str, Any]:
    rec = {f.field: NO_VAL for f in t38.ASSOC if f.field}
    rec.update(
        acct="lab",
        cluster="c",
        user="alice",
        partition=None,
        parent_acct=None,
        flags=0,
        is_def=1,
        def_qos_id=2,
        qos_list=["2", "1", "3"],
        grp_tres="1=4,1001=2",
        usage=None,
    )
    for k in ("grp_tres_mins", "grp_tres_run_mins", "max_tres_mins_pj", "max_tres_run_mins"):
        rec[k] = None
    rec.update(max_tres_pj="", max_tres_pn=None, shares_raw=1)
    rec.update(kw)
    return rec


def test_association_dump_nests_paths_and_resolves_names() -> None:
    doc = dp.dump(t38.ASSOC, assoc(), env())
    assert list(doc)[:4] == ["account", "cluster", "default", "flags"]
    assert doc["default"] == {"qos": "high"}
    assert doc["flags"] == ["DEFAULT"]
    assert doc["qos"] == ["abc", "high", "normal"]  # names, sorted
    assert doc["max"]["jobs"]["per"]["count"] is None  # NO_VAL
    assert doc["max"]["tres"]["total"] == [
        {"type": "cpu", "name": None, "id": 1, "count": 4},
        {"type": "gres", "name": "gpu", "id": 1001, "count": 2},
    ]
    assert doc["max"]["tres"]["per"]["job"] == []  # empty TRES string
    assert doc["usage"] is None
    # dbv0.0.37 shows the QOS ids as slurmdbd sends them
    assert dp.dump(t37.ASSOC, assoc(), env())["qos"] == ["2", "1", "3"]


def test_numbers_as_the_reference_reads_them() -> None:
    u32 = dp.Unsigned(32)
    assert u32.dump(NO_VAL, env()) is None and u32.dump(INFINITE, env()) is None
    assert u32.dump(2**32 + 5, env()) == 5  # a wider field read as uint32
    low = struct.unpack("<Q", struct.pack("<d", 1.5))[0] & 0xFFFFFFFF
    assert u32.dump(1.5, env()) == low  # a double's first bytes
    assert dp.Signed64().dump(NO_VAL64, env()) is None
    assert dp.Float().dump(float(NO_VAL), env()) is None
    assert dp.Float().dump(0.25, env()) == 0.25


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (None, {"status": "PENDING", "return_code": None}),
        (0, {"status": "SUCCESS", "return_code": 0}),
        (3 << 8, {"status": "SUCCESS", "return_code": 0}),  # the reference: any exit is success
        (
            9,
            {
                "status": "SIGNALED",
                "return_code": None,
                "signal": {"signal_id": 9, "name": "Killed"},
            },
        ),
        (-2, {"status": "PENDING", "return_code": None}),  # NO_VAL in a step's int32 field
        # uint32 values past a C int's range (a step recorded with INFINITE or a high bit set)
        (0xFFFFFFFF, {"status": "CORE_DUMPED", "return_code": None}),
        (0x80000000, {"status": "SUCCESS", "return_code": 0}),
        (
            0x8000000F,
            {
                "status": "SIGNALED",
                "return_code": None,
                "signal": {"signal_id": 15, "name": "Terminated"},
            },
        ),
    ],
)
def test_exit_codes(status: int | None, expected: dict[str, Any]) -> None:
    assert dp.ExitCode().dump(status if status is not None else NO_VAL, env()) == expected


def test_parse_v38_reports_and_stops() -> None:
    e = env()
    rc, values = dp.parse(t38.USER, {"default": {"account": "lab"}}, e, dp.Rules())
    assert rc == 0  # a missing required field is reported, the parse is not failed
    assert values["default_acct"] == "lab"
    assert e.errors == [{"description": "Missing required field 'name'", "source": "_parser_run"}]

    e = env()
    rc, _ = dp.parse(t38.USER, {"name": "x", "administrator_level": "Wizard"}, e, dp.Rules())
    assert rc == ESLURM_REST_FAIL_PARSING
    assert e.errors[-1]["description"] == "Failed to parse field 'administrator_level'"

    e = env()
    rc, _ = dp.parse(t38.ACCOUNT, {"name": "x", "flags": ["BOGUS"]}, e, dp.Rules())
    assert rc and e.errors[0]["description"] == "Unknown flag"


def test_parse_v37_is_lenient() -> None:
    e = env()
    rc, values = dp.parse(t37.ACCOUNT, {"name": "x", "flags": ["BOGUS"]}, e, dp.Rules(strict=False))
    assert rc == 0 and e.errors == []
    assert values["name"] == "x"


def test_tres_and_qos_parse_against_slurmdbd_lists() -> None:
    e = env()
    kind = dp.TresList(t38.TRES)
    assert (
        kind.parse(
            [{"type": "cpu", "count": 4}, {"type": "gres", "name": "gpu", "count": 1}], e, "k"
        )
        == "1=4,1001=1"
    )
    with pytest.raises(dp.ParseError):
        kind.parse([{"type": "nosuch", "count": 1}], e, "k")
    assert e.errors[-1]["description"] == "Couldn't find TRES matching name:(null) type:nosuch"
    with pytest.raises(dp.ParseError):
        kind.parse([{"type": "cpu", "id": 2, "count": 1}], e, "k")
    assert "doesn't match TRES type/name(cpu/(null)) which id is 1" in e.errors[-1]["description"]
    assert dp.QosIdList().parse(["high", {"name": "normal"}], e, "qos") == ["2", "1"]
    assert dp.QosIdList().parse([], e, "qos") == ["''"]  # explicitly empty
    with pytest.raises(dp.ParseError):
        dp.QosIdList().parse(["nosuch"], e, "qos")
    assert e.errors[-1]["description"] == "QOS name to ID conversion failed"


def test_association_changes_are_sent_as_differences() -> None:
    assert _tres_diff("1=4,2=100", "1=8,1001=1") == "1=8,2=-1,1001=1"
    assert _tres_diff(None, "1=2") == "1=2"
    diff = _assoc_diff(assoc(grp_jobs=5), {"acct": "lab", "user": "alice", "grp_jobs": 7})
    assert diff["grp_jobs"] == 7 and diff["max_jobs"] == NO_VAL
    assert "flags" not in diff


def test_job_states_by_name_or_number() -> None:
    assert _job_states("COMPLETED,2,bogus,RUNNING") == (1, ["3", "2"])
    assert _job_states("bogus")[0] == 0


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("", {}),
        ("a=1&b", {"a": "1", "b": None}),
        ("a=1;a=2", {"a": "2"}),
        ("user=alice%2Cbob", {"user": "alice,bob"}),
        ("a+b=c+d", {"a b": "c d"}),
        ("user=alice,bob", None),
        ("=x", None),
        ("a=b=c", None),
        ("x=%00", None),
        ("x=%zz", None),
    ],
)
def test_query_strings_as_the_reference_reads_them(raw: str, parsed: Any) -> None:
    assert parse_query(raw) == parsed
