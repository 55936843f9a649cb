"""openapi/v0.0.36 tables: v0.0.37's with the differences of the older plugin.

Diff this file's tables with v0_0_37/tables.py's: each difference is what the
v0.0.36 reference daemon shows otherwise than v0.0.37's.
"""

from __future__ import annotations

from slurmrestd.openapi.common.ctlkinds import NODE_STATES, TEXT, VALUE, Ratio, State
from slurmrestd.openapi.common.engine import F, drop, insert, replace
from slurmrestd.openapi.v0_0_37 import tables as v37
from slurmrestd.slurm import constants as c

LICENSE = v37.LICENSE
RESERVATION = v37.RESERVATION

# v0.0.36 names six base states; any other (unknown included) is "invalid".
NODE_STATE = State(
    c.NODE_STATE_BASE, {k: v for k, v in NODE_STATES.items() if v != "unknown"}, "invalid"
)

# The v0.0.36 reference's nodes have no extra, last_busy, state flags, partitions nor
# allocation figures (it loads them without SHOW_MIXED: a node running jobs is "allocated").
NODE = replace(
    drop(
        v37.NODE,
        "extra",
        "last_busy",
        "state_flags",
        "next_state_after_reboot_flags",
        "partitions",
        "alloc_memory",
        "alloc_cpus",
        "idle_cpus",
        "tres_used",
        "tres_weighted",
    ),
    F("next_state_after_reboot", "next_state", NODE_STATE),
    F("state", "node_state", NODE_STATE),
)

# Partitions: "min_nodes_per_job" spelled with underscores, and the raw state_up
# number under "nodes_online" where v0.0.37 names the state.
PARTITION = drop(
    insert(
        insert(v37.PARTITION, "min nodes per job", F("min_nodes_per_job", "min_nodes", VALUE)),
        "state",
        F("nodes_online", "state_up", VALUE),
    ),
    "min nodes per job",
    "state",
)

# Jobs: user_name as slurmctld sends it (no lookup of user_id).
JOB = replace(v37.JOB, F("user_name", "user_name", TEXT))

# diag: bf_queue_len_mean is the table size sum over the cycles (the reference's mistake).
DIAG = replace(
    v37.DIAG, F("bf_queue_len_mean", None, Ratio("bf_table_size_sum", "bf_cycle_counter"))
)
