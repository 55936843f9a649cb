"""slurmrestd-loadtest runs wrk against a daemon it starts and reports per run (smoke test)."""

from __future__ import annotations

import csv
from pathlib import Path

from slurmrestd_dev import loadtest
from tests.conftest import Lab
from tests.daemon import free_port


def test_loadtest_reports_a_run(lab: Lab, tmp_path: Path) -> None:
    out = tmp_path / "runs.csv"
    rc = loadtest.main(
        [
            "--start-ours",
            "-t",
            "2",
            "--endpoint",
            "/slurm/v0.0.38/ping",
            "-c",
            "4",
            "-d",
            "1",
            "--port",
            str(free_port()),
            "--csv",
            str(out),
        ]
    )
    assert rc == 0
    (row,) = list(csv.DictReader(out.open()))
    assert row["target"] == "ours" and row["threads"] == "2"
    assert float(row["requests_per_s"]) > 0 and row["errors"] == "0"
    assert float(row["p99_ms"]) >= float(row["p50_ms"]) > 0
    # ping costs slurmctld two RPCs (the controller list, then the ping itself)
    assert 1.5 < float(row["rpcs_per_request"]) < 3


def test_wrk_output_parsing() -> None:
    sample = """Running 1s test @ http://127.0.0.1:1/x
  2 threads and 4 connections
  Latency Distribution
     50%  512.00us
     75%    1.10ms
     90%    2.00ms
     99%    1.20s
  1000 requests in 1.00s, 1.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:   1000.50
"""
    stats = loadtest.parse_wrk(sample)
    assert stats["requests_per_s"] == 1000.5 and stats["requests"] == 1000
    assert stats["p50_ms"] == 0.512 and stats["p99_ms"] == 1200.0
    assert stats["errors"] == 6


def test_loadtest_held_jobs_workers_and_plot(lab: Lab, tmp_path: Path) -> None:
    """--held-jobs submits held jobs through our daemon and cancels them; --workers reaches
    the daemon; the startup time is recorded; --plot writes a PNG when matplotlib is there."""
    out = tmp_path / "runs.csv"
    args = [
        "--start-ours",
        "-t",
        "2",
        "--workers",
        "1",
        "--held-jobs",
        "2",
        "--endpoint",
        "/slurm/v0.0.38/jobs",
        "-c",
        "2",
        "-d",
        "1",
        "--port",
        str(free_port()),
        "--csv",
        str(out),
    ]
    try:
        import matplotlib  # noqa: F401

        args += ["--plot", str(tmp_path / "runs.png")]
    except ImportError:
        pass
    assert loadtest.main(args) == 0
    (row,) = list(csv.DictReader(out.open()))
    assert row["workers"] == "1" and row["jobs"] == "2" and row["errors"] == "0"
    assert 0 < float(row["startup_s"]) < 30
    assert loadtest.held_job_count("alice") == 0  # cancelled
    if "--plot" in args:
        assert (tmp_path / "runs.png").stat().st_size > 0
