"""The kinds of slurmdbd's job records in the data_parser versions, and how the job search
reads its query: no lab, values the reference gave in the labs."""

from __future__ import annotations

from typing import Any

import pytest

from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import Env, dump
from slurmrestd.openapi.content import DP, tables
from slurmrestd.openapi.content.slurmdbd import jobcond
from slurmrestd.openapi.dataparser import BY_VERSION, VERSIONS
from slurmrestd.openapi.v0_0_40 import dbjob as v40
from slurmrestd.openapi.v0_0_41 import dbjob as v41
from slurmrestd.openapi.v0_0_43 import dbjob as v43
from slurmrestd.slurm import constants as c

ENV = Env(tres=[{"id": 1, "type": "cpu", "name": None}, {"id": 4, "type": "node", "name": ""}])


def dp(version: str) -> DP:
    parser = BY_VERSION[version]
    return DP(parser, tables(parser), "openapi/slurmdbd")


def test_state_is_its_base_then_its_flags() -> None:
    assert v40.JOB_STATE.dump(c.JOB_COMPLETE, ENV) == ["COMPLETED"]
    assert v40.JOB_STATE.dump(c.JOB_CANCELLED | c.JOB_REQUEUE, ENV) == ["CANCELLED", "REQUEUED"]
    assert v40.JOB_STATE.dump(c.JOB_PENDING, ENV) == ["PENDING"]


def test_job_flags_none_is_the_whole_value() -> None:
    assert v40.DB_JOB_FLAGS.dump(0, ENV) == ["NONE"]
    flags = c.SLURMDB_JOB_FLAG_SCHED | c.SLURMDB_JOB_FLAG_START_R
    assert v40.DB_JOB_FLAGS.dump(flags, ENV) == ["STARTED_ON_SCHEDULE", "START_RECEIVED"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (0, (["SUCCESS"], 0, "")),
        (3 << 8, (["ERROR"], 3, "")),
        (9, (["SIGNALED"], None, "KILL")),
        (c.NO_VAL, (["PENDING"], None, "")),
        (-2, (["PENDING"], None, "")),  # a step's int32 NO_VAL
    ],
)
def test_exit_code(status: int, expected: tuple[list[str], int | None, str]) -> None:
    out = v40.ExitCode().dump(status, ENV)
    code = out["return_code"]["number"] if out["return_code"]["set"] else None
    assert (out["status"], code, out["signal"]["name"]) == expected


def test_tres_string_names_each_tres_and_reads_counts_as_int64() -> None:
    assert v40.TRES_STR.dump("1=2,3=18446744073709551614,4=1", ENV) == [
        {"type": "cpu", "name": "", "id": 1, "count": 2},
        {"type": "", "name": "", "id": 3, "count": -2},
        {"type": "node", "name": "", "id": 4, "count": 1},
    ]
    assert v40.TRES_STR.dump(None, ENV) == []


def test_memory_is_per_cpu_or_per_node() -> None:
    per_cpu = c.MEM_PER_CPU | 100
    assert v40.MemPerCpu().dump(per_cpu, ENV)["number"] == 100
    assert v40.MemPerNode().dump(per_cpu, ENV)["set"] is False
    assert v40.MemPerNode().dump(8000, ENV)["number"] == 8000
    assert v40.MemPerCpu().dump(8000, ENV)["set"] is False


def test_step_id_text() -> None:
    step = {"job_id": 12, "step_id": c.SLURM_BATCH_SCRIPT, "step_het_comp": c.NO_VAL}
    assert v40.StepIdText().dump(step, ENV) == "12.batch"
    assert v40.StepIdText().dump({**step, "step_id": 0, "step_het_comp": 1}, ENV) == "12.0+1"


def test_wckey_default_is_flagged() -> None:
    assert v40.WckeyTag().dump("*lab", ENV) == {"wckey": "lab", "flags": ["ASSIGNED_DEFAULT"]}
    assert v40.WckeyTag().dump(None, ENV) == {"wckey": "", "flags": []}


