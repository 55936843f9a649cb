"""v0.0.40: ping, licenses, shares, diag and the small objects."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common.engine import Env, F, Kind
from slurmrestd.openapi.dataparser.kinds import BOOLEAN, NUMBER, STRING, TEXT


class Pinged(Kind):
    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return "UP" if value == 0 else "DOWN"


class Responding(Kind):
    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return value == 0


class Primary(Kind):
    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return value == 0


class Status(Kind):
    """slurm_ping()'s return code as Slurm's text for it."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return slurm.strerror(value)


PING = (
    F("hostname", "hostname", TEXT),
    F("pinged", "rc", Pinged()),
    F("latency", "latency", NUMBER),
    F("mode", "mode", TEXT),
)
