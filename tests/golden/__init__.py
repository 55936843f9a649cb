"""Golden files: requests, the binding calls they made on the lab, and the daemon's answers.

design: one JSON file per case under ``tests/golden/<plugin>/``: the HTTP
request (method, path, query, user, body), every call the application made to
the libslurm binding while answering it (function, its arguments bound to the
real signature, the returned records or the raised error) and the answer
(status, content type, body).  ``lookups.json`` holds the binding's pure
lookups (strerror, version, constant, json_types, text, ...): the same
arguments always give the same answer, so they are answered from one table,
whenever and however often the application asks.  Tokens are never recorded:
an Identity is written as its user name.

``record.py`` writes the files from the lab (``tests/conformance/test_golden.py``
runs it); ``tests/fakes/binding.py`` answers the recorded calls so that
``tests/unit/test_golden.py`` replays every case without root, lab or libslurm.
The only things this module knows of the project are the binding's names
(``slurmrestd.slurm``, ``slurmrestd.slurm.db``), the application's assembly
(``slurmrestd.server.app.build`` from ``slurmrestd.cli.parse``) and HTTP.
"""

from __future__ import annotations

import grp
import inspect
import json
import pwd
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from slurmrestd import slurm
from slurmrestd.slurm import db as slurmdb

GOLDEN_DIR = Path(__file__).resolve().parent
LOOKUPS = GOLDEN_DIR / "lookups.json"

# The daemon as the conformance suite starts it (tests/conformance/conftest.py).
# The 22.05 suite compares the versions its reference serves: the legacy plugins, by name
# (the default set also holds openapi/slurmctld, tested against 24.11's and 26.05's).
LEGACY_PLUGINS = (
    "openapi/v0.0.38,openapi/v0.0.37,openapi/v0.0.36,"
    "openapi/dbv0.0.38,openapi/dbv0.0.37,openapi/dbv0.0.36"
)
DAEMON_ARGS = ("-s", LEGACY_PLUGINS, "-a", "rest_auth/jwt", "127.0.0.1:6820")

# Calls that ask slurmctld or slurmdbd (answered per case, each exactly as recorded) ...
RPCS = (
    "ping",
    "diag",
    "load_jobs",
    "load_job",
    "load_nodes",
    "load_partitions",
    "load_reservations",
    "load_licenses",
    "submit_job",
    "submit_het_job",
    "update_job",
    "kill_job",
)
DB_RPCS = ("get", "names", "add", "coord_add", "commit", "stats", "step_list", "jobs")
# ... and lookups that only read libslurm's tables (answered from lookups.json).
LOOKUP_NAMES = ("version", "strerror", "constant", "hostnames", "json_types")
DB_LOOKUP_NAMES = ("text", "char_list", "parse_time", "job_state_num", "cluster_name")

# The client address the recordings and the replays give every request.
REMOTE_ADDR = "127.0.0.1"
REMOTE_PORT = "40000"
# How the daemon names a client in messages ([host]:port); the port moves between runs.
PEER = re.compile(r"\[[^\]\s]*\]:\d+")


def binding_functions() -> dict[str, Callable[..., Any]]:
    """Every real binding function the golden layer records or fakes, by its golden name."""
    out: dict[str, Callable[..., Any]] = {}
    for name in (*RPCS, *LOOKUP_NAMES):
        out[name] = getattr(slurm, name)
    for name in DB_LOOKUP_NAMES:
        out[f"db.{name}"] = getattr(slurmdb, name)
    out["db.connect"] = slurmdb.connect
    out["db.Lookups"] = slurmdb.Lookups
    for name in DB_RPCS:
        out[f"Db.{name}"] = getattr(slurmdb.Db, name)
    return out


def lookup_results(db: Any, calls: Any) -> list[Any]:
    """slurmdb.Lookups' results as the golden layer records and replays them: each list's
    Db.get on db, one after the other (the SlurmError in place of a failed one)."""
    out: list[Any] = []
    for call in calls:
        try:
            out.append(db.get(*call))
        except slurm.SlurmError as exc:
            out.append(exc)
    return out


