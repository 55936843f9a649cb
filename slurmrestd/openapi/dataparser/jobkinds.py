"""The kinds slurmctld's and slurmdbd's job records share in the data_parser versions:
flag arrays (the job state), wait() statuses, user and group names, hold, SLUIDs.

design: a flag array is (name, value, mask) in the reference's order.  mask None:
a bit, named when all its bits are set (a bit a release does not define is 0 and
never named).  Otherwise an equality, named when value & mask is the value; the
bits of a matched mask are not named again (the data_parser's "used equal bits").
"""

from __future__ import annotations

import grp
import pwd
from typing import Any

from slurmrestd.openapi.common.engine import Env, Kind
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.kinds import BOOLEAN, NAMES, STRING, U16_NO_VAL, U32_NO_VAL
from slurmrestd.slurm import constants as c
from slurmrestd.slurm import db as slurmdb

FlagName = tuple[str, int, int | None]


def flag_schema(schema_name: str | None, names: list[str]) -> Any:
    """A flag array's schema: its named type, or (None) its names written inline."""
    if schema_name is None:
        return {"type": "array", "items": {"type": "string", "enum": names}}
    return schemas.flags(schema_name, names)


class Flags(Kind):
    """A flag array (see the module's design); schema: its schema in the document."""

    def __init__(self, *names: FlagName, schema: Any = NAMES) -> None:
        self.names = names
        self.schema = schema

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        out: list[str] = []
        used = 0
        for name, bit, mask in self.names:
            if mask is None:
                if bit and not used & bit and value & bit == bit:
                    out.append(name)
            elif value & mask == bit & mask:
                used |= mask
                out.append(name)
        return out


def named_flags(schema_name: str | None, *names: FlagName) -> Flags:
    """A flag array whose document names its type (None: its names inline)."""
    return Flags(*names, schema=flag_schema(schema_name, [n for n, _bit, _mask in names]))


def bits(*names: tuple[str, int]) -> tuple[tuple[str, int, None], ...]:
    return tuple((name, bit, None) for name, bit in names)


# A job's (or step's) state: its base state, then its flags.
JOB_STATE_NAMES: tuple[FlagName, ...] = (
    *(
        (name, state, c.JOB_STATE_BASE)
        for state, name in (
            (c.JOB_PENDING, "PENDING"),
            (c.JOB_RUNNING, "RUNNING"),
            (c.JOB_SUSPENDED, "SUSPENDED"),
            (c.JOB_COMPLETE, "COMPLETED"),
            (c.JOB_CANCELLED, "CANCELLED"),
            (c.JOB_FAILED, "FAILED"),
            (c.JOB_TIMEOUT, "TIMEOUT"),
            (c.JOB_NODE_FAIL, "NODE_FAIL"),
            (c.JOB_PREEMPTED, "PREEMPTED"),
            (c.JOB_BOOT_FAIL, "BOOT_FAIL"),
            (c.JOB_DEADLINE, "DEADLINE"),
            (c.JOB_OOM, "OUT_OF_MEMORY"),
        )
    ),
    *bits(
        ("LAUNCH_FAILED", c.JOB_LAUNCH_FAILED),
        ("REQUEUED", c.JOB_REQUEUE),
        ("REQUEUE_HOLD", c.JOB_REQUEUE_HOLD),
        ("SPECIAL_EXIT", c.JOB_SPECIAL_EXIT),
        ("RESIZING", c.JOB_RESIZING),
        ("CONFIGURING", c.JOB_CONFIGURING),
        ("COMPLETING", c.JOB_COMPLETING),
        ("STOPPED", c.JOB_STOPPED),
        ("RECONFIG_FAIL", c.JOB_RECONFIG_FAIL),
        ("POWER_UP_NODE", c.JOB_POWER_UP_NODE),
        ("REVOKED", c.JOB_REVOKED),
        ("REQUEUE_FED", c.JOB_REQUEUE_FED),
        ("RESV_DEL_HOLD", c.JOB_RESV_DEL_HOLD),
        ("SIGNALING", c.JOB_SIGNALING),
        ("STAGE_OUT", c.JOB_STAGE_OUT),
    ),
)

EXIT_STATUSES = ["INVALID", "PENDING", "SUCCESS", "ERROR", "SIGNALED", "CORE_DUMPED"]


class ExitCode(Kind):
    """A wait() status as {status: [..], return_code, signal: {id, name}}.

    status_name: the named type of its status array (None: written inline);
    schema: the whole object's schema where the version names none.  A 32-bit
    NO_VAL is pending whatever the C field's sign (slurmdbd's steps keep an
    int32: -2); the rest is read as wait()'s bits.
    """

    def __init__(
        self, status_name: str | None = "process_exit_code_status", schema: Any = None
    ) -> None:
        self.schema = schema or schemas.Named(
            "process_exit_code_verbose",
            {
                "type": "object",
                "properties": {
                    "status": flag_schema(status_name, EXIT_STATUSES),
                    "return_code": U32_NO_VAL.schema,
                    "signal": {
                        "type": "object",
                        "properties": {"id": U16_NO_VAL.schema, "name": STRING},
                    },
                },
            },
        )

    def dump(self, value: Any, env: Env) -> Any:
        status, code, sig = "INVALID", c.NO_VAL, c.NO_VAL16
        if value is None or value & 0xFFFFFFFF == c.NO_VAL:
            status = "PENDING"
        else:
            value &= 0xFFFFFFFF
            termsig = value & 0x7F
            if termsig == 0:  # exited
                code = (value >> 8) & 0xFF
                status = "ERROR" if code else "SUCCESS"
            elif termsig != 0x7F:  # killed by a signal
                status, sig = "SIGNALED", termsig
            elif value & 0x80:
                status = "CORE_DUMPED"
            else:
                code = value
        return {
            "status": [status],
            "return_code": U32_NO_VAL.dump(code, env),
            "signal": {
                "id": U16_NO_VAL.dump(sig, env),
                "name": "" if sig == c.NO_VAL16 else slurmdb.signal_name(sig),
            },
        }


class UserName(Kind):
    """A uid as the name this host gives it ("" when none)."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        try:
            return pwd.getpwuid(value).pw_name
        except (KeyError, OverflowError, TypeError):
            return ""


class GroupName(Kind):
    """A gid as the name this host gives it ("" when none)."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        try:
            return grp.getgrgid(value).gr_name
        except (KeyError, OverflowError, TypeError):
            return ""


class Hold(Kind):
    """A job held: its priority is 0."""

    schema = BOOLEAN

    def dump(self, value: Any, env: Env) -> Any:
        return value == 0


# Crockford's base32, as Slurm writes a SLUID.
_B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def sluid_text(sluid: int) -> str:
    if not sluid:
        return ""
    return "s" + "".join(_B32[(sluid >> (5 * i)) & 0x1F] for i in reversed(range(13)))
