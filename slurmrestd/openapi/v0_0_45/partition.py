"""v0.0.45: partitions (partition_info), as v0.0.44's differences."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, insert, replace
from slurmrestd.openapi.dataparser.kinds import (
    NAMES,
    STRING,
    FlagBits,
    Removed,
    bit,
    equal,
)
from slurmrestd.openapi.v0_0_44 import partition as parent
from slurmrestd.slurm import constants as c

PARTITION_STATES = parent.PARTITION_STATES

# SelectTypeParameters by their slurm.conf names (the exclusive choice, then the others).
_EXCL = c.CR_CPU | c.CR_SOCKET | c.CR_CORE | c.CR_MEMORY
_OTHERS = c.INFINITE16 & ~_EXCL
SELECT_TYPE = FlagBits(
    equal("NONE", 0, c.INFINITE),
    equal("CR_CPU_MEMORY", c.CR_CPU | c.CR_MEMORY, _EXCL),
    equal("CR_CPU", c.CR_CPU, _EXCL),
    equal("CR_CORE_MEMORY", c.CR_CORE | c.CR_MEMORY, _EXCL),
    equal("CR_CORE", c.CR_CORE, _EXCL),
    equal("CR_SOCKET_MEMORY", c.CR_SOCKET | c.CR_MEMORY, _EXCL),
    equal("CR_SOCKET", c.CR_SOCKET, _EXCL),
    equal("CR_MEMORY", c.CR_MEMORY, _EXCL),
    bit("CR_ONE_TASK_PER_CORE", c.CR_ONE_TASK_PER_CORE, _OTHERS),
    bit("CR_CORE_DEFAULT_DIST_BLOCK", c.CR_CORE_DEFAULT_DIST_BLOCK, _OTHERS),
    bit("CR_LLN", c.CR_LLN, _OTHERS),
    bit("CR_PACK_NODES", c.CR_PACK_NODES, _OTHERS),
)

_TO = c.CPU_BIND_TO_THREADS | c.CPU_BIND_TO_CORES | c.CPU_BIND_TO_SOCKETS | c.CPU_BIND_TO_LDOMS
CPU_BINDING = FlagBits(
    equal("CPU_BIND_TO_THREADS", c.CPU_BIND_TO_THREADS, _TO),
    equal("CPU_BIND_TO_CORES", c.CPU_BIND_TO_CORES, _TO),
    equal("CPU_BIND_TO_SOCKETS", c.CPU_BIND_TO_SOCKETS, _TO),
    equal("CPU_BIND_TO_LDOMS", c.CPU_BIND_TO_LDOMS, _TO),
    equal("CPU_BIND_NONE", c.CPU_BIND_NONE, c.CPU_BIND_NONE),
    equal("CPU_BIND_OFF", c.CPU_BIND_OFF, c.CPU_BIND_OFF),
    bit("VERBOSE", c.CPU_BIND_VERBOSE, c.CPU_BIND_VERBOSE),
)

PARTITION_FLAGS = FlagBits(
    bit("DEFAULT", c.PART_FLAG_DEFAULT),
    bit("HIDDEN", c.PART_FLAG_HIDDEN),
    bit("NO_ROOT", c.PART_FLAG_NO_ROOT),
    bit("ROOT_ONLY", c.PART_FLAG_ROOT_ONLY),
    bit("REQ_RESV", c.PART_FLAG_REQ_RESV),
    bit("LLN", c.PART_FLAG_LLN),
    bit("PDOI", c.PART_FLAG_PDOI),
    bit("DEFAULT_CLEAR", c.PART_FLAG_DEFAULT_CLR),
    bit("HIDDEN_CLEAR", c.PART_FLAG_HIDDEN_CLR),
    bit("NO_ROOT_CLEAR", c.PART_FLAG_NO_ROOT_CLR),
    bit("ROOT_ONLY_CLEAR", c.PART_FLAG_ROOT_ONLY_CLR),
    bit("REQ_RESV_CLEAR", c.PART_FLAG_REQ_RESV_CLR),
    bit("LLN_CLEAR", c.PART_FLAG_LLN_CLR),
    bit("PDOI_CLEAR", c.PART_FLAG_PDOI_CLR),
)

PREEMPT_MODES = FlagBits(
    equal("CLUSTER_GLOBAL", c.NO_VAL16, c.INFINITE64),
    equal("DISABLED", c.PREEMPT_MODE_OFF, c.INFINITE64),
    bit("SUSPEND", c.PREEMPT_MODE_SUSPEND),
    bit("REQUEUE", c.PREEMPT_MODE_REQUEUE),
    bit("CANCEL", c.PREEMPT_MODE_CANCEL),
    bit("PRIORITY", c.PREEMPT_MODE_PRIORITY),
)


class Exclusive(Kind):
    """Exclusive= as scontrol shows it: TOPO, NODE (OverSubscribe=EXCLUSIVE), USER or NO."""

    schema = STRING
    reads = ("flags", "max_share")

    def dump(self, rec: Any, env: Env) -> Any:
        flags = rec.get("flags") or 0
        share = (rec.get("max_share") or 0) & ~c.SHARED_FORCE
        if c.PART_FLAG_EXCLUSIVE_TOPO and flags & c.PART_FLAG_EXCLUSIVE_TOPO:
            return "TOPO"
        if share == 0:
            return "NODE"
        return "USER" if flags & c.PART_FLAG_EXCLUSIVE_USER else "NO"


class Oversubscribe(Kind):
    """OverSubscribe= as scontrol shows it: NO, YES:N or FORCE:N."""

    schema = STRING

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        count = value & ~c.SHARED_FORCE
        if not count or (count == 1 and not value & c.SHARED_FORCE):
            return "NO"
        return f"FORCE:{count}" if value & c.SHARED_FORCE else f"YES:{count}"


_ZERO = Removed(0, {"type": "integer"})

# Flags as names: select_type, task_binding, flags, preempt_mode; Exclusive= and
# OverSubscribe= as scontrol shows them; the raw memory and OverSubscribe values kept
# as 0 (removed).
PARTITION = insert(
    insert(
        insert(
            replace(
                parent.PARTITION,
                F("select_type", "cr_type", SELECT_TYPE),
                F("cpus/task_binding", "cpu_bind", CPU_BINDING),
                F("defaults/memory_per_cpu", None, _ZERO),
                F("maximums/memory_per_cpu", None, _ZERO),
                F("maximums/shares", None, _ZERO),
                F("maximums/oversubscribe/jobs", None, _ZERO),
                F("maximums/oversubscribe/flags", None, Removed([], NAMES)),
            ),
            "qos/deny",
            F("flags", "flags", PARTITION_FLAGS),
            F("partition/exclusive", None, Exclusive()),
        ),
        "maximums/oversubscribe/flags",
        F("partition/oversubscribe", "max_share", Oversubscribe()),
    ),
    "maximums/over_time_limit",
    F("preempt_mode", "preempt_mode", PREEMPT_MODES),
)