def bind(func: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Any:
    """The arguments of a call by parameter name, defaults filled in (methods: without self)."""
    sig = inspect.signature(func)
    params = list(sig.parameters.values())
    if params and params[0].name == "self":
        sig = sig.replace(parameters=params[1:])
    bound = sig.bind(*args, **kwargs)
    bound.apply_defaults()
    return encode(dict(bound.arguments))


def encode(value: Any) -> Any:
    """A binding value as JSON: records stay plain; the binding's own types are tagged."""
    if isinstance(value, slurm.Identity):
        return {"$identity": value.user_name}
    if isinstance(value, slurm.Loaded):
        return {"$loaded": {"last_update": value.last_update, "records": encode(value.records)}}
    if isinstance(value, frozenset | set):
        return {"$set": sorted(encode(v) for v in value)}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot record a {type(value).__name__}: {value!r}")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$loaded" in value:
        loaded = value["$loaded"]
        return slurm.Loaded(loaded["last_update"], decode(loaded["records"]))
    if "$set" in value:
        return frozenset(decode(value["$set"]))
    if "$tuple" in value:
        return tuple(decode(value["$tuple"]))
    return {k: decode(v) for k, v in value.items()}


ERRORS: dict[str, type[Exception]] = {
    "SlurmError": slurm.SlurmError,
    "DbError": slurmdb.DbError,
    "NotModified": slurm.NotModified,
    "ValueError": ValueError,
}


def encode_error(exc: BaseException) -> dict[str, Any] | None:
    """A raised error the application handles, as JSON; None for anything else."""
    if isinstance(exc, slurm.SlurmError):
        return {
            "type": type(exc).__name__,
            "errno": exc.errno,
            "source": exc.source,
            "description": exc.description,
        }
    if isinstance(exc, slurm.NotModified | ValueError):
        return {"type": type(exc).__name__, "args": [str(a) for a in exc.args]}
    return None


def decode_error(raised: Mapping[str, Any]) -> Exception:
    kind = ERRORS[raised["type"]]
    if issubclass(kind, slurm.SlurmError):
        if kind is slurmdb.DbError:
            return slurmdb.DbError(raised["errno"], raised["source"], raised["description"])
        return slurm.SlurmError(raised["errno"], raised["source"], raised["description"] or None)
    return kind(*raised["args"])


def lookup_key(name: str, arguments: Any) -> str:
    return json.dumps([name, arguments], sort_keys=True)


def settings(slurm_conf: str) -> Any:
    """The daemon's settings as the command line of the conformance suite's daemon makes them."""
    from slurmrestd import cli

    return cli.parse(DAEMON_ARGS, {"SLURM_CONF": slurm_conf, "SLURM_JWT": "daemon"})


def build_app(slurm_conf: str) -> Any:
    """The WSGI application exactly as the server assembles it."""
    from slurmrestd.server import app

    return app.build(settings(slurm_conf))


def simulate(app: Any, request: Mapping[str, Any], token: str | None) -> dict[str, Any]:
    """Send one golden request to the WSGI application (falcon.testing's environ, without
    the wsgiref validator of TestClient, which refuses the reference's Content-Type on a
    304); the answer as recorded."""
    import falcon.testing

    headers: dict[str, str] = {}
    if request.get("user") is not None and token is not None:
        headers = {"X-SLURM-USER-NAME": request["user"], "X-SLURM-USER-TOKEN": token}
    body = request.get("body")
    if body is not None:
        headers["Content-Type"] = "application/json"
    env = falcon.testing.create_environ(
        request["path"],
        query_string=request.get("query") or "",
        method=request["method"],
        headers=headers,
        body=body or "",
        remote_addr=REMOTE_ADDR,
    )
    env["REMOTE_PORT"] = REMOTE_PORT
    start = falcon.testing.StartResponseMock()
    chunks = app(env, start)
    try:
        content = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    assert start.status is not None and start.headers is not None
    content_type = {k.lower(): v for k, v in start.headers}.get("content-type", "")
    return answer(int(start.status.split()[0]), content_type, content)


def answer(status: int, content_type: str, content: bytes) -> dict[str, Any]:
    document: Any = content.decode("utf-8", "replace")
    if content and content_type.startswith("application/json"):
        document = json.loads(content)
    return {"status": status, "content_type": content_type, "body": document}


def case_files() -> Iterator[Path]:
    yield from sorted(GOLDEN_DIR.glob("*/*.json"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def read(path: Path) -> Any:
    return json.loads(path.read_text())


def write(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")


# --- the machine's users and groups -----------------------------------------------------
# The application names uids and gids through pwd and grp (job owners, X-SLURM-USER-NAME).
# Their numbers differ from machine to machine, so a recording notes every entry looked up
# (accounts.json) and a replay answers from those notes only.
ACCOUNTS = GOLDEN_DIR / "accounts.json"
ACCOUNT_LOOKUPS = (
    (pwd, "getpwuid", "passwd"),
    (pwd, "getpwnam", "passwd"),
    (grp, "getgrgid", "group"),
    (grp, "getgrnam", "group"),
)


def noting_accounts(mp: Any, noted: dict[str, dict[str, list[Any]]]) -> None:
    """Wrap pwd/grp lookups (with MonkeyPatch mp) so that every entry found lands in noted."""
    for module, name, table in ACCOUNT_LOOKUPS:
        real = getattr(module, name)

        def note(key: Any, real: Any = real, table: str = table) -> Any:
            entry = real(key)
            noted.setdefault(table, {})[entry[0]] = list(entry)
            return entry

        mp.setattr(module, name, note)


def replaying_accounts(mp: Any, accounts: Mapping[str, Mapping[str, list[Any]]]) -> None:
    """pwd/grp lookups answered from a recording's accounts only (KeyError for the rest)."""
    passwd = [pwd.struct_passwd(e) for e in accounts.get("passwd", {}).values()]
    groups = [grp.struct_group(e) for e in accounts.get("group", {}).values()]

    def finder(entries: list[Any], field: int, what: str) -> Callable[[Any], Any]:
        def find(key: Any) -> Any:
            for entry in entries:
                if entry[field] == key:
                    return entry
            raise KeyError(f"{what}: {key!r} not in {ACCOUNTS.name}")

        return find

    mp.setattr(pwd, "getpwuid", finder(passwd, 2, "getpwuid"))
    mp.setattr(pwd, "getpwnam", finder(passwd, 0, "getpwnam"))
    mp.setattr(grp, "getgrgid", finder(groups, 2, "getgrgid"))
    mp.setattr(grp, "getgrnam", finder(groups, 0, "getgrnam"))


def write_accounts(noted: Mapping[str, Mapping[str, list[Any]]]) -> None:
    """accounts.json: the entries noted, without passwords, homes or shells."""
    out: dict[str, dict[str, list[Any]]] = {}
    for table, entries in sorted(noted.items()):
        for name, entry in sorted(entries.items()):
            if table == "passwd":  # name, passwd, uid, gid, gecos, dir, shell
                entry = [entry[0], "x", entry[2], entry[3], "", "/nonexistent", "/bin/false"]
            else:  # name, passwd, gid, members
                entry = [entry[0], "x", entry[2], []]
            out.setdefault(table, {})[name] = entry
    write(ACCOUNTS, out)
