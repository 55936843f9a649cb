"""slurmrestd-loadtest: drive running daemons with wrk and report what it cost them.

design: for every endpoint x concurrency (x -t value, when the tool starts our
daemon itself), run wrk against ours and, with --reference, against the C
daemon right after (interleaved, same token, same load).  Around each run it
reads slurmctld's RPC counters (sdiag) and samples the daemon's process tree
with psutil (CPU seconds, RSS, threads).  Results: a table on the terminal,
CSV, and ratios ours/reference.  A benchmark tool, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

import psutil

EXIT_OK, EXIT_FAILURE = 0, 1
DEFAULT_ENDPOINTS = (
    "/slurm/v0.0.38/ping",
    "/slurm/v0.0.38/jobs",
    "/slurm/v0.0.38/nodes",
    "/slurm/v0.0.38/partitions",
)


class LoadtestError(Exception):
    pass


@dataclass
class Result:
    target: str
    threads: int | None
    endpoint: str
    concurrency: int
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
    extra: dict[str, str] = field(default_factory=dict)


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


def slurmctld_rpc_total() -> int:
    """Total RPCs slurmctld has handled (sdiag's per-message-type counts, summed)."""
    res = subprocess.run(["sdiag"], capture_output=True, text=True, timeout=30, check=False)
    if res.returncode != 0:
        raise LoadtestError("sdiag failed: " + (res.stderr.strip() or "no output"))
    section = res.stdout.split("Remote Procedure Call statistics by message type", 1)
    if len(section) < 2:
        raise LoadtestError("sdiag printed no RPC statistics")
    body = section[1].split("Remote Procedure Call statistics by user", 1)[0]
    return sum(int(n) for n in re.findall(r"count:(\d+)", body))


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


def run_one(
    url: str,
    endpoint: str,
    concurrency: int,
    duration: int,
    headers: Sequence[str],
    target: str,
    threads: int | None,
) -> Result:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise LoadtestError("wrk is not installed (Debian: apt-get install wrk)")
    port = urlsplit(url).port or 80
    tree = daemon_tree(port)
    rpcs_before = slurmctld_rpc_total()
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
    result = Result(target, threads, endpoint, concurrency)
    result.requests_per_s = stats["requests_per_s"]
    result.p50_ms = stats.get("p50_ms", 0.0)
    result.p99_ms = stats.get("p99_ms", 0.0)
    result.requests = int(stats.get("requests", 0))
    result.errors = int(stats["errors"])
    result.cpu_s = round(_cpu(tree) - cpu_before, 2)
    with contextlib.suppress(psutil.Error):
        result.rss_mib = round(sum(p.memory_info().rss for p in tree) / 2**20, 1)
        result.os_threads = sum(p.num_threads() for p in tree)
    result.slurmctld_rpcs = slurmctld_rpc_total() - rpcs_before
    if result.requests:
        result.rpcs_per_request = round(result.slurmctld_rpcs / result.requests, 3)
    return result


@contextlib.contextmanager
def our_daemon(threads: int, port: int, user: str) -> Iterator[str]:
    """Start our daemon (as root, dropping to user) with -t threads for one series of runs."""
    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "SLURM_JWT": "daemon", "PYTHONPATH": package_parent}
    log = tempfile.TemporaryFile()  # noqa: SIM115 - the daemon's stderr for its whole life
    proc = subprocess.Popen(
        [sys.executable, "-m", "slurmrestd", "-u", user, "-t", str(threads), f"127.0.0.1:{port}"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
        cwd="/",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not daemon_tree(port) or len(daemon_tree(port)) < 2:
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
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(30)
        if proc.poll() is None:
            proc.kill()
        log.close()


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
    p.add_argument("--port", type=int, default=6840, help="port for --start-ours")
    p.add_argument("--csv", help="write every result to this CSV file")
    return p


def _table(results: list[Result]) -> str:
    head = (
        f"{'target':<10} {'-t':>4} {'endpoint':<28} {'conc':>5} {'req/s':>9} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>6} {'cpu s':>7} {'RSS MiB':>8} {'thr':>4} {'rpc/req':>7}"
    )
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(
            f"{r.target:<10} {r.threads or '':>4} {r.endpoint:<28} {r.concurrency:>5} "
            f"{r.requests_per_s:>9.1f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.errors:>6} "
            f"{r.cpu_s:>7.2f} {r.rss_mib:>8.1f} {r.os_threads:>4} "
            f"{r.rpcs_per_request:>7.3f}"
        )
    return "\n".join(rows)


def _ratios(results: list[Result]) -> str:
    ref = {(r.endpoint, r.concurrency): r for r in results if r.target == "reference"}
    lines = []
    for r in results:
        other = ref.get((r.endpoint, r.concurrency))
        if r.target != "ours" or other is None or not other.requests_per_s:
            continue
        lines.append(
            f"{r.endpoint} c={r.concurrency} -t={r.threads}: throughput ours/ref "
            f"{r.requests_per_s / other.requests_per_s:.2f}, p99 ours/ref "
            f"{(r.p99_ms / other.p99_ms) if other.p99_ms else 0:.2f}, rpc/req ours/ref "
            f"{(r.rpcs_per_request / other.rpcs_per_request) if other.rpcs_per_request else 0:.2f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.url and not args.start_ours:
        print("slurmrestd-loadtest: error: give --url or --start-ours", file=sys.stderr)
        return EXIT_FAILURE
    try:
        token = args.token
        if token is None:
            from slurmrestd import lab

            os.environ.update(lab.lab_env())
            token = lab.token(args.user, 3600)
        headers = [f"X-SLURM-USER-NAME: {args.user}", f"X-SLURM-USER-TOKEN: {token}"]
        endpoints = args.endpoint or list(DEFAULT_ENDPOINTS)
        results: list[Result] = []
        series: list[int | None] = list(args.threads) if args.start_ours else [None]
        for threads in series:
            ctx = (
                our_daemon(threads, args.port, args.service_user)
                if threads is not None
                else contextlib.nullcontext(args.url)
            )
            with ctx as url:
                for endpoint in endpoints:
                    for conc in args.concurrency:
                        results.append(
                            run_one(url, endpoint, conc, args.duration, headers, "ours", threads)
                        )
                        if args.reference:
                            results.append(
                                run_one(
                                    args.reference,
                                    endpoint,
                                    conc,
                                    args.duration,
                                    headers,
                                    "reference",
                                    None,
                                )
                            )
        print(_table(results))
        if args.reference:
            print(_ratios(results))
        if args.csv:
            with open(args.csv, "w", newline="") as f:
                writer = csv.DictWriter(
                    f, fieldnames=[k for k in asdict(results[0]) if k != "extra"]
                )
                writer.writeheader()
                for r in results:
                    row = asdict(r)
                    row.pop("extra")
                    writer.writerow(row)
    except LoadtestError as exc:
        print(f"slurmrestd-loadtest: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
