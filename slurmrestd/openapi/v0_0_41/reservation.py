"""v0.0.41: reservations (reserve_info), as v0.0.40's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, replace
from slurmrestd.openapi.dataparser.kinds import FlagBits, bit
from slurmrestd.openapi.v0_0_40 import reservation as parent
from slurmrestd.slurm import constants as c

CORE_SPEC = parent.CORE_SPEC

# Whether users may delete the reservation.
RESERVATION_FLAG_ENTRIES = (
    *parent.RESERVATION_FLAG_ENTRIES[:-1],
    bit("USER_DELETE", c.RESERVE_FLAG_USER_DEL),
    bit("NO_USER_DELETE", c.RESERVE_FLAG_NO_USER_DEL),
    parent.RESERVATION_FLAG_ENTRIES[-1],
)
RESERVATION_FLAGS = FlagBits(*RESERVATION_FLAG_ENTRIES)

RESERVATION = replace(parent.RESERVATION, F("flags", "flags", RESERVATION_FLAGS))
