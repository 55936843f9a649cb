"""v0.0.44: reservations (reserve_info), as v0.0.43's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, replace
from slurmrestd.openapi.dataparser.kinds import FlagBits, bit
from slurmrestd.openapi.v0_0_43 import reservation as parent
from slurmrestd.slurm import constants as c

CORE_SPEC = parent.CORE_SPEC

# Flags: NO_ANY_NODES, REPLACE_DOWN, NO_MAGNETIC, FORCE_START, TRES_PER_NODE.
_BY_NAME = {entry[0]: entry for entry in parent.RESERVATION_FLAG_ENTRIES}
_ORDER = (
    "MAINT",
    "NO_MAINT",
    "DAILY",
    "NO_DAILY",
    "WEEKLY",
    "NO_WEEKLY",
    "IGNORE_JOBS",
    "NO_IGNORE_JOBS",
    "ANY_NODES",
    "NO_ANY_NODES",
    "STATIC",
    "NO_STATIC",
    "PART_NODES",
    "NO_PART_NODES",
    "OVERLAP",
    "SPEC_NODES",
    "TIME_FLOAT",
    "REPLACE",
    "ALL_NODES",
    "PURGE_COMP",
    "WEEKDAY",
    "NO_WEEKDAY",
    "WEEKEND",
    "NO_WEEKEND",
    "FLEX",
    "NO_FLEX",
    "DURATION_PLUS",
    "DURATION_MINUS",
    "NO_HOLD_JOBS_AFTER_END",
    "REPLACE_DOWN",
    "NO_PURGE_COMP",
    "MAGNETIC",
    "NO_MAGNETIC",
    "SKIP",
    "HOURLY",
    "NO_HOURLY",
    "USER_DELETE",
    "FORCE_START",
    "NO_USER_DELETE",
    "REOCCURRING",
    "TRES_PER_NODE",
)
_NEW = {
    "NO_ANY_NODES": bit("NO_ANY_NODES", c.RESERVE_FLAG_NO_ANY_NODES),
    "REPLACE_DOWN": bit("REPLACE_DOWN", c.RESERVE_FLAG_REPLACE_DOWN),
    "NO_MAGNETIC": bit("NO_MAGNETIC", c.RESERVE_FLAG_NO_MAGNETIC),
    "FORCE_START": bit("FORCE_START", c.RESERVE_FLAG_FORCE_START),
    "TRES_PER_NODE": bit("TRES_PER_NODE", c.RESERVE_TRES_PER_NODE),
}
RESERVATION_FLAG_ENTRIES = tuple(_NEW.get(name) or _BY_NAME[name] for name in _ORDER)
RESERVATION_FLAGS = FlagBits(*RESERVATION_FLAG_ENTRIES)

RESERVATION = replace(parent.RESERVATION, F("flags", "flags", RESERVATION_FLAGS))
RESERVATION_DESC = parent.description(RESERVATION_FLAGS)
