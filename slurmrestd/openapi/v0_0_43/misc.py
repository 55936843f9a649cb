"""v0.0.43: ping, licenses, shares, diag and the small objects, as v0.0.42's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, replace
from slurmrestd.openapi.v0_0_40.misc import Records
from slurmrestd.openapi.v0_0_42 import misc as parent
from slurmrestd.openapi.v0_0_42.misc import NoValDouble

PING = parent.PING
LICENSE = parent.LICENSE
LICENSES = parent.LICENSES
DIAG = parent.DIAG

# shares: an infinite double is dumped as 2^64 with a warning.
SHARE = replace(
    parent.SHARE,
    F("shares_normalized", "shares_norm", NoValDouble(warn=True)),
    F("effective_usage", "usage_efctv", NoValDouble(warn=True)),
    F("usage_normalized", "usage_norm", NoValDouble(warn=True)),
    F("fairshare/factor", "fs_factor", NoValDouble(warn=True)),
    F("fairshare/level", "level_fs", NoValDouble(warn=True)),
)
SHARES = replace(parent.SHARES, F("shares", "shares", Records(SHARE)))
