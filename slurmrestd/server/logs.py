"""Logging as the C daemon does it: stderr when stderr is a tty, syslog otherwise.

Slurm's levels are offsets from INFO: each -v (or SLURMRESTD_DEBUG step) is one
more (verbose, debug, debug2 ... debug5).  Request headers are never logged,
so a token cannot reach a log.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys

VERBOSE = 15
_LEVELS = (logging.INFO, VERBOSE, logging.DEBUG, 9, 8, 7, 6)
logging.addLevelName(VERBOSE, "VERBOSE")
for _n, _lvl in enumerate(_LEVELS[3:], start=2):
    logging.addLevelName(_lvl, f"DEBUG{_n}")

SYSLOG_SOCKET = "/dev/log"


def level_for(debug: int) -> int:
    return _LEVELS[max(0, min(debug, len(_LEVELS) - 1))]


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
