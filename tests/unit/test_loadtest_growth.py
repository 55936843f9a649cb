"""slurmrestd-loadtest --growth's own logic: summaries with timeouts, the CSV round trip across
releases, the plot's series, and the timing of single requests against a local server."""

from __future__ import annotations

import http.server
import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from slurmrestd_dev import loadtest
from slurmrestd_dev.loadtest import growth
from slurmrestd_dev.loadtest.growth import GrowthRow


def _row(release: str, target: str, endpoint: str, records: int, *lat: float | None) -> GrowthRow:
    row = GrowthRow(release, release + ".5", target, endpoint, records, timeout_s=300.0)
    return growth.summarize(row, list(lat))


def _rows() -> list[GrowthRow]:
    out = []
    for release, version in (("26.05", "v0.0.45"), ("24.11", "v0.0.42")):
        for endpoint in (f"/slurm/{version}/jobs", f"/slurmdb/{version}/jobs"):
            for n in (1000, 100, 10000):
                out.append(_row(release, "ours", endpoint, n, n / 10, n / 20, n / 25, n / 30))
                if n == 10000 and endpoint.startswith("/slurmdb/"):
                    out.append(_row(release, "reference", endpoint, n, None))
                else:
                    out.append(_row(release, "reference", endpoint, n, n, n, n, n))
    return out


def test_summary_of_answered_requests_is_first_median_max_of_the_repeats() -> None:
    row = _row("26.05", "ours", "/slurm/v0.0.45/jobs", 100, 50.0, 30.0, 10.0, 20.0)
    assert (row.first_ms, row.median_ms, row.max_ms) == (50.0, 20.0, 30.0)
    assert (row.answered, row.timeouts, row.timed_out) == (4, 0, False)


def test_a_timeout_is_reported_never_made_up() -> None:
    lost = _row("26.05", "reference", "/slurm/v0.0.45/jobs", 50000, None)
    assert (lost.first_ms, lost.median_ms, lost.max_ms) == (None, None, None)
    assert (lost.answered, lost.timeouts, lost.timed_out) == (0, 1, True)
    # A repeat that timed out after answered ones: the median is of those answered.
    late = _row("26.05", "reference", "/slurm/v0.0.45/jobs", 50000, 100.0, 90.0, None)
    assert (late.median_ms, late.max_ms, late.answered, late.timeouts) == (90.0, 90.0, 2, 1)
    # Only the warm-up answered (the repeats were not made): it is the median.
    only = _row("26.05", "ours", "/slurm/v0.0.45/jobs", 100, 70.0)
    assert (only.median_ms, only.max_ms) == (70.0, 70.0)
    assert "timeout" in growth.table([lost]).splitlines()[-1]


def test_csv_round_trip_keeps_timeouts_and_combines_releases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows()
    a, b = tmp_path / "growth-26.05.csv", tmp_path / "growth-24.11.csv"
    growth.write_csv([r for r in rows if r.release == "26.05"], str(a))
    growth.write_csv([r for r in rows if r.release == "24.11"], str(b))
    assert growth.read_csv(str(a)) + growth.read_csv(str(b)) == rows
    assert growth.is_growth_csv(str(a))
    assert loadtest.main(["--from-csv", str(a), "--from-csv", str(b)]) == loadtest.EXIT_OK
    out = capsys.readouterr().out
    assert "24.11" in out and "26.05" in out and "timeout" in out
    other = tmp_path / "wrk.csv"
    loadtest.write_csv([loadtest.Result("ours", 20, "/slurm/v0.0.38/ping", 20)], str(other))
    assert not growth.is_growth_csv(str(other))
    with pytest.raises(growth.GrowthError, match="not a --growth CSV"):
        growth.read_csv(str(other))


