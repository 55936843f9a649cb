"""On 24.11 and 26.05 our daemon serves v0.0.36-v0.0.38 and dbv0.0.36-dbv0.0.38 in
22.05's structure: what old clients read keeps its keys, nesting and JSON types after an
upgrade (those releases' own C daemons no longer serve these versions at all).

design: the daemon is installed from this checkout inside each release's root (once per
session, again only when the source changed: the binding compiles against that root's
headers), started there as the service user through `slurm-lab run`, and sent every
request of the golden cases (tests/golden/cases.py) in their order, with that cluster's
tokens and names; then it is stopped by pid.  Each answer is compared with the answer
22.05 gave to the same request (the golden file): the same status, and the same
structure: every key path with the JSON types found there, a list as the union of its
elements' structures.  A null matches another type only at a path where 22.05 itself
renders null (an unset field); a list that is empty on one side, or a null, says nothing
about what its elements would hold, nor does an empty object where 22.05's answer has one
too (a job without resources: the lab may have no job with resources when asked).

These tests need root and the release labs (`bin/slurm-lab up --release R`), not the
host's lab: in CI (CI=true) a missing lab is a failure, locally it is a skip.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.client
import importlib
import inspect
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from slurmrestd import slurm
from slurmrestd.openapi.common import engine
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm import releases as slurm_releases
from slurmrestd.slurm.constants import (
    INFINITE,
    INFINITE16,
    INFINITE64,
    NO_VAL,
    NO_VAL16,
    NO_VAL64,
)
from slurmrestd_dev.lab import common, releases
from slurmrestd_dev.lab.roots import RootLab
from tests import golden, rootlabs
from tests.daemon import free_port
from tests.golden import cases as golden_cases

CHECKOUT = Path(golden.__file__).resolve().parents[2]
SLURM_LAB = CHECKOUT / "bin" / "slurm-lab"
# The newer releases (22.05 is the golden files' own) whose labs run in roots.
RELEASES_UNDER_TEST = tuple(r for r in rootlabs.IN_ROOTS if r != "22.05")
# Where the daemon is installed inside each root (a checkout of its own may choose another,
# so that two checkouts testing at once do not rebuild each other's install).
INSTALL_DIR = os.environ.get("SLURMRESTD_ROOT_INSTALL_DIR", "/root/slurmrestd-tests")
# What pip needs of the checkout to build the daemon and its binding.
SOURCES = ("pyproject.toml", "setup.py", "README.rst", "conf", "slurmrestd", "slurmrestd_dev")
# The host lab's cluster name, as the golden requests spell it.
GOLDEN_CLUSTER = releases.by_name("22.05").cluster
# Driven from the host, whatever its release; the subjects are the newer releases in roots
# (on a Debian 13 host, 24.11 is the host's own: its daemon is not driven from here, and
# only 26.05 is checked).
pytestmark = pytest.mark.host_session


@pytest.fixture(autouse=True)
def _needs_lab() -> None:
    """These tests need the release labs (the answers fixture), not the host's lab."""


# --- the daemon inside a root ------------------------------------------------------


