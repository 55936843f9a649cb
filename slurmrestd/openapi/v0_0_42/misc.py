"""v0.0.42: ping, licenses, shares, diag and the small objects, as v0.0.41's differences."""

from __future__ import annotations

import math
from typing import Any

from slurmrestd import slurm
from slurmrestd.openapi.common.engine import Env, F, Kind, insert, replace
from slurmrestd.openapi.dataparser.kinds import F64_NO_VAL, NUMBER
from slurmrestd.openapi.v0_0_40.misc import (
    NUMBER32,
    Primary,
    Records,
    Responding,
    WarnEnv,
    as_u32,
    share_list,
)
from slurmrestd.openapi.v0_0_41 import misc as parent
from slurmrestd.slurm.constants import INFINITE, NO_VAL

LICENSE = parent.LICENSE
LICENSES = parent.LICENSES

# diag: 26.05's schedule_cycle_sum is a 64-bit integer (24.11's v0.0.42 keeps 32 bits).
DIAG = replace(
    parent.DIAG,
    F(
        "schedule_cycle_sum",
        "schedule_cycle_sum",
        NUMBER32 if slurm.release().rest_v0042 == "24.11" else NUMBER,
    ),
)

# ping: whether each controller responds, and which one is the primary.
PING = insert(
    insert(parent.PING, "pinged", F("responding", "rc", Responding(), required=True)),
    "mode",
    F("primary", "index", Primary(), required=True),
)


class NoValDouble(Kind):
    """A double as a {set, infinite, number} object.

    24.11's C daemon dumps an infinite double as infinite; 26.05's passes it on as a
    number, 2^64 (with a warning from v0.0.43 on: warn); the release decides whose
    v0.0.42 it answers with (rest_v0042; 26.05's where the release's daemon has none).
    """

    schema = F64_NO_VAL.schema

    def __init__(self, *, warn: bool = False) -> None:
        self.warn = warn

    def dump(self, value: Any, env: Env) -> Any:
        value = 0.0 if value is None else float(value)
        if math.isnan(value) or value == float(NO_VAL) or as_u32(value) == NO_VAL:
            return {"set": False, "infinite": False, "number": 0.0}
        if math.isinf(value) and (self.warn or slurm.release().rest_v0042 != "24.11"):
            if self.warn and isinstance(env, WarnEnv):
                env.warnings.append(
                    {
                        "description": "Dumping (0xffffffffffffffff) as place holder for Infinity",
                        "source": "",
                    }
                )
            return {"set": True, "infinite": False, "number": float(2**64)}
        if math.isinf(value) or as_u32(value) == INFINITE:
            return {"set": False, "infinite": True, "number": 0.0}
        return {"set": True, "infinite": False, "number": value}


# shares: the usage and the fair-share factors as {set, infinite, number} objects.
SHARE = replace(
    parent.SHARE,
    F("shares_normalized", "shares_norm", NoValDouble()),
    F("effective_usage", "usage_efctv", NoValDouble()),
    F("usage_normalized", "usage_norm", NoValDouble()),
    F("fairshare/factor", "fs_factor", NoValDouble()),
    F("fairshare/level", "level_fs", NoValDouble()),
)
SHARES = replace(parent.SHARES, F("shares", "shares", Records(SHARE, share_list(SHARE))))
