"""GET /slurmdb/{v0.0.4x}/jobs/ and job/{job_id}: ours and the release's C daemon.

The jobs are made here with sbatch, as alice: one that completes with a step
of its own (srun) and standard streams named with fields (%j, %x, a relative
path), one that fails, one cancelled before it ran.  sbatch --wait returns
when its job has ended; slurmdbd records the end a moment later, so the test
waits until sacct shows each job ended.  Other tests submit jobs meanwhile:
searches are narrowed to this test's jobs (by id, step or name).

The reference names its search by the address of its job condition
("slurmdb_jobs_get(0x7f...)" on 24.11): that address is compared as a shape.
Never sent: ?groups=NAME from v0.0.41 on, which ends 24.11's C daemon.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")

ENDED = ("COMPLETED", "FAILED", "CANCELLED")
POINTER = re.compile(r"\(0x[0-9a-f]+\)")


@dataclass
class Jobs:
    ids: dict[str, int] = field(default_factory=dict)


def sbatch(lab: Lab, *args: str, rc: int = 0) -> int:
    # A time limit: a job without one cannot start before a future reservation of the node.
    done = lab.run("sbatch", "--parsable", "-t", "2", *args, user="alice")
    assert done.returncode == rc, done.stderr
    return int(done.stdout.strip().split(";")[0])


def recorded(lab: Lab, ids: list[int]) -> None:
    """Wait until slurmdbd has each job's end (sacct shows it ended)."""
    wanted = ",".join(map(str, ids))
    for _ in range(2000):
        done = lab.run("sacct", "-n", "-X", "-P", "-o", "JobID,State", "-j", wanted)
        states = dict(line.split("|")[:2] for line in done.stdout.split() if "|" in line)
        if len(states) == len(ids) and all(s.split()[0] in ENDED for s in states.values()):
            return
    raise AssertionError(f"slurmdbd never recorded the end of {wanted}: {done.stdout}")


@pytest.fixture(scope="module")
def jobs(lab: Lab) -> Iterator[Jobs]:
    s = Jobs()
    try:
        s.ids["completed"] = sbatch(
            lab,
            "--wait",
            "-J",
            "dbjobs-completed",
            "-o",
            "/tmp/dbjobs-%j-%x.out",
            "-e",
            "dbjobs-%A.err",
            "-D",
            "/tmp",
            "--wrap",
            "srun true",
        )
        s.ids["failed"] = sbatch(
            lab, "--wait", "-J", "dbjobs-failed", "-o", "/dev/null", "--wrap", "exit 3", rc=3
        )
        # Every field a stream's path may name, padded, unknown and escaped.
        s.ids["patterns"] = sbatch(
            lab,
            "--wait",
            "-J",
            "dbjobs-patterns",
            "-D",
            "/tmp",
            "-o",
            "dbjobs-%5j-%N-%s-%u-%n-%t-%x-%%-%q-%12a-%b.out",
            "-e",
            "/tmp/dbjobs-%A_%a-%r-%J.err",
            "-i",
            "/dev/null",
            "--wrap",
            "true",
        )
        s.ids["cancelled"] = sbatch(lab, "-H", "-J", "dbjobs-cancelled", "--wrap", "true")
        lab.run("scancel", str(s.ids["cancelled"]))
        recorded(lab, list(s.ids.values()))
        yield s
    finally:
        lab.run("scancel", *map(str, s.ids.values()))