def test_series_one_line_per_release_daemon_endpoint_sorted_by_records() -> None:
    lines = growth.series(_rows())
    assert len(lines) == 2 * 2 * 2
    labels = [s.label for s in lines]
    assert labels[:2] == ["26.05 ours /slurm/v0.0.45/jobs", "26.05 C daemon /slurm/v0.0.45/jobs"]
    ref_db = next(s for s in lines if s.label == "24.11 C daemon /slurmdb/v0.0.42/jobs")
    assert ref_db.records == [100, 1000, 10000]
    assert ref_db.median_ms == [100.0, 1000.0, None]  # None: the timeout, drawn as an x
    # x: the jobs the answer held; a timeout takes the other daemon's count at that point.
    assert ref_db.listed == [100, 1000, 10000]
    rows = _rows()
    for r in rows:
        r.answer_jobs = None if r.timed_out else r.records + 477
    ref_db = next(s for s in growth.series(rows) if s.label == ref_db.label)
    assert ref_db.listed == [577, 1477, 10477]
    # The same record count measured again: the later row wins.
    again = _row("26.05", "ours", "/slurm/v0.0.45/jobs", 100, 1.0, 2.0, 2.0, 2.0)
    first = growth.series([*_rows(), again])[0]
    assert first.records == [100, 1000, 10000] and first.median_ms[0] == 2.0


def test_growth_plot_writes_one_png(tmp_path: Path) -> None:
    if importlib.util.find_spec("matplotlib") is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs the loadtest extra (matplotlib); it is missing")
        pytest.skip("matplotlib is not installed (pip install 'slurmrestd[loadtest]')")
    csv_path, png = tmp_path / "g.csv", tmp_path / "g.png"
    growth.write_csv(_rows(), str(csv_path))
    args = ["--from-csv", str(csv_path), "--growth-plot", str(png)]
    assert loadtest.main(args) == loadtest.EXIT_OK
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_purge_command_names_the_release_and_the_jobs() -> None:
    assert loadtest.purge_command("24.11") == [
        "bin/slurm-lab",
        "purge-jobs",
        "--release",
        "24.11",
        "--name",
        loadtest.HELD_JOB_NAME,
    ]


# --- timing single requests against a local server --------------------------------------


@pytest.fixture
def server() -> Iterator[tuple[str, threading.Event]]:
    """/fast answers two jobs at once; /slow answers only once the event is set."""
    release = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if self.path == "/slow":
                release.wait()
            body = b'{"jobs": [{}, {}]}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", release
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _measure(url: str, endpoint: str, timeout: float, budget_s: float | None = None) -> GrowthRow:
    row = GrowthRow("26.05", "26.05.5", "ours", endpoint, 100, timeout_s=timeout)
    return growth.measure(
        row, url, [], lambda: [], lambda _t: 0.0, lambda _t: 0.0, repeats=3, budget_s=budget_s
    )


def test_measure_answers_size_and_jobs(server: tuple[str, threading.Event]) -> None:
    row = _measure(server[0], "/fast", 30.0)
    assert (row.answered, row.timeouts, row.status) == (4, 0, 200)
    assert (row.answer_bytes, row.answer_jobs) == (18, 2)
    assert row.median_ms is not None and row.first_ms is not None


def test_measure_budget_keeps_the_warm_up_and_one_repeat(
    server: tuple[str, threading.Event],
) -> None:
    row = _measure(server[0], "/fast", 30.0, budget_s=0.0)
    assert (row.answered, row.timeouts, row.first_ms is not None) == (2, 0, True)


def test_measure_stops_at_a_timeout(server: tuple[str, threading.Event]) -> None:
    row = _measure(server[0], "/slow", 0.2)
    assert (row.first_ms, row.median_ms, row.answered, row.timeouts) == (None, None, 0, 1)
    assert (row.status, row.answer_jobs) == (0, None)


def test_memory_guard_projects_the_largest_rss_by_the_jobs_listed() -> None:
    ref = _row("26.05", "reference", "/slurm/v0.0.45/jobs", 10000, 1.0, 1.0)
    ref.answer_jobs, ref.rss_mib = 11000, 4096.0
    rows = [ref]
    # 50,000 jobs: 51,000 listed, 4 GiB x 51/11 = 18.5 GiB, 14.5 more; 16 available less 4: skipped.
    why = growth.memory_guard(rows, "reference", 50000, 4096.0, 16 * 1024.0)
    assert why is not None and why.startswith("skipped: projected RSS 18.5 GiB (51000 jobs")
    assert growth.memory_guard(rows, "reference", 50000, 4096.0, 20 * 1024.0) is None
    assert growth.memory_guard(rows, "ours", 50000, 100.0, 1024.0) is None  # nothing measured
    skipped = GrowthRow("26.05", "26.05.5", "reference", ref.endpoint, 50000, note=why)
    assert "skipped" in growth.table([skipped])
    (line,) = growth.series([ref, skipped])  # a skipped row is no point of the plot
    assert line.records == [10000]
