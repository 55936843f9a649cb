"""slurmrestd-loadtest --growth: how the latency of one list request grows with its records.

design: for each record count N the tool brings the user's jobs named HELD_JOB_NAME up to N
(submitted through our daemon), then, for every endpoint, times single requests on one
connection, ours then the C daemon: one warm-up (reported as "first": a cold answer, and for
ours the one that renders) and `repeats` more (median and max).  A request that has not
answered within the timeout is a timeout, reported as such (no figure is made up for it), and
once a daemon times out on an endpoint the rest of that series is skipped (a 300 s request
three more times would tell nothing new).  The daemon's CPU seconds over the requests, its RSS
after them, the answer's size and its job count go beside the latencies.

The jobs are eligible but can never start: a time limit longer than the partition's MaxTime
with the lab's EnforcePartLimits=NO leaves them pending (PartitionTimeLimit).  Held jobs would
not do for /slurmdb/: slurmctld gives a held job no eligible time, and slurmdbd's job list
leaves out every job without one unless it is asked for by id, in any time window, so both
daemons' accounting lists would show none of them.

Rows go to CSV with the release and the Slurm version, so the CSVs of several releases
combine into one plot (--from-csv ... --growth-plot): log-log, records on x, median latency on
y, one line per release x daemon x endpoint, a timeout drawn as an x at the timeout.  The x is
the number of jobs the answer held, not the number submitted: the lab's other jobs are listed
too (other tests' accounting records; jobs ended less than MinJobAge ago in slurmctld).
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import json
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any
from urllib.parse import urlsplit

import psutil

# A time limit no finite partition MaxTime allows (minutes): one year.
NEVER_STARTS_MINUTES = 525600


class GrowthError(Exception):
    pass


@dataclass
class GrowthRow:
    release: str  # "26.05"
    version: str  # slurm's own version, "26.05.5"
    target: str  # "ours" or "reference"
    endpoint: str
    records: int  # jobs of ours the cluster holds (the x of the plot)
    first_ms: float | None = None  # the warm-up request (None: it timed out)
    median_ms: float | None = None
    max_ms: float | None = None
    answered: int = 0  # requests answered within the timeout (warm-up included)
    timeouts: int = 0
    status: int = 0  # HTTP status of the last answer (0: none)
    answer_bytes: int = 0
    answer_jobs: int | None = None  # jobs in the last answer (None: not JSON / no "jobs")
    cpu_s: float = 0.0  # the daemon's whole process tree, over this series' requests
    rss_mib: float = 0.0  # after them
    timeout_s: float = 300.0
    note: str = ""  # "skipped: ..." when the tool did not send the request (memory guard)

    @property
    def timed_out(self) -> bool:
        return self.timeouts > 0


@dataclass
class Answer:
    ms: float | None  # None: no whole answer within the timeout
    status: int = 0
    body: bytes = b""


def connect(url: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port or 80, timeout=timeout
    )


def get(
    conn: http.client.HTTPConnection, endpoint: str, headers: Sequence[str], timeout: float
) -> Answer:
    """One GET on a keep-alive connection (opened again when the daemon closed it); the time
    to the answer's last byte.  After a timeout the connection is closed."""
    started = time.monotonic()
    try:
        conn.request("GET", endpoint, headers=dict(_split(h) for h in headers))
        resp = conn.getresponse()
        body = resp.read()
    except (TimeoutError, OSError, http.client.HTTPException):
        conn.close()
        return Answer(None)
    elapsed = time.monotonic() - started
    if elapsed > timeout:  # each socket wait was shorter, the whole was not
        conn.close()
        return Answer(None, resp.status)
    return Answer(round(elapsed * 1000, 1), resp.status, body)


def _split(header: str) -> tuple[str, str]:
    name, _sep, value = header.partition(":")
    return name.strip(), value.strip()


def answer_jobs(body: bytes) -> int | None:
    try:
        doc = json.loads(body)
    except ValueError:
        return None
    jobs = doc.get("jobs") if isinstance(doc, dict) else None
    return len(jobs) if isinstance(jobs, list) else None


def summarize(row: GrowthRow, latencies: Sequence[float | None]) -> GrowthRow:
    """Fill first/median/max, answered and timeouts from the warm-up's latency and the
    repeats' (None: timed out).  The median and max are of the answered repeats; with none
    answered they stay None."""
    if not latencies:
        return row
    row.first_ms = latencies[0]
    answered = [ms for ms in latencies[1:] if ms is not None]
    row.answered = sum(ms is not None for ms in latencies)
    row.timeouts = len(latencies) - row.answered
    if answered:
        row.median_ms = round(statistics.median(answered), 1)
        row.max_ms = max(answered)
    elif row.first_ms is not None:  # only the warm-up: it is all there is
        row.median_ms = row.max_ms = row.first_ms
    return row


