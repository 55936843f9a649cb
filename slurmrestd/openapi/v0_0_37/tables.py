"""openapi/v0.0.37 tables: v0.0.38's with the differences of the older plugin.

Diff this file's tables with v0_0_38/tables.py's: each difference is what the
v0.0.37 reference daemon shows otherwise than v0.0.38's.
"""

from __future__ import annotations

from dataclasses import replace as renamed
from typing import Any

from slurmrestd.openapi.common.ctlkinds import (
    JOB_FLAGS,
    PREEMPT_MODES,
    RESV_FLAGS,
    TEXT,
    UNTYPED,
    Modes,
)
from slurmrestd.openapi.common.engine import Env, F, Flags, Kind, drop, replace
from slurmrestd.openapi.v0_0_38 import tables as v38
from slurmrestd.slurm.constants import NO_VAL

LICENSE = v38.LICENSE
NODE = v38.NODE


class AsSigned(Kind):
    """A uint64 the reference writes as a signed integer."""

    schema = UNTYPED

    def dump(self, value: Any, env: Env) -> Any:
        return value - (1 << 64) if value >= 1 << 63 else value


class JobResources(Kind):
    """{} for jobs without resources; per node index a flat socket map and core map."""

    schema = UNTYPED

    def dump(self, res: Any, env: Env) -> Any:
        if res is None:
            return {}
        return {
            "nodes": TEXT.dump(res["nodes"], env),
            "allocated_cpus": res["ncpus"],
            "allocated_hosts": res["nhosts"],
            "allocated_nodes": {str(i): _node(host) for i, host in enumerate(res["hosts"])},
        }


def _node(host: Any) -> dict[str, Any]:
    sockets: dict[str, str] = {}
    cores: dict[str, str] = {}
    for sock, core, used in host["cores"]:
        state = "assigned" if used else "unassigned"
        sockets[str(sock)] = state
        cores[str(core)] = state  # cores of all sockets share one map, as the reference
    entry: dict[str, Any] = {"sockets": sockets, "cores": cores}
    if host["memory_allocated"] is not None:
        entry["memory"] = host["memory_allocated"]
    entry["cpus"] = host["cpus"]
    return entry


class DefaultTime(Kind):
    # Reference bug (v0.0.37): a set default time shows the default memory instead.
    schema = UNTYPED
    reads = ("default_time", "def_mem_per_cpu")

    def dump(self, rec: Any, env: Env) -> Any:
        return (
            None if rec["default_time"] == NO_VAL else AS_SIGNED.dump(rec["def_mem_per_cpu"], env)
        )


AS_SIGNED = AsSigned()


JOB = replace(
    # The v0.0.37 reference's jobs have no container, group_name nor prefer.
    drop(v38.JOB, "container", "group_name", "prefer"),
    # v0.0.37 names JOB_CPUS_SET with a trailing space; clients match that string.
    F(
        "flags",
        None,
        Flags(
            *(
                renamed(f, name="JOB_CPUS_SET ") if f.name == "JOB_CPUS_SET" else f
                for f in JOB_FLAGS
            )
        ),
    ),
    F("job_resources", "job_resources", JobResources()),
)


PARTITION = replace(
    # The v0.0.37 reference does not split memory limits per CPU and per node: it
    # shows each raw word (MEM_PER_CPU bit included, as a signed number) under one key.
    drop(v38.PARTITION, "default_memory_per_node", "maximum_memory_per_cpu"),
    # v0.0.37 never names "within", and says "disabled" only for 0 (not for unset).
    F(
        "preemption_mode",
        "preempt_mode",
        Modes({b: n for b, n in PREEMPT_MODES.items() if n != "within"}, 0),
    ),
    F("default_memory_per_cpu", "def_mem_per_cpu", AS_SIGNED),
    F("default_time_limit", None, DefaultTime()),
    F("maximum_memory_per_node", "max_mem_per_cpu", AS_SIGNED),
)


# v0.0.37 never prints HOURLY / NO_HOURLY.
RESERVATION = replace(
    v38.RESERVATION,
    F("flags", None, Flags(*(f for f in RESV_FLAGS if f.name not in ("HOURLY", "NO_HOURLY")))),
)


# The v0.0.37 reference's diag has no RPC statistics nor backfill table size.
DIAG = drop(v38.DIAG, "rpcs_by_message_type", "rpcs_by_user", "bf_table_size", "bf_table_size_mean")
