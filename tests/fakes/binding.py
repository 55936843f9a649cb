"""A fake libslurm binding that answers the calls a golden file recorded.

design: ``FakeBinding.install(monkeypatch)`` puts its methods in place of the
binding's functions (``slurmrestd.slurm`` and ``slurmrestd.slurm.db``), and
``_load`` in place of the extension loader, so any binding path it does not
fake fails instead of reaching libslurm.  Each method has the signature of the
function it replaces (tests/unit/test_golden.py checks that), binds its
arguments as the recorder did and answers:

* an RPC (slurmctld, slurmdbd): the first not yet answered recorded call of the
  case with the same function and arguments, its records or its error; a call
  that was not recorded is a problem (the test fails and shows the nearest
  recorded call of that function), and so is a recorded call never made;
* a lookup (strerror, version, json_types, text, ...): from lookups.json,
  whenever asked.

A problem is also raised into the application, which may turn it into a 500;
``problems`` keeps the first message for the test to report.
"""

from __future__ import annotations

import contextlib
import difflib
import inspect
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest

from slurmrestd import slurm
from slurmrestd.slurm import Identity, Loaded, Record, releases
from slurmrestd.slurm import db as slurmdb
from tests import golden
from tests.conftest import binding_release


class UnexpectedCallError(AssertionError):
    """A binding call the golden file did not record."""


class FakeBinding:
    def __init__(self, lookups: Sequence[Mapping[str, Any]]) -> None:
        self.lookups = {entry["key"]: entry for entry in lookups}
        self.expected: list[dict[str, Any]] = []
        self.answered: list[bool] = []
        self.problems: list[str] = []
        # The application under test (the test builds it with this fake installed).
        self.client: Any = None

    # --- the case -----------------------------------------------------------------

    def expect(self, calls: Sequence[Mapping[str, Any]]) -> None:
        self.expected = [dict(c) for c in calls]
        self.answered = [False] * len(self.expected)
        self.problems = []

    def unanswered(self) -> list[dict[str, Any]]:
        return [c for c, done in zip(self.expected, self.answered, strict=True) if not done]

    def _fail(self, message: str) -> UnexpectedCallError:
        self.problems.append(message)
        return UnexpectedCallError(message)

    def _rpc(self, name: str, arguments: dict[str, Any]) -> Any:
        wanted = {"fn": name, "args": _bound(name, arguments)}
        for i, call in enumerate(self.expected):
            if self.answered[i]:
                continue
            if call["fn"] == name and _plain(name, call["args"]) == _plain(name, wanted["args"]):
                self.answered[i] = True
                if "raises" in call:
                    raise golden.decode_error(call["raises"])
                return golden.decode(call["result"])
        raise self._fail(self._unexpected(wanted))

    def _unexpected(self, wanted: dict[str, Any]) -> str:
        same = [c for c in self.expected if c["fn"] == wanted["fn"]]
        text = json.dumps(wanted, indent=1, sort_keys=True).splitlines()
        if not same:
            return "unexpected binding call:\n" + "\n".join(text)
        nearest = json.dumps({k: same[0].get(k) for k in wanted}, indent=1, sort_keys=True)
        diff = difflib.unified_diff(nearest.splitlines(), text, "recorded", "made", lineterm="")
        return "binding call differs from the recorded one:\n" + "\n".join(diff)

    def _lookup(self, name: str, arguments: dict[str, Any]) -> Any:
        args = _bound(name, arguments)
        entry = self.lookups.get(golden.lookup_key(name, args))
        if entry is None:
            raise self._fail(f"lookup not recorded: {name}({args})")
        if "raises" in entry:
            raise golden.decode_error(entry["raises"])
        return golden.decode(entry["result"])

    # --- slurmrestd.slurm ---------------------------------------------------------

    def ping(self, identity: Identity) -> list[Record]:
        return self._rpc("ping", locals())

    def ping_configured(self, identity: Identity) -> list[Record]:
        return self._rpc("ping_configured", locals())

    def diag(self, identity: Identity) -> Record:
        return self._rpc("diag", locals())

    def load_jobs(
        self, identity: Identity, update_time: int = 0, wanted: frozenset[str] | None = None
    ) -> Loaded:
        return self._rpc("load_jobs", locals())

    def load_job(
        self, identity: Identity, job_id: int, wanted: frozenset[str] | None = None
    ) -> Loaded:
        return self._rpc("load_job", locals())

    def load_nodes(
        self,
        identity: Identity,
        update_time: int = 0,
        *,
        show_flags: int | None = None,
        name: str | None = None,
        with_energy: bool = False,
        partitions_since: int | None = None,
    ) -> Loaded:
        return self._rpc("load_nodes", locals())

    def load_partitions(
        self, identity: Identity, update_time: int = 0, *, show_flags: int | None = None
    ) -> Loaded:
        return self._rpc("load_partitions", locals())

    def load_reservations(self, identity: Identity, update_time: int = 0) -> Loaded:
        return self._rpc("load_reservations", locals())

    def load_licenses(self, identity: Identity) -> Loaded:
        return self._rpc("load_licenses", locals())

    def submit_job(self, identity: Identity, values: Mapping[str, Any]) -> Record:
        return self._rpc("submit_job", locals())

    def submit_het_job(self, identity: Identity, components: Sequence[Mapping[str, Any]]) -> Record:
        return self._rpc("submit_het_job", locals())

    def update_job(self, identity: Identity, values: Mapping[str, Any]) -> list[Record]:
        return self._rpc("update_job", locals())

    def kill_job(self, identity: Identity, job_id: str, signal: int, flags: int = 0) -> None:
        self._rpc("kill_job", locals())

    def version(self) -> tuple[int, int, int]:
        return self._lookup("version", {})

    def strerror(self, errno: int) -> str:
        return self._lookup("strerror", locals())

    def constant(self, name: str) -> int:
        return self._lookup("constant", locals())

    def hostnames(self, text: str) -> list[str]:
        return self._lookup("hostnames", locals())

    def json_types(self, ctype: str) -> dict[str, dict[str, Any]]:
        return self._lookup("json_types", locals())

    # --- slurmrestd.slurm.db ------------------------------------------------------

    @contextlib.contextmanager
    def connect(self, identity: Identity) -> Iterator[FakeDb]:
        self._rpc("db.connect", locals())
        yield FakeDb(self, identity)

    def Lookups(  # noqa: N802
        self, identity: Identity, calls: Sequence[Any], db: Any
    ) -> FakeLookups:
        return FakeLookups(FakeDb(self, identity), calls)

    def text(self, func: str, value: int, *args: Any, owned: bool = False) -> str | None:
        return self._lookup("db.text", locals())

    def char_list(self, text: str) -> tuple[int, list[str]]:
        return self._lookup("db.char_list", locals())

    def parse_time(self, text: str) -> int:
        return self._lookup("db.parse_time", locals())

    def job_state_num(self, name: str) -> int:
        return self._lookup("db.job_state_num", locals())

    def cluster_name(self) -> str:
        return self._lookup("db.cluster_name", {})

    # --- installing ---------------------------------------------------------------

    SLURM_NAMES = (*golden.RPCS, *golden.LOOKUP_NAMES)
    DB_NAMES = ("connect", "Lookups", *golden.DB_LOOKUP_NAMES)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in self.SLURM_NAMES:
            monkeypatch.setattr(slurm, name, getattr(self, name))
        for name in self.DB_NAMES:
            monkeypatch.setattr(slurmdb, name, getattr(self, name))
        # The release's declarations are data (releases.py): the binding's, found without it.
        monkeypatch.setattr(slurm, "release", _binding_release)
        monkeypatch.setattr(slurm, "_load", self._no_libslurm)

    def _no_libslurm(self) -> Any:
        raise self._fail("a binding path the fake does not replace reached libslurm")


