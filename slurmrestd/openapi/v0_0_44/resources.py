"""v0.0.44: a running job's resource layout per node (GET resources/{job_id}), new here."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.kinds import TEXT, U32_NO_VAL, Number
from slurmrestd.openapi.v0_0_40.misc import Records


class Ranged(Kind):
    """A bitmap as a ranged string (0-1,3); null where the record has none."""

    schema = schemas.STRING

    def dump(self, value: Any, env: Env) -> Any:
        return value


GRES = (
    F("name", "name", TEXT, required=True),
    F("type", "type", TEXT),
    F("count", "count", Number()),
    F("index", "index", Ranged()),
)

LAYOUT = (
    F("node", "node", TEXT, required=True),
    F("sockets_per_node", "sockets_per_node", Number(32)),
    F("cores_per_socket", "cores_per_socket", Number(32)),
    F("mem_alloc", "mem_alloc", Number()),
    F("core_bitmap", "core_bitmap", TEXT),
    F("channel", "channel", U32_NO_VAL),
    F(
        "gres",
        "gres",
        Records(
            GRES, schemas.array("node_gres_layout_list", schemas.obj("node_gres_layout", GRES))
        ),
    ),
)
