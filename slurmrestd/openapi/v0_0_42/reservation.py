"""v0.0.42: reservations (reserve_info), as v0.0.41's."""

from __future__ import annotations

from slurmrestd.openapi.v0_0_41 import reservation as parent

CORE_SPEC = parent.CORE_SPEC
RESERVATION_FLAG_ENTRIES = parent.RESERVATION_FLAG_ENTRIES
RESERVATION_FLAGS = parent.RESERVATION_FLAGS
RESERVATION = parent.RESERVATION
