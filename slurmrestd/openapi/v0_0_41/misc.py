"""v0.0.41: ping, licenses, shares, diag and the small objects, as v0.0.40's differences."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, Table, drop, insert, replace
from slurmrestd.openapi.dataparser.kinds import NAMES, NUMBER, STRING, TEXT, U64_NO_VAL
from slurmrestd.openapi.v0_0_40 import misc as parent
from slurmrestd.openapi.v0_0_40.misc import U64, Records, user_name

PING = parent.PING
LICENSE = parent.LICENSE
LICENSES = parent.LICENSES
SHARE = parent.SHARE
SHARES = parent.SHARES


class MeanTime(Kind):
    """An RPC type's or user's mean time: unset without time or count."""

    schema = U64_NO_VAL.schema
    reads = ("time", "count")

    def dump(self, rec: Any, env: Env) -> Any:
        time, count = rec.get("time") or 0, rec.get("count") or 0
        return U64_NO_VAL.dump(time // count if time > 0 and count > 0 else None, env)


class UserName(Kind):
    """A uid as its user name; "" when it has none."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        return user_name(value) or ""


class Hostnames(Kind):
    """A hostlist expression as its host names."""

    schema = NAMES

    def dump(self, value: Any, env: Env) -> Any:
        from slurmrestd import slurm

        return slurm.hostnames(value) if value else []


def _at(table: Table, path: str) -> F:
    return next(f for f in table if f.path == path)


def _move(table: Table, path: str, after: str) -> Table:
    return insert(drop(table, path), after, _at(table, path))


# rpcs: the RPC queue's counts per type, and a mean that may be unset; users by name or "".
RPC_TYPE = (
    F("type_id", "type_id", NUMBER),
    F("message_type", "name", TEXT),
    F("count", "count", NUMBER),
    F("queued", "queued", NUMBER),
    F("dropped", "dropped", U64()),
    F("cycle_last", "cycle_last", NUMBER),
    F("cycle_max", "cycle_max", NUMBER),
    F("total_time", "time", NUMBER),
    F("average_time", None, MeanTime()),
)
RPC_USER = (
    F("user_id", "user_id", NUMBER),
    F("user", "user_id", UserName()),
    F("count", "count", NUMBER),
    F("total_time", "time", NUMBER),
    F("average_time", None, MeanTime()),
)
RPC_QUEUE = (
    F("type_id", "type_id", NUMBER),
    F("message_type", "name", TEXT),
    F("count", "count", NUMBER),
)
# The reference names the pending RPCs' host names "count".
RPC_DUMP = (
    F("type_id", "type_id", NUMBER),
    F("message_type", "name", TEXT),
    F("count", "hostlist", Hostnames()),
)

# diag: the sums beside the means, the cycles' exit reasons after their counters, and
# the RPCs pending in slurmctld's queue.
_diag = insert(
    parent.DIAG,
    "schedule_cycle_last",
    F("schedule_cycle_sum", "schedule_cycle_sum", NUMBER),
)
_diag = insert(
    _diag,
    "schedule_cycle_per_minute",
    F("schedule_cycle_depth", "schedule_cycle_depth", NUMBER),
)
_diag = _move(_diag, "schedule_queue_length", after="schedule_exit")
_diag = insert(_diag, "bf_cycle_last", F("bf_cycle_max", "bf_cycle_max", NUMBER))
_diag = _move(_diag, "bf_exit", after="bf_cycle_max")
_diag = insert(_diag, "bf_table_size", F("bf_table_size_sum", "bf_table_size_sum", NUMBER))
_diag = replace(
    _diag,
    F("rpcs_by_message_type", "rpc_types", Records(RPC_TYPE)),
    F("rpcs_by_user", "rpc_users", Records(RPC_USER)),
)
DIAG = (
    *_diag,
    F("pending_rpcs", "rpc_queue", Records(RPC_QUEUE)),
    F("pending_rpcs_by_hostlist", "rpc_dump", Records(RPC_DUMP)),
)
