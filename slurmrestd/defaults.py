"""The daemon's defaults, each declared once: the command line's options (cli.options), the
settings they resolve to (server.settings) and the API layer's body limit (api.resource) read
them here.

design: a leaf module that imports nothing of the project, so that every layer may read it
without importing a layer above its own.
"""

from __future__ import annotations

import os

THREADS = 20
# --workers by default: one per CPU this process may run on, at most this many.
MAX_DEFAULT_WORKERS = 8
MAX_BODY_SIZE = 50 * 1024 * 1024
KEEP_ALIVE = 5
REQUEST_TIMEOUT = 10
GRACEFUL_TIMEOUT = 10


def workers() -> int:
    """One worker process per usable CPU (at most MAX_DEFAULT_WORKERS): a worker runs
    Python, which holds one CPU at a time (measured in the README's Performance section)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_DEFAULT_WORKERS))
