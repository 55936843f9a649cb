"""Record the golden files from the lab: ``python -P -m tests.golden.record``.

design: this process must be started the way the daemon starts its workers:
libslurmfull in LD_PRELOAD (else libslurm's first error message is glibc's
error(3), which exits), SLURM_JWT=daemon and the lab's SLURM_CONF
(tests/conformance/test_golden.py does all that).  It replaces each binding
function with a wrapper that calls the real one and notes the call, builds
the application as the server does, sends every case of cases.py through
falcon's TestClient with a fresh token, and writes one file per case.  Jobs
the cases submit are cancelled at the end.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from slurmrestd import slurm
from slurmrestd.slurm import db as slurmdb
from slurmrestd_dev import lab
from tests import golden
from tests.golden import cases as golden_cases


class Recorder:
    """The binding calls of the current case, and every lookup of the whole run."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: list[dict[str, Any]] = []
        self.lookups: dict[str, dict[str, Any]] = {}
        self.local = threading.local()

    def rpc(self, name: str, real: Callable[..., Any], signature: Any = None) -> Any:
        signature = signature or real

        @functools.wraps(real)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if getattr(self.local, "inside", False):
                return real(*args, **kwargs)
            entry: dict[str, Any] = {"fn": name, "args": golden.bind(signature, args, kwargs)}
            self.local.inside = True
            try:
                result = real(*args, **kwargs)
            except Exception as exc:
                raised = golden.encode_error(exc)
                if raised is None:
                    raise
                entry["raises"] = raised
                self._note(entry)
                raise
            finally:
                self.local.inside = False
            entry["result"] = golden.encode(result)
            self._note(entry)
            return result

        return wrapper

    def _note(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.calls.append(entry)

    def lookup(self, name: str, real: Callable[..., Any]) -> Any:
        @functools.wraps(real)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = golden.lookup_key(name, golden.bind(real, args, kwargs))
            try:
                result = real(*args, **kwargs)
            except Exception as exc:
                raised = golden.encode_error(exc)
                if raised is None:
                    raise
                self._lookup(key, {"raises": raised})
                raise
            self._lookup(key, {"result": golden.encode(result)})
            return result

        return wrapper

    def _lookup(self, key: str, outcome: dict[str, Any]) -> None:
        with self.lock:
            old = self.lookups.setdefault(key, outcome)
            if old != outcome:
                raise AssertionError(f"lookup {key} is not a lookup: {old} then {outcome}")

    def take(self) -> list[dict[str, Any]]:
        with self.lock:
            calls, self.calls = self.calls, []
            return calls


class RecordingDb:
    """A slurmdbd connection whose calls are noted with the connection's user."""

    def __init__(self, recorder: Recorder, db: slurmdb.Db) -> None:
        for name in golden.DB_RPCS:
            real = getattr(db, name)
            setattr(self, name, recorder.rpc(f"Db.{name}", real, getattr(slurmdb.Db, name)))


def install(recorder: Recorder) -> None:
    """Replace the binding's functions with recording wrappers (for the rest of the process)."""
    for name in golden.RPCS:
        setattr(slurm, name, recorder.rpc(name, getattr(slurm, name)))
    for name in golden.LOOKUP_NAMES:
        setattr(slurm, name, recorder.lookup(name, getattr(slurm, name)))
    for name in golden.DB_LOOKUP_NAMES:
        setattr(slurmdb, name, recorder.lookup(f"db.{name}", getattr(slurmdb, name)))
    real_connect = slurmdb.connect

    class RecordingLookups:
        """slurmdb.Lookups noted as their Db.get calls on the request's connection, made
        when the request waits for them (tests/fakes/binding.FakeLookups)."""

        def __init__(self, identity: slurm.Identity, calls: Any, db: Any) -> None:
            self.calls, self.db = calls, db

        def results(self) -> list[Any]:
            return golden.lookup_results(self.db, self.calls)

    slurmdb.Lookups = RecordingLookups  # type: ignore[misc,assignment]

    @contextlib.contextmanager
    def connecting(identity: slurm.Identity) -> Iterator[Any]:
        entry: dict[str, Any] = {
            "fn": "db.connect",
            "args": golden.bind(real_connect, (identity,), {}),
        }
        entered = False
        try:
            with real_connect(identity) as db:
                entered = True
                recorder._note({**entry, "result": None})
                yield RecordingDb(recorder, db)
        except Exception as exc:
            raised = golden.encode_error(exc)
            if not entered and raised is not None:
                recorder._note({**entry, "raises": raised})
            raise

    slurmdb.connect = connecting


def record_cases(recorder: Recorder, client: Any) -> list[str]:
    """Send every case, write its file; the ids of the jobs the cases submitted."""
    captured: dict[str, str] = {}
    submitted: list[str] = []
    for directory, cases in golden_cases.all_cases().items():
        target = golden.GOLDEN_DIR / directory
        shutil.rmtree(target, ignore_errors=True)
        names = [c["name"] for c in cases]
        if len(set(names)) != len(names):
            raise AssertionError(f"{directory}: two cases with one name")
        for c in cases:
            request = {
                "method": c["method"],
                "path": c["path"].format(**captured),
                "query": c.get("query", ""),
                "user": c["user"],
            }
            if "raw" in c:
                request["body"] = c["raw"]
            elif "body" in c:
                request["body"] = json.dumps(c["body"])
            credential = token(c["user"]) if c["user"] else None
            recorder.take()
            response = golden.simulate(client, request, credential)
            calls = recorder.take()
            if c.get("capture"):
                body = response["body"]
                job_id = body.get("job_id") if isinstance(body, dict) else None
                if job_id:  # a refused job description is a golden answer too
                    captured[c["capture"]] = str(job_id)
                    submitted.append(str(job_id))
            document = {
                "request": request,
                "stable": c["stable"],
                "calls": calls,
                "response": response,
            }
            golden.write(target / f"{c['name']}.json", document)
    return submitted


def scontrol(*args: str) -> str:
    """scontrol as root, which must not see this process's SLURM_JWT=daemon."""
    env = {k: v for k, v in os.environ.items() if k not in ("SLURM_JWT", "LD_PRELOAD")}
    return subprocess.run(
        ["scontrol", *args], env=env, capture_output=True, text=True, timeout=60, check=True
    ).stdout


def token(user: str) -> str:
    """A fresh token from scontrol."""
    out = scontrol("token", f"username={user}", "lifespan=600")
    return out.strip().partition("SLURM_JWT=")[2]


def main() -> int:
    if slurm.libslurmfull() not in os.environ.get("LD_PRELOAD", ""):
        print("run with libslurmfull in LD_PRELOAD (see tests/conformance/test_golden.py)")
        return 2
    real_kill = slurm.kill_job
    recorder = Recorder()
    install(recorder)
    accounts: dict[str, dict[str, list[Any]]] = {}
    golden.noting_accounts(pytest.MonkeyPatch(), accounts)
    client = golden.build_app(lab.lab_env()["SLURM_CONF"])
    jobs: list[str] = []
    scontrol("create", "reservation", *golden_cases.RESERVATION_SPEC)
    try:
        jobs = record_cases(recorder, client)
    finally:
        scontrol("delete", f"reservationname={golden_cases.RESERVATION}")
        alice = slurm.Identity("alice", -1, -1, token("alice"))
        for job_id in jobs:
            with contextlib.suppress(slurm.SlurmError, ValueError):
                real_kill(alice, job_id, 9)
    ordered = dict(sorted(recorder.lookups.items()))
    golden.write(golden.LOOKUPS, [{"key": k, **v} for k, v in ordered.items()])
    golden.write_accounts(accounts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