def shaped(doc: Any) -> Any:
    """The document with the reference's condition address as a shape."""
    if isinstance(doc, dict):
        return {k: shaped(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [shaped(v) for v in doc]
    if isinstance(doc, str):
        return POINTER.sub("(0x)", doc)
    return doc


def unclocked(doc: Any) -> Any:
    """The document with a running job's (and its steps') end and elapsed time as 0."""
    for job in doc.get("jobs", []) if isinstance(doc, dict) else []:
        if "RUNNING" in job.get("state", {}).get("current", []):
            for times in [job["time"], *(step["time"] for step in job.get("steps", []))]:
                times["elapsed"] = 0
                times["end"] = 0
    return doc


def compare(pair: Pair, lab: Lab, target: str, user: str = "slurm") -> tuple[int, Any]:
    ref, ours = both(pair, lab, "GET", target, user=user)
    ref, ours = (ref[0], shaped(ref[1])), (ours[0], shaped(ours[1]))
    assert_same(ref, ours)
    return ref


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("which", ["completed", "failed", "cancelled", "patterns"])
def test_job(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str, which: str) -> None:
    """Each job with its steps, as the administrator and as its owner."""
    job_id = jobs.ids[which]
    status, doc = compare(dp_pair, lab, f"/slurmdb/{version}/job/{job_id}")
    assert status == 200 and [j["job_id"] for j in doc["jobs"]] == [job_id]
    compare(dp_pair, lab, f"/slurmdb/{version}/job/{job_id}", user="alice")


@pytest.mark.parametrize("version", VERSIONS)
def test_job_of_another_user(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str) -> None:
    compare(dp_pair, lab, f"/slurmdb/{version}/job/{jobs.ids['completed']}", user="bob")
    compare(dp_pair, lab, f"/slurmdb/{version}/jobs/?job_name=dbjobs-completed", user="bob")


@pytest.mark.parametrize("version", VERSIONS)
def test_job_step(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str) -> None:
    compare(dp_pair, lab, f"/slurmdb/{version}/job/{jobs.ids['completed']}.batch")


FILTERS = [
    "job_name=dbjobs-completed",
    "job_name=dbjobs-failed&skip_steps",
    "job_name=dbjobs-failed&skip_steps=false",
    "users=alice&job_name=dbjobs-cancelled",
    "job_name=dbjobs-completed&state=COMPLETED",
    "job_name=dbjobs-completed&state=completed",
    "job_name=dbjobs-failed&exit_code=3",
    "job_name=dbjobs-completed&start_time=2020-01-01",
    "job_name=dbjobs-completed&end_time=now",
    "job_name=dbjobs-completed&submit_time=now-1day",
    "job_name=dbjobs-completed&partition=debug",
    "job_name=dbjobs-completed&account=nosuchaccount",
    "job_name=dbjobs-completed&show_duplicates&disable_truncate_usage_time",
    "job_name=dbjobs-completed&scheduled_by_main",
    "job_name=dbjobs-completed&cpus_max=3",
    "job_name=dbjobs-completed&foo=1",
    "job_name=dbjobs-completed&foo",
    "job_name=dbjobs-completed&format=jobid",
    "job_name",
    "job_name=dbjobs-completed&cpus_max=abc",
    "job_name=dbjobs-completed&exit_code=x",
    "job_name=dbjobs-completed&state=BOGUS",
    "job_name=dbjobs-completed&start_time=garbage",
    "job_name=dbjobs-completed&submit_time=garbage",
    "job_name=dbjobs-completed&users=nosuchuser",
    "job_name=dbjobs-completed&groups=999999",
    "job_name=dbjobs-completed&step=abc",
    "job_name=dbjobs-completed&reservation_id=abc",
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("query", FILTERS)
def test_filter(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str, query: str) -> None:
    compare(dp_pair, lab, f"/slurmdb/{version}/jobs/?{query}")


@pytest.mark.parametrize("version", VERSIONS)
def test_step_filter(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str) -> None:
    compare(dp_pair, lab, f"/slurmdb/{version}/jobs/?step={jobs.ids['failed']}")
    compare(dp_pair, lab, f"/slurmdb/{version}/jobs/?step={jobs.ids['completed']}.0")


@pytest.mark.parametrize("version", VERSIONS)
# 0 and 4294967293: refused by the C daemons' data_parser; on 26.05 libslurm would end the
# process on them (fatal()), so they must never reach it.
@pytest.mark.parametrize(
    "job_id", ["abc", "999999999", "0", "4294967293", "1x", "1,2", "1%2C2", "1+1", "1%2B1", "1%0a"]
)
def test_bad_job(dp_pair: Pair, lab: Lab, version: str, job_id: str) -> None:
    compare(dp_pair, lab, f"/slurmdb/{version}/job/{job_id}")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("query", ["", "?users=alice"])
def test_all_jobs(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str, query: str) -> None:
    """Every job the lab recorded (other tests' arrays, heterogeneous, pending and running
    jobs among them).  Jobs are submitted meanwhile and a pending job's planned time grows
    with the clock: a comparison that differs is read again, up to three times.  A
    running job's end and elapsed time are slurmdbd's clock at each read (not compared)."""
    diffs: list[str] = []
    for _ in range(3):
        ref, ours = both(dp_pair, lab, "GET", f"/slurmdb/{version}/jobs/{query}")
        assert ours[0] == ref[0]
        diffs = differences(unclocked(shaped(ref[1])), unclocked(shaped(ours[1])))
        if not diffs:
            break
    assert not diffs, "\n".join(diffs[:40])