def _binding_release() -> releases.Release:
    """The release the real binding declares, read without loading libslurm."""
    name = binding_release()
    return next((r for r in releases.RELEASES if r.name == name), releases.RELEASES[0])


class FakeDb:
    """The calls of one slurmdbd connection, answered as recorded for its user."""

    def __init__(self, fake: FakeBinding, identity: Identity) -> None:
        self.fake = fake
        self.identity = identity

    def _rpc(self, name: str, arguments: dict[str, Any]) -> Any:
        return self.fake._rpc(f"Db.{name}", arguments)

    def get(self, what: str, cond: Mapping[str, Any] | None, item: str) -> list[Record]:
        return self._rpc("get", locals())

    def names(self, func: str, cond_type: str, cond: Mapping[str, Any], *extra: Any) -> Any:
        return self._rpc("names", locals())

    def add(
        self, what: str, item: str, records: Sequence[Mapping[str, Any]], init: bool = True
    ) -> int:
        return self._rpc("add", locals())

    def coord_add(self, accounts: Sequence[str], user: str) -> int:
        return self._rpc("coord_add", locals())

    def commit(self) -> int:
        return self._rpc("commit", {})

    def stats(self) -> Record:
        return self._rpc("stats", {})

    def step_list(self, text: str) -> bool:
        return self._rpc("step_list", locals())

    def jobs(self, cond: Mapping[str, Any] | None, steps: str | None = None) -> list[Record]:
        return self._rpc("jobs", locals())


class FakeLookups:
    """slurmdb.Lookups answered as recorded (tests/golden/record.py records them as their
    Db.get calls, when the request waits for them, without connections of their own)."""

    def __init__(self, db: FakeDb, calls: Sequence[Any]) -> None:
        self.db, self.calls = db, calls

    def results(self) -> list[Any]:
        return golden.lookup_results(self.db, self.calls)


def _bound(name: str, values: Mapping[str, Any]) -> Any:
    """A fake method's arguments (its locals()) bound and encoded as the recorder bound the
    real function's: the fake has the real signature, so the names are the real ones."""
    real = golden.binding_functions()[name]
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for param in inspect.signature(real).parameters.values():
        if param.name == "self":
            continue
        if param.kind is param.VAR_POSITIONAL:
            args.extend(values[param.name])
        elif param.kind is param.KEYWORD_ONLY:
            kwargs[param.name] = values[param.name]
        else:
            args.append(values[param.name])
    return json.loads(json.dumps(golden.bind(real, tuple(args), kwargs)))


def _plain(name: str, args: Any) -> Any:
    """Bound arguments without the keyword-only ones left at their defaults: a call
    recorded before a function took an option matches the same call made today."""
    if not isinstance(args, dict):
        return args
    real = golden.binding_functions()[name]
    defaults = {
        p.name: p.default
        for p in inspect.signature(real).parameters.values()
        if p.kind is p.KEYWORD_ONLY
    }
    return {k: v for k, v in args.items() if k not in defaults or v != defaults[k]}
