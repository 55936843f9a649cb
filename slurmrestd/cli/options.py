"""One declaration per option: it drives the parser, `-h`, validation and the man page.

design: each Option names its flags, its environment variable (if the manual
gives one), a converter that validates one raw string and raises ValueError
with a message a user can act on, a default, and its help text.  ``manual``
marks the flags of slurmrestd(8); everything else is a long-only extension.
The default values themselves are slurmrestd.defaults' (server.settings reads them too).
"""

from __future__ import annotations

import grp
import http
import pwd
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slurmrestd import defaults, openapi, slurm
from slurmrestd.openapi.dataparser import PARSERS, Parser
from slurmrestd.server.settings import RESPONSE_STATUS_CODES

AUTH_PLUGINS = ("rest_auth/local", "rest_auth/jwt")
OPENAPI_PLUGINS = openapi.NAMES
DATA_PARSERS = tuple(p.name for p in PARSERS)
SECURITY_TOKENS = ("disable_unshare_files", "disable_unshare_sysv", "disable_user_check")
# Refused, with the reason (see README, "become_user").
BECOME_USER = "become_user"
MIN_THREADS, MAX_THREADS = 2, 1024
MIN_DEBUG, MAX_DEBUG = 1, 10
# Slurm's log levels by name (SLURMRESTD_DEBUG from 24.11 on): 3 is info.
LOG_LEVELS = (
    "quiet",
    "fatal",
    "error",
    "info",
    "verbose",
    "debug",
    "debug2",
    "debug3",
    "debug4",
    "debug5",
)
LOG_LEVEL_INFO = 3
SERIALIZER_STYLES = ("compact", "pretty")


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
    """SLURMRESTD_DEBUG as the offset from info the daemon logs at.

    From 24.11 on it is Slurm's level, by number (0-9, 0 the default: info) or name
    (quiet, fatal, error, info, verbose, debug, debug2 ... debug5), as slurm.conf's
    SlurmctldDebug; 22.05 took a number of steps above info (1-10).
    """
    if slurm.release().daemon.debug_env == "offset":
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if not MIN_DEBUG <= value <= MAX_DEBUG:
            raise ValueError(
                f"Invalid env SLURMRESTD_DEBUG: {raw!r} (valid: {MIN_DEBUG}-{MAX_DEBUG})"
            )
        return value
    text = raw.strip().lower()
    level = -1
    if text.isdigit():
        level = int(text)
    elif text in LOG_LEVELS:
        level = LOG_LEVELS.index(text)
    if not 0 <= level < len(LOG_LEVELS):
        raise ValueError(
            f"Invalid env SLURMRESTD_DEBUG: {raw!r} (valid: 0-{len(LOG_LEVELS) - 1} or "
            f"{', '.join(LOG_LEVELS)})"
        )
    return level - LOG_LEVEL_INFO if level else 0


def security(raw: str) -> frozenset[str]:
    tokens = set()
    for token in _csv(raw):
        if token.lower() == BECOME_USER:
            raise ValueError(
                "SLURMRESTD_SECURITY=become_user is not supported: it needs a daemon that "
                "serves requests as root; run one daemon per user instead (see README)"
            )
        if token.lower() not in SECURITY_TOKENS:
            raise ValueError(f"Unexpected value in SLURMRESTD_SECURITY={token}")
        tokens.add(token.lower())
    return frozenset(tokens)


