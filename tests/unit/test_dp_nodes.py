"""The node, partition and reservation tables of data_parser v0.0.40-v0.0.45 (no lab)."""

from __future__ import annotations

import importlib

import pytest

from slurmrestd.openapi.common.engine import Env, ParseError, Rules, dump, parse
from slurmrestd.openapi.dataparser.kinds import FlagBits, UserId, bit, equal, hidden
from slurmrestd.slurm import constants as c

ENV = Env()
VERSIONS = ("v0_0_40", "v0_0_41", "v0_0_42", "v0_0_43", "v0_0_44", "v0_0_45")


def tables(version: str, name: str) -> object:
    return importlib.import_module(f"slurmrestd.openapi.{version}.{name}")


def paths(version: str, name: str, table: str) -> list[str]:
    return [f.path for f in getattr(tables(version, name), table)]


def test_flag_bits_equal_then_bits() -> None:
    kind = FlagBits(
        equal("NONE", 0, 0xF),
        equal("ONE", 1, 0xF),
        bit("HIGH", 0x10, 0xF0),
        bit("BOTH", 0x30, 0xF0),
        hidden("SECRET", 0x40),
    )
    assert kind.dump(0, ENV) == ["NONE"]
    assert kind.dump(0x11, ENV) == ["ONE", "HIGH"]
    assert kind.dump(0x31, ENV) == ["ONE", "HIGH", "BOTH"]
    assert kind.dump(0x40, ENV) == ["NONE"]  # hidden names are never dumped


def test_flag_bits_an_equal_match_hides_bits_under_its_mask() -> None:
    kind = FlagBits(equal("INVALID", c.NO_VAL, c.INFINITE), bit("ANY", 0x10, 0xFFFFFFF0))
    assert kind.dump(c.NO_VAL, ENV) == ["INVALID"]
    assert kind.dump(0x10, ENV) == ["ANY"]


def test_flag_bits_without_the_release_constant_never_match() -> None:
    assert FlagBits(bit("ABSENT", 0)).dump(0xFFFF, ENV) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_node_states(version: str) -> None:
    states = tables(version, "node").NODE_STATES  # type: ignore[attr-defined]
    assert states.dump(c.NO_VAL, ENV) == ["INVALID"]
    assert states.dump(c.NODE_STATE_IDLE, ENV) == ["IDLE"]
    drained = c.NODE_STATE_IDLE | c.NODE_STATE_DRAIN
    assert states.dump(drained, ENV) == ["IDLE", "DRAIN"]


def test_node_power_down_asap_in_v0_0_45_only() -> None:
    value = c.NODE_STATE_IDLE | c.NODE_STATE_POWER_DOWN | c.NODE_STATE_POWER_DRAIN
    old = tables("v0_0_44", "node").NODE_STATES.dump(value, ENV)  # type: ignore[attr-defined]
    new = tables("v0_0_45", "node").NODE_STATES.dump(value, ENV)  # type: ignore[attr-defined]
    assert "POWER_DOWN_ASAP" not in old
    assert new == ["IDLE", "POWER_DOWN", "POWER_DRAIN", "POWER_DOWN_ASAP"]


def test_node_tables_as_differences() -> None:
    v40, v41, v43 = (paths(v, "node", "NODE") for v in ("v0_0_40", "v0_0_41", "v0_0_43"))
    assert set(v41) - set(v40) == {"gpu_spec", "res_cores_per_gpu"}
    assert set(v43) - set(v41) == {"tls_cert_last_renewal", "cert_flags", "topology"}
    v45 = paths("v0_0_45", "node", "NODE")
    assert {"external_sensors", "power", "tres_weighted"} & set(v45) == set()
    assert v45[v45.index("reservation") + 1] == "suspend_time"


def test_node_record_missing_fields_read_as_unset() -> None:
    """A release without a field (22.05: instance_id, resume_after...) dumps the unset value."""
    node = dump(tables("v0_0_41", "node").NODE, {"name": "n1", "cpus": 4, "alloc_cpus": 1})  # type: ignore[attr-defined]
    assert node["instance_id"] == ""
    assert node["alloc_idle_cpus"] == 3
    assert list(node["energy"]) == [
        "average_watts",
        "base_consumed_energy",
        "consumed_energy",
        "current_watts",
        "previous_consumed_energy",
        "last_collected",
    ]
    assert node["external_sensors"] == {} and node["power"] == {}


def test_partition_memory_per_cpu_and_node() -> None:
    table = tables("v0_0_40", "partition").PARTITION  # type: ignore[attr-defined]
    per_node = dump(table, {"def_mem_per_cpu": 100})["defaults"]
    assert per_node["partition_memory_per_node"]["number"] == 100
    assert per_node["partition_memory_per_cpu"]["set"] is False
    per_cpu = dump(table, {"def_mem_per_cpu": 100 | c.MEM_PER_CPU})["defaults"]
    assert per_cpu["partition_memory_per_cpu"] == {"set": True, "infinite": False, "number": 100}
    assert per_cpu["partition_memory_per_node"]["set"] is False


