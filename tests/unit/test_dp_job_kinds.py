"""The data_parser job tables' kinds and the versions' differences, without a lab."""

from __future__ import annotations

from typing import Any

import pytest

from slurmrestd.openapi.common.engine import Env, dump
from slurmrestd.openapi.content.slurmctld import jobs as handlers
from slurmrestd.openapi.v0_0_40 import job as v40
from slurmrestd.openapi.v0_0_41 import job as v41
from slurmrestd.openapi.v0_0_42 import job as v42
from slurmrestd.openapi.v0_0_43 import job as v43
from slurmrestd.openapi.v0_0_44 import job as v44
from slurmrestd.openapi.v0_0_45 import job as v45
from slurmrestd.slurm import constants as c

ENV = Env()


def paths(module: Any) -> list[str]:
    return [f.path for f in module.JOB]


def number(value: int, *, is_set: bool = True, infinite: bool = False) -> dict[str, Any]:
    return {"set": is_set, "infinite": infinite, "number": value}


def test_flags_bits_equalities_and_absent_bits() -> None:
    kind = v40.Flags(
        ("BASE", 1, 0xFF), ("OTHER", 2, 0xFF), ("HIGH", 0x100, None), ("NONE", 0, None)
    )
    assert kind.dump(0x101, ENV) == ["BASE", "HIGH"]
    assert kind.dump(2, ENV) == ["OTHER"]
    # A bit the release does not define is 0: never shown.
    assert kind.dump(0, ENV) == []


def test_job_state_is_the_base_then_its_flags() -> None:
    value = c.JOB_RUNNING | c.JOB_COMPLETING
    assert v40.JOB_STATE.dump(value, ENV) == ["RUNNING", "COMPLETING"]
    assert v40.JOB_STATE.dump(c.JOB_PENDING, ENV) == ["PENDING"]


@pytest.mark.parametrize(
    ("status", "expected", "code", "signal"),
    [
        (0, "SUCCESS", number(0), ("", number(0, is_set=False))),
        (3 << 8, "ERROR", number(3), ("", number(0, is_set=False))),
        (15, "SIGNALED", number(0, is_set=False), ("TERM", number(15))),
        (c.NO_VAL, "PENDING", number(0, is_set=False), ("", number(0, is_set=False))),
    ],
)
def test_exit_code(status: int, expected: str, code: Any, signal: Any) -> None:
    out = v40.ExitCode().dump(status, ENV)
    assert out == {
        "status": [expected],
        "return_code": code,
        "signal": {"id": signal[1], "name": signal[0]},
    }


def test_core_and_thread_spec() -> None:
    assert v40.Spec(threads=False).dump(2, ENV) == 2
    assert v40.Spec(threads=True).dump(2, ENV) == 0
    # NO_VAL16 has the thread bit: the reference shows it as a thread count.
    assert v40.Spec(threads=False).dump(c.NO_VAL16, ENV) == 0
    assert v40.Spec(threads=True).dump(c.NO_VAL16, ENV) == c.NO_VAL16 & ~c.CORE_SPEC_THREAD


def test_nice_memory_hold() -> None:
    assert v40.Nice().dump(c.NICE_OFFSET + 7, ENV) == 7
    assert v40.Nice().dump(c.NO_VAL, ENV) == 0
    per_cpu = c.MEM_PER_CPU | 100
    assert v40.Memory(per_cpu=True).dump(per_cpu, ENV) == number(100)
    assert v40.Memory(per_cpu=False).dump(per_cpu, ENV) == number(0, is_set=False)
    assert v40.Memory(per_cpu=False).dump(8000, ENV) == number(8000)
    assert v40.Hold().dump(0, ENV) is True


def test_step_id_and_sluid() -> None:
    assert v40.sluid_text(0) == ""
    assert v40.sluid_text(1) == "s0000000000001"
    assert v40.step_name(c.NO_VAL) == "entire"
    assert v40.step_name(c.SLURM_BATCH_SCRIPT) == "batch"
    assert v40.step_name(3) == "3"
    out = v40.StepIdOf().dump({"job_id": 12, "step_id": None}, ENV)
    assert out["sluid"] == "" and out["job_id"] == number(12) and out["step_id"] == "entire"


