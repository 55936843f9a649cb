"""v0.0.43: nodes (node_info), as v0.0.42's differences."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import F, insert
from slurmrestd.openapi.dataparser.kinds import I64_NO_VAL, TEXT, FlagBits, bit
from slurmrestd.openapi.v0_0_42 import node as parent
from slurmrestd.slurm import constants as c

NODE_STATE_ENTRIES = parent.NODE_STATE_ENTRIES
NODE_STATES = parent.NODE_STATES
CERT_FLAGS = FlagBits(bit("TOKEN_SET", c.NODE_CERT_TOKEN_SET))

# The node's TLS certificate, and its topology address.
NODE = insert(
    insert(
        parent.NODE,
        "boot_time",
        F("tls_cert_last_renewal", "cert_last_renewal", I64_NO_VAL),
        F("cert_flags", "cert_flags", CERT_FLAGS),
    ),
    "weight",
    F("topology", "topology_str", TEXT),
)
UPDATE_NODE = parent.UPDATE_NODE
