"""slurmrestd-loadtest: drive running daemons with wrk and report what it cost them.

design: for every endpoint x concurrency (x -t value, when the tool starts our
daemon itself), run wrk against ours and, with --reference, against the C
daemon right after (interleaved, same token, same load).  Around each run it
reads slurmctld's RPC counters (sdiag) and samples the daemon's process tree
with psutil (CPU seconds, RSS, threads).  Results: a table on the terminal,
CSV, ratios ours/reference and (--plot, with matplotlib) a PNG of throughput and
p99 per series.  --held-jobs runs the list at several job counts (the growth
curve), --soak serves many requests and samples the daemon's RSS, and every
daemon the tool starts is timed from exec to its first answered request.
A benchmark tool, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import csv
import dataclasses
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import psutil

from slurmrestd.defaults import workers as default_workers
from slurmrestd.slurm.constants import ESLURM_JOB_HELD
from slurmrestd_dev.loadtest import growth

EXIT_OK, EXIT_FAILURE = 0, 1
DEFAULT_ENDPOINTS = (
    "/slurm/v0.0.38/ping",
    "/slurm/v0.0.38/jobs",
    "/slurm/v0.0.38/nodes",
    "/slurm/v0.0.38/partitions",
)


# The name of the held jobs --held-jobs submits (and cancels at the end).
HELD_JOB_NAME = "slurmrestd-loadtest"
SUBMIT_PATH = "/slurm/v0.0.38/job/submit"
PING_PATH = "/slurm/v0.0.38/ping"


class LoadtestError(Exception):
    pass


@dataclass
class Result:
    target: str
    threads: int | None
    endpoint: str
    concurrency: int
    workers: int | None = None
    jobs: int | None = None  # held jobs in slurmctld during the run (--held-jobs)
    startup_s: float | None = None  # our daemon: exec to its first answered request
    first_ms: float = 0.0  # one request alone, just before the run (cold after a start)
    requests_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    cpu_s: float = 0.0
    rss_mib: float = 0.0
    os_threads: int = 0
    slurmctld_rpcs: int = 0
    rpcs_per_request: float = 0.0
    slurmdbd_rpcs: int = 0  # /slurmdb/ endpoints only (sacctmgr show stats)
    dbd_rpcs_per_request: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def cpu_ms_per_request(self) -> float:
        """CPU time of the daemon's whole process tree per answered request: the figure that
        holds still on a shared machine, where req/s moves with what else runs."""
        return 1000.0 * self.cpu_s / self.requests if self.requests else 0.0


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise LoadtestError(f"unexpected wrk latency {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def parse_wrk(output: str) -> dict[str, float]:
    """Requests/s, p50, p99, requests and errors from `wrk --latency` output."""
    out: dict[str, float] = {}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", output):
        out["requests_per_s"] = float(m.group(1))
    for pct, key in (("50%", "p50_ms"), ("99%", "p99_ms")):
        if m := re.search(rf"^\s+{re.escape(pct)}\s+(\S+)", output, re.M):
            out[key] = _ms(m.group(1))
    if m := re.search(r"(\d+) requests in", output):
        out["requests"] = float(m.group(1))
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(m.group(1))
    if m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(g) for g in m.groups())
    out["errors"] = float(errors)
    if "requests_per_s" not in out:
        raise LoadtestError("wrk printed no Requests/sec: " + output.strip()[-200:])
    return out


def rpc_count(output: str) -> int:
    """The per-message-type RPC counts of sdiag or `sacctmgr show stats`, summed."""
    section = output.split("Remote Procedure Call statistics by message type", 1)
    if len(section) < 2:
        raise LoadtestError("no RPC statistics in: " + output.strip()[-200:])
    body = section[1].split("Remote Procedure Call statistics by user", 1)[0]
    return sum(int(n) for n in re.findall(r"count:(\d+)", body))


def _stats(cmd: list[str]) -> int:
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    if res.returncode != 0:
        raise LoadtestError(f"{cmd[0]} failed: " + (res.stderr.strip() or "no output"))
    return rpc_count(res.stdout)


def slurmctld_rpc_total() -> int:
    """Total RPCs slurmctld has handled (sdiag's per-message-type counts, summed)."""
    return _stats(["sdiag"])


def slurmdbd_rpc_total() -> int:
    """Total RPCs slurmdbd has handled since it started (sacctmgr show stats)."""
    return _stats(["sacctmgr", "show", "stats"])


def daemon_tree(port: int) -> list[psutil.Process]:
    """The process listening on a local port, and its children."""
    for conn in psutil.net_connections(kind="tcp"):
        listening = conn.status == psutil.CONN_LISTEN and conn.laddr
        if listening and conn.laddr.port == port and conn.pid:
            # Master and workers share the socket: climb to the master.
            master = psutil.Process(conn.pid)
            with contextlib.suppress(psutil.Error):
                while (parent := master.parent()) and parent.cmdline() == master.cmdline():
                    master = parent
            return [master, *master.children(recursive=True)]
    return []


def _cpu(tree: list[psutil.Process]) -> float:
    total = 0.0
    for proc in tree:
        with contextlib.suppress(psutil.Error):
            t = proc.cpu_times()
            total += t.user + t.system
    return total


def settle(tree: list[psutil.Process], idle: float = 0.1, timeout: float = 180.0) -> None:
    """Wait until the daemon is idle (below `idle` of a CPU over half a second): requests
    wrk gave up on may still be worked on, and would take CPU from the next run."""
    deadline = time.monotonic() + timeout
    before = _cpu(tree)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _cpu(tree)
        if now - before < idle * 0.5:
            return
        before = now


def run_one(
    url: str,
    endpoint: str,
    concurrency: int,
    duration: int,
    headers: Sequence[str],
    target: str,
    threads: int | None,
    *,
    rpcs: bool = True,
) -> Result:
    """One wrk run; rpcs=False skips the sdiag reads (slurmctld RPCs per request)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise LoadtestError("wrk is not installed (Debian: apt-get install wrk)")
    port = urlsplit(url).port or 80
    first_ms = timed_get(url, endpoint, headers) if rpcs else 0.0
    tree = daemon_tree(port)
    rpcs_before = slurmctld_rpc_total() if rpcs else 0
    dbd = rpcs and endpoint.startswith("/slurmdb/")
    dbd_before = slurmdbd_rpc_total() if dbd else 0
    cpu_before = _cpu(tree)
    cmd = [
        wrk,
        "--latency",
        f"-t{min(2, concurrency)}",
        f"-c{concurrency}",
        f"-d{duration}s",
        "--timeout",
        "30s",
    ]
    for header in headers:
        cmd += ["-H", header]
    res = subprocess.run(
        [*cmd, url.rstrip("/") + endpoint],
        capture_output=True,
        text=True,
        timeout=duration + 120,
        check=False,
    )
    if res.returncode != 0:
        raise LoadtestError(f"wrk failed: {res.stderr.strip()}")
    stats = parse_wrk(res.stdout)
    tree = daemon_tree(port) or tree
    cpu_after = _cpu(tree)
    settle(tree)
    result = Result(target, threads, endpoint, concurrency, first_ms=first_ms)
    result.requests_per_s = stats["requests_per_s"]
    result.p50_ms = stats.get("p50_ms", 0.0)
    result.p99_ms = stats.get("p99_ms", 0.0)
    result.requests = int(stats.get("requests", 0))
    result.errors = int(stats["errors"])
    result.cpu_s = round(cpu_after - cpu_before, 2)
    result.rss_mib = _rss(tree)
    with contextlib.suppress(psutil.Error):
        result.os_threads = sum(p.num_threads() for p in tree)
    if rpcs:
        result.slurmctld_rpcs = slurmctld_rpc_total() - rpcs_before
    if rpcs and result.requests:
        result.rpcs_per_request = round(result.slurmctld_rpcs / result.requests, 3)
    if dbd:
        result.slurmdbd_rpcs = slurmdbd_rpc_total() - dbd_before
    if dbd and result.requests:
        result.dbd_rpcs_per_request = round(result.slurmdbd_rpcs / result.requests, 3)
    return result


@dataclass
class Daemon:
    url: str
    startup_s: float
    workers: int | None = None


def _answered(
    url: str, headers: Sequence[str], timeout: float = 2.0, path: str = PING_PATH
) -> bool:
    """Whether the daemon at url answers a request (any HTTP status)."""
    req = urllib.request.Request(url.rstrip("/") + path)
    for header in headers:
        name, _, value = header.partition(":")
        req.add_header(name.strip(), value.strip())
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False
    return True


def timed_get(url: str, endpoint: str, headers: Sequence[str]) -> float:
    """Milliseconds for one whole answer (0.0 when there was none)."""
    started = time.monotonic()
    if not _answered(url, headers, timeout=300, path=endpoint):
        return 0.0
    return round((time.monotonic() - started) * 1000, 1)


@contextlib.contextmanager
def our_daemon(
    threads: int, port: int, user: str, headers: Sequence[str], workers: int | None = None
) -> Iterator[Daemon]:
    """Start our daemon (as root, dropping to user) with -t threads (and --workers) for one
    series of runs; startup_s is the time from exec to its first answered request."""
    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "SLURM_JWT": "daemon", "PYTHONPATH": package_parent}
    log = tempfile.TemporaryFile()  # noqa: SIM115 - the daemon's stderr for its whole life
    cmd = [sys.executable, "-P", "-m", "slurmrestd", "-u", user, "-t", str(threads)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    proc = subprocess.Popen(
        [*cmd, f"127.0.0.1:{port}"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
        cwd="/",
    )
    try:
        deadline = started + 30
        while not _answered(url, headers):
            if proc.poll() is not None:
                log.seek(0)
                err = log.read().decode(errors="replace")
                fatal = [line for line in err.splitlines() if "fatal" in line]
                raise LoadtestError(
                    f"our daemon exited {proc.returncode}: "
                    + (fatal[-1] if fatal else err.strip()[-200:])
                )
            if time.monotonic() > deadline:
                raise LoadtestError("our daemon did not start")
            time.sleep(0.01)
        startup = round(time.monotonic() - started, 3)
        # Every worker up (the default is one per CPU).
        expected = workers or default_workers()
        while len(daemon_tree(port)) < 1 + expected and time.monotonic() < deadline:
            time.sleep(0.05)
        yield Daemon(url, startup, len(daemon_tree(port)) - 1)
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(30)
        if proc.poll() is None:
            proc.kill()
        log.close()


# --- held jobs (the growth curve) --------------------------------------------------------


def held_job_count(user: str) -> int:
    """How many jobs named HELD_JOB_NAME the user has in slurmctld."""
    res = subprocess.run(
        ["squeue", "-h", "-r", "-u", user, "-n", HELD_JOB_NAME, "-o", "%i"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if res.returncode != 0:
        raise LoadtestError("squeue failed: " + (res.stderr.strip() or "no output"))
    return len(res.stdout.split())


def submit_held(
    url: str,
    headers: Sequence[str],
    count: int,
    parallel: int = 8,
    pending_partition: str | None = None,
) -> None:
    """Submit count held one-task jobs through our daemon (one record each in slurmctld).
    With pending_partition, the jobs are not held but eligible and pending for ever: a time
    limit above that partition's MaxTime (with EnforcePartLimits=NO), so that slurmdbd lists
    them too (it leaves out jobs with no eligible time, which held jobs are)."""
    job: dict[str, Any] = {
        "name": HELD_JOB_NAME,
        "hold": True,
        "time_limit": 1,
        "current_working_directory": "/tmp",
        "standard_output": "/dev/null",
        "environment": {"PATH": "/usr/bin:/bin"},
    }
    if pending_partition is not None:
        del job["hold"]
        job["partition"] = pending_partition
        job["time_limit"] = growth.NEVER_STARTS_MINUTES
    body = json.dumps({"script": "#!/bin/sh\ntrue\n", "job": job}).encode()

    def one(_index: int) -> None:
        req = urllib.request.Request(url.rstrip("/") + SUBMIT_PATH, data=body, method="POST")
        req.add_header("Content-Type", "application/json")
        for header in headers:
            name, _sep, value = header.partition(":")
            req.add_header(name.strip(), value.strip())
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                answer = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200]
            raise LoadtestError(f"job submission refused: {exc.code} {detail!r}") from None
        # A held job is submitted with the error entry ESLURM_JOB_HELD; a job above its
        # partition's limits (EnforcePartLimits=NO) is queued with a notice too (22.05:
        # ESLURM_REQUESTED_PART_CONFIG_UNAVAILABLE), the job id says it is there.
        errors = [e for e in answer.get("errors", []) if e.get("error_code") != ESLURM_JOB_HELD]
        if pending_partition is not None and answer.get("job_id"):
            errors = []
        if errors or not answer.get("job_id"):
            raise LoadtestError(f"job submission failed: {errors}")

    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, range(count)))


def cancel_held(user: str) -> None:
    subprocess.run(
        ["scancel", "-u", user, "-n", HELD_JOB_NAME],
        capture_output=True,
        timeout=300,
        check=False,
    )


# --- RSS over many requests -------------------------------------------------------------


@dataclass
class SoakSample:
    requests: int
    rss_mib: float


def soak(
    url: str, endpoint: str, concurrency: int, requests: int, headers: Sequence[str]
) -> list[SoakSample]:
    """Serve at least `requests` requests in short wrk runs; the daemon's RSS after each."""
    port = urlsplit(url).port or 80
    samples = [SoakSample(0, _rss(daemon_tree(port)))]
    served = 0
    while served < requests:
        r = run_one(url, endpoint, concurrency, 3, headers, "ours", None, rpcs=False)
        if not r.requests:
            raise LoadtestError("the soak run served no request")
        served += r.requests
        samples.append(SoakSample(served, r.rss_mib))
    return samples


def soak_report(samples: list[SoakSample]) -> str:
    """RSS per sample, and its growth from the first sample after warm-up to the last."""
    lines = [f"{'requests':>10} {'RSS MiB':>8}"]
    lines += [f"{s.requests:>10} {s.rss_mib:>8.1f}" for s in samples]
    warm = samples[1] if len(samples) > 2 else samples[0]
    last = samples[-1]
    if warm.rss_mib:
        growth = 100.0 * (last.rss_mib - warm.rss_mib) / warm.rss_mib
        lines.append(
            f"RSS {warm.rss_mib:.1f} MiB after {warm.requests} requests, {last.rss_mib:.1f} MiB "
            f"after {last.requests}: {growth:+.1f}%"
        )
    return "\n".join(lines)


def _rss(tree: list[psutil.Process]) -> float:
    total = 0
    for proc in tree:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return round(total / 2**20, 1)


# --- the plot --------------------------------------------------------------------------


def _short(endpoint: str) -> str:
    parts = [p for p in endpoint.split("/") if p]
    return f"{parts[0]}/{parts[-1]}" if len(parts) > 1 else endpoint


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def series_name(r: Result) -> str:
    if r.target != "ours":
        return r.target
    name = "ours"
    if r.threads is not None:
        name += f" -t {r.threads}"
    if r.workers is not None:
        name += f" w{r.workers}"
    return name


def plot(results: list[Result], path: str) -> None:
    """Throughput and p99 of every run, grouped by endpoint x concurrency (x job count);
    one bar per series: ours at each -t (and worker count), and the reference."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise LoadtestError(
            "--plot needs matplotlib (pip install 'slurmrestd[loadtest]')"
        ) from None
    if not results:
        raise LoadtestError("nothing to plot")

    def group(r: Result) -> str:
        label = f"{_short(r.endpoint)}\nc={r.concurrency}"
        return label + (f"\n{r.jobs} jobs" if r.jobs is not None else "")

    groups = list(dict.fromkeys(group(r) for r in results))
    names = list(dict.fromkeys(series_name(r) for r in results))
    series = [n for n in names if n != "reference"] + [n for n in names if n == "reference"]
    width = 0.8 / len(series)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(max(8.0, 1.1 * len(groups)), 8), sharex=True)
    for i, name in enumerate(series):
        runs = [r for r in results if series_name(r) == name]
        xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        rps = [_mean([r.requests_per_s for r in runs if group(r) == g]) for g in groups]
        p99 = [_mean([r.p99_ms for r in runs if group(r) == g]) for g in groups]
        ran = [any(group(r) == g for r in runs) for g in groups]
        top.bar(xs, rps, width, label=name)
        bottom.bar(xs, p99, width, label=name)
        for x, value, there in zip(xs, rps, ran, strict=True):
            if there and not value:  # a run without a single answer
                for ax in (top, bottom):
                    ax.annotate(
                        "no answer",
                        (x, 0),
                        xycoords=("data", "axes fraction"),
                        xytext=(0, 4),
                        textcoords="offset points",
                        rotation=90,
                        ha="center",
                        fontsize="x-small",
                    )
    top.set_ylabel("requests/s (log)")
    top.set_yscale("log")
    top.set_title("throughput (higher is better)")
    top.legend(fontsize="small")
    bottom.set_ylabel("p99 latency, ms (log)")
    bottom.set_yscale("log")
    bottom.set_title("p99 latency (lower is better)")
    bottom.set_xticks(range(len(groups)), groups, fontsize="small")
    for ax in (top, bottom):
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def read_csv(path: str) -> list[Result]:
    """Results written by --csv (to print or plot them again)."""
    ints = {"threads", "concurrency", "workers", "jobs", "requests", "errors", "os_threads"}
    ints |= {"slurmctld_rpcs", "slurmdbd_rpcs"}
    names = {f.name for f in dataclasses.fields(Result)} - {"extra"}
    out = []
    try:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                values: dict[str, Any] = {}
                for key, text in row.items():
                    if key not in names:
                        continue
                    if text == "":
                        values[key] = (
                            None if key in ("threads", "workers", "jobs", "startup_s") else 0
                        )
                    elif key in ("target", "endpoint"):
                        values[key] = text
                    else:
                        values[key] = int(text) if key in ints else float(text)
                out.append(Result(**values))
    except (OSError, ValueError, TypeError) as exc:
        raise LoadtestError(f"cannot read results from {path}: {exc}") from None
    return out


def _ints(text: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="slurmrestd-loadtest",
        description="Load-test slurmrestd daemons with wrk: throughput, latency, the daemon's "
        "CPU/RSS/threads and slurmctld RPCs per request; ours against the C daemon.",
    )
    p.add_argument("--url", help="a running daemon of ours (else --start-ours)")
    p.add_argument(
        "--from-csv",
        action="append",
        metavar="FILE",
        help="run nothing: print (and --plot) the results of earlier --csv files (repeatable)",
    )
    p.add_argument(
        "--start-ours",
        action="store_true",
        help="start our daemon for each -t value (needs root and the lab)",
    )
    p.add_argument(
        "-t",
        "--threads",
        type=_ints,
        default=[20],
        help="with --start-ours: -t values, comma-separated (default 20)",
    )
    p.add_argument(
        "--workers",
        type=_ints,
        help="with --start-ours: --workers values, comma-separated (default: the daemon's)",
    )
    p.add_argument("--reference", help="URL of the C daemon, run interleaved with ours")
    p.add_argument("--endpoint", action="append", help="path to load (repeatable)")
    p.add_argument(
        "-c",
        "--concurrency",
        type=_ints,
        default=[20, 100],
        help="keep-alive connections, comma-separated (default 20,100)",
    )
    p.add_argument("-d", "--duration", type=int, default=10, help="seconds per run")
    p.add_argument("--user", default="alice", help="X-SLURM-USER-NAME (default alice)")
    p.add_argument("--token", help="X-SLURM-USER-TOKEN (default: from the lab)")
    p.add_argument("--service-user", default="slurmrestd", help="-u for --start-ours")
    p.add_argument(
        "--port",
        type=int,
        default=6831,
        help="port for --start-ours (default 6831: the tests take 6840-6899)",
    )
    p.add_argument("--csv", help="write every result to this CSV file")
    p.add_argument(
        "--plot", metavar="FILE.png", help="draw throughput and p99 per series (needs matplotlib)"
    )
    p.add_argument(
        "--held-jobs",
        type=_ints,
        metavar="N,N,...",
        help=f"run everything with N held jobs named {HELD_JOB_NAME!r} of --user in "
        "slurmctld, for each N in turn (submitted through our daemon, cancelled at the end)",
    )
    p.add_argument(
        "--keep-held-jobs",
        action="store_true",
        help="leave the held jobs in slurmctld at the end (for a later run with more)",
    )
    p.add_argument(
        "--growth",
        type=_ints,
        metavar="N,N,...",
        help=f"how the cost grows: for each N, bring the --user's jobs named {HELD_JOB_NAME!r} "
        "up to N (pending for ever, so that slurmdbd lists them too) and time single requests "
        "of each --endpoint on one connection, ours and --reference (first, median, max)",
    )
    p.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="with --growth: requests after the warm-up, per endpoint and daemon (default 3)",
    )
    p.add_argument(
        "--budget",
        type=float,
        metavar="SECONDS",
        help="with --growth: stop repeating a series (after at least one repeat) once it has "
        "taken this long (the CSV's 'answered' says how many were made)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="with --growth: seconds one request may take before it counts as a timeout "
        "(default 300)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="with --growth and --csv: keep the rows the CSV already has (this release's), "
        "measure only what is missing, and let the memory guard see the earlier rows",
    )
    p.add_argument(
        "--purge",
        action="store_true",
        help="with --growth, on the host only: after cancelling the jobs, remove their "
        "accounting records (slurm-lab purge-jobs); without it, or inside a Slurm root, "
        "the tool prints that command",
    )
    p.add_argument(
        "--growth-partition",
        default="long",
        help="with --growth: a partition with a finite MaxTime; the jobs ask for more, so they "
        "stay pending (PartitionTimeLimit; needs EnforcePartLimits=NO; default 'long', the lab's)",
    )
    p.add_argument(
        "--growth-plot",
        metavar="FILE.png",
        help="with --from-csv of --growth CSVs: one log-log plot of median latency against "
        "records, a line per release x daemon x endpoint",
    )
    p.add_argument(
        "--soak",
        type=int,
        metavar="REQUESTS",
        help="afterwards, serve this many requests of the first endpoint on our daemon and "
        "report its RSS along the way",
    )
    return p


def _table(results: list[Result]) -> str:
    head = (
        f"{'target':<10} {'-t':>4} {'w':>2} {'jobs':>6} {'endpoint':<28} {'conc':>5} "
        f"{'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'cpu s':>7} {'cpu ms/req':>10} "
        f"{'RSS MiB':>8} "
        f"{'thr':>4} {'rpc/req':>7} {'dbd/req':>7} {'1st ms':>8}"
    )
    rows = [head, "-" * len(head)]
    for r in results:
        jobs = "" if r.jobs is None else r.jobs
        rows.append(
            f"{r.target:<10} {r.threads or '':>4} {r.workers or '':>2} {jobs:>6} "
            f"{r.endpoint:<28} {r.concurrency:>5} "
            f"{r.requests_per_s:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.errors:>6} "
            f"{r.cpu_s:>7.2f} {r.cpu_ms_per_request:>10.3f} {r.rss_mib:>8.1f} {r.os_threads:>4} "
            f"{r.rpcs_per_request:>7.3f} {r.dbd_rpcs_per_request:>7.3f} {r.first_ms:>8.1f}"
        )
    return "\n".join(rows)


def _ratio(ours: float, theirs: float) -> float:
    return ours / theirs if theirs else 0.0


def _same_load(a: Result, b: Result) -> bool:
    return (a.endpoint, a.concurrency, a.jobs) == (b.endpoint, b.concurrency, b.jobs)


def _ratios(results: list[Result]) -> str:
    """Each run of ours against the reference run made right after it (same load)."""
    lines = []
    for r, other in itertools.pairwise(results):
        if r.target != "ours" or other.target != "reference" or not _same_load(r, other):
            continue
        if not other.requests_per_s:
            continue
        jobs = "" if r.jobs is None else f" jobs={r.jobs}"
        lines.append(
            f"{r.endpoint} c={r.concurrency}{jobs} {series_name(r)}: throughput ours/ref "
            f"{r.requests_per_s / other.requests_per_s:.2f}, p99 ours/ref "
            f"{(r.p99_ms / other.p99_ms) if other.p99_ms else 0:.2f}, cpu/req ours/ref "
            f"{_ratio(r.cpu_ms_per_request, other.cpu_ms_per_request):.2f}, rpc/req ours/ref "
            f"{(r.rpcs_per_request / other.rpcs_per_request) if other.rpcs_per_request else 0:.2f}"
            + (
                f", slurmdbd rpc/req ours/ref "
                f"{r.dbd_rpcs_per_request / other.dbd_rpcs_per_request:.2f}"
                if other.dbd_rpcs_per_request
                else ""
            )
        )
    return "\n".join(lines)


def write_csv(results: list[Result], path: str) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[k for k in asdict(results[0]) if k != "extra"])
        writer.writeheader()
        for r in results:
            row = asdict(r)
            row.pop("extra")
            writer.writerow(row)


def _replay_growth(paths: list[str], plot_path: str | None) -> int:
    try:
        rows = [r for path in paths for r in growth.read_csv(path)]
        print(growth.table(rows))
        if plot_path:
            growth.plot(rows, plot_path)
    except growth.GrowthError as exc:
        print(f"slurmrestd-loadtest: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def purge_command(release: str) -> list[str]:
    """The host's command that removes the tool's accounting records (run it from the host:
    inside a Slurm root the lab tool and its database access are not there)."""
    return ["bin/slurm-lab", "purge-jobs", "--release", release, "--name", HELD_JOB_NAME]


def purge(run: bool, release: str) -> None:
    """Remove the cancelled jobs' accounting records (the labs' CI compares whole accounting
    job lists with the C daemons; 50,000 more records would make those slow).  With run, through
    the lab tool in this process (on the host: the lab tool reaches the lab's database from
    there); else, and when that fails, the command to run on the host is printed."""
    command = purge_command(release)
    if run:
        from slurmrestd_dev import lab

        if lab.main(command[1:]) == 0:
            return
    print(
        "the jobs are cancelled; their accounting records stay in slurmdbd until removed, "
        "from the host: " + " ".join(command),
        file=sys.stderr,
    )


def run_growth(args: argparse.Namespace, headers: list[str], endpoints: list[str]) -> int:
    """--growth: single-request latency of each endpoint at each record count (growth.py)."""
    version = growth.slurm_version()
    release = growth.release_of(version)
    rows: list[growth.GrowthRow] = []
    if args.resume and args.csv and os.path.exists(args.csv):
        rows = [r for r in growth.read_csv(args.csv) if r.release == release]
    threads = args.threads[0] if args.start_ours else None
    workers = args.workers[0] if args.start_ours and args.workers else None
    ctx: contextlib.AbstractContextManager[Daemon] = (
        our_daemon(threads, args.port, args.service_user, headers, workers)
        if threads is not None
        else contextlib.nullcontext(Daemon(args.url, 0.0))
    )
    targets = [("ours", None)] + ([("reference", args.reference)] if args.reference else [])
    try:
        with ctx as daemon:
            for count in sorted(args.growth):
                have = held_job_count(args.user)
                if have < count:
                    started = time.monotonic()
                    submit_held(
                        daemon.url,
                        headers,
                        count - have,
                        pending_partition=args.growth_partition,
                    )
                    print(
                        f"submitted {count - have} jobs in {time.monotonic() - started:.1f} s",
                        file=sys.stderr,
                    )
                for endpoint in endpoints:
                    for target, url in targets:
                        if any(
                            (r.target, r.endpoint, r.records) == (target, endpoint, count)
                            for r in rows
                        ):
                            continue  # --resume: measured by an earlier run
                        url = url or daemon.url
                        port = urlsplit(url).port or 80
                        row = growth.GrowthRow(
                            release, version, target, endpoint, count, timeout_s=args.timeout
                        )
                        procs = daemon_tree(port)
                        why = growth.memory_guard(
                            rows,
                            target,
                            count,
                            _rss(procs),
                            psutil.virtual_memory().available / 2**20,
                        )
                        if why:
                            row.note, row.rss_mib = why, _rss(procs)
                        else:
                            growth.measure(
                                row,
                                url,
                                headers,
                                lambda port=port: daemon_tree(port),  # type: ignore[misc]
                                _cpu,
                                _rss,
                                repeats=args.repeats,
                                budget_s=args.budget,
                            )
                        rows.append(row)
                        print(growth.table([row]).splitlines()[-1], file=sys.stderr)
                        if args.csv:  # after every row: a long run keeps what it measured
                            growth.write_csv(rows, args.csv)
    finally:
        if not args.keep_held_jobs:
            cancel_held(args.user)
            purge(args.purge, release)

    print(growth.table(rows))
    return EXIT_OK


def _replay(paths: list[str], plot_path: str | None) -> int:
    try:
        results = [r for path in paths for r in read_csv(path)]
        print(_table(results))
        if any(r.target == "reference" for r in results):
            print(_ratios(results))
        if plot_path:
            plot(results, plot_path)
    except (LoadtestError, growth.GrowthError) as exc:
        print(f"slurmrestd-loadtest: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.from_csv and (args.growth_plot or all(map(growth.is_growth_csv, args.from_csv))):
        return _replay_growth(args.from_csv, args.growth_plot)
    if args.from_csv:
        return _replay(args.from_csv, args.plot)
    if not args.url and not args.start_ours:
        print("slurmrestd-loadtest: error: give --url or --start-ours", file=sys.stderr)
        return EXIT_FAILURE
    if args.plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            print(
                "slurmrestd-loadtest: error: --plot needs matplotlib "
                "(pip install 'slurmrestd[loadtest]')",
                file=sys.stderr,
            )
            return EXIT_FAILURE
    results: list[Result] = []
    try:
        token = args.token
        if token is None:
            from slurmrestd_dev import lab

            os.environ.update(lab.lab_env())
            token = lab.token(args.user, 3600)
        headers = [f"X-SLURM-USER-NAME: {args.user}", f"X-SLURM-USER-TOKEN: {token}"]
        endpoints = args.endpoint or list(DEFAULT_ENDPOINTS)
        if args.growth:
            return run_growth(args, headers, endpoints)
        series: list[tuple[int | None, int | None]] = (
            [(t, w) for w in (args.workers or [None]) for t in args.threads]
            if args.start_ours
            else [(None, None)]
        )
        counts: list[int | None] = list(args.held_jobs or [None])
        try:
            for count in counts:
                for threads, workers in series:
                    ctx: contextlib.AbstractContextManager[Daemon] = (
                        our_daemon(threads, args.port, args.service_user, headers, workers)
                        if threads is not None
                        else contextlib.nullcontext(Daemon(args.url, 0.0))
                    )
                    with ctx as daemon:
                        if threads is not None:
                            print(
                                f"our daemon -t {threads}"
                                + (f" --workers {workers}" if workers else "")
                                + f": first request answered {daemon.startup_s:.3f} s "
                                "after exec",
                                file=sys.stderr,
                            )
                        if count is not None:
                            have = held_job_count(args.user)
                            if have < count:
                                submit_held(daemon.url, headers, count - have)
                        for endpoint in endpoints:
                            for conc in args.concurrency:
                                r = run_one(
                                    daemon.url,
                                    endpoint,
                                    conc,
                                    args.duration,
                                    headers,
                                    "ours",
                                    threads,
                                )
                                r.workers, r.jobs = daemon.workers, count
                                r.startup_s = daemon.startup_s if threads is not None else None
                                results.append(r)
                                if args.reference:
                                    ref = run_one(
                                        args.reference,
                                        endpoint,
                                        conc,
                                        args.duration,
                                        headers,
                                        "reference",
                                        None,
                                    )
                                    ref.jobs = count
                                    results.append(ref)
                        if args.soak and (threads, workers) == series[-1] and count == counts[-1]:
                            samples = soak(
                                daemon.url, endpoints[0], args.concurrency[0], args.soak, headers
                            )
                            print(soak_report(samples))
        finally:
            if args.held_jobs and not args.keep_held_jobs:
                cancel_held(args.user)
        print(_table(results))
        if args.reference:
            print(_ratios(results))
        if args.csv and results:
            write_csv(results, args.csv)
        if args.plot:
            plot(results, args.plot)
    except (LoadtestError, growth.GrowthError) as exc:
        print(f"slurmrestd-loadtest: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
