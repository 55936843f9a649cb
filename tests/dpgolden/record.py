"""Record the data_parser references' answers into tests/dpgolden (run as root on the host).

    PYTHONPATH=. python -m tests.dpgolden.record [NAME...]

Starts each root's C slurmrestd (ports 6833 and 6834, the manual runs' range) with
the root's lab up, sends every case of CASES (or those named) for each version it
records, and writes the answers.  The lab's own state (users, jobs) makes the
values; only the structure is compared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.dpgolden import CASES, RECORDED_ON, path

ROOT = Path(__file__).resolve().parents[2]
PORTS = {"24.11": 6833, "26.05": 6834}


def _lab(*args: str) -> str:
    return subprocess.run(
        [str(ROOT / "bin" / "slurm-lab"), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def _request(port: int, method: str, target: str, user: str, token: str, body: Any) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{target}", data=data, method=method)
    req.add_header("X-SLURM-USER-NAME", user)
    req.add_header("X-SLURM-USER-TOKEN", token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    return {"status": status, "body": json.loads(raw) if raw.strip() else None}


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def main(names: list[str]) -> int:
    for release, port in PORTS.items():
        if _listening(port):  # a reference already running there (a developer's)
            _record(release, port, names)
            continue
        proc = subprocess.Popen(
            [
                str(ROOT / "bin" / "slurm-lab"),
                "run",
                "--release",
                release,
                "--user",
                "slurmrestd",
                "--",
                "env",
                "SLURM_JWT=daemon",
                "/usr/sbin/slurmrestd",
                "-a",
                "rest_auth/jwt",
                f"127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            time.sleep(2)
            _record(release, port, names)
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(20)
    return 0


def _record(release: str, port: int, names: list[str]) -> None:
    tokens: dict[str, str] = {}
    for version, rel in RECORDED_ON.items():
        if rel != release:
            continue
        for case in CASES:
            if (names and case.name not in names) or not case.applies(version):
                continue
            if case.user not in tokens:
                tokens[case.user] = _lab("token", case.user, "--release", release)
            target = case.target(version)
            answer = _request(port, case.method, target, case.user, tokens[case.user], case.body)
            out = path(version, case.name)
            out.parent.mkdir(parents=True, exist_ok=True)
            record = {"recorded_on": release, "request": target, **answer}
            out.write_text(json.dumps(record, indent=1) + "\n")
            print(f"{release} {case.method} {target}: {answer['status']}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