PATTERN: dict[str, Any] = {
    "array_job_id": 0,
    "array_task_id": c.NO_VAL,
    "first_step_node": "vm",
    "first_step_name": "batch",
    "jobname": "x",
    "job_id": 581,
    "step_id": c.SLURM_BATCH_SCRIPT,
    "user": "alice",
    "work_dir": "/tmp",
    "restart_cnt": 0,
}


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("/dev/null", "/dev/null", "/dev/null"),
        ("slurm-%j.out", "/tmpslurm-581.out", "/tmp/slurm-581.out"),
        ("/o/%5j-%x-%u-%%-%q", "/o/00581-x-alice-%-%q", "/o/00581-x-alice-%-%q"),
        ("/o/%N-%s-%n-%t", "/o/vm-batch-0-0", "/o/vm-batch-0-0"),
        ("/o/%5q", "/o/5q", "/o/%5q"),
        ("/o/%A-%r", "/o/581-%r", "/o/581-0"),
        ("/o/a\\%j", "/o/a%j", "/o/a%j"),
        ("", "", ""),
    ],
)
def test_stream_paths_expand_as_each_release(
    monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str
) -> None:
    monkeypatch.setattr(v41, "_new_fields", lambda: False)
    assert v41.expand(path, PATTERN) == old
    monkeypatch.setattr(v41, "_new_fields", lambda: True)
    assert v41.expand(path, PATTERN) == new


def test_association_from_v0043_is_its_ids() -> None:
    rec = {"associd": 4, "cluster": "lab"}
    assert v43.AssocIds().dump(rec, ENV) == {
        "account": "",
        "cluster": "lab",
        "partition": "",
        "user": "",
        "id": 4,
    }


def test_every_version_has_the_search_rules() -> None:
    for version in VERSIONS:
        t = tables(BY_VERSION[version]).dbjob
        for name in ("QUOTED", "NUMBER_TIMES", "STATE_FATAL", "QUERY_FIELDS", "STATE_NAMES"):
            assert hasattr(t, name), (version, name)
        assert [f.path for f in t.JOB][:2] == ["account", "comment/administrator"]
        dump(t.JOB, {"steps": [{"step_id": {"job_id": 1, "step_id": 0, "step_het_comp": 0}}]})


def call(query: dict[str, Any]) -> Call:
    return Call(None, {}, query, None)


def test_query_reads_lists_flags_and_numbers() -> None:
    parsed = jobcond.parse(dp("v0.0.42"), call({"account": "a,b", "skip_steps": None}))
    assert parsed.cond == {"acct_list": ["a", "b"], "flags": c.JOBCOND_FLAG_NO_STEP}
    parsed = jobcond.parse(dp("v0.0.42"), call({"skip_steps": "false", "job_name": None}))
    assert parsed.cond == {"flags": 0, "jobname_list": [""]}
    parsed = jobcond.parse(dp("v0.0.41"), call({"exit_code": "1", "foo": None}))
    assert parsed.cond == {"exitcode": 1}
    assert [w["source"] for w in parsed.warnings] == ["#/exit_code/", "#/foo/"]
    assert parsed.warnings[0]["description"].endswith(': "1"')


def test_query_number_times_from_v0042() -> None:
    assert jobcond.parse(dp("v0.0.42"), call({"end_time": "17"})).cond == {"usage_end": 17}
    with pytest.raises(jobcond.Refused):
        jobcond.parse(dp("v0.0.41"), call({"end_time": "17"}))


def test_query_bad_state_refuses_in_v0040_only() -> None:
    with pytest.raises(jobcond.Refused):
        jobcond.parse(dp("v0.0.40"), call({"state": "BOGUS"}))
    parsed = jobcond.parse(dp("v0.0.41"), call({"state": "BOGUS"}))
    assert [e["source"] for e in parsed.errors] == ["#/state[0][0]/"]


def test_query_format_unknown_in_v0045() -> None:
    assert jobcond.parse(dp("v0.0.44"), call({"format": "x"})).warnings == []
    assert jobcond.parse(dp("v0.0.45"), call({"format": "x"})).warnings[0]["source"] == "#/format/"


