"""v0.0.43: nodes (node_info), as v0.0.42's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert, replace
from slurmrestd.openapi.dataparser.kinds import STRING, TEXT, FlagBits, Removed, bit
from slurmrestd.openapi.v0_0_42 import node as parent
from slurmrestd.slurm import constants as c

NUMBER32, TIMESTAMP, HOSTLIST = parent.NUMBER32, parent.TIMESTAMP, parent.HOSTLIST
NODE_STATE_ENTRIES = parent.NODE_STATE_ENTRIES
NODE_STATES = parent.NODE_STATES
CERT_FLAGS = FlagBits(bit("TOKEN_SET", c.NODE_CERT_TOKEN_SET), name="node_cert_flags")

# The node's TLS certificate, and its topology address.
NODE = insert(
    insert(
        parent.NODE,
        "boot_time",
        F("tls_cert_last_renewal", "cert_last_renewal", TIMESTAMP),
        F("cert_flags", "cert_flags", CERT_FLAGS),
    ),
    "weight",
    F("topology", "topology_str", TEXT),
)

# Updates (as 26.05 parses this version): no reason_uid (slurmctld takes the
# requester), a topology address.
UPDATE_NODE = insert(
    replace(parent.UPDATE_NODE, F("reason_uid", None, Removed(None, STRING))),
    "weight",
    F("topology_str", "topology_str", TEXT),
)