def _ignored(_dir: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__" or n.endswith((".so", ".egg-info", ".pyc"))]


def _source_digest() -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        top = CHECKOUT / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            rel = path.relative_to(CHECKOUT)
            if any(part == "__pycache__" or part.endswith(".egg-info") for part in rel.parts):
                continue
            if path.suffix in (".so", ".pyc"):
                continue
            digest.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def install(lab: RootLab) -> Path:
    """The daemon built from this checkout inside the root (its slurmrestd, as the root
    sees it); rebuilt only when the checkout's sources changed since the last install."""
    top = lab.inside(INSTALL_DIR)
    stamp = top / "installed-from"
    program = Path(INSTALL_DIR) / "venv" / "bin" / "slurmrestd"
    digest = _source_digest()
    if stamp.exists() and stamp.read_text() == digest and lab.inside(str(program)).exists():
        return program
    src = top / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    for name in SOURCES:
        if (CHECKOUT / name).is_dir():
            shutil.copytree(CHECKOUT / name, src / name, ignore=_ignored)
        else:
            shutil.copy2(CHECKOUT / name, src / name)
    # The service user runs the daemon from here.
    subprocess.run(["chmod", "-R", "o+rX", str(top)], check=True)
    for ancestor in reversed(top.relative_to(lab.path).parents):
        (lab.path / ancestor).chmod((lab.path / ancestor).stat().st_mode | 0o001)
    venv = f"{INSTALL_DIR}/venv"
    for cmd in (
        ["python3", "-m", "venv", "--clear", venv],
        [f"{venv}/bin/pip", "install", "-q", "--no-input", "-e", f"{INSTALL_DIR}/src"],
    ):
        done = lab.run(cmd, check=False, timeout=600)
        assert done.returncode == 0, f"{' '.join(cmd)} in {lab.path}:\n{done.stderr[-3000:]}"
    subprocess.run(["chmod", "-R", "o+rX", str(top)], check=True)
    stamp.write_text(digest)
    return program


@contextlib.contextmanager
def daemon(lab: RootLab, program: Path) -> Iterator[int]:
    """Our daemon inside the root as the service user with SLURM_JWT=daemon; its port."""
    port = free_port()
    argv = [sys.executable, str(SLURM_LAB), "run", "--release", lab.release.name]
    argv += ["--user", common.SERVICE_USER, "--", "env", "SLURM_JWT=daemon", str(program)]
    argv += ["--workers", "2", "-s", golden.LEGACY_PLUGINS]
    argv += ["-a", "rest_auth/jwt", f"127.0.0.1:{port}"]
    log = lab.inside(f"{INSTALL_DIR}/daemon-{port}.log")
    with log.open("wb") as out:
        # slurm-lab run execs chroot, which execs the daemon: this pid is the daemon's master.
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    try:
        _wait_answering(proc, port, log)
        yield port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        text = log.read_text(errors="replace")
        assert "Traceback" not in text, f"the daemon on {lab.release.name} logged:\n{text[-4000:]}"


def _wait_answering(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"daemon exited {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"daemon not answering after 60s:\n{log.read_text()[-4000:]}")


# --- the golden requests on a release ------------------------------------------------


def _on_cluster(text: str, cluster: str) -> str:
    """A golden request's text for a release: the host cluster's name becomes its own."""
    return text.replace(f"/cluster/{GOLDEN_CLUSTER}", f"/cluster/{cluster}")


def _body(c: Mapping[str, Any], cluster: str) -> bytes | None:
    if "raw" in c:
        return str(c["raw"]).encode()
    if "body" not in c:
        return None
    body = c["body"]
    if isinstance(body, dict) and "associations" in body:
        body = {
            **body,
            "associations": [
                {**a, "cluster": cluster} if a.get("cluster") == GOLDEN_CLUSTER else a
                for a in body["associations"]
            ],
        }
    return json.dumps(body).encode()


def ask_all(lab: RootLab, port: int) -> dict[str, dict[str, Any]]:
    """Every golden case sent in order: {case id: answer as golden records it}."""
    tokens = {u: lab.token(u, 900) for u in ("alice", golden_cases.ADMIN)}
    cluster = lab.release.cluster
    captured: dict[str, str] = {}
    answers: dict[str, dict[str, Any]] = {}
    # The reservation the golden recording had (tests/golden/record.py), for its cases.
    lab.run(["scontrol", "create", "reservation", *golden_cases.RESERVATION_SPEC])
    try:
        for directory, cases in golden_cases.all_cases().items():
            for c in cases:
                path = _on_cluster(c["path"].format(**captured), cluster)
                query = c.get("query", "")
                headers = {}
                if c["user"] is not None:
                    headers = {
                        "X-SLURM-USER-NAME": c["user"],
                        "X-SLURM-USER-TOKEN": tokens[c["user"]],
                    }
                body = _body(c, cluster)
                if body is not None:
                    headers["Content-Type"] = "application/json"
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                try:
                    conn.request(c["method"], path + (f"?{query}" if query else ""), body, headers)
                    resp = conn.getresponse()
                    got = golden.answer(
                        resp.status, resp.getheader("Content-Type", ""), resp.read()
                    )
                finally:
                    conn.close()
                answers[f"{directory}/{c['name']}"] = got
                job_id = got["body"].get("job_id") if isinstance(got["body"], dict) else None
                if c.get("capture") and job_id:
                    captured[c["capture"]] = str(job_id)
    finally:
        lab.run(["scontrol", "delete", f"reservationname={golden_cases.RESERVATION}"], check=False)
        if captured:
            lab.run(["scancel", *sorted(set(captured.values()))], check=False)
    return answers


_ANSWERS: dict[str, dict[str, dict[str, Any]]] = {}


@pytest.fixture
def answers(release_name: str) -> dict[str, dict[str, Any]]:
    """The release's answers to every golden case, asked once per session."""
    if release_name not in _ANSWERS:
        lab = rootlabs.root_lab(release_name)
        program = install(lab)
        with daemon(lab, program) as port:
            _ANSWERS[release_name] = ask_all(lab, port)
    return _ANSWERS[release_name]


# --- structure ---------------------------------------------------------------------

# Keys a newer release cannot fill, and what our daemon renders there instead (README.rst,
# "Slurm releases"): {key: the JSON type rendered instead of 22.05's}.
RENDERED_INSTEAD = {
    # dbv0.0.3x clusters: 24.11 keeps no select plugin id (26.05 has no select plugins);
    # 22.05 renders null for an id it cannot name.
    "select_plugin": "null",
}
# Keys the 22.05 tables render only for some values (exit_code's signal: only for a job a
# signal ended), so that the records of one lab may show them and another's not.
BY_VALUE = frozenset({"signal"})
# Requests whose outcome is the newer slurmdbd's own: {case: (the golden case with the
# same outcome on 22.05, why)}.
OTHER_OUTCOME = {
    f"dbv0.0.3{v}/POST_associations_add": (
        f"dbv0.0.3{v}/POST_accounts_add",
        "24.11 and 26.05's slurmdbd add a user's association under an account that has "
        "none on the cluster yet; 22.05's refuses it",
    )
    for v in (7, 8)
}

Structure = dict[str, set[str]]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def structure(
    value: Any, path: str = "", out: Structure | None = None, empty: set[str] | None = None
) -> Structure:
    """{key path: the JSON types found there}; "[]" stands for every element of a list.
    empty, when given, receives the paths where an object is empty."""
    out = {} if out is None else out
    out.setdefault(path, set()).add(_json_type(value))
    if isinstance(value, dict):
        if not value and empty is not None:
            empty.add(path)
        for key, item in value.items():
            # Objects keyed by number (sockets, cores) are maps: their keys are data.
            structure(item, f"{path}/{'{n}' if key.isdigit() else key}", out, empty)
    elif isinstance(value, list):
        for item in value:
            structure(item, f"{path}/[]", out, empty)
    return out


# Each plugin's tables, the version's own first (a derived version's module holds only
# what differs; its parent's holds the rest).
TABLE_MODULES = {
    "v0.0.38": ("v0_0_38",),
    "v0.0.37": ("v0_0_37", "v0_0_38"),
    "v0.0.36": ("v0_0_36", "v0_0_37", "v0_0_38"),
    "dbv0.0.38": ("dbv0_0_38",),
    "dbv0.0.37": ("dbv0_0_37", "dbv0_0_38"),
    "dbv0.0.36": ("dbv0_0_36", "dbv0_0_37", "dbv0_0_38"),
}
# What a number field holds when it is unset (a string field: NULL, read as None).
UNSET_NUMBERS = (NO_VAL, NO_VAL16, NO_VAL64, INFINITE, INFINITE16, INFINITE64, 0)


def _tables(directory: str) -> Iterator[engine.F]:
    seen: set[int] = set()
    todo: list[Any] = []
    for name in TABLE_MODULES.get(directory, ()):
        module = importlib.import_module(f"slurmrestd.openapi.{name}.tables")
        todo += [v for v in vars(module).values() if isinstance(v, tuple)]
    while todo:
        table = todo.pop()
        if id(table) in seen:
            continue
        seen.add(id(table))
        for entry in table:
            if isinstance(entry, engine.F):
                yield entry
                nested = getattr(entry.kind, "table", None)
                if isinstance(nested, tuple):
                    todo.append(nested)


@functools.cache
def unset_keys(directory: str) -> tuple[frozenset[str], frozenset[str]]:
    """The keys the 22.05 tables of a plugin render as null (nullable) or leave out
    (optional) when their C field is unset: there a value of one release and the unset
    of another are the same structure."""
    nullable, optional = set(), set()
    with _without_libslurm():
        for entry in _tables(directory):
            for value in (None, *UNSET_NUMBERS) if _of_strings(entry.kind) else UNSET_NUMBERS:
                try:
                    dumped = entry.kind.dump(value, engine.Env())
                except Exception:  # a kind that cannot take this value: not how it is unset
                    continue
                if dumped is None:
                    nullable.add(entry.key)
                elif dumped is engine.OMIT:
                    optional.add(entry.key)
                else:  # an object's own keys (an exit code's return_code when pending)
                    nullable |= _null_keys(dumped)
    return frozenset(nullable), frozenset(optional)


def _null_keys(value: Any) -> set[str]:
    """The keys inside a dumped object whose value is null."""
    if not isinstance(value, dict):
        return set()
    found = set()
    for key, item in value.items():
        found |= {key} if item is None else _null_keys(item)
    return found


def _of_strings(kind: engine.Kind) -> bool:
    try:
        return isinstance(kind.dump("x", engine.Env()), str)
    except Exception:  # not a string's kind
        return False


class _NoLibslurmError(Exception):
    pass


@contextlib.contextmanager
def _without_libslurm() -> Iterator[None]:
    """The binding's calls refuse while kinds are probed: this process has no libslurm
    set up (kinds that need it to render an unset value count as never null)."""

    def refuse(*_args: Any, **_kw: Any) -> Any:
        raise _NoLibslurmError

    with contextlib.ExitStack() as stack:
        for module in (slurm, slurmdb):
            for name, value in vars(module).items():
                if inspect.isfunction(value) and value.__module__ == module.__name__:
                    stack.enter_context(mock.patch.object(module, name, refuse))
        yield


def _leaf(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _emptied(path: str, got_empty: set[str], want_empty: set[str]) -> bool:
    """Whether this release shows an ancestor of path as an empty object where 22.05 itself
    shows one too (a job without resources: job_resources {}): what it would hold, had the
    lab such records now, is not said."""
    parts = path.split("/")
    return any("/".join(parts[:i]) in got_empty & want_empty for i in range(1, len(parts)))


def _silent(path: str, side: Structure) -> bool:
    """Whether a side says nothing about this path: an ancestor there is an empty list or
    a null (a null where none may be is reported at the ancestor)."""
    parts = path.split("/")
    for i in range(1, len(parts)):
        ancestor = "/".join(parts[:i])
        types = side.get(ancestor, set())
        if types == {"null"}:
            return True
        if "array" in types and parts[i] == "[]" and f"{ancestor}/[]" not in side:
            return True
    return False


def differences(want: Any, got: Any, directory: str) -> list[str]:
    """Where got's structure is not want's: one line per path."""
    nullable_keys, optional_keys = unset_keys(directory)
    want_empty: set[str] = set()
    got_empty: set[str] = set()
    a, b = structure(want, empty=want_empty), structure(got, empty=got_empty)
    # Paths where 22.05 itself shows a null in this answer.
    nullable = {p for p, types in a.items() if "null" in types}
    nullable |= {p for p in set(a) | set(b) if _leaf(p) in nullable_keys}
    instead = {p for p in b if RENDERED_INSTEAD.get(_leaf(p)) in b[p]}
    lines = []
    for path in sorted(set(a) | set(b)):
        ta, tb = a.get(path), b.get(path)
        if ta is None or tb is None:
            # A path one side lacks only matters where that side could have shown it.
            if _leaf(path) in optional_keys or BY_VALUE & set(path.split("/")):
                continue
            if tb is None and _emptied(path, got_empty, want_empty):
                continue
            if not _silent(path, b if tb is None else a):
                where = "22.05 only" if tb is None else "this release only"
                lines.append(f"{path or '/'}: {where} ({sorted(ta or tb or ())})")
            continue
        if path in nullable:
            ta, tb = ta - {"null"}, tb - {"null"}
            if not ta or not tb:
                continue
        if path in instead and tb == {RENDERED_INSTEAD[_leaf(path)]}:
            continue
        if ta != tb:
            lines.append(f"{path or '/'}: 22.05 {sorted(ta)}, this release {sorted(tb)}")
    return lines


def _cases() -> list[str]:
    return [golden.case_id(p) for p in golden.case_files()]


@pytest.mark.parametrize("release_name", RELEASES_UNDER_TEST)
@pytest.mark.parametrize("case", _cases())
def test_answer_has_22_05_structure(
    release_name: str, case: str, answers: dict[str, dict[str, Any]]
) -> None:
    same_outcome = OTHER_OUTCOME.get(case, (case, ""))[0]
    want = golden.read(golden.GOLDEN_DIR / f"{same_outcome}.json")["response"]
    got = answers[case]
    assert got["status"] == want["status"], got["body"]
    assert got["content_type"].split(";")[0] == want["content_type"].split(";")[0]
    if want["status"] == 304:
        return  # no body over HTTP (the golden layer records the application's, unsent)
    if not isinstance(want["body"], dict | list):
        # Text bodies (401, 404, 405) are the router's fixed texts; outside the old versions'
        # paths (GET /nope) the 404 is the release's own (26.05 changed its text).
        release = next(r for r in slurm_releases.RELEASES if r.name == release_name)
        release_text = release.daemon.text_not_found
        if case.startswith("app/") and want["status"] == 404 and release_text:
            assert got["body"] == release_text
        else:
            assert got["body"] == want["body"]
        return
    assert differences(want["body"], got["body"], case.split("/")[0]) == []