def test_job_resources_per_version() -> None:
    host = {
        "name": "n1",
        "cpus": 2,
        "cpus_used": 0,
        "memory_used": 0,
        "memory_allocated": 100,
        "cores": [(0, 1, False)],
        "slots": [(0, 0, False, False), (0, 1, True, False)],
    }
    res = {
        "nodes": "n1",
        "nhosts": 1,
        "ncpus": 2,
        "cr_core": True,
        "cr_cpu": False,
        "cr_type": c.CR_CORE | c.CR_MEMORY,
        "node_req": c.NODE_CR_ONE_ROW,
        "whole_node": 0,
        "threads_per_core": c.NO_VAL16,
        "hosts": [host],
    }
    old = v40.Resources().dump(res, ENV)
    assert old["allocated_nodes"][0]["sockets"] == {"0": {"cores": {"1": "allocated"}}}
    assert v40.Resources().dump(None, ENV) == {}
    new = dump(v41.RESOURCES, res)
    assert list(new) == ["select_type", "nodes", "cpus", "threads_per_core"]
    assert new["select_type"] == ["CORE", "MEMORY"]
    assert new["nodes"]["select_type"] == ["ONE_ROW"]
    cores = new["nodes"]["allocation"][0]["sockets"][0]["cores"]
    assert cores == [
        {"index": 0, "status": ["UNALLOCATED"]},
        {"index": 1, "status": ["ALLOCATED"]},
    ]
    assert dump(v45.RESOURCES, res)["select_type"] == ["CR_CORE_MEMORY"]


def test_versions_differences() -> None:
    assert paths(v40) == paths(v41)
    assert "minimum_switches" in paths(v41) and "required_switches" in paths(v42)
    assert {"exclusive", "oversubscribe", "show_flags"} & set(paths(v42)) == set()
    assert paths(v42).index("priority_by_partition") == paths(v42).index("priority") + 1
    assert paths(v43)[paths(v43).index("standard_input") :][:6] == [
        "standard_input",
        "standard_output",
        "standard_error",
        "stdin_expanded",
        "stdout_expanded",
        "stderr_expanded",
    ]
    assert "step_id" in paths(v44) and "submit_line" in paths(v44)
    assert "power/flags" in paths(v44) and "power/flags" not in paths(v45)
    assert paths(v45).index("container_type") == paths(v45).index("container_id") + 1
    assert (v40.FLAGS_FATAL, v41.FLAGS_FATAL, v42.FLAGS_FATAL) == (True, False, False)
    assert (v41.TYPED_QUERY, v42.TYPED_QUERY, v45.TYPED_QUERY) == (False, True, True)


def test_a_22_05_record_dumps_the_unset_values() -> None:
    """Fields 22.05's libslurm lacks come as None: the reference's unset values."""
    job = dump(v45.JOB, {"job_id": 5, "job_state": c.JOB_PENDING})
    assert job["container_id"] == "" and job["extra"] == ""
    assert job["job_size_str"] == [] and job["priority_by_partition"] == []
    assert job["segment_size"] == 0 and job["memory_update_delay"] == 0
    assert job["job_resources"] is None and job["job_state"] == ["PENDING"]
    assert job["step_id"]["job_id"] == number(5)


def test_job_state_ids() -> None:
    assert handlers._tasks("1-3,7") == [1, 2, 3, 7]
    assert handlers._tasks("0-6:3%2") == [0, 3, 6]
    assert handlers._ranges([1, 2, 3, 7]) == "1-3,7"
    pending_array = {"job_id": 9, "array_job_id": 9, "array_task_id": c.NO_VAL, "job_state": 0}
    states = handlers._expanded({**pending_array, "array_task_str": "1-2"})
    assert [handlers._state_id(s) for s in states] == ["9_1", "9_2"]
    # A task's own record: the reference writes its own id with the task id.
    task = {"job_id": 11, "array_job_id": 9, "array_task_id": 3}
    assert handlers._state_id(task) == "11_3"
    assert handlers._state_id(task, v40.STATE_ARRAY_ID) == "9_3"
    assert handlers._state_id({**task, "array_tasks": [1, 2, 4]}) == "11_[1-2,4]"
    expanded = handlers._expanded({**task, "array_tasks": [1, 4], "job_state": 0})
    assert [handlers._state_id(s) for s in expanded] == ["11_1", "11_4"]
    assert handlers._state_id({**task, "array_task_id": c.NO_VAL}) == "11_*"
    het = {"job_id": 13, "array_job_id": 0, "het_job_id": 12}
    assert handlers._state_id(het) == "13+1"
    assert handlers._state_id({"job_id": 4, "array_job_id": 0}) == "4"
    assert handlers._selected(task, 9, array=True)
    assert not handlers._selected({"job_id": 5, "array_job_id": 0}, 5, array=True)
