"""v0.0.45: reservations (reserve_info), as v0.0.44's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import drop
from slurmrestd.openapi.v0_0_44 import reservation as parent

CORE_SPEC = parent.CORE_SPEC
RESERVATION_FLAG_ENTRIES = parent.RESERVATION_FLAG_ENTRIES
RESERVATION_FLAGS = parent.RESERVATION_FLAGS

# No watts.
RESERVATION = drop(parent.RESERVATION, "watts")
RESERVATION_DESC = parent.RESERVATION_DESC
