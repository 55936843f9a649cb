"""v0.0.41: ping, licenses, shares, diag and the small objects, as v0.0.40's differences."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, Table, drop, insert, replace
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.kinds import NAMES, NUMBER, STRING, TEXT, U64_NO_VAL
from slurmrestd.openapi.v0_0_40 import misc as parent
from slurmrestd.openapi.v0_0_40.misc import NUMBER32, U64, Records, user_name

PING = parent.PING
HOSTLIST_STRING = schemas.Named("hostlist_string", NAMES)
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

    schema = HOSTLIST_STRING

    def dump(self, value: Any, env: Env) -> Any:
        from slurmrestd import slurm

        return slurm.hostnames(value) if value else []


def _at(table: Table, path: str) -> F:
    return next(f for f in table if f.path == path)


def _move(table: Table, path: str, after: str) -> Table:
    return insert(drop(table, path), after, _at(table, path))


# rpcs: the RPC queue's counts per type, and a mean that may be unset; users by name or "".
RPC_TYPE = (
    F("type_id", "type_id", NUMBER32, required=True),
    F("message_type", "name", TEXT, required=True),
    F("count", "count", NUMBER32, required=True),
    F("queued", "queued", NUMBER32, required=True),
    F("dropped", "dropped", U64(), required=True),
    F("cycle_last", "cycle_last", NUMBER32, required=True),
    F("cycle_max", "cycle_max", NUMBER32, required=True),
    F("total_time", "time", NUMBER, required=True),
    F("average_time", None, MeanTime(), required=True),
)
RPC_USER = (
    F("user_id", "user_id", NUMBER32, required=True),
    F("user", "user_id", UserName(), required=True),
    F("count", "count", NUMBER32, required=True),
    F("total_time", "time", NUMBER, required=True),
    F("average_time", None, MeanTime(), required=True),
)
RPC_QUEUE = (
    F("type_id", "type_id", NUMBER32, required=True),
    F("message_type", "name", TEXT, required=True),
    F("count", "count", NUMBER32, required=True),
)
# The reference names the pending RPCs' host names "count".
RPC_DUMP = (
    F("type_id", "type_id", NUMBER32, required=True),
    F("message_type", "name", TEXT, required=True),
    F("count", "hostlist", Hostnames(), required=True),
)


def _records(table: Table, name: str, item: str) -> Records:
    return Records(table, schemas.array(name, schemas.obj(item, table)))


# diag: the sums beside the means, the cycles' exit reasons after their counters, and
# the RPCs pending in slurmctld's queue.
_diag = insert(
    parent.DIAG,
    "schedule_cycle_last",
    F("schedule_cycle_sum", "schedule_cycle_sum", NUMBER32),
)
_diag = insert(
    _diag,
    "schedule_cycle_per_minute",
    F("schedule_cycle_depth", "schedule_cycle_depth", NUMBER32),
)
_diag = _move(_diag, "schedule_queue_length", after="schedule_exit")
_diag = insert(_diag, "bf_cycle_last", F("bf_cycle_max", "bf_cycle_max", NUMBER32))
_diag = _move(_diag, "bf_exit", after="bf_cycle_max")
_diag = insert(_diag, "bf_table_size", F("bf_table_size_sum", "bf_table_size_sum", NUMBER32))
_diag = replace(
    _diag,
    F(
        "rpcs_by_message_type",
        "rpc_types",
        _records(RPC_TYPE, "stats_msg_rpcs_by_type", "stats_msg_rpc_type"),
    ),
    F(
        "rpcs_by_user",
        "rpc_users",
        _records(RPC_USER, "stats_msg_rpcs_by_user", "stats_msg_rpc_user"),
    ),
)
DIAG = (
    *_diag,
    F(
        "pending_rpcs",
        "rpc_queue",
        _records(RPC_QUEUE, "stats_msg_rpcs_queue", "stats_msg_rpc_queue"),
    ),
    F(
        "pending_rpcs_by_hostlist",
        "rpc_dump",
        _records(RPC_DUMP, "stats_msg_rpcs_dump", "stats_msg_rpc_dump"),
    ),
)
