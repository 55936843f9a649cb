"""Settings read from slurm.conf before libslurm is initialised (the master never calls Slurm)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SLURM_CONF = "/etc/slurm/slurm.conf"


def path(conf_path: str | None) -> Path:
    return Path(conf_path or os.environ.get("SLURM_CONF") or DEFAULT_SLURM_CONF)


def setting(conf_path: str | None, key: str, default: str) -> str:
    """One key of slurm.conf, case-insensitive; the last setting wins.  Raises OSError."""
    value = default
    for line in path(conf_path).read_text(errors="replace").splitlines():
        name, sep, text = line.split("#", 1)[0].strip().partition("=")
        if sep and name.strip().lower() == key.lower() and text.strip():
            value = text.strip()
    return value


def with_slurmdbd(conf_path: str | None) -> bool:
    """Whether accounting goes to slurmdbd (what the accounting plugins need)."""
    storage = setting(conf_path, "AccountingStorageType", "accounting_storage/none")
    return storage.lower() == "accounting_storage/slurmdbd"
