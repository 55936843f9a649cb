"""v0.0.41: ping, licenses, shares, diag and the small objects, as v0.0.40's differences."""

from __future__ import annotations

from slurmrestd.openapi.v0_0_40 import misc as parent

PING = parent.PING
