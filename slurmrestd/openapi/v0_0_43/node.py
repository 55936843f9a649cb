"""v0.0.43: nodes (node_info), as v0.0.42's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert, replace
from slurmrestd.openapi.dataparser.kinds import STRING, TEXT, FlagBits, Removed, bit
from slurmrestd.openapi.v0_0_42 import node as parent
from slurmrestd.slurm import constants as c

NUMBER32, TIMESTAMP, HOSTLIST = parent.NUMBER32, parent.TIMESTAMP, parent.HOSTLIST
NODE_STATE_ENTRIES = parent.NODE_STATE_ENTRIES
# Flag arrays from this version on are written inline in the document (no named type).
NODE_STATES = FlagBits(*NODE_STATE_ENTRIES)
CERT_FLAGS = FlagBits(bit("TOKEN_SET", c.NODE_CERT_TOKEN_SET))

# The node's TLS certificate, and its topology address.
NODE = insert(
    insert(
        replace(
            parent.NODE,
            F("next_state_after_reboot", "next_state", NODE_STATES),
            F("state", "node_state", NODE_STATES),
        ),
        "boot_time",
        F("tls_cert_last_renewal", "cert_last_renewal", TIMESTAMP),
        F("cert_flags", "cert_flags", CERT_FLAGS),
    ),
    "weight",
    F("topology", "topology_str", TEXT),
)

# Updates (as 26.05 parses this version): no reason_uid (slurmctld takes the
# requester), a topology address (before weight, in the reference's order).
UPDATE_NODE = insert(
    replace(
        parent.UPDATE_NODE,
        F("state", "node_state", NODE_STATES),
        F("reason_uid", None, Removed(None, STRING)),
    ),
    "resume_after",
    F("topology_str", "topology_str", TEXT),
)
