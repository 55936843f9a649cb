"""slurmctld kinds and the engine's schema: small hand-made records dumped as the reference's."""

from __future__ import annotations

from typing import Any

import pytest

from slurmrestd.openapi.common import ctlkinds as k
from slurmrestd.openapi.common.engine import (
    Env,
    F,
    Flag,
    Flags,
    ParseError,
    drop,
    dump,
    replace,
    schema,
    sources,
)
from slurmrestd.openapi.v0_0_37 import tables as t37
from slurmrestd.openapi.v0_0_38 import tables as t38
from slurmrestd.slurm import constants as c
from slurmrestd.slurm.constants import INFINITE, INFINITE16, NO_VAL, NO_VAL16, NO_VAL64


def at(table: Any, path: str) -> F:
    return next(f for f in table if f.path == path)


def one(kind: Any, value: Any) -> Any:
    """The dump of a one-field table, or "absent" when the key is left out."""
    return dump((F("x", "v", kind),), {"v": value}).get("x", "absent")


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (k.UNSET32, 7, 7),
        (k.UNSET32, NO_VAL, None),
        (k.UNSET32, INFINITE, None),
        (k.UNSET16, INFINITE16, None),
        (k.UNSET_NO_VAL, INFINITE, INFINITE),
        (k.UNSET_INFINITE, NO_VAL, NO_VAL),
        (k.Limit(NO_VAL), INFINITE, -1),
        (k.Limit(NO_VAL), NO_VAL, None),
        (k.Limit(), NO_VAL, NO_VAL),
        (k.Limit(), 3, 3),
        (k.TEXT, None, ""),
        (k.TEXT, "a", "a"),
        (k.BOOL, 2, True),
        (k.Is(1), 2, False),
        (k.Is(1, NO_VAL16), NO_VAL16, None),
        (k.CSV, ",a,,b", ["a", "b"]),
        (k.CSV, None, []),
        (k.Nice(), c.NICE_OFFSET + 5, 5),
        (k.Nice(), NO_VAL, None),
        (k.JobMemory(per_cpu=True), c.MEM_PER_CPU | 100, 100),
        (k.JobMemory(per_cpu=False), c.MEM_PER_CPU | 100, None),
        (k.JobMemory(per_cpu=False), 0, None),
        (k.JobMemory(per_cpu=False), 512, 512),
        (k.PartitionMemory(per_cpu=False), NO_VAL64, None),
        (k.CoreSpec(thread_bit=True), c.CORE_SPEC_THREAD | 2, c.CORE_SPEC_THREAD | 2),
        (k.CoreSpec(thread_bit=False), c.CORE_SPEC_THREAD | 2, None),
        (k.CoreSpec(thread_bit=False), 2, 2),
        (k.CoreSpec(thread_bit=False), NO_VAL16, None),
        (k.Profile(), 0, None),
        (k.Profile(), c.ACCT_GATHER_PROFILE_NONE, ["None"]),
        (
            k.Profile(),
            c.ACCT_GATHER_PROFILE_TASK | c.ACCT_GATHER_PROFILE_ENERGY,
            ["Energy", "Task"],
        ),
    ],
)
def test_numbers_strings_and_words(kind: Any, value: Any, expected: Any) -> None:
    assert one(kind, value) == expected


def test_keys_left_out() -> None:
    assert one(k.SetOnly(NO_VAL), NO_VAL) == "absent"
    assert one(k.SetOnly(NO_VAL), 1000) == 1000
    assert one(k.UnsetOnly(NO_VAL), NO_VAL) is None
    assert one(k.UnsetOnly(NO_VAL), 1000) == "absent"
    assert one(k.GroupName(), NO_VAL) == "absent"
    assert one(k.GroupName(), 0) == "root"
    assert one(k.JobResources(), None) == "absent"
    purge = (F("purge_completed", None, k.Purge()),)
    assert dump(purge, {"flags": 0, "purge_comp_time": 60}) == {}
    flags = c.RESERVE_FLAG_PURGE_COMP
    assert dump(purge, {"flags": flags, "purge_comp_time": 60}) == {"purge_completed": {"time": 60}}


def test_flags_in_table_order_from_the_bits() -> None:
    kind = Flags(Flag("b", "w", 2), Flag("a", "w", 1), Flag("other", "o", 1))
    assert dump((F("f", None, kind),), {"w": 3, "o": 0}) == {"f": ["b", "a"]}
    assert kind.reads == ("w", "o")
    rec = {"bitflags": c.JOB_CPUS_SET | c.SPREAD_JOB}
    assert dump((at(t38.JOB, "flags"),), rec) == {"flags": ["SPREAD_JOB", "JOB_CPUS_SET"]}
    # v0.0.37 names JOB_CPUS_SET with a trailing space.
    assert dump((at(t37.JOB, "flags"),), rec) == {"flags": ["SPREAD_JOB", "JOB_CPUS_SET "]}


