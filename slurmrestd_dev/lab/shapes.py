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

import errno
import re
import socket
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from slurmrestd_dev.lab import common
from slurmrestd_dev.lab.common import LabError, Runner, say, wait
from slurmrestd_dev.lab.releases import NO_DAEMON_PORT, Release

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
    # The root the lab's commands run in (None: the host's).
    root: Path | None = None

    @property
    def name(self) -> str:
        return self.release.cluster

    def inside(self, path: str) -> Path:
        """Where this process finds the lab's PATH."""
        return Path(path) if self.root is None else self.root / path.lstrip("/")


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


def settled(text: str) -> str:
    """The shape a recorded TEXT names: the one a transition was going to."""
    return text.removeprefix(CHANGING) if text.removeprefix(CHANGING) in SHAPES else LAB


def describe(state_dir: Path) -> str:
    text = recorded(state_dir)
    if text == WIDE:
        return (
            f"wide ({len(WIDE_NODE_NAMES)} more nodes, partitions batch, gpu and short, "
            f"{len(WIDE_ORGS) + len(WIDE_ACCOUNTS)} accounts, {len(WIDE_USERS)} users, "
            f"{WIDE_JOBS} {WIDE_JOB_NAME} job records)"
        )
    if text.startswith(CHANGING):
        return f"{text} (interrupted: `up --shape SHAPE` finishes or undoes it)"
    return text


def check_shape(shape: str) -> None:
    """Refuse a shape `up` cannot make here (before anything changes)."""
    if shape not in SHAPES:
        raise LabError(f"no shape {shape!r} (known: {', '.join(SHAPES)})")
    if shape == WIDE and not no_slurmd_refused():
        raise LabError(
            f"{NO_SLURMD_ADDR}:{NO_DAEMON_PORT} answers: the wide shape's nodes would reach "
            "whatever listens there"
        )


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


# --- the wide shape ---------------------------------------------------------------------

WIDE_JOB_NAME = "slurm-lab-wide"
# No slurmd answers there: a loopback address of its own, and a port of the project's
# range that nothing of the labs, the manual runs or the tests binds (`up` checks that a
# connection is refused).
NO_SLURMD_ADDR = "127.0.0.2"


@dataclass(frozen=True)
class NodeGroup:
    """One NodeName line of the wide shape: wn[FIRST-LAST], alike."""

    first: int
    last: int
    cpus: int
    sockets: int
    cores: int
    threads: int
    memory: int
    features: str
    weight: int
    state: str = "DOWN"
    reason: str = "no slurmd (slurm-lab wide)"

    @property
    def names(self) -> str:
        return f"wn[{self.first:03d}-{self.last:03d}]"

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def line(self) -> str:
        return (
            f"NodeName={self.names} NodeAddr={NO_SLURMD_ADDR} Port={NO_DAEMON_PORT} "
            f"CPUs={self.cpus} Sockets={self.sockets} CoresPerSocket={self.cores} "
            f"ThreadsPerCore={self.threads} RealMemory={self.memory} "
            f"Features={self.features} Weight={self.weight} "
            f'State={self.state} Reason="{self.reason}"'
        )


WIDE_NODES = (
    NodeGroup(1, 90, 32, 2, 16, 1, 128000, "cpu,avx2,ib", 10),
    NodeGroup(91, 96, 32, 2, 16, 1, 128000, "cpu,avx2,ib", 10, "DRAIN", "disk replaced"),
    NodeGroup(97, 144, 64, 2, 16, 2, 256000, "cpu,avx512,ib", 20),
    NodeGroup(145, 168, 128, 2, 64, 1, 1024000, "cpu,avx512,bigmem", 40),
    NodeGroup(169, 196, 48, 2, 24, 1, 512000, "gpu,a100,ib", 50),
    NodeGroup(197, 200, 48, 2, 24, 1, 512000, "gpu,a100,ib", 50, "DRAIN", "gpu xid 79"),
)
WIDE_NODE_NAMES = tuple(f"wn{i:03d}" for g in WIDE_NODES for i in range(g.first, g.last + 1))
WIDE_PARTITIONS = (
    "PartitionName=batch Nodes=wn[001-168] MaxTime=2-00:00:00 DefaultTime=01:00:00 State=UP",
    "PartitionName=gpu Nodes=wn[169-200] MaxTime=1-00:00:00 DefaultTime=00:30:00 State=UP",
    "PartitionName=short Nodes=wn[001-200] MaxTime=01:00:00 DefaultTime=00:10:00 "
    "PriorityTier=2 State=UP",
)
# 10 organisations (parents) of 9 accounts each: 100 accounts; 400 users, one account each.
WIDE_ORGS = tuple(f"wideorg{i:02d}" for i in range(1, 11))
WIDE_ACCOUNTS = tuple(f"wide{i:03d}" for i in range(1, 91))
WIDE_USERS = tuple(f"wideu{i:03d}" for i in range(1, 401))
# The lab's users also get associations in the first accounts; their jobs use them.
WIDE_LAB_USER_ACCOUNTS = WIDE_ACCOUNTS[:10]
WIDE_JOBS = 3000


