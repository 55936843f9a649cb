"""Every golden case replayed against the application, with the fake binding (no lab, no root).

Each file of tests/golden/<plugin>/ is one request: the application is built
as the server builds it, the fake binding answers the binding calls the lab
answered when the file was recorded, and the answer must be the recorded one,
byte for byte once parsed (status, content type, body).  The job_desc records
the handlers give the binding's submit and update functions are part of the
recorded calls, so a job description that changes fails here too.
Re-record with ``SLURMRESTD_RECORD_GOLDEN=1`` (see README, "Development").
"""

from __future__ import annotations

import inspect
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from slurmrestd import slurm
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.releases import RELEASES
from tests import golden
from tests.conftest import binding_release
from tests.fakes.binding import FakeBinding, FakeDb

CASES = list(golden.case_files())
TOKENS = itertools.count()


@pytest.fixture(scope="module")
def fake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeBinding]:
    fake = FakeBinding(golden.read(golden.LOOKUPS))
    conf = tmp_path_factory.mktemp("golden") / "slurm.conf"
    # All the application reads of slurm.conf: whether the accounting plugins can load.
    conf.write_text("AccountingStorageType=accounting_storage/slurmdbd\n")
    with pytest.MonkeyPatch.context() as mp:
        fake.install(mp)
        golden.replaying_accounts(mp, golden.read(golden.ACCOUNTS))
        mp.setenv("SLURM_JWT", "daemon")
        fake.client = golden.build_app(str(conf))
        assert not fake.problems, fake.problems
        yield fake


def test_there_are_golden_files() -> None:
    dirs = {p.parent.name for p in CASES}
    assert {"app", "v0.0.38", "v0.0.37", "v0.0.36", "dbv0.0.38", "dbv0.0.37", "dbv0.0.36"} <= dirs
    assert len(CASES) > 100


@pytest.mark.parametrize("path", CASES, ids=golden.case_id)
def test_replay(fake: FakeBinding, path: Path) -> None:
    case = golden.read(path)
    fake.expect(case["calls"])
    # A token of its own per replay: no render cache or coalesced call outlives the case.
    token = f"golden-token-{next(TOKENS)}"
    got = golden.simulate(fake.client, case["request"], token)
    assert not fake.problems, fake.problems[0]
    assert got["status"] == case["response"]["status"]
    assert got["content_type"] == case["response"]["content_type"]
    want = case["response"]["body"]
    # Outside the old versions' paths (GET /nope) the router's 404 is the release's own
    # (26.05 changed its text; releases.Daemon).
    release_text = _text_not_found()
    if golden.case_id(path).startswith("app/") and got["status"] == 404 and release_text:
        want = release_text
    assert got["body"] == want, _first_difference(want, got["body"])
    missing = fake.unanswered()
    assert not missing, "recorded binding calls not made: " + json.dumps(missing)[:2000]


def _text_not_found() -> str:
    """The release's router 404 text ("" for 22.05's), read without the binding (the fake
    stands in for it here)."""
    name = binding_release()
    return next((r.daemon.text_not_found for r in RELEASES if r.name == name), "")


def _first_difference(want: Any, got: Any, where: str = "") -> str:
    if isinstance(want, dict) and isinstance(got, dict):
        if list(want) != list(got):
            return f"{where}: keys {list(want)} != {list(got)}"
        for key in want:
            if want[key] != got[key]:
                return _first_difference(want[key], got[key], f"{where}.{key}")
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        for i, (a, b) in enumerate(zip(want, got, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}[{i}]")
    return f"{where}: recorded {json.dumps(want)[:300]} != now {json.dumps(got)[:300]}"


# --- the fake cannot drift from the real binding ----------------------------------------


def _parameters(func: Any) -> list[tuple[str, Any, Any]]:
    params = inspect.signature(func).parameters.values()
    return [(p.name, p.kind, p.default) for p in params if p.name != "self"]


def _replaced() -> list[tuple[str, Any, Any]]:
    fake = FakeBinding([])
    out = [(f"slurm.{n}", getattr(slurm, n), getattr(fake, n)) for n in fake.SLURM_NAMES]
    out += [(f"slurm.db.{n}", getattr(slurmdb, n), getattr(fake, n)) for n in fake.DB_NAMES]
    out += [
        (f"slurm.db.Db.{n}", getattr(slurmdb.Db, n), getattr(FakeDb, n)) for n in golden.DB_RPCS
    ]
    return out


@pytest.mark.parametrize(
    ("name", "real", "replacement"), _replaced(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_fake_has_the_real_signature(name: str, real: Any, replacement: Any) -> None:
    assert _parameters(replacement) == _parameters(real), name


def test_every_binding_function_the_golden_layer_knows_is_faked() -> None:
    faked = {name.removeprefix("slurm.") for name, _, _ in _replaced()}
    known = {n.replace("Db.", "db.Db.") for n in golden.binding_functions()}
    assert faked == known


def test_recorded_calls_name_real_functions() -> None:
    functions = golden.binding_functions()
    for path in CASES:
        for call in golden.read(path)["calls"]:
            assert call["fn"] in functions, (path, call["fn"])
    for entry in golden.read(golden.LOOKUPS):
        assert json.loads(entry["key"])[0] in functions, entry["key"]
