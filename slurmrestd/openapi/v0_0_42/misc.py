"""v0.0.42: ping, licenses, shares, diag and the small objects, as v0.0.41's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert
from slurmrestd.openapi.v0_0_40.misc import Primary, Responding
from slurmrestd.openapi.v0_0_41 import misc as parent

# ping: whether each controller responds, and which one is the primary.
PING = insert(
    insert(parent.PING, "pinged", F("responding", "rc", Responding(), required=True)),
    "mode",
    F("primary", "index", Primary(), required=True),
)
