"""openapi/v0.0.36's document where it says otherwise than the tables: v0.0.37's
(v0_0_37/documented.py) with the differences of the older document."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.legacydoc import INT64, INTEGER, STRING
from slurmrestd.openapi.v0_0_37 import documented as v37
from slurmrestd.openapi.v0_0_38 import documented as v38

# Nodes and partitions: the tables' keys in their order, a few typed otherwise;
# preemption_mode one string.
PARTITION_TYPES = {
    "preemption_mode": STRING,
    **v38.typed(INT64, *v38.PARTITION_INT64),
    **v38.typed(INTEGER, "maximum_cpus_per_node", "maximum_nodes_per_job"),
}

# A job submission's properties: four spelt otherwise (in their place), begin_time
# as text.
RENAMED = {
    "account_gather_frequency": "account_gather_freqency",
    "cluster_constraint": "cluster_constraints",
    "standard_input": "standard_in",
    "standard_output": "standard_out",
}
JOB_PROPERTIES = {RENAMED.get(k, k): v for k, v in v37.JOB_PROPERTIES.items()} | {
    "begin_time": STRING
}

DOCUMENTED: dict[str, dict[str, Any]] = {
    **v37.DOCUMENTED,
    "node": {"types": v38.typed(INT64, *v38.NODE_TIMES)},
    "partition": {"types": PARTITION_TYPES},
    # Jobs: their times as strings too.
    "job_response_properties": {
        "drop": v38.JOB_DROPPED,
        "types": v38.typed(STRING, *v37.JOB_STRINGS, *v38.JOB_TIMES),
    },
    "job_properties": {"types": JOB_PROPERTIES, "fields": {"": tuple(JOB_PROPERTIES)}},
}
