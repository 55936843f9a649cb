"""Authentication plugins (`-a`): rest_auth/local and rest_auth/jwt.

design: each plugin looks at a request and answers skip, accept (with the
Identity the request will run as in libslurm) or reject.  They are tried in
order, as in the reference: the first accept wins, a reject ends the search,
and when every plugin skipped the request is not authenticated (401).
"""

from __future__ import annotations

import enum
import logging
import pwd
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from slurmrestd.slurm import Identity

log = logging.getLogger("slurmrestd.auth")

HEADER_USER_NAME = "X-SLURM-USER-NAME"
HEADER_USER_TOKEN = "X-SLURM-USER-TOKEN"
HEADER_AUTHORIZATION = "Authorization"


class Outcome(enum.Enum):
    SKIP = "skip"
    ACCEPT = "accept"
    REJECT = "reject"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    identity: Identity | None = None
    reason: str = ""


SKIP = Result(Outcome.SKIP)


def accept(identity: Identity) -> Result:
    return Result(Outcome.ACCEPT, identity)


def reject(reason: str) -> Result:
    return Result(Outcome.REJECT, reason=reason)


class Request(Protocol):
    """What a plugin reads of a request (a falcon.Request satisfies it)."""

    env: dict[str, Any]

    def get_header(self, name: str) -> str | None: ...


class Plugin(Protocol):
    name: str

    def authenticate(self, req: Request) -> Result: ...


def identity_for(user_name: str, token: str | None) -> Identity:
    """The Identity of a named user; uid/gid stay -1 when the name is not a local user."""
    try:
        pw = pwd.getpwnam(user_name)
        uid, gid = pw.pw_uid, pw.pw_gid
    except KeyError:
        uid = gid = -1
    return Identity(user_name, uid, gid, token)


def chain(plugins: Sequence[Plugin]) -> Callable[[Request], Identity | None]:
    """An authenticator for the api layer: the identity, or None for a 401."""

    def authenticate(req: Request) -> Identity | None:
        for plugin in plugins:
            try:
                result = plugin.authenticate(req)
            except ValueError as exc:  # e.g. a NUL byte in a header
                result = reject(str(exc))
            if result.outcome is Outcome.SKIP:
                continue
            if result.outcome is Outcome.ACCEPT:
                return result.identity
            log.info("%s rejected a request: %s", plugin.name, result.reason)
            return None
        return None

    return authenticate
