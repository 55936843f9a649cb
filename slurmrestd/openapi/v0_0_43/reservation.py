"""v0.0.43: reservations (reserve_info) as v0.0.42's; their descriptions (POST)."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, ParseError
from slurmrestd.openapi.dataparser.kinds import CSV, I64_NO_VAL, TEXT, U32_NO_VAL
from slurmrestd.openapi.v0_0_42 import reservation as parent
from slurmrestd.slurm.constants import ESLURM_REST_FAIL_PARSING

CORE_SPEC = parent.CORE_SPEC
RESERVATION_FLAG_ENTRIES = parent.RESERVATION_FLAG_ENTRIES
RESERVATION_FLAGS = parent.RESERVATION_FLAGS
RESERVATION = parent.RESERVATION


TRES_SCHEMA: dict[str, Any] = {"type": "array", "items": {"type": "object"}}


class TresList(Kind):
    """A TRES string ("cpu=8,gres/gpu=1") as {type, name, count} objects, and back."""

    schema = TRES_SCHEMA

    def dump(self, value: Any, env: Env) -> Any:
        out = []
        for item in (value or "").split(","):
            if "=" not in item:
                continue
            key, count = item.split("=", 1)
            kind, _, name = key.partition("/")
            out.append({"type": kind, "name": name, "id": 0, "count": int(count or 0)})
        return out

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        items = []
        for tres in value:
            if not isinstance(tres, dict) or "type" not in tres:
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            name = f"{tres['type']}/{tres['name']}" if tres.get("name") else str(tres["type"])
            items.append(f"{name}={tres.get('count', 0)}")
        return ",".join(items) or None


def description(flags: Kind) -> tuple[F, ...]:
    """POST reservation(s): a reservation's description (resv_desc_msg_t)."""
    return (
        F("accounts", "accounts", CSV),
        F("burst_buffer", "burst_buffer", TEXT),
        F("comment", "comment", TEXT),
        F("core_count", "core_cnt", U32_NO_VAL),
        F("duration", "duration", U32_NO_VAL),
        F("end_time", "end_time", I64_NO_VAL),
        F("features", "features", TEXT),
        F("flags", "flags", flags),
        F("groups", "groups", CSV),
        F("licenses", "licenses", CSV),
        F("max_start_delay", "max_start_delay", U32_NO_VAL),
        F("name", "name", TEXT),
        F("node_count", "node_cnt", U32_NO_VAL),
        F("node_list", "node_list", CSV),
        F("partition", "partition", TEXT),
        F("purge_completed/time", "purge_comp_time", U32_NO_VAL),
        F("start_time", "start_time", I64_NO_VAL),
        F("tres", "tres_str", TresList()),
        F("users", "users", CSV),
    )


RESERVATION_DESC = description(RESERVATION_FLAGS)