def test_partition_v0_0_45_as_scontrol_shows_it() -> None:
    table = tables("v0_0_45", "partition").PARTITION  # type: ignore[attr-defined]
    rec = {"max_share": 1, "flags": c.PART_FLAG_DEFAULT, "preempt_mode": c.NO_VAL16}
    doc = dump(table, rec)
    assert doc["partition"]["exclusive"] == "NO"
    assert doc["partition"]["oversubscribe"] == "NO"
    assert doc["flags"] == ["DEFAULT"]
    assert doc["preempt_mode"] == ["CLUSTER_GLOBAL"]
    assert doc["select_type"] == ["NONE"]
    assert doc["maximums"]["oversubscribe"] == {"jobs": 0, "flags": []}
    forced = dump(table, {"max_share": 4 | c.SHARED_FORCE, "state_up": c.PARTITION_UP})
    assert forced["partition"] == {"exclusive": "NO", "oversubscribe": "FORCE:4", "state": ["UP"]}
    assert dump(table, {"max_share": 0})["partition"]["exclusive"] == "NODE"


def test_reservation_flags_per_version() -> None:
    flags = c.RESERVE_FLAG_MAINT | c.RESERVE_FLAG_IGN_JOBS | c.RESERVE_FLAG_SPEC_NODES
    for version in VERSIONS:
        kind = tables(version, "reservation").RESERVATION_FLAGS  # type: ignore[attr-defined]
        assert kind.dump(flags, ENV) == ["MAINT", "IGNORE_JOBS", "SPEC_NODES"]
    assert "watts" in paths("v0_0_44", "reservation", "RESERVATION")
    assert "watts" not in paths("v0_0_45", "reservation", "RESERVATION")


def test_user_id() -> None:
    assert UserId().dump(0, ENV) == "root"
    assert UserId().dump(c.NO_VAL, ENV) == ""
    assert UserId().dump(None, ENV) == ""


def test_flag_bits_parse() -> None:
    states = tables("v0_0_40", "node").NODE_STATES  # type: ignore[attr-defined]
    assert states.parse(["DRAIN"], ENV, "state") == c.NODE_STATE_DRAIN
    assert states.parse("resume", ENV, "state") == c.NODE_RESUME
    assert states.parse(["IDLE", "DRAIN"], ENV, "state") == c.NODE_STATE_IDLE | c.NODE_STATE_DRAIN
    env = Env()
    with pytest.raises(ParseError):
        states.parse(["BOGUS"], env, "state")
    assert env.errors[0]["description"] == 'Unknown flag "BOGUS"'


def test_user_id_parse() -> None:
    assert UserId().parse("root", ENV, "reason_uid") == 0
    assert UserId().parse(0, ENV, "reason_uid") == 0
    assert UserId().parse("12", ENV, "reason_uid") == 12
    with pytest.raises(ParseError):
        UserId().parse("no-such-user-here", ENV, "reason_uid")


def test_update_node_table() -> None:
    table = tables("v0_0_40", "node").UPDATE_NODE  # type: ignore[attr-defined]
    body = {"state": ["DRAIN"], "reason": "r", "features": ["a", "b"], "weight": 5}
    rc, values = parse(table, body, Env(), Rules())
    assert rc == 0
    assert values == {
        "features": "a,b",
        "node_state": c.NODE_STATE_DRAIN,
        "reason": "r",
        "weight": 5,
    }
    new = tables("v0_0_45", "node").UPDATE_NODE  # type: ignore[attr-defined]
    rc, values = parse(new, {"reason_uid": "root", "topology_str": "s1"}, Env(), Rules())
    assert rc == 0 and values == {"topology_str": "s1"}


def test_reservation_description() -> None:
    table = tables("v0_0_43", "reservation").RESERVATION_DESC  # type: ignore[attr-defined]
    body = {
        "name": "r1",
        "users": ["alice", "bob"],
        "duration": {"set": True, "number": 60},
        "flags": ["MAINT"],
        "tres": [{"type": "cpu", "count": 2}, {"type": "gres", "name": "gpu", "count": 1}],
    }
    rc, values = parse(table, body, Env(), Rules())
    assert rc == 0
    assert values["users"] == "alice,bob" and values["duration"] == 60
    assert values["flags"] == c.RESERVE_FLAG_MAINT and values["tres_str"] == "cpu=2,gres/gpu=1"
    echo = dump(table, {**values, "end_time": c.NO_VAL, "core_cnt": c.NO_VAL})
    assert echo["end_time"] == {"set": True, "infinite": False, "number": c.NO_VAL}
    assert echo["core_count"]["set"] is False and echo["tres"][1]["name"] == "gpu"
