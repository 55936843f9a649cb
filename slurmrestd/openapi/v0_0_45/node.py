"""v0.0.45: nodes (node_info), as v0.0.44's differences."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, drop, insert, replace
from slurmrestd.openapi.dataparser.kinds import (
    STRING,
    TEXT,
    U32_NO_VAL,
    FlagBits,
    Removed,
    UserId,
    bit,
)
from slurmrestd.openapi.v0_0_44 import node as parent
from slurmrestd.slurm import constants as c

CERT_FLAGS = parent.CERT_FLAGS

# States: POWER_DOWN_ASAP and POWER_DOWN_FORCE (two bits each) before DYNAMIC_NORM.
_FLAGS = c.NODE_STATE_FLAGS
_AT = [e[0] for e in parent.NODE_STATE_ENTRIES].index("DYNAMIC_NORM")
NODE_STATE_ENTRIES = (
    *parent.NODE_STATE_ENTRIES[:_AT],
    bit("POWER_DOWN_ASAP", c.NODE_STATE_POWER_DOWN | c.NODE_STATE_POWER_DRAIN, _FLAGS),
    bit("POWER_DOWN_FORCE", c.NODE_STATE_POWER_DOWN | c.NODE_STATE_POWERED_DOWN, _FLAGS),
    *parent.NODE_STATE_ENTRIES[_AT:],
)
NODE_STATES = FlagBits(*NODE_STATE_ENTRIES)


class ReasonUser(Kind):
    """Who set the reason, only while there is one."""

    schema = STRING
    reads = ("reason", "reason_uid")

    def dump(self, rec: Any, env: Env) -> Any:
        return UserId().dump(rec.get("reason_uid"), env) if rec.get("reason") is not None else ""


# No external_sensors, power or tres_weighted; reason_set_by_user only with a reason;
# the node's SuspendTime.
NODE = insert(
    replace(
        drop(parent.NODE, "external_sensors", "power", "tres_weighted"),
        F("next_state_after_reboot", "next_state", NODE_STATES),
        F("state", "node_state", NODE_STATES),
        F("reason_set_by_user", None, ReasonUser()),
    ),
    "reservation",
    F("suspend_time", "suspend_time", U32_NO_VAL),
)

# Updates: no reason_uid (slurmctld takes the requester), a topology address.
UPDATE_NODE = insert(
    replace(parent.UPDATE_NODE, F("reason_uid", None, Removed(None, STRING))),
    "weight",
    F("topology_str", "topology_str", TEXT),
)
