"""slurmrestd-loadtest's own logic: plot, ratios, soak report, the missing-matplotlib error."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from slurmrestd_dev import loadtest
from slurmrestd_dev.loadtest import Result, SoakSample


def _results() -> list[Result]:
    out = []
    for endpoint in ("/slurm/v0.0.38/ping", "/slurm/v0.0.38/jobs"):
        for conc in (20, 100):
            for threads in (4, 20):
                ours = Result("ours", threads, endpoint, conc, workers=2)
                ours.requests_per_s, ours.p99_ms, ours.rpcs_per_request = 2000.0, 20.0, 0.5
                ours.cpu_s, ours.requests = 3.0, 10000
                ref = Result("reference", None, endpoint, conc)
                ref.requests_per_s, ref.p99_ms, ref.rpcs_per_request = 1000.0, 40.0, 1.0
                ref.cpu_s, ref.requests = 2.0, 5000
                out += [ours, ref]
    return out


def test_plot_writes_a_png(tmp_path: Path) -> None:
    if importlib.util.find_spec("matplotlib") is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs the loadtest extra (matplotlib); it is missing")
        pytest.skip("matplotlib is not installed (pip install 'slurmrestd[loadtest]')")
    out = tmp_path / "perf.png"
    loadtest.plot(_results(), str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
    rc = loadtest.main(["--url", "http://127.0.0.1:1", "--plot", str(tmp_path / "x.png")])
    assert rc == loadtest.EXIT_FAILURE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "matplotlib" in err
    with pytest.raises(loadtest.LoadtestError, match="matplotlib"):
        loadtest.plot(_results(), str(tmp_path / "y.png"))


def test_ratios_pair_each_run_with_the_reference_run_after_it() -> None:
    lines = loadtest._ratios(_results()).splitlines()
    assert len(lines) == 8
    assert lines[0] == (
        "/slurm/v0.0.38/ping c=20 ours -t 4 w2: throughput ours/ref 2.00, "
        "p99 ours/ref 0.50, cpu/req ours/ref 0.75, rpc/req ours/ref 0.50"
    )


def test_series_names_and_table() -> None:
    results = _results()
    assert [loadtest.series_name(r) for r in results[:2]] == ["ours -t 4 w2", "reference"]
    table = loadtest._table(results).splitlines()
    assert len(table) == 2 + len(results)
    assert "cpu ms/req" in table[0]
    assert [row.split()[-6] for row in table[2:4]] == ["0.300", "0.400"]  # ms of CPU a request


def test_soak_report_growth_from_the_first_sample_after_warm_up() -> None:
    samples = [SoakSample(0, 50.0), SoakSample(10000, 80.0), SoakSample(100000, 84.0)]
    report = loadtest.soak_report(samples)
    assert report.splitlines()[-1] == (
        "RSS 80.0 MiB after 10000 requests, 84.0 MiB after 100000: +5.0%"
    )


def test_csv_has_every_field(tmp_path: Path) -> None:
    out = tmp_path / "runs.csv"
    loadtest.write_csv(_results(), str(out))
    head = out.read_text().splitlines()[0].split(",")
    assert {"workers", "jobs", "startup_s", "requests_per_s", "rpcs_per_request"} <= set(head)


def test_rpc_count_sums_the_per_message_type_counts() -> None:
    stats = """Remote Procedure Call statistics by message type
\tSLURM_PERSIST_INIT       ( 6500) count:299    ave_time:480    total_time:143686
\tDBD_GET_JOBS_COND        ( 1444) count:60     ave_time:20308  total_time:1218487

Remote Procedure Call statistics by user
\talice               (      1001) count:650    ave_time:743    total_time:483507
"""
    assert loadtest.rpc_count(stats) == 359
    with pytest.raises(loadtest.LoadtestError):
        loadtest.rpc_count("nothing")


def test_csv_round_trip_and_replay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = _results()
    results[1].jobs, results[0].jobs = 500, 500
    out = tmp_path / "runs.csv"
    loadtest.write_csv(results, str(out))
    again = loadtest.read_csv(str(out))
    assert again == results
    args = ["--from-csv", str(out)]
    try:
        import matplotlib  # noqa: F401

        args += ["--plot", str(tmp_path / "again.png")]
    except ImportError:
        pass
    assert loadtest.main(args) == loadtest.EXIT_OK
    assert "throughput ours/ref 2.00" in capsys.readouterr().out
    with pytest.raises(loadtest.LoadtestError):
        loadtest.read_csv(str(tmp_path / "missing.csv"))
