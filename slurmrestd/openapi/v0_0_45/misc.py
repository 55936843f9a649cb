"""v0.0.45: ping, licenses, shares, diag and the small objects, as v0.0.44's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, drop
from slurmrestd.openapi.v0_0_40.misc import Status
from slurmrestd.openapi.v0_0_44 import misc as parent

LICENSE = parent.LICENSE
LICENSES = parent.LICENSES
SHARE = parent.SHARE
SHARES = parent.SHARES

# ping: no pinged text and no mode; slurm_ping()'s result as Slurm's text instead.
PING = (*drop(parent.PING, "pinged", "mode"), F("status", "rc", Status()))

# diag: no parts_packed (slurmctld no longer reports it).
DIAG = drop(parent.DIAG, "parts_packed")
