"""One declaration per option: it drives the parser, `-h`, validation and the man page.

design: each Option names its flags, its environment variable (if the manual
gives one), a converter that validates one raw string and raises ValueError
with a message a user can act on, a default, and its help text.  ``manual``
marks the flags of slurmrestd(8); everything else is a long-only extension.
The default values themselves are slurmrestd.defaults' (server.settings reads them too).
"""

from __future__ import annotations

import grp
import pwd
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slurmrestd import defaults, openapi

AUTH_PLUGINS = ("rest_auth/local", "rest_auth/jwt")
OPENAPI_PLUGINS = openapi.NAMES
SECURITY_TOKENS = ("disable_unshare_files", "disable_unshare_sysv", "disable_user_check")
MIN_THREADS, MAX_THREADS = 2, 1024
MIN_DEBUG, MAX_DEBUG = 1, 10


def _csv(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _plugins(raw: str, prefix: str, known: tuple[str, ...], kind: str) -> list[str] | str:
    if raw.strip().lower() == "list":
        return "list"
    names = []
    for item in _csv(raw):
        name = item if item.startswith(prefix) else prefix + item
        if name not in known:
            raise ValueError(f"Unable to find {kind} plugin: {name}")
        if name not in names:
            names.append(name)
    if not names:
        raise ValueError(f"no {kind} plugin named in {raw!r}")
    return names


def auth_plugins(raw: str) -> list[str] | str:
    return _plugins(raw, "rest_auth/", AUTH_PLUGINS, "authentication")


def openapi_plugins(raw: str) -> list[str] | str:
    return _plugins(raw, "openapi/", OPENAPI_PLUGINS, "OpenAPI")


def thread_count(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"Invalid thread count: {raw!r}") from None
    if value < MIN_THREADS:
        raise ValueError(f"Request at least {MIN_THREADS} threads for processing")
    if value > MAX_THREADS:
        raise ValueError(f"Excessive thread count {value} (at most {MAX_THREADS})")
    return value


def debug_level(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not MIN_DEBUG <= value <= MAX_DEBUG:
        raise ValueError(f"Invalid env SLURMRESTD_DEBUG: {raw!r} (valid: {MIN_DEBUG}-{MAX_DEBUG})")
    return value


def security(raw: str) -> frozenset[str]:
    tokens = set()
    for token in _csv(raw):
        if token.lower() not in SECURITY_TOKENS:
            raise ValueError(f"Unexpected value in SLURMRESTD_SECURITY={token}")
        tokens.add(token.lower())
    return frozenset(tokens)


def user(raw: str) -> int:
    try:
        return pwd.getpwuid(int(raw)).pw_uid if raw.isdigit() else pwd.getpwnam(raw).pw_uid
    except (KeyError, OverflowError):
        raise ValueError(f"Unable to resolve user: {raw}") from None


def group(raw: str) -> int:
    try:
        return grp.getgrgid(int(raw)).gr_gid if raw.isdigit() else grp.getgrnam(raw).gr_gid
    except (KeyError, OverflowError):
        raise ValueError(f"Unable to resolve group: {raw}") from None


def positive_int(name: str, low: int = 1, high: int | None = None) -> Callable[[str], int]:
    def convert(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{name} must be an integer, not {raw!r}") from None
        if value < low or (high is not None and value > high):
            bound = f"{low}..{high}" if high is not None else f">= {low}"
            raise ValueError(f"{name} must be {bound}, not {value}")
        return value

    return convert


def seconds(name: str) -> Callable[[str], int]:
    def convert(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{name} must be a whole number of seconds, not {raw!r}") from None
        if not 0 <= value <= 3600:
            raise ValueError(f"{name} must be between 0 and 3600 seconds, not {raw}")
        return value

    return convert


def readable_file(name: str) -> Callable[[str], str]:
    def convert(raw: str) -> str:
        try:
            with open(raw, "rb"):
                pass
        except OSError as exc:
            raise ValueError(f"{name} {raw}: {exc.strerror}") from None
        return raw

    return convert


def metrics_address(raw: str) -> str:
    _host, sep, port = raw.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--metrics needs host:port, not {raw!r}")
    return raw


def listen_list(raw: str) -> list[str]:
    return _csv(raw)


@dataclass(frozen=True)
class Option:
    """One command-line option and/or environment variable."""

    dest: str
    flags: tuple[str, ...]
    help: str
    convert: Callable[[str], Any] | None = None
    default: Any = None
    env: str | None = None
    metavar: str | None = None
    # "store": takes a value; "count": repeatable flag; "flag": on/off; "exit": -h/-V style
    action: str = "store"
    manual: bool = True


OPTIONS: tuple[Option, ...] = (
    Option(
        "auth_plugins",
        ("-a",),
        "Comma-delimited list of authentication plugins to load (rest_auth/ prefix "
        "optional); 'list' prints the available plugins. Default: all, tried in this order: "
        f"{', '.join(AUTH_PLUGINS)}.",
        auth_plugins,
        env="SLURMRESTD_AUTH_TYPES",
        metavar="<authentication plugins>",
    ),
    Option(
        "slurm_conf",
        ("-f",),
        "Read Slurm configuration from the specified file (sets SLURM_CONF).",
        str,
        env="SLURM_CONF",
        metavar="<file>",
    ),
    Option(
        "gid",
        ("-g",),
        "Change group id (and drop supplementary groups) before processing client "
        "requests. Default with -u: the user's primary group.",
        group,
        metavar="<group id>",
    ),
    Option("help", ("-h",), "Print a brief summary of command options and exit.", action="exit"),
    Option(
        "openapi_plugins",
        ("-s",),
        "Comma-delimited list of OpenAPI plugins to load (openapi/ prefix optional); "
        "'list' prints the available plugins. Default: all (the accounting plugins "
        "only when slurm.conf sends accounting to slurmdbd).",
        openapi_plugins,
        env="SLURMRESTD_OPENAPI_PLUGINS",
        metavar="<OpenAPI plugins to load>",
    ),
    Option(
        "threads",
        ("-t",),
        f"Number of threads per worker process to serve client connections "
        f"({MIN_THREADS}..{MAX_THREADS}). Ignored in inetd mode. Default: {defaults.THREADS}.",
        thread_count,
        default=defaults.THREADS,
        metavar="<thread count>",
    ),
    Option(
        "uid",
        ("-u",),
        "Change user id before processing client requests. Must not be root or SlurmUser.",
        user,
        metavar="<user id>",
    ),
    Option(
        "verbose",
        ("-v",),
        "Verbose operation. Multiple -v's increase verbosity.",
        action="count",
        default=0,
    ),
    Option("version", ("-V",), "Print version information and exit.", action="exit"),
    # Environment-only settings of the manual.
    Option(
        "debug",
        (),
        "Set debug level explicitly (1-10); -v adds to it.",
        debug_level,
        default=0,
        env="SLURMRESTD_DEBUG",
    ),
    Option(
        "listen",
        (),
        "Comma-delimited list of host:port pairs or unix:/path sockets to listen on, "
        "in addition to those on the command line.",
        listen_list,
        default=(),
        env="SLURMRESTD_LISTEN",
    ),
    Option(
        "security",
        (),
        "Comma-delimited: disable_unshare_files, disable_unshare_sysv, disable_user_check.",
        security,
        default=frozenset(),
        env="SLURMRESTD_SECURITY",
    ),
    Option(
        "slurm_jwt",
        (),
        "Set to 'daemon' to talk to slurmctld/slurmdbd with the client's JWT.",
        str,
        env="SLURM_JWT",
    ),
    # Long-only extensions (not in the manual); each is default-safe.
    Option(
        "workers",
        ("--workers",),
        "Number of worker processes, each with -t threads. Default: one per CPU this "
        f"process may run on, at most {defaults.MAX_DEFAULT_WORKERS}.",
        positive_int("--workers", 1, 64),
        default=defaults.workers(),
        metavar="N",
        manual=False,
    ),
    Option(
        "max_body_size",
        ("--max-body-size",),
        "Largest request body accepted, in bytes; larger bodies get 413. "
        f"Default: {defaults.MAX_BODY_SIZE}.",
        positive_int("--max-body-size", 1),
        default=defaults.MAX_BODY_SIZE,
        metavar="BYTES",
        manual=False,
    ),
    Option(
        "keep_alive",
        ("--keep-alive",),
        f"Seconds an idle keep-alive connection is held open. Default: {defaults.KEEP_ALIVE}.",
        seconds("--keep-alive"),
        default=defaults.KEEP_ALIVE,
        metavar="SECONDS",
        manual=False,
    ),
    Option(
        "request_timeout",
        ("--request-timeout",),
        "Seconds a client has to send a request's head: a new connection from its start, a "
        "kept-alive one from the request's first byte (a body gets one more second per 64 KiB). "
        "No worker thread waits meanwhile; a client that is too slow gets 408. "
        f"Default: {defaults.REQUEST_TIMEOUT}.",
        positive_int("--request-timeout", 1, 3600),
        default=defaults.REQUEST_TIMEOUT,
        metavar="SECONDS",
        manual=False,
    ),
    Option(
        "jwt_key",
        ("--jwt-key",),
        "HS256 key file (as slurm.conf's jwt_key=): verify tokens here first and answer "
        "401 without any RPC when they fail. Default: pass tokens through unverified.",
        readable_file("--jwt-key"),
        metavar="FILE",
        manual=False,
    ),
    Option(
        "jwks",
        ("--jwks",),
        "JWKS file of public keys (as slurm.conf's jwks=): verify RS256 tokens here first.",
        readable_file("--jwks"),
        metavar="FILE",
        manual=False,
    ),
    Option(
        "metrics",
        ("--metrics",),
        "Serve Prometheus metrics (GET /metrics) on this separate host:port. Default: off.",
        metrics_address,
        metavar="HOST:PORT",
        manual=False,
    ),
    Option(
        "access_log",
        ("--access-log",),
        "Log every request in the combined log format (no header but User-Agent and Referer "
        "is logged, so never a token). Default: off.",
        action="flag",
        default=False,
        manual=False,
    ),
    Option(
        "graceful_timeout",
        ("--graceful-timeout",),
        "Seconds SIGINT/SIGTERM waits for requests in flight before exiting. "
        f"Default: {defaults.GRACEFUL_TIMEOUT}.",
        seconds("--graceful-timeout"),
        default=defaults.GRACEFUL_TIMEOUT,
        metavar="SECONDS",
        manual=False,
    ),
)
