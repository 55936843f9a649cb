"""The daemon's resolved settings: what the command line and environment asked for.

Their defaults are the command line's (both read slurmrestd.defaults).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slurmrestd import defaults


@dataclass(frozen=True)
class Settings:
    listen: tuple[str, ...] = ()
    auth_plugins: tuple[str, ...] = ()
    openapi_plugins: tuple[str, ...] = ()
    # No -s given: the accounting plugins are left out when there is no slurmdbd.
    openapi_default: bool = False
    slurm_conf: str | None = None
    uid: int | None = None
    gid: int | None = None
    threads: int = defaults.THREADS
    # Slurm log level offset: 0 is INFO, each -v (or SLURMRESTD_DEBUG step) one more.
    debug: int = 0
    security: frozenset[str] = field(default_factory=frozenset)
    slurm_jwt: str | None = None
    workers: int = field(default_factory=defaults.workers)
    max_body_size: int = defaults.MAX_BODY_SIZE
    keep_alive: int = defaults.KEEP_ALIVE
    request_timeout: int = defaults.REQUEST_TIMEOUT
    graceful_timeout: int = defaults.GRACEFUL_TIMEOUT
    jwt_key: str | None = None
    jwks: str | None = None
    metrics: str | None = None
    access_log: bool = False

    @property
    def inetd(self) -> bool:
        return not self.listen

    @property
    def unshare_files(self) -> bool:
        return "disable_unshare_files" not in self.security

    @property
    def unshare_sysv(self) -> bool:
        return "disable_unshare_sysv" not in self.security

    @property
    def check_user(self) -> bool:
        return "disable_user_check" not in self.security
