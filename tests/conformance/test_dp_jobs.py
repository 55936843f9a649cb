"""GET /slurm/{v0.0.4x}/jobs/, job/{job_id}, jobs/state/: ours and the release's C daemon.

The jobs are made here with sbatch, as alice, in every state the lab can
give: pending (held), running, completed, cancelled, an array and a
heterogeneous job.  Each wait is on an event: sbatch --wait returns when its
job has ended, and a job that depends on another's start (-d after:ID) ends
only once that one runs.
Other tests may submit jobs meanwhile, so the whole list is compared by
structure and by the values of this test's own jobs.  The scheduler may mark
a pending job (its flags, its reason) between the two daemons' reads: a
comparison that differs is read again, up to three times, before it fails;
our answer of one read also stands where it lies between the reference's
answers of that read and the next (compare.py: values that move with the clock).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conformance.compare import NO_READ, differences
from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS, assert_same, both
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")


KINDS = ("completed", "failed", "running", "array_running", "started", "pending", "options")
KINDS += ("per_node",)
KINDS += ("cancelled", "array", "het")
NAMES = tuple(f"dpjobs-{kind}" for kind in KINDS)


@dataclass
class Jobs:
    ids: dict[str, int] = field(default_factory=dict)


def sbatch(lab: Lab, *args: str, rc: int = 0) -> int:
    """The id of a job alice submits (with --wait, rc is the job's exit code)."""
    # A time limit, so that a maintenance reservation to come (another test's) lets it run.
    done = lab.run("sbatch", "--parsable", "-o", "/dev/null", "-t", "10", *args, user="alice")
    assert done.returncode == rc, done.stderr
    return int(done.stdout.strip().split(";")[0].split("+")[0])


@pytest.fixture(scope="module")
def jobs(lab: Lab) -> Iterator[Jobs]:
    s = Jobs()
    try:
        s.ids["completed"] = sbatch(lab, "--wait", "-J", "dpjobs-completed", "--wrap", "true")
        s.ids["failed"] = sbatch(lab, "--wait", "-J", "dpjobs-failed", "--wrap", "exit 3", rc=3)
        s.ids["running"] = sbatch(lab, "-J", "dpjobs-running", "--wrap", "sleep 600")
        s.ids["array_running"] = sbatch(
            lab, "-J", "dpjobs-array_running", "--array=1-2", "--wrap", "sleep 600"
        )
        # A job that may start once the running ones have started, waited for to its end.
        after = f"after:{s.ids['running']}:{s.ids['array_running']}"
        sbatch(lab, "--wait", "-J", "dpjobs-started", "-d", after, "--wrap", "true")
        s.ids["pending"] = sbatch(
            lab, "-H", "-J", "dpjobs-pending", "--mail-type=END,FAIL", "--nice=7", "--wrap", "true"
        )
        s.ids["options"] = sbatch(
            lab,
            *("-H", "-J", "dpjobs-options", "--exclusive", "--mem-per-cpu=100", "-c", "2"),
            *("--comment=dp", "--no-requeue", "--deadline=now+2days", "--begin=now+1hour"),
            *("--cpu-freq=1000-2000:performance", "--mail-type=ARRAY_TASKS,TIME_LIMIT_90"),
            *("-d", f"afterok:{s.ids['running']}", "--wrap", "true"),
        )
        s.ids["per_node"] = sbatch(
            lab,
            *("-H", "-J", "dpjobs-per_node", "--exclusive=user", "-N1", "--ntasks-per-node=2"),
            *("--threads-per-core=1", "--mem=100", "--wrap", "true"),
        )
        s.ids["cancelled"] = sbatch(lab, "-H", "-J", "dpjobs-cancelled", "--wrap", "true")
        lab.run("scancel", str(s.ids["cancelled"]))
        s.ids["array"] = sbatch(lab, "-H", "-J", "dpjobs-array", "--array=1-3", "--wrap", "true")
        s.ids["het"] = sbatch(lab, "-H", "-J", "dpjobs-het", "-n1", ":", "-n1", "--wrap", "true")
        yield s
    finally:
        # By name too: a submission cut short (a timeout) leaves a job whose id we never got.
        lab.run("scancel", *map(str, s.ids.values()))
        lab.run("scancel", "-u", "alice", "-n", ",".join(NAMES))


Answer = tuple[int, Any]


Diff = Callable[..., list[str]]  # (ref, ours, after=the reference's next answer or None)


def settled(read: Callable[[], tuple[Answer, Answer]], diff: Diff) -> list[str]:
    """The differences of the last of up to three reads (none once two agree, or once our
    answer of a read lies between the reference's of that read and of the next)."""
    diffs: list[str] = []
    last: tuple[Answer, Answer] | None = None
    for _ in range(3):
        ref, ours = read()
        if last is not None and not diff(*last, after=ref):
            return []
        diffs = diff(ref, ours)
        if not diffs:
            break
        last = ref, ours
    return diffs


def _next(after: Answer | None) -> Any:
    return NO_READ if after is None else after[1]


def same(ref: Answer, ours: Answer, after: Answer | None = None) -> list[str]:
    if ref[0] != ours[0]:
        return [f"status {ref[0]} != {ours[0]}: {ref[1]} / {ours[1]}"]
    return differences(ref[1], ours[1], after=_next(after))


def _by_id(doc: Any) -> dict[int, Any]:
    return {job["job_id"]: job for job in doc.get("jobs", [])}


@pytest.mark.parametrize("user", ["slurm", "alice"])
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "kind", ["completed", "failed", "running", "pending", "options", "per_node", "cancelled"]
)
def test_get_job(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str, kind: str, user: str) -> None:
    target = f"/slurm/{version}/job/{jobs.ids[kind]}"
    diffs = settled(lambda: both(dp_pair, lab, "GET", target, user=user), same)
    assert not diffs, "\n".join(diffs[:40])


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "target",
    [
        "job/{array}",
        "job/{array}_2",
        "job/{array_running}",
        "job/{array_running}_2",
        "job/{het}",
        "job/{pending}.0",
        "job/{pending}?flags=ALL",
        "job/{pending}?flags=BOGUS",
        "job/{pending}?update_time=abc",
    ],
)
def test_get_job_forms(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str, target: str) -> None:
    path = f"/slurm/{version}/" + target.format(**jobs.ids)
    diffs = settled(lambda: both(dp_pair, lab, "GET", path), same)
    assert not diffs, "\n".join(diffs[:40])


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "path",
    [
        "job/999999",
        "job/abc",
        "job/0",
        "job/67108863",
        "job/1%0a",
        "job/%D9%A1",
        "jobs/?update_time=abc",
        "jobs/?update_time=",
        "jobs/?update_time=9999999999",
        # Past int64: saturates (v0.0.42 on), later than any change.  (The jobs list says so
        # in a warning whose date the C daemon writes from an overflowed year.)
        "reservations?update_time=9223372036854775808",
        "jobs/?update_time=9999999999&flags=BOGUS",
        "jobs/?update_time=9999999999&flags=ALL",
        "job/999999?flags=BOGUS",
        "jobs/state/?job_id=abc",
        "jobs/state/?job_id=",
        "jobs/state/?job_id=999999",
    ],
)
def test_errors(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/{path}")
    assert_same(ref, ours)


@pytest.mark.parametrize("user", ["slurm", "alice"])
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "query",
    ["", "?flags=DETAIL", "?flags=BOGUS", "?update_time=1", "?update_time=now", "?bogus=1"],
)
def test_get_jobs(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str, query: str, user: str) -> None:
    mine = set(jobs.ids.values())

    def diff(ref: Answer, ours: Answer, after: Answer | None = None) -> list[str]:
        if not ref[1].get("jobs"):
            return same(ref, ours, after)  # refused, or nothing changed since update_time
        out = same((ref[0], {**ref[1], "jobs": []}), (ours[0], {**ours[1], "jobs": []}))
        out += differences(ref[1]["jobs"], ours[1]["jobs"], "jobs", values=False)
        theirs, ours_by = _by_id(ref[1]), _by_id(ours[1])
        later = _by_id(after[1]) if after is not None and isinstance(after[1], dict) else {}
        assert mine <= set(theirs), sorted(mine - set(theirs))
        for job_id in sorted(mine):
            out += differences(
                theirs[job_id],
                ours_by.get(job_id),
                f"jobs[{job_id}]",
                after=later.get(job_id, NO_READ),
            )
        return out

    target = f"/slurm/{version}/jobs/{query}"
    diffs = settled(lambda: both(dp_pair, lab, "GET", target, user=user), diff)
    assert not diffs, "\n".join(diffs[:40])


@pytest.mark.parametrize("version", VERSIONS)
def test_jobs_state(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str) -> None:
    for kind in ("completed", "running", "pending", "cancelled", "array", "array_running", "het"):
        for job_id in (f"{jobs.ids[kind]}", f"{jobs.ids[kind]}_2"):
            path = f"/slurm/{version}/jobs/state/?job_id={job_id}"
            diffs = settled(lambda p=path: both(dp_pair, lab, "GET", p), same)  # type: ignore[misc]
            assert not diffs, "\n".join(diffs[:40])
    ref, ours = both(dp_pair, lab, "GET", f"/slurm/{version}/jobs/state/")
    assert ours[0] == ref[0]
    states = {j["job_id"]: j for j in ref[1]["jobs"]}
    our_states = {j["job_id"]: j for j in ours[1]["jobs"]}
    for job_id in states.keys() | our_states.keys():
        if int(job_id.split("_")[0].split("+")[0]) in jobs.ids.values():
            assert states.get(job_id) == our_states.get(job_id), job_id
