"""slurm-lab's cluster shapes: the recorded shape, the purge of a job name's records."""

from __future__ import annotations

from pathlib import Path

import pytest

from slurmrestd_dev.lab import shapes
from slurmrestd_dev.lab.common import LabError


def test_the_purge_deletes_steps_and_suspensions_of_the_named_jobs_then_the_jobs() -> None:
    text = shapes.purge_sql("lab2411", "slurmrestd-loadtest")
    statements = [s.strip() for s in text.split(";") if s.strip()]
    assert statements[0] == "START TRANSACTION" and statements[-1] == "COMMIT"
    deletes = [s for s in statements if s.startswith("DELETE")]
    assert [d.split(" FROM ")[1].split()[0] for d in deletes] == [
        "lab2411_step_table",
        "lab2411_suspend_table",
        "lab2411_job_table",
    ]
    assert all("job_name = 'slurmrestd-loadtest'" in d for d in deletes)
    # one count per DELETE, in that order
    assert statements.count("SELECT ROW_COUNT()") == 3


@pytest.mark.parametrize("name", ["", "a b", "x';DROP TABLE t;--", "back\\slash", "a" * 101])
def test_a_job_name_that_is_not_plain_never_reaches_sql(name: str) -> None:
    with pytest.raises(LabError, match="job name"):
        shapes.check_name(name)


@pytest.mark.parametrize("name", ["slurmrestd-loadtest", "slurm-lab-wide", "a.b_c+1"])
def test_plain_job_names_are_accepted(name: str) -> None:
    shapes.check_name(name)


def test_a_lab_that_never_recorded_a_shape_has_the_lab_shape(tmp_path: Path) -> None:
    assert shapes.recorded(tmp_path) == shapes.LAB
    shapes.record(tmp_path, "changing to wide")
    assert shapes.recorded(tmp_path) == "changing to wide"
    shapes.record(tmp_path, shapes.WIDE)
    assert shapes.recorded(tmp_path) == shapes.WIDE
