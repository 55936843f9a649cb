"""Cluster shapes of a lab, and the purge of a job name's accounting records.

design: a lab has one shape at a time, recorded in a ``shape`` file beside its
``versions.txt``.  ``lab`` is the lab as ``up`` always made it (one node, two
partitions, the lab's account and users).  ``wide`` adds what a benchmark needs
to see a bigger cluster: 200 nodes with no slurmd behind them in three more
partitions, 100 accounts with 400 users, and 3000 finished jobs in slurmdbd.
The nodes' part is configuration (``slurm_conf_lines``); the accounting part is
made through the cluster's own commands (sacctmgr, sbatch, scancel) and taken
away with sacctmgr and, for the job records slurmdbd never deletes, SQL in the
lab's own database (``purge_jobs``).  A transition first records ``changing to
SHAPE``, so an interrupted one is finished (or undone) by the next ``up``.

Everything here talks to a cluster through a ``Cluster`` (its runner, its
release, where its state lives), so the host's lab and the roots' share it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from slurmrestd_dev.lab import common
from slurmrestd_dev.lab.common import LabError, Runner, say, wait
from slurmrestd_dev.lab.releases import Release

LAB = "lab"
WIDE = "wide"
SHAPES = (LAB, WIDE)
STATE_FILE = "shape"
CHANGING = "changing to "

# Job states after which slurmctld sends nothing more about a job to slurmdbd.
FINISHED_STATES = frozenset(
    {
        "BOOT_FAIL",
        "CANCELLED",
        "COMPLETED",
        "DEADLINE",
        "FAILED",
        "NODE_FAIL",
        "OUT_OF_MEMORY",
        "PREEMPTED",
        "REVOKED",
        "TIMEOUT",
    }
)
# A job name that goes into SQL: no quotes, no backslashes, no spaces.
JOB_NAME = re.compile(r"^[A-Za-z0-9_.+-]{1,100}$")
DATABASE = "slurm_acct_db"
# The job that marks how far slurmdbd has come (flush_accounting); purged after use.
MARKER = "slurm-lab-marker"


@dataclass(frozen=True)
class Cluster:
    """A running lab as the shape code sees it."""

    release: Release
    run: Runner
    # The directory of the lab's recorded state (versions.txt, shape), as this process sees it.
    state_dir: Path

    @property
    def name(self) -> str:
        return self.release.cluster


# --- recorded shape -----------------------------------------------------------------


def state_path(state_dir: Path) -> Path:
    return state_dir / STATE_FILE


def recorded(state_dir: Path) -> str:
    """The shape the lab last reached ('lab' for a lab that never recorded one), or
    'changing to SHAPE' when a transition did not finish."""
    try:
        text = state_path(state_dir).read_text().strip()
    except FileNotFoundError:
        return LAB
    return text or LAB


def record(state_dir: Path, text: str) -> None:
    state_path(state_dir).write_text(f"{text}\n")


# --- the accounting records of a job name ----------------------------------------------


def sql(cluster: Cluster, statements: str) -> list[list[str]]:
    """Rows of tab-separated output of STATEMENTS in the lab's accounting database."""
    out = cluster.run(["mariadb", "-u", "root", "-N", "-B", DATABASE, "-e", statements]).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def held_jobs(cluster: Cluster, name: str) -> list[tuple[str, str]]:
    """(job id, state) of every job named NAME that slurmctld holds, finished or not."""
    out = cluster.run(["squeue", "-h", "-a", "-t", "all", "-n", name, "-o", "%A %T"]).stdout
    return [(f[0], f[1]) for f in (line.split() for line in out.splitlines()) if len(f) >= 2]


def unrecorded(cluster: Cluster, name: str, ids: Sequence[str]) -> set[str]:
    """The job ids of IDS whose end slurmdbd has not recorded yet."""
    if not ids:
        return set()
    rows = sql(
        cluster,
        f"SELECT id_job FROM {cluster.name}_job_table WHERE job_name = '{name}' "
        f"AND time_end > 0 AND id_job IN ({','.join(str(int(i)) for i in ids)})",
    )
    return set(ids) - {r[0] for r in rows}


