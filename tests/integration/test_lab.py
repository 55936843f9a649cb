"""The lab is a real Slurm: a job submitted with sbatch by an ordinary user completes in sacct."""

from __future__ import annotations

import re
import time

from slurmrestd_dev import lab as slurm_lab
from tests.conftest import Lab


def test_every_daemon_is_up(lab: Lab) -> None:
    assert slurm_lab.status() == 0
    assert "is UP" in lab.run("scontrol", "ping").stdout


def test_sbatch_as_ordinary_user_completes_in_sacct(lab: Lab) -> None:
    out = lab.run(
        "sbatch",
        "--parsable",
        "--chdir=/tmp",
        "--output=/dev/null",
        "--wrap",
        "echo lab-is-real",
        user="alice",
    )
    assert out.returncode == 0, out.stderr
    job_id = out.stdout.strip().split(";")[0]
    deadline = time.monotonic() + 60
    fields: list[str] = []
    while time.monotonic() < deadline:
        acct = lab.run("sacct", "-X", "-n", "-P", "-j", job_id, "-o", "jobid,user,state,exitcode")
        lines = [ln for ln in acct.stdout.splitlines() if ln.startswith(job_id + "|")]
        fields = lines[0].split("|") if lines else []
        if fields and fields[2] == "COMPLETED":
            break
        time.sleep(0.5)
    assert fields[:4] == [job_id, "alice", "COMPLETED", "0:0"]


def test_token_is_accepted_by_slurmctld(lab: Lab) -> None:
    token = lab.token("bob")
    assert re.fullmatch(r"[\w-]+\.[\w-]+\.[\w-]+", token)
    # As bob, with only the JWT: slurmctld must accept it, and refuse a forged one.
    good = lab.run("env", f"SLURM_JWT={token}", "squeue", "--noheader", user="bob")
    assert good.returncode == 0, good.stderr
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    bad = lab.run("env", f"SLURM_JWT={forged}", "squeue", "--noheader", user="bob")
    assert bad.returncode != 0


def test_second_up_changes_nothing(lab: Lab) -> None:
    before = {name: slurm_lab.daemon_pid(name) for name in slurm_lab.DAEMONS}
    # The host's own release only: `up` alone would bring up every release's root too.
    assert slurm_lab.main(["up", "--release", slurm_lab.host_release().name]) == 0
    after = {name: slurm_lab.daemon_pid(name) for name in slurm_lab.DAEMONS}
    assert before == after
