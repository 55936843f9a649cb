"""Logging as the C daemon does it: stderr when stderr is a tty, syslog otherwise.

Slurm's levels are offsets from INFO: each -v (or SLURMRESTD_DEBUG step) is one
more (verbose, debug, debug2 ... debug5).  Request headers are never logged,
so a token cannot reach a log.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys

VERBOSE = 15
_LEVELS = (logging.INFO, VERBOSE, logging.DEBUG, 9, 8, 7, 6)
logging.addLevelName(VERBOSE, "VERBOSE")
for _n, _lvl in enumerate(_LEVELS[3:], start=2):
    logging.addLevelName(_lvl, f"DEBUG{_n}")

SYSLOG_SOCKET = "/dev/log"

# A credential quoted in a message: the value after a token header's name (whatever the
# separator, as a malformed header line is quoted whole), and anything shaped like a JWT.
_CREDENTIAL = re.compile(
    r"(?i)(x[-_]slurm[-_]user[-_]token|authorization)([\s:=]+(?:bearer\s+)?)[^\s'\"\\,]+"
)
_JWT = re.compile(r"eyJ[\w-]*(?:\.[\w-]*){0,2}")
REDACTED = "[redacted]"
# Longest piece of client input quoted in one message.
QUOTE_MAX = 200


def scrub(text: str) -> str:
    """text without credentials."""
    return _JWT.sub(REDACTED, _CREDENTIAL.sub(r"\1\2" + REDACTED, text))


def redact(text: str) -> str:
    """text without credentials, cut to QUOTE_MAX characters (it may come from a client)."""
    text = scrub(text)
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX] + "..."


class Redact(logging.Filter):
    """Defence in depth: no credential reaches the log, whichever library quotes a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _CREDENTIAL.search(message) or _JWT.search(message):
            record.msg = scrub(message)
            record.args = None
        return True


def level_for(debug: int) -> int:
    """The logging level of a Slurm level offset from info: below it error (-1) and fatal
    (-2 or less), above it verbose, debug, debug2 ... debug5."""
    if debug < 0:
        return logging.ERROR if debug == -1 else logging.CRITICAL
    return _LEVELS[min(debug, len(_LEVELS) - 1)]


def setup(debug: int, *, force_stderr: bool = False) -> logging.Handler:
    """Configure the root logger; return its handler (its fd survives the lockdown)."""
    handler: logging.Handler
    if force_stderr or sys.stderr.isatty() or not os.path.exists(SYSLOG_SOCKET):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("slurmrestd: %(levelname)s: %(message)s"))
    else:
        handler = logging.handlers.SysLogHandler(
            SYSLOG_SOCKET, facility=logging.handlers.SysLogHandler.LOG_DAEMON
        )
        handler.setFormatter(logging.Formatter("slurmrestd[%(process)d]: %(message)s"))
    handler.addFilter(Redact())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level_for(debug))
    return handler


def handler_fds(handler: logging.Handler) -> set[int]:
    sock = getattr(handler, "socket", None)
    if sock is not None:
        return {sock.fileno()}
    return set()
