"""v0.0.44: ping, licenses, shares, diag and the small objects, as v0.0.43's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert, replace
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.kinds import TEXT
from slurmrestd.openapi.v0_0_40.misc import Records
from slurmrestd.openapi.v0_0_43 import misc as parent

PING = parent.PING
SHARE = parent.SHARE
SHARES = parent.SHARES
DIAG = parent.DIAG

# licenses: the nodes a license is bound to (hierarchical resources).
LICENSE = insert(parent.LICENSE, "LastUpdate", F("Nodes", "nodes", TEXT))
LICENSES = replace(
    parent.LICENSES,
    F(
        "licenses",
        "licenses",
        Records(LICENSE, schemas.array("licenses", schemas.obj("license", LICENSE))),
        required=True,
    ),
)
