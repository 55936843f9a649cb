"""The references' job objects, recorded for 22.05 (run as root on the host, labs up).

    PYTHONPATH=. python -m tests.dpgolden.jobs

A job's answer depends on the job, so these are not CASES (whose path is the
same on every cluster): in each root's lab alice submits a held job (pending)
and a job that runs (waited for by a job that depends on its start), and GET
job/{id} of each is recorded per version as job_<kind>.json, beside the
CASES.  tests/integration/test_dp_jobs_on_2205.py makes the same jobs on the
22.05 lab and compares our answers' structure with these.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.dpgolden import RECORDED_ON, path
from tests.dpgolden.record import PORTS, ROOT, _lab, _request

KINDS = ("pending", "running")


def _sbatch(release: str, *args: str) -> int:
    lab = [str(ROOT / "bin" / "slurm-lab"), "run", "--release", release, "--user", "alice", "--"]
    done = subprocess.run(
        [*lab, "sbatch", "--parsable", "-o", "/dev/null", "-t", "10", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().split(";")[0])


def submit(release: str) -> dict[str, int]:
    """A held job and a running one in the release's lab."""
    jobs = {"pending": _sbatch(release, "-H", "-J", "dp-pending", "--wrap", "true")}
    jobs["running"] = _sbatch(release, "-J", "dp-running", "--wrap", "sleep 600")
    _sbatch(release, "--wait", "-d", f"after:{jobs['running']}", "--wrap", "true")
    return jobs


def main() -> int:
    for release, port in PORTS.items():
        jobs = submit(release)
        token = _lab("token", "slurm", "--release", release)
        try:
            for version, rel in RECORDED_ON.items():
                if rel != release:
                    continue
                for kind, job_id in jobs.items():
                    target = f"/slurm/{version}/job/{job_id}"
                    answer = _request(port, "GET", target, "slurm", token, None)
                    record = {"recorded_on": release, "request": target, **answer}
                    path(version, f"job_{kind}").write_text(json.dumps(record, indent=1) + "\n")
                    print(f"{release} GET {target}: {answer['status']}")
        finally:
            _lab("run", "--release", release, "--", "scancel", *map(str, jobs.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
