"""The daemon's resolved settings: what the command line and environment asked for."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    threads: int = 20
    # Slurm log level offset: 0 is INFO, each -v (or SLURMRESTD_DEBUG step) one more.
    debug: int = 0
    security: frozenset[str] = field(default_factory=frozenset)
    slurm_jwt: str | None = None
    workers: int = 1  # the command line's default is one per CPU (cli.options)
    max_body_size: int = 50 * 1024 * 1024
    keep_alive: int = 5
    request_timeout: int = 10
    graceful_timeout: int = 10
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