def measure(
    row: GrowthRow,
    url: str,
    headers: Sequence[str],
    tree: Callable[[], list[psutil.Process]],
    cpu: Callable[[list[psutil.Process]], float],
    rss: Callable[[list[psutil.Process]], float],
    repeats: int = 3,
    budget_s: float | None = None,
) -> GrowthRow:
    """One warm-up and `repeats` sequential requests on one keep-alive connection; stops at
    the first timeout, and (budget_s) once the series has taken that long and has at least
    one repeat: a 100 s answer three times tells little more than once."""
    procs = tree()
    cpu_before = cpu(procs)
    latencies: list[float | None] = []
    last = Answer(None)
    conn = connect(url, row.timeout_s)
    started = time.monotonic()
    try:
        for _ in range(1 + repeats):
            answer = get(conn, row.endpoint, headers, row.timeout_s)
            latencies.append(answer.ms)
            if answer.ms is None:
                break
            last = answer
            spent = time.monotonic() - started
            if budget_s is not None and len(latencies) >= 2 and spent > budget_s:
                break
    finally:
        conn.close()
    procs = tree() or procs
    row.cpu_s = round(cpu(procs) - cpu_before, 2)
    row.rss_mib = rss(procs)
    row.status = last.status
    row.answer_bytes = len(last.body)
    row.answer_jobs = answer_jobs(last.body) if last.body else None
    return summarize(row, latencies)


# Memory the machine keeps free for everything else while a daemon grows (GiB).
MEMORY_MARGIN_GIB = 4.0


def memory_guard(
    rows: Sequence[GrowthRow],
    target: str,
    records: int,
    rss_now_mib: float,
    available_mib: float,
    margin_gib: float = MEMORY_MARGIN_GIB,
) -> str | None:
    """Why not to ask this daemon for a list of `records` jobs (None: go ahead).  Its RSS grows
    with the largest answer it has made (the C daemon keeps what it allocated): project the
    largest RSS measured so far by the ratio of the jobs it will list to the jobs it listed
    then, and skip when the growth would not fit in the machine's available memory less a
    margin.  An out-of-memory kill on a shared machine takes whatever the kernel picks: a
    lab daemon, another session's run."""
    done = [r for r in rows if r.target == target and r.answer_jobs and r.rss_mib]
    if not done:
        return None
    last = max(done, key=lambda r: r.answer_jobs or 0)
    listed_then = last.answer_jobs or 1
    listed_next = listed_then - last.records + records
    projected = max(r.rss_mib for r in done) * listed_next / listed_then
    if projected - rss_now_mib <= available_mib - margin_gib * 1024:
        return None
    return (
        f"skipped: projected RSS {projected / 1024:.1f} GiB ({listed_next} jobs; "
        f"{last.rss_mib / 1024:.1f} GiB after {listed_then}), "
        f"{available_mib / 1024:.1f} GiB available"
    )


def slurm_version() -> str:
    """`scontrol --version` of the cluster the tool runs against: "26.05.5"."""
    res = subprocess.run(
        ["scontrol", "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    words = res.stdout.split()
    if res.returncode != 0 or len(words) < 2:
        raise GrowthError("scontrol --version failed: " + (res.stderr.strip() or "no output"))
    return words[-1]


def release_of(version: str) -> str:
    return ".".join(version.split(".")[:2])


# --- CSV ------------------------------------------------------------------------------------

_INTS = {"records", "answered", "timeouts", "status", "answer_bytes", "answer_jobs"}
_FLOATS = {"first_ms", "median_ms", "max_ms", "cpu_s", "rss_mib", "timeout_s"}


def write_csv(rows: Sequence[GrowthRow], path: str) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[fl.name for fl in fields(GrowthRow)])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in asdict(row).items()})


def read_csv(path: str) -> list[GrowthRow]:
    names = {fl.name for fl in fields(GrowthRow)}
    out = []
    try:
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            if not {"release", "records", "median_ms"} <= set(reader.fieldnames or ()):
                raise GrowthError(f"{path} is not a --growth CSV")
            for line in reader:
                values: dict[str, Any] = {}
                for key, text in line.items():
                    if key not in names:
                        continue
                    if key in _INTS:
                        values[key] = int(text) if text != "" else None
                    elif key in _FLOATS:
                        values[key] = float(text) if text != "" else None
                    else:
                        values[key] = text
                out.append(GrowthRow(**values))
    except (OSError, ValueError, TypeError) as exc:
        raise GrowthError(f"cannot read growth results from {path}: {exc}") from None
    return out


def is_growth_csv(path: str) -> bool:
    with contextlib.suppress(OSError), open(path, newline="") as f:
        return "median_ms" in (csv.DictReader(f).fieldnames or ())
    return False


# --- table and plot -------------------------------------------------------------------------


def _fmt(ms: float | None, note: str = "") -> str:
    if ms is None:
        return "skipped" if note.startswith("skipped") else "timeout"
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms"


