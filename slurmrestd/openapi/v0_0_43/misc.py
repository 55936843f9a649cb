"""v0.0.43: ping, licenses, shares, diag and the small objects, as v0.0.42's differences."""

from __future__ import annotations

from slurmrestd.openapi.v0_0_42 import misc as parent

PING = parent.PING
