"""slurm-lab's cluster shapes: the recorded shape, the purge of a job name's records."""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from slurmrestd_dev.lab import common, releases, shapes
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


def test_the_lab_shape_adds_nothing_to_slurm_conf() -> None:
    assert shapes.slurm_conf_lines(shapes.LAB) == ()


def test_wide_nodes_are_200_with_no_slurmd_on_a_port_nothing_binds() -> None:
    lines = shapes.slurm_conf_lines(shapes.WIDE)
    nodes = [line for line in lines if line.startswith("NodeName=")]
    assert len(shapes.WIDE_NODE_NAMES) == len(set(shapes.WIDE_NODE_NAMES)) == 200
    assert sum(g.count for g in shapes.WIDE_NODES) == 200
    assert all(f"NodeAddr=127.0.0.2 Port={releases.NO_DAEMON_PORT} " in n for n in nodes)
    port = releases.NO_DAEMON_PORT
    assert port in releases.PORT_RANGE and port not in releases.TEST_PORTS
    assert all(port not in r.ports for r in releases.RELEASES)
    assert port not in range(6829, 6840)  # the manual runs' (README)
    # Visible nodes: never FUTURE or CLOUD (hidden from scontrol and the REST daemons).
    assert all(g.state in ("DOWN", "DRAIN") for g in shapes.WIDE_NODES)
    assert len({(g.cpus, g.memory, g.features) for g in shapes.WIDE_NODES}) >= 4


def test_wide_partitions_are_three_more_none_the_default() -> None:
    parts = [line for line in shapes.slurm_conf_lines(shapes.WIDE) if "PartitionName=" in line]
    assert [p.split()[0] for p in parts] == [
        "PartitionName=batch",
        "PartitionName=gpu",
        "PartitionName=short",
    ]
    assert not any("Default=YES" in p for p in parts)


def test_the_shape_goes_at_the_end_of_the_lab_slurm_conf() -> None:
    release = releases.by_name("24.11")
    values = {"cluster": "c", "host": "h", "root": "/r", "etc": "/e", "db_password": "x"}
    lab = common.render("slurm.conf", release, values)
    wide = common.render("slurm.conf", release, values, shapes.slurm_conf_lines(shapes.WIDE))
    assert wide.startswith(lab)
    assert wide[len(lab) :].splitlines() == list(shapes.slurm_conf_lines(shapes.WIDE))


def test_the_accounts_file_has_100_accounts_and_400_users_once_each() -> None:
    text = shapes.accounts_file("lab2411")
    lines = text.splitlines()
    assert lines[:2] == ["Cluster - 'lab2411'", "Parent - 'root'"]
    accounts = [line.split("'")[1] for line in lines if line.startswith("Account - ")]
    assert sorted(accounts) == sorted((*shapes.WIDE_ORGS, *shapes.WIDE_ACCOUNTS))
    assert len(accounts) == 100
    users = [line for line in lines if line.startswith("User - 'wideu")]
    assert len(users) == len({u.split("'")[1] for u in users}) == 400
    # Every parent is an account made before it (or root).
    made = {"root"}
    for line in lines:
        if line.startswith("Parent - "):
            assert line.split("'")[1] in made
        elif line.startswith("Account - "):
            made.add(line.split("'")[1])
    lab_users = [line for line in lines if line in ("User - 'alice'", "User - 'bob'")]
    assert len(lab_users) == 2 * len(shapes.WIDE_LAB_USER_ACCOUNTS)


def test_the_submit_loop_submits_its_share_with_valid_requests(tmp_path: Path) -> None:
    log = tmp_path / "calls"
    fake = tmp_path / "sbatch"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    fake.chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin"}
    script = shapes.submit_script(25, 100)
    subprocess.run(["bash", "-c", script], env=env, check=True)
    calls = [line.split() for line in log.read_text().splitlines()]
    assert len(calls) == 25
    for argv in calls:
        opts = {a: b for a, b in itertools.pairwise(argv) if a[:1] == "-" != b[:1]}
        assert opts["-J"] == shapes.WIDE_JOB_NAME
        assert opts["-A"] in (common.ACCOUNT, *shapes.WIDE_LAB_USER_ACCOUNTS)
        assert opts["-p"] in ("batch", "short", "gpu")
        assert int(opts["-n"]) >= int(opts["-N"]) >= 1
        assert 5 <= int(opts["-t"]) <= 60  # within every wide partition's MaxTime
        assert "-H" not in argv  # eligible jobs: held ones are missing from sacct's windows


@pytest.mark.parametrize(
    ("text", "shape"),
    [("lab", "lab"), ("wide", "wide"), ("changing to wide", "wide"), ("changing to x", "lab")],
)
def test_an_interrupted_transition_settles_on_its_target(text: str, shape: str) -> None:
    assert shapes.settled(text) == shape


STEPS = ("add_wide_accounts", "create_wide_jobs", "remove_wide_jobs", "remove_wide_accounts")


class Steps:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail: str | None = None) -> None:
        self.calls: list[str] = []
        for name in STEPS:
            monkeypatch.setattr(shapes, name, self._step(name, fail))

    def _step(self, name: str, fail: str | None) -> Callable[[shapes.Cluster], None]:
        def step(_cluster: shapes.Cluster) -> None:
            self.calls.append(name)
            if name == fail:
                raise LabError(name)

        step.__name__ = name
        return step


def _cluster(tmp_path: Path) -> shapes.Cluster:
    def run(*_a: object, **_k: object) -> subprocess.CompletedProcess[str]:
        raise AssertionError("no command expected")

    return shapes.Cluster(releases.by_name("26.05"), run, tmp_path)


def test_apply_changes_nothing_when_the_shape_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = Steps(monkeypatch)
    shapes.apply(_cluster(tmp_path), shapes.LAB)  # nothing recorded: the lab shape
    shapes.record(tmp_path, shapes.WIDE)
    shapes.apply(_cluster(tmp_path), shapes.WIDE)
    assert steps.calls == []


def test_apply_goes_wide_and_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps = Steps(monkeypatch)
    shapes.apply(_cluster(tmp_path), shapes.WIDE)
    assert steps.calls == ["add_wide_accounts", "create_wide_jobs"]
    assert shapes.recorded(tmp_path) == shapes.WIDE
    steps.calls.clear()
    shapes.apply(_cluster(tmp_path), shapes.LAB)
    assert steps.calls == ["remove_wide_jobs", "remove_wide_accounts"]
    assert shapes.recorded(tmp_path) == shapes.LAB


def test_an_interrupted_transition_is_undone_by_the_next_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = Steps(monkeypatch, fail="create_wide_jobs")
    with pytest.raises(LabError):
        shapes.apply(_cluster(tmp_path), shapes.WIDE)
    assert shapes.recorded(tmp_path) == "changing to wide"
    steps = Steps(monkeypatch)
    shapes.apply(_cluster(tmp_path), shapes.LAB)
    assert steps.calls == ["remove_wide_jobs", "remove_wide_accounts"]
    assert shapes.recorded(tmp_path) == shapes.LAB


def test_an_unknown_shape_is_refused_before_anything_changes() -> None:
    with pytest.raises(LabError, match="no shape"):
        shapes.check_shape("tall")
