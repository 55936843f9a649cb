"""v0.0.43: ping, licenses, shares, diag and the small objects, as v0.0.42's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, replace
from slurmrestd.openapi.dataparser.kinds import NUMBER
from slurmrestd.openapi.v0_0_40 import misc as v40
from slurmrestd.openapi.v0_0_40.misc import Records, share_list
from slurmrestd.openapi.v0_0_42 import misc as parent
from slurmrestd.openapi.v0_0_42.misc import NoValDouble

PING = parent.PING
LICENSE = parent.LICENSE
LICENSES = parent.LICENSES

# diag: schedule_cycle_sum a 64-bit integer whatever the release.
DIAG = replace(parent.DIAG, F("schedule_cycle_sum", "schedule_cycle_sum", NUMBER))


class ShareType(v40.ShareType):
    """A share's type, its names written inline in the document (no named type)."""

    def __init__(self) -> None:
        self.schema = {
            "type": "array",
            "items": {"type": "string", "enum": ["USER", "ASSOCIATION"]},
        }


# shares: an infinite double is dumped as 2^64 with a warning.
SHARE = replace(
    parent.SHARE,
    F("shares_normalized", "shares_norm", NoValDouble(warn=True)),
    F("effective_usage", "usage_efctv", NoValDouble(warn=True)),
    F("usage_normalized", "usage_norm", NoValDouble(warn=True)),
    F("fairshare/factor", "fs_factor", NoValDouble(warn=True)),
    F("fairshare/level", "level_fs", NoValDouble(warn=True)),
    F("type", "user", ShareType()),
)
SHARES = replace(parent.SHARES, F("shares", "shares", Records(SHARE, share_list(SHARE))))