def table(rows: Sequence[GrowthRow]) -> str:
    head = (
        f"{'release':<8} {'target':<10} {'endpoint':<26} {'records':>8} {'first':>10} "
        f"{'median':>10} {'max':>10} {'t/o':>3} {'status':>6} {'jobs':>7} {'MiB out':>8} "
        f"{'cpu s':>7} {'RSS MiB':>8} note"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        jobs = "" if r.answer_jobs is None else r.answer_jobs
        lines.append(
            f"{r.release:<8} {r.target:<10} {r.endpoint:<26} {r.records:>8} "
            f"{_fmt(r.first_ms, r.note):>10} {_fmt(r.median_ms, r.note):>10} "
            f"{_fmt(r.max_ms, r.note):>10} "
            f"{r.timeouts:>3} {r.status:>6} {jobs:>7} {r.answer_bytes / 2**20:>8.1f} "
            f"{r.cpu_s:>7.2f} {r.rss_mib:>8.1f} {r.note}"
        )
    return "\n".join(lines)


def _label(r: GrowthRow) -> str:
    parts = [p for p in r.endpoint.split("/") if p]
    name = f"/{parts[0]}/{parts[1]}/{parts[-1]}" if len(parts) > 2 else r.endpoint
    return f"{r.release} {'C daemon' if r.target == 'reference' else 'ours'} {name}"


@dataclass
class Series:
    label: str
    release: str
    target: str
    endpoint: str
    records: list[int]  # the jobs the tool submitted (the CSV's records)
    listed: list[int]  # the jobs the list answered (the x of the plot)
    median_ms: list[float | None]  # None: timed out
    timeout_s: float


def listed(rows: Sequence[GrowthRow], row: GrowthRow) -> int:
    """How many jobs the list held at this row: its own answer's count, else (a timeout) the
    other daemon's at the same point, else the jobs the tool submitted.  The lab's other jobs
    (other tests', and those ended within MinJobAge in slurmctld) are listed too, so this, not
    the submitted count, is the x of the plot."""
    if row.answer_jobs is not None:
        return row.answer_jobs
    for other in rows:
        same = (other.release, other.endpoint, other.records) == (
            row.release,
            row.endpoint,
            row.records,
        )
        if same and other.answer_jobs is not None:
            return other.answer_jobs
    return row.records


def series(rows: Sequence[GrowthRow]) -> list[Series]:
    """One line per release x daemon x endpoint, its points sorted by records (the last row of
    a repeated record count wins)."""
    out: dict[str, Series] = {}
    points: dict[str, dict[int, GrowthRow]] = {}
    for r in rows:
        if r.note.startswith("skipped"):  # never sent: no point (the table says why)
            continue
        label = _label(r)
        if label not in out:
            out[label] = Series(label, r.release, r.target, r.endpoint, [], [], [], r.timeout_s)
            points[label] = {}
        points[label][r.records] = r
        out[label].timeout_s = max(out[label].timeout_s, r.timeout_s)
    for label, s in out.items():
        s.records = sorted(points[label])
        s.listed = [listed(rows, points[label][n]) for n in s.records]
        s.median_ms = [points[label][n].median_ms for n in s.records]
    return list(out.values())


def plot(rows: Sequence[GrowthRow], path: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise GrowthError(
            "--growth-plot needs matplotlib (pip install 'slurmrestd[loadtest]')"
        ) from None
    lines = series(rows)
    if not lines:
        raise GrowthError("nothing to plot")
    releases = sorted({s.release for s in lines})
    endpoints = sorted({s.endpoint.split("/")[1] for s in lines})  # slurm, slurmdb
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    fig, ax = plt.subplots(figsize=(11, 7))
    timeout_drawn = False
    for s in lines:
        kind = s.endpoint.split("/")[1]
        color = palette[
            (releases.index(s.release) * len(endpoints) + endpoints.index(kind)) % len(palette)
        ]
        style = "-" if s.target == "ours" else "--"
        marker = "o" if kind == "slurm" else "s"
        xs = [n for n, ms in zip(s.listed, s.median_ms, strict=True) if ms is not None]
        ys = [ms for ms in s.median_ms if ms is not None]
        ax.plot(xs, ys, style, marker=marker, color=color, label=s.label, markersize=4)
        lost = [n for n, ms in zip(s.listed, s.median_ms, strict=True) if ms is None]
        if lost:
            ax.plot(
                lost,
                [s.timeout_s * 1000] * len(lost),
                "x",
                color=color,
                markersize=10,
                mew=2,
                label="timeout" if not timeout_drawn else None,
            )
            timeout_drawn = True
    skipped = sorted(
        {f"{r.release} {r.target} at {r.records}" for r in rows if r.note.startswith("skipped")}
    )
    if skipped:
        ax.text(
            0.99,
            0.01,
            "not asked (memory guard): " + ", ".join(skipped).replace("reference", "C daemon"),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize="x-small",
            wrap=True,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("jobs in the answer (records; the tool's pending jobs and the lab's others)")
    ax.set_ylabel("median latency of one request, ms (log)")
    ax.set_title(
        "How the cost of the job lists grows (one connection; solid: ours, dashed: C daemon; "
        "x: timeout)",
        fontsize="medium",
    )
    ax.grid(which="both", alpha=0.3)
    ax.legend(fontsize="x-small", ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