def test_step_ids() -> None:
    assert jobcond.step_ids("12") and jobcond.step_ids("12.batch") and jobcond.step_ids("1_2")
    assert not jobcond.step_ids("abc") and not jobcond.step_ids("") and not jobcond.step_ids("1.x")
    # The C daemons' data_parser answers 422 for a job id of 0 or above 4294967292.
    assert jobcond.step_ids("4294967292") and jobcond.step_ids("007") and jobcond.step_ids("1_0")
    for refused in ("0", "00", "0.1", "0_1", "4294967293", "99999999999", "1,0", "1x"):
        assert not jobcond.step_ids(refused), refused


# What 26.05's libslurm does with a job/step list item (measured on its lab: each of the
# refused ones ends the process with fatal()); 24.11's takes every one of them.
STRICT_TAKES = (
    "1",
    "007",
    "4294967292",
    "1_0",
    "1_9223372036854775806",
    "1+0",
    "1+128",
    "1.0",
    "1.4294967279",
    "1.batch",
    "1.1+127",
    "1_1.1",
    "1,,2",
)
STRICT_REFUSES = (
    "0",
    "00",
    "0.0",
    "0_1",
    "0+1",
    "4294967293",
    "18446744073709551616",
    "1x",
    "1 ",
    "1.1x",
    "1.4294967280",
    "1+129",
    "1.1+0",
    "1.1+128",
    "1_1+1",
    "1+1_1",
    "1+1.1+1",
    "1_9223372036854775807",
    "1,0",
)


@pytest.mark.parametrize("item", STRICT_TAKES + STRICT_REFUSES)
def test_step_lists_a_strict_libslurm_would_end_the_process_on(
    item: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slurmrestd import slurm
    from slurmrestd.slurm import db, releases

    monkeypatch.setattr(slurm, "release", lambda: releases.R26_05)
    assert db.steps_parsable(item) == (item in STRICT_TAKES)
    monkeypatch.setattr(slurm, "release", lambda: releases.R24_11)
    # 24.11's parser takes each of them (measured): refusing one there would refuse a request
    # its C daemon serves.
    assert db.steps_parsable(item)


def test_a_wrapped_64_bit_number_comes_out_negative_as_the_references_int64() -> None:
    from slurmrestd.openapi.dataparser.kinds import I64_NO_VAL, U64_NO_VAL
    from slurmrestd.openapi.v0_0_41.dbjob import PlannedTime

    env = Env()
    assert U64_NO_VAL.dump((1 << 64) - 3595, env)["number"] == -3595
    assert I64_NO_VAL.dump(-3595, env)["number"] == -3595
    assert U64_NO_VAL.dump(5, env)["number"] == 5
    assert U64_NO_VAL.dump((1 << 64) - 2, env)["set"] is False  # NO_VAL64
    rec = {"eligible": 1000, "start": 1000 - 3595, "end": 2000}
    assert PlannedTime().dump(rec, env)["number"] == -3595


def test_cpu_frequency_is_the_bits_of_its_double() -> None:
    """A step's actual_frequency is a C double the reference reads as a uint64 and dumps
    as an int64: 0.0 is 0, a real frequency its IEEE 754 bits, never a float."""
    kind = v40.STEP[[f.path for f in v40.STEP].index("statistics/CPU/actual_frequency")].kind
    assert kind.dump(0.0, ENV) == 0
    assert kind.dump(None, ENV) == 0
    assert kind.dump(2400000.0, ENV) == 0x4142_4F80_0000_0000


def test_a_whole_value_flag_hides_its_bits() -> None:
    """slurmdbd's CLEAR_SCHEDULING is the whole value 0xf: the bits it covers are not named
    again (the data_parser's used equal bits), as for slurmctld's flags."""
    assert v40.DB_JOB_FLAGS.dump(c.SLURMDB_JOB_CLEAR_SCHED, ENV) == ["CLEAR_SCHEDULING"]
    assert v40.DB_JOB_FLAGS.dump(0, ENV) == ["NONE"]
    assert v40.DB_JOB_FLAGS.dump(c.SLURMDB_JOB_FLAG_SCHED, ENV) == ["STARTED_ON_SCHEDULE"]
