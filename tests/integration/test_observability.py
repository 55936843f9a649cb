"""--metrics (Prometheus, separate address) and --access-log, on the real daemon."""

from __future__ import annotations

import os
import re
import time
import urllib.request

from tests.conftest import Lab
from tests.daemon import Client, Daemon, free_port, jwt_headers

API = "/slurm/v0.0.38"


def _samples(text: str) -> dict[str, float]:
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def _scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
        return _samples(resp.read().decode())


def test_metrics_and_access_log(lab: Lab) -> None:
    port, mport = free_port(), free_port()
    d = Daemon(
        "-u",
        lab.service_user,
        "--workers",
        "2",
        "--access-log",
        "--metrics",
        f"127.0.0.1:{mport}",
        f"127.0.0.1:{port}",
        env={"SLURM_JWT": "daemon"},
    )
    token = lab.token("alice")
    try:
        d.wait_ready(port=port)
        client = Client(port=port, headers=jwt_headers("alice", token))
        # slurmctld may be busy right after other tests: wait for one good ping first,
        # then count from a baseline.
        for _ in range(50):
            if client.request("GET", f"{API}/ping")[0] == 200:
                break
            time.sleep(0.2)
        before = _scrape(mport)
        for _ in range(5):
            status, doc = client.request("GET", f"{API}/ping")
            assert status == 200, (doc, d.output)
        assert client.request("GET", f"{API}/job/999999")[0] == 500
        assert client.request("GET", f"{API}/nope")[0] == 404
        assert Client(port=port).request("GET", f"{API}/ping")[0] == 401
        bad = Client(port=port, headers=jwt_headers("alice", "abc.def.ghi"))
        assert bad.request("GET", f"{API}/jobs")[0] == 500
        # The API port does not serve metrics; the metrics port serves nothing else.
        assert client.request("GET", "/metrics")[0] == 404
        after = _scrape(mport)
        samples = {k: v - before.get(k, 0) for k, v in after.items()}
        ping = f'slurmrestd_requests_total{{endpoint="{API}/ping",method="GET",status="200"}}'
        assert samples[ping] == 5
        # wait_ready's probes are unauthenticated too: at least ours is counted.
        unauthenticated = (
            'slurmrestd_requests_total{endpoint="unauthenticated",method="GET",status="401"}'
        )
        assert samples[unauthenticated] >= 1
        assert samples[f'slurmrestd_request_duration_seconds_count{{endpoint="{API}/ping"}}'] == 5
        assert samples["slurmrestd_requests_in_flight"] == 0
        errors = {k: v for k, v in samples.items() if k.startswith("slurmrestd_slurm_errors_total")}
        assert any('source="slurm_load_job"' in k and 'errno="2017"' in k for k in errors), errors
        assert any('source="slurm_load_jobs"' in k for k in errors), errors
        # The workers keep their metric files open in the multiprocess directory.
        directories = {
            os.path.dirname(f.path)
            for w in d.workers()
            for f in w.open_files()
            if os.path.basename(os.path.dirname(f.path)).startswith("slurmrestd-metrics-")
        }
        assert len(directories) == 1, directories
    finally:
        assert d.stop() == 0, d.output
    # The master removes it when it exits.
    assert not any(os.path.exists(path) for path in directories), directories
    log = d.output
    lines = [ln for ln in log.splitlines() if f'"GET {API}/ping HTTP/1.1" 200' in ln]
    assert len(lines) >= 5, log
    assert re.search(
        r'127\.0\.0\.1 - - \[[^]]+\] "GET /slurm/v0\.0\.38/ping HTTP/1\.1" 200 \d+', lines[0]
    ), lines[0]
    assert token not in log and "abc.def.ghi" not in log
