"""The private layouts releases.py copies from libslurm, read through on a live cluster.

No header carries them and a wrong copy compiles: only reading a known record
tells. Run on each release against its own cluster (in its root for 24.11 and
26.05: ``slurm-lab run --release R -- python -m pytest tests/integration/test_binding_layouts.py``).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from slurmrestd import slurm
from slurmrestd.slurm import Identity, constants, db

ROOT = Identity("root", 0, 0)


def _slurmdbd_port() -> int:
    """AccountingStoragePort of the slurm.conf libslurm reads (6819 when unset)."""
    for line in Path(os.environ.get("SLURM_CONF", "/etc/slurm/slurm.conf")).read_text().split("\n"):
        key, _, value = line.partition("=")
        if key.strip().lower() == "accountingstorageport":
            return int(value.split("#")[0])
    return 6819


def _in_child(check: str, lab: Any) -> None:
    """Run a check in a Python of its own with libslurmfull preloaded, as the daemon runs
    (otherwise glibc's error() would end pytest at libslurm's first error message)."""
    if os.getuid() != 0:
        pytest.skip("talks to the cluster as root")
    env = {**os.environ, **lab.env, "LD_PRELOAD": slurm.libslurmfull()}
    res = subprocess.run(
        [sys.executable, __file__, check], env=env, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_job_resources_of_a_running_job(lab: Any) -> None:
    """A one-CPU job's allocation, read through the job_resources layout: its host,
    CPU count and core bitmap agree with the job record slurmctld sends in public fields."""
    _in_child("job_resources", lab)


def test_the_persistent_connection_names_its_socket(lab: Any) -> None:
    """The fd read through the connection's head is a socket connected to slurmdbd's port,
    and closing the connection closes it."""
    _in_child("persist_conn", lab)


def _job_resources() -> None:
    job = slurm.submit_job(
        ROOT,
        {
            "name": "layout",
            "script": "#!/bin/sh\nsleep 120\n",
            "min_cpus": 1,
            "work_dir": "/tmp",
            "environment": ["PATH=/bin:/usr/bin"],
        },
    )["job_id"]
    try:
        deadline = time.monotonic() + 30
        while True:
            rec = slurm.load_job(ROOT, job).records[0]
            if rec["job_state"] & constants.JOB_STATE_BASE == constants.JOB_RUNNING:
                break
            assert time.monotonic() < deadline, "the job never ran"
            time.sleep(0.5)
        res = rec["job_resources"]
        assert res["nodes"] == rec["nodes"]
        assert res["nhosts"] == rec["num_nodes"] == 1
        assert res["ncpus"] == rec["num_cpus"]
        (host,) = res["hosts"]
        assert host["name"] == rec["nodes"]
        assert host["cpus"] == rec["num_cpus"]
        assert len(host["cores"]) >= 1  # the core bitmap is sized by the layout too
    finally:
        slurm.kill_job(ROOT, str(job), 9)


def _persist_conn() -> None:
    with db.connect(ROOT) as conn:
        conn.get("tres", {"with_deleted": 1}, "slurmdb_tres_rec_t")
        fd = conn.ffi.cast("persist_conn_head_t *", conn._conn).fd
        assert stat.S_ISSOCK(os.fstat(fd).st_mode)
        with socket.socket(fileno=os.dup(fd)) as s:
            assert s.getpeername()[1] == _slurmdbd_port()
        inode = os.fstat(fd).st_ino
    assert not Path(f"/proc/self/fd/{fd}").exists() or os.fstat(fd).st_ino != inode


if __name__ == "__main__":
    {"job_resources": _job_resources, "persist_conn": _persist_conn}[sys.argv[1]]()