@dataclass(frozen=True)
class DataParsers:
    """What -d (SLURMRESTD_DATA_PARSER_PLUGINS) asked for: the versions in the order given,
    the +flags of each, and what was ignored (said once the daemon is up)."""

    parsers: tuple[Parser, ...] = ()
    flags: Mapping[str, frozenset[str]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _parser_named(name: str) -> Parser:
    text = name.strip().lower()
    if text == "latest":
        text = slurm.release().daemon.data_parser_latest or PARSERS[-1].version
    text = text.removeprefix("data_parser/")
    for parser in PARSERS:
        if parser.version == text:
            return parser
    raise ValueError(f"Unable to find data_parser plugin: {name.strip()}")


def _parser_flags(parser: Parser, given: list[str]) -> tuple[frozenset[str], list[str]]:
    flags, notes = set(), []
    for raw in given:
        flag = raw.strip().lower()
        if not flag:
            continue
        if flag in parser.flags:
            flags.add(flag)
        elif flag == "prefer_refs" and "minimize_refs" in parser.flags:
            notes.append(f"{parser.name} ignoring default flag FLAG_PREFER_REFS")
        elif not parser.quiet:
            notes.append(f"{parser.name} ignoring unknown flag {raw.strip()}")
    return frozenset(flags), notes


def data_parsers(raw: str) -> DataParsers | str:
    """-d: data_parser versions ("v0.0.42", "data_parser/v0.0.42", "latest"), comma-separated,
    each with +flags ("v0.0.42+fast+minimize_refs"); "list" lists them; none: all."""
    if raw.strip().lower() == "list":
        return "list"
    order: list[Parser] = []
    flags: dict[str, frozenset[str]] = {}
    notes: list[str] = []
    for item in _csv(raw):
        name, *given = item.split("+")
        parser = _parser_named(name)
        chosen, ignored = _parser_flags(parser, given)
        notes += ignored
        if parser not in order:
            order.append(parser)
        flags[parser.version] = flags.get(parser.version, frozenset()) | chosen
    return DataParsers(tuple(order), flags, tuple(notes))


def max_connections(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"Invalid max connection count: {raw}")
    return value


def serializer_style(name: str) -> Callable[[str], str]:
    def convert(raw: str) -> str:
        style = ""
        for token in _csv(raw):
            if token.lower() not in SERIALIZER_STYLES:
                raise ValueError(f"Unexpected value in {name}={token}")
            style = token.lower()
        return style or "pretty"

    return convert


def status_codes(raw: str) -> tuple[str, ...]:
    """SLURMRESTD_RESPONSE_STATUS_CODES: the responses every operation of the OpenAPI
    document lists ("default", a code, or its name: 200, OK, "not found")."""
    names = {s.phrase.lower(): str(s.value) for s in http.HTTPStatus}
    codes: list[str] = []
    for token in _csv(raw):
        text = token.lower()
        if text == "default":
            code = "default"
        elif text.isdigit() and 0 < int(text) < 1000:
            code = str(int(text))
        elif text in names:
            code = names[text]
        else:
            raise ValueError(f"Unable to parse {token} as HTTP status code")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValueError(f"No HTTP status code in SLURMRESTD_RESPONSE_STATUS_CODES={raw!r}")
    return tuple(codes)


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
        "data_parsers",
        ("-d",),
        "Comma-delimited list of data_parser versions to serve (data_parser/ prefix optional; "
        "'latest' is the newest the Slurm release's own slurmrestd serves: v0.0.42 on 24.11, "
        "v0.0.45 on 26.05, and v0.0.45 on 22.05, whose slurmrestd has none), each "
        "optionally followed by +flags: fast (all), prefer_refs (v0.0.41), minimize_refs "
        "and inline_enums (v0.0.42 on); flags a version lacks are ignored with a warning. "
        "'list' prints the available versions. Default: all "
        f"({', '.join(p.version for p in PARSERS)}).",
        data_parsers,
        env="SLURMRESTD_DATA_PARSER_PLUGINS",
        metavar="<data_parser plugins to load>",
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
    Option(
        "generate_openapi_spec",
        ("--generate-openapi-spec",),
        "Print the OpenAPI document of the plugins and data_parser versions selected "
        "(-s, -d) to stdout and exit; needs neither slurmctld nor a readable slurm.conf.",
        action="flag",
        default=False,
    ),
    Option(
        "help",
        ("-h", "--help"),
        "Print a brief summary of command options and exit.",
        action="exit",
    ),
    Option(
        "max_connections",
        ("--max-connections",),
        "Most connections held open at once, across the worker processes (each holds "
        "its share). When they are all open, the connection idle longest between two "
        "requests is closed for a new one; only connections in the middle of a request "
        "make a new one wait, in the listen backlog, at most until one is answered or "
        "times out (--request-timeout). Ignored in inetd mode. Default: 1000 per worker.",
        max_connections,
        env="SLURMRESTD_MAX_CONNECTIONS",
        metavar="<count>",
    ),
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
        "Set the log level explicitly: Slurm's level by name (quiet, fatal, error, info, "
        "verbose, debug, debug2 ... debug5) or number (0-9) on Slurm 24.11 and later, "
        "steps above info (1-10) on 22.05, as each release's slurmrestd; -v adds to it.",
        debug_level,
        default=0,
        env="SLURMRESTD_DEBUG",
    ),
    Option(
        "listen",
        (),
        "Comma-delimited list of [https://]host:port pairs or unix:/path sockets to listen on, "
        "in addition to those on the command line.",
        listen_list,
        default=(),
        env="SLURMRESTD_LISTEN",
    ),
    Option(
        "security",
        (),
        "Comma-delimited: disable_unshare_files, disable_unshare_sysv, disable_user_check "
        "(become_user is refused: see SECURITY).",
        security,
        default=frozenset(),
        env="SLURMRESTD_SECURITY",
    ),
    Option(
        "json",
        (),
        "JSON responses and OpenAPI documents: compact (no whitespace) or pretty "
        "(indented, the default).",
        serializer_style("SLURMRESTD_JSON"),
        default="pretty",
        env="SLURMRESTD_JSON",
    ),
    Option(
        "yaml",
        (),
        "YAML serialization: compact (no line folding) or pretty. Read from 24.11 on, "
        "as the C daemons; 22.05's always writes pretty YAML.",
        serializer_style("SLURMRESTD_YAML"),
        default="pretty",
        env="SLURMRESTD_YAML",
    ),
    Option(
        "response_status_codes",
        (),
        "Comma-delimited responses every operation of the OpenAPI document lists: "
        "'default' and status codes (by number or name). Default: 200,default.",
        status_codes,
        default=RESPONSE_STATUS_CODES,
        env="SLURMRESTD_RESPONSE_STATUS_CODES",
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