def test_job_state_the_first_flag_wins_over_the_base_state() -> None:
    state = k.State(c.JOB_STATE_BASE, k.JOB_STATES, "?", k.JOB_STATE_FLAGS)
    assert one(state, c.JOB_RUNNING) == "RUNNING"
    assert one(state, c.JOB_RUNNING | c.JOB_COMPLETING | c.JOB_REQUEUE) == "COMPLETING"
    assert one(state, c.JOB_END) == "?"
    assert state.parse("completed", Env(), "x") == c.JOB_COMPLETE
    assert state.parse("requeued", Env(), "x") == c.JOB_REQUEUE
    with pytest.raises(ParseError):
        state.parse("nope", Env(), "x")


def test_node_state_and_its_flags() -> None:
    value = c.NODE_STATE_IDLE | c.NODE_STATE_DRAIN | (1 << 31)
    assert one(t38.NODE_STATE, value) == "idle"
    assert one(t38.NODE_FLAGS, value) == ["DRAIN", "?"]
    assert one(t38.NODE_STATE, 0xF) == "invalid"
    assert one(t38.NODE_FLAGS, 0xF | c.NODE_STATE_DRAIN) == []


def test_enums_and_modes() -> None:
    shared = k.Enum(k.SHARED, None, NO_VAL16, numbers=True)
    assert one(shared, c.JOB_SHARED_USER) == "user"
    assert one(shared, 77) == 77
    assert one(shared, NO_VAL16) is None
    assert one(k.Enum(k.PART_STATES, "UNKNOWN"), 77) == "UNKNOWN"
    preempt38 = at(t38.PARTITION, "preemption_mode").kind
    preempt37 = at(t37.PARTITION, "preemption_mode").kind
    assert one(preempt38, NO_VAL16) == ["disabled"]
    assert one(preempt37, 0) == ["disabled"]
    within = c.PREEMPT_MODE_WITHIN | c.PREEMPT_MODE_REQUEUE
    assert one(preempt38, within) == ["requeue", "within"]
    assert one(preempt37, within) == ["requeue"]


def test_whole_record_kinds_and_nested_tables() -> None:
    stats = {
        "rpc_users": [{"user_id": 0, "count": 4, "time": 10}],
        "schedule_cycle_sum": 9,
        "schedule_cycle_counter": 2,
    }
    table = (
        at(t38.DIAG, "rpcs_by_user"),
        F("mean", None, k.Ratio("schedule_cycle_sum", "schedule_cycle_counter")),
    )
    assert dump(table, stats) == {
        "rpcs_by_user": [
            {"user": "root", "user_id": 0, "count": 4, "average_time": 2, "total_time": 10}
        ],
        "mean": 4,
    }


def test_schema_of_a_small_table() -> None:
    table = (
        F("name", "name", k.TEXT),
        F("size", "size", k.VALUE),
        F("limit", "limit", k.UNSET32),
        F("flags", None, Flags(Flag("a", "flags", 1))),
        F("state", "state", k.State(0xF, {0: "up"}, "?")),
        F("nested/weight", "weight", k.VALUE),
        F("unknown", "not_in_c", k.VALUE),
    )
    c_types = {
        "name": {"type": "integer"},
        "size": {"type": "number"},
        "weight": {"type": "integer"},
    }
    assert schema(table, c_types) == {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "size": {"type": "number"},
            "limit": {"type": "integer", "nullable": True},
            "flags": {"type": "array", "items": {"type": "string"}},
            "state": {},
            "nested": {"type": "object", "properties": {"weight": {"type": "integer"}}},
            "unknown": {},
        },
    }
    assert sources(table, "extra") == {
        "name",
        "size",
        "limit",
        "flags",
        "state",
        "weight",
        "not_in_c",
        "extra",
    }


def test_derived_tables() -> None:
    table = (F("a", "a", k.VALUE), F("b", "b", k.VALUE), F("c", "c", k.VALUE))
    new_b = F("b", "bb", k.TEXT)
    assert replace(table, new_b) == (table[0], new_b, table[2])
    assert drop(table, "a", "c") == (table[1],)
    with pytest.raises(KeyError):
        replace(table, F("z", "z", k.VALUE))
    with pytest.raises(KeyError):
        drop(table, "z")
    assert {f.path for f in t38.JOB} - {f.path for f in t37.JOB} == {
        "container",
        "group_name",
        "prefer",
    }
