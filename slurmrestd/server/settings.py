"""The daemon's resolved settings: what the command line and environment asked for.

Their defaults are the command line's (both read slurmrestd.defaults).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slurmrestd import defaults

if TYPE_CHECKING:
    from slurmrestd.openapi.dataparser import Parser


RESPONSE_STATUS_CODES = ("200", "default")


@dataclass(frozen=True)
class Settings:
    listen: tuple[str, ...] = ()
    auth_plugins: tuple[str, ...] = ()
    openapi_plugins: tuple[str, ...] = ()
    # No -s given: the accounting plugins are left out when there is no slurmdbd.
    openapi_default: bool = False
    # -d: the data_parser versions the content plugins bind, in the order given (none: all),
    # the +flags of each ({version: flags}) and what was ignored, logged once up.
    data_parsers: tuple[Parser, ...] = ()
    data_parser_flags: Mapping[str, frozenset[str]] = field(default_factory=dict)
    data_parser_notes: tuple[str, ...] = ()
    # --max-connections: open connections at once across the workers (None: 1000 each).
    max_connections: int | None = None
    generate_openapi_spec: bool = False
    # SLURMRESTD_JSON / SLURMRESTD_YAML: "pretty" or "compact".
    json: str = "pretty"
    yaml: str = "pretty"
    # SLURMRESTD_RESPONSE_STATUS_CODES: the responses of every operation in the document.
    response_status_codes: tuple[str, ...] = RESPONSE_STATUS_CODES
    slurm_conf: str | None = None
    uid: int | None = None
    gid: int | None = None
    threads: int = defaults.THREADS
    # Slurm log level offset: 0 is INFO, each -v (or SLURMRESTD_DEBUG step) one more;
    # -1 error, -2 fatal (SLURMRESTD_DEBUG by level, 24.11 on).
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