def flush_accounting(cluster: Cluster, timeout: float) -> None:
    """Wait until slurmdbd has recorded what slurmctld queued for it before now.

    slurmctld's queue to slurmdbd is sent in order: the end of a marker job, submitted
    held and cancelled now, reaches slurmdbd after every record queued before it (sdiag's
    queue size reads 0 while a batch is still in flight, and a record missing from the
    database may be one purged before).
    """
    out = cluster.run(
        ["sbatch", "--parsable", "-H", "-J", MARKER, "-A", common.ACCOUNT, "--wrap=true"],
        user=common.ORDINARY_USERS[0],
    ).stdout
    job = out.strip().split(";")[0]
    if not job.isdigit():
        cluster.run(["scancel", "-n", MARKER], check=False)
        raise LabError(f"sbatch printed no job id for the marker job: {out.strip()!r}")
    cluster.run(["scancel", job])
    wait(
        f"slurmdbd to record what slurmctld of {cluster.name} queued for it (job {job})",
        lambda: not unrecorded(cluster, MARKER, [job]),
        timeout=timeout,
        interval=0.3,
    )


def count_records(cluster: Cluster, name: str, *, finished: bool = False) -> int:
    check_name(name)
    where = f"job_name = '{name}'" + (" AND time_end > 0" if finished else "")
    rows = sql(cluster, f"SELECT COUNT(*) FROM {cluster.name}_job_table WHERE {where}")
    return int(rows[0][0])


def check_name(name: str) -> None:
    if not JOB_NAME.match(name):
        raise LabError(f"job name {name!r}: only letters, digits and _ . + - (1 to 100)")


def purge_sql(table_prefix: str, name: str) -> str:
    """Delete the job records named NAME and their steps and suspensions, in one transaction;
    print the counts deleted (steps, suspensions, jobs)."""
    jobs = f"{table_prefix}_job_table"
    joined = f"JOIN {jobs} j ON x.job_db_inx = j.job_db_inx WHERE j.job_name = '{name}'"
    return (
        "START TRANSACTION;"
        f"DELETE x FROM {table_prefix}_step_table x {joined}; SELECT ROW_COUNT();"
        f"DELETE x FROM {table_prefix}_suspend_table x {joined}; SELECT ROW_COUNT();"
        f"DELETE FROM {jobs} WHERE job_name = '{name}'; SELECT ROW_COUNT();"
        "COMMIT;"
    )


def purge_jobs(cluster: Cluster, name: str, timeout: float = 120) -> int:
    """Delete the accounting records of the jobs named NAME; return how many jobs.

    Refused while slurmctld holds a job of that name that has not finished: its later
    records would arrive for a row that is gone.  Finished jobs slurmctld still lists
    (until MinJobAge) send nothing more once slurmdbd has their end, which is waited for
    (``flush_accounting``: a job's records may reach slurmdbd only when it ends).
    """
    check_name(name)
    held = held_jobs(cluster, name)
    unfinished = [(job, state) for job, state in held if state not in FINISHED_STATES]
    if unfinished:
        sample = ", ".join(f"{job} {state}" for job, state in unfinished[:3])
        raise LabError(
            f"slurmctld of {cluster.name} still holds {len(unfinished)} unfinished job(s) "
            f"named {name} ({sample}): cancel them first (scancel --name {name})"
        )
    flush_accounting(cluster, timeout)
    sql(cluster, purge_sql(cluster.name, MARKER))
    rows = sql(cluster, purge_sql(cluster.name, name))
    steps, suspends, jobs = (int(r[0]) for r in rows[-3:])
    say(
        f"{cluster.release.name}: purged {jobs} job record(s) named {name} "
        f"({steps} step(s), {suspends} suspension(s)) from {cluster.name}'s accounting"
    )
    return jobs