def slurm_conf_lines(shape: str) -> tuple[str, ...]:
    """What SHAPE adds to the lab's slurm.conf."""
    if shape == LAB:
        return ()
    if shape == WIDE:
        return (
            f"# shape wide: {len(WIDE_NODE_NAMES)} nodes with no slurmd, three more partitions",
            *(g.line() for g in WIDE_NODES),
            *WIDE_PARTITIONS,
        )
    raise ValueError(shape)


def org_of(account_index: int) -> str:
    """The organisation (parent account) of WIDE_ACCOUNTS[account_index]."""
    return WIDE_ORGS[account_index // 9]


def account_of(user_index: int) -> str:
    """The account of WIDE_USERS[user_index]: round the accounts, so every one has users."""
    return WIDE_ACCOUNTS[user_index % len(WIDE_ACCOUNTS)]


def no_slurmd_refused() -> bool:
    """Whether a connection to the wide nodes' slurmd address is refused at once."""
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((NO_SLURMD_ADDR, NO_DAEMON_PORT)) == errno.ECONNREFUSED


def _listed(cluster: Cluster, entity: str) -> set[str]:
    out = cluster.run(["sacctmgr", "-n", "-P", "show", entity, f"format={entity}"]).stdout
    return {line.strip() for line in out.splitlines() if line.strip()}


def accounts_file(cluster: str) -> str:
    """The wide shape's accounts and users as a file for ``sacctmgr load`` (which adds
    what is missing to an existing cluster: one call instead of a hundred)."""
    lines = [f"Cluster - '{cluster}'", "Parent - 'root'"]
    lines += [
        f"Account - '{o}':Description='slurm-lab wide organisation':Organization='wide'"
        for o in WIDE_ORGS
    ]
    for org_index, org in enumerate(WIDE_ORGS):
        lines.append(f"Parent - '{org}'")
        children = WIDE_ACCOUNTS[org_index * 9 : org_index * 9 + 9]
        lines += [
            f"Account - '{a}':Description='slurm-lab wide account':Organization='{org}'"
            for a in children
        ]
        for account in children:
            lines.append(f"Parent - '{account}'")
            if account in WIDE_LAB_USER_ACCOUNTS:
                lines += [f"User - '{u}'" for u in common.ORDINARY_USERS]
            lines += [
                f"User - '{u}':DefaultAccount='{account}'"
                for i, u in enumerate(WIDE_USERS)
                if account_of(i) == account
            ]
    return "".join(f"{line}\n" for line in lines)


def add_wide_accounts(cluster: Cluster) -> None:
    """The wide shape's organisations, accounts and users (sacctmgr load adds the missing)."""
    path = "/tmp/slurm-lab-wide-accounts.cfg"
    common.write_file(cluster.inside(path), accounts_file(cluster.name), 0o644)
    try:
        cluster.run(["sacctmgr", "-i", "load", f"file={path}"], timeout=300)
    finally:
        cluster.inside(path).unlink(missing_ok=True)


def remove_wide_accounts(cluster: Cluster) -> None:
    """The wide shape's users and accounts (with every association in them), if present."""
    users = sorted(set(WIDE_USERS) & _listed(cluster, "user"))
    if users:
        cluster.run(["sacctmgr", "-i", "delete", "user", "where", f"name={','.join(users)}"])
    accounts = _listed(cluster, "account")
    for group in (WIDE_ACCOUNTS, WIDE_ORGS):
        gone = sorted(set(group) & accounts)
        if gone:
            cluster.run(["sacctmgr", "-i", "delete", "account", "where", f"name={','.join(gone)}"])


def submit_script(jobs: int, offset: int) -> str:
    """A bash loop that submits JOBS jobs named WIDE_JOB_NAME of varied sizes, accounts and
    partitions (the loop's job i is the shape's job OFFSET + i).

    They go to the wide shape's partitions, whose nodes have no slurmd: eligible jobs that
    never start.  (A held job never becomes eligible, and sacct and the REST daemons'
    job lists leave out the records of jobs never eligible in their time window.)
    """
    accounts = " ".join((common.ACCOUNT, *WIDE_LAB_USER_ACCOUNTS))
    return (
        f"accounts=({accounts}); parts=(batch batch short gpu)\n"
        f"for ((i = {offset}; i < {offset + jobs}; i++)); do\n"
        f"  sbatch -Q -J {WIDE_JOB_NAME} -A ${{accounts[i % ${{#accounts[@]}}]}} "
        "-p ${parts[i % 4]} -N $((i % 3 + 1)) -n $((i % 3 + 1 + i % 16)) "
        "--mem=$(((i % 16 + 1) * 1000)) -t $((i % 55 + 5)) -o /dev/null --wrap=true "
        "|| exit 1\n"
        "done\n"
    )


def create_wide_jobs(cluster: Cluster, wanted: int = WIDE_JOBS) -> None:
    """Finished jobs named WIDE_JOB_NAME until slurmdbd holds WANTED: submitted by the
    lab's users (one loop each, side by side) to partitions where they never start, then
    cancelled."""
    missing = wanted - count_records(cluster, WIDE_JOB_NAME)
    if missing > 0:
        t0 = time.monotonic()
        users = common.ORDINARY_USERS
        share = -(-missing // len(users))
        with ThreadPoolExecutor(len(users)) as pool:
            runs = [
                pool.submit(
                    cluster.run,
                    ["bash", "-c", submit_script(min(share, missing - n * share), n * share)],
                    user=user,
                    timeout=600,
                )
                for n, user in enumerate(users)
            ]
            for run in runs:
                run.result()
        say(f"{cluster.release.name}: {missing} jobs submitted in {time.monotonic() - t0:.1f}s")
    t0 = time.monotonic()
    cluster.run(["scancel", "-n", WIDE_JOB_NAME], timeout=300)
    t1 = time.monotonic()
    flush_accounting(cluster, timeout=300)
    sql(cluster, purge_sql(cluster.name, MARKER))
    say(
        f"{cluster.release.name}: cancelled in {t1 - t0:.1f}s, "
        f"recorded by slurmdbd {time.monotonic() - t1:.1f}s later"
    )


def remove_wide_jobs(cluster: Cluster) -> None:
    cluster.run(["scancel", "-n", WIDE_JOB_NAME], timeout=300)
    purge_jobs(cluster, WIDE_JOB_NAME, timeout=300)


def apply(cluster: Cluster, shape: str) -> None:
    """Bring the lab's accounts and job records to SHAPE (its nodes and partitions are
    configuration, which `up` has written and the daemons have read)."""
    current = recorded(cluster.state_dir)
    if current == shape:
        return
    t0 = time.monotonic()
    say(f"{cluster.release.name}: shape {current} -> {shape}")
    record(cluster.state_dir, CHANGING + shape)
    steps = (
        (add_wide_accounts, create_wide_jobs)
        if shape == WIDE
        else (remove_wide_jobs, remove_wide_accounts)
    )
    for step in steps:
        t1 = time.monotonic()
        step(cluster)
        say(f"{cluster.release.name}: {step.__name__} {time.monotonic() - t1:.1f}s")
    record(cluster.state_dir, shape)
    say(f"{cluster.release.name}: shape {shape} in {time.monotonic() - t0:.1f}s")
