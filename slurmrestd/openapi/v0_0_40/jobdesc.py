"""v0.0.40: job descriptions parsed from submit, allocate and update bodies.

JOB_DESC is job_desc_msg_t's table as the C data_parser reads it, key by key
in its order (C fields named as the binding names them, 22.05's); the kinds
say how each value is read and reported (slurmrestd.openapi.dataparser.parsing).
Fields the binding does not declare for the release we run on are read and
checked, then left out of the job (ABSENT lists them).
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common import jobdesc as legacy
from slurmrestd.openapi.common.engine import F
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.parsing import (
    DATA_CONV_FAILED,
    INT32,
    OBJECT,
    SETENV,
    STRING,
    Bool,
    Ctx,
    Failed,
    Flag,
    Flags,
    Ignored,
    Int,
    NoValInt,
    P,
    PKind,
    Str,
    StrList,
    as_int,
    as_string,
    compact,
    type_name,
)
from slurmrestd.openapi.dataparser.schemas import Typed
from slurmrestd.slurm import constants as c

V40 = True  # this version's own way of writing reports (later versions: False)

# slurm.h (24.11) bits the binding declares no constant for (22.05 lacks most of them).
_BIT = {
    "JOB_SEND_ENV": 1 << 6,
    "BF_WHOLE_NODE_TEST": 1 << 16,
    "RESET_ACCRUE_TIME": 1 << 21,
    "CRON_JOB": 1 << 22,
    "USE_DEFAULT_ACCT": 1 << 25,
    "USE_DEFAULT_PART": 1 << 26,
    "USE_DEFAULT_QOS": 1 << 27,
    "USE_DEFAULT_WCKEY": 1 << 28,
    "JOB_DEPENDENT": 1 << 29,
    "JOB_MAGNETIC": 1 << 30,
    "JOB_PART_ASSIGNED": 1 << 31,
    "BACKFILL_SCHED": 1 << 32,
    "BACKFILL_LAST": 1 << 33,
    "JOB_SEND_SCRIPT": 1 << 35,
    "GRES_ONE_TASK_PER_SHARING": 1 << 38,
    "GRES_MULT_TASKS_PER_SHARING": 1 << 39,
    "GRES_ALLOW_TASK_SHARING": 1 << 40,
}

JOB_FLAGS = (
    Flag("KILL_INVALID_DEPENDENCY", c.KILL_INV_DEP),
    Flag("NO_KILL_INVALID_DEPENDENCY", c.NO_KILL_INV_DEP),
    Flag("HAS_STATE_DIRECTORY", c.HAS_STATE_DIR),
    Flag("TESTING_BACKFILL", c.BACKFILL_TEST),
    Flag("GRES_BINDING_ENFORCED", c.GRES_ENFORCE_BIND),
    Flag("TEST_NOW_ONLY", c.TEST_NOW_ONLY),
    Flag("SEND_JOB_ENVIRONMENT", _BIT["JOB_SEND_ENV"]),
    Flag("SPREAD_JOB", c.SPREAD_JOB),
    Flag("PREFER_MINIMUM_NODE_COUNT", c.USE_MIN_NODES),
    Flag("JOB_KILL_HURRY", c.JOB_KILL_HURRY),
    Flag("SKIP_TRES_STRING_ACCOUNTING", c.TRES_STR_CALC),
    Flag("SIBLING_CLUSTER_UPDATE_ONLY", c.SIB_JOB_FLUSH),
    Flag("HETEROGENEOUS_JOB", c.HET_JOB_FLAG),
    Flag("EXACT_TASK_COUNT_REQUESTED", c.JOB_NTASKS_SET),
    Flag("EXACT_CPU_COUNT_REQUESTED", c.JOB_CPUS_SET),
    Flag("TESTING_WHOLE_NODE_BACKFILL", _BIT["BF_WHOLE_NODE_TEST"]),
    Flag("TOP_PRIORITY_JOB", c.TOP_PRIO_TMP),
    Flag("ACCRUE_COUNT_CLEARED", c.JOB_ACCRUE_OVER),
    Flag("GRES_BINDING_DISABLED", c.GRES_DISABLE_BIND),
    Flag("JOB_WAS_RUNNING", c.JOB_WAS_RUNNING),
    Flag("JOB_ACCRUE_TIME_RESET", _BIT["RESET_ACCRUE_TIME"]),
    Flag("CRON_JOB", _BIT["CRON_JOB"]),
    Flag("EXACT_MEMORY_REQUESTED", c.JOB_MEM_SET),
    Flag("USING_DEFAULT_ACCOUNT", _BIT["USE_DEFAULT_ACCT"]),
    Flag("USING_DEFAULT_PARTITION", _BIT["USE_DEFAULT_PART"]),
    Flag("USING_DEFAULT_QOS", _BIT["USE_DEFAULT_QOS"]),
    Flag("USING_DEFAULT_WCKEY", _BIT["USE_DEFAULT_WCKEY"]),
    Flag("DEPENDENT", _BIT["JOB_DEPENDENT"]),
    Flag("MAGNETIC", _BIT["JOB_MAGNETIC"]),
    Flag("PARTITION_ASSIGNED", _BIT["JOB_PART_ASSIGNED"]),
    Flag("BACKFILL_ATTEMPTED", _BIT["BACKFILL_SCHED"]),
    Flag("SCHEDULING_ATTEMPTED", _BIT["BACKFILL_LAST"]),
    Flag("SAVE_BATCH_SCRIPT", _BIT["JOB_SEND_SCRIPT"]),
    Flag("GRES_ONE_TASK_PER_SHARING", _BIT["GRES_ONE_TASK_PER_SHARING"]),
    Flag("GRES_MULTIPLE_TASKS_PER_SHARING", _BIT["GRES_MULT_TASKS_PER_SHARING"]),
    Flag("GRES_ALLOW_TASK_SHARING", _BIT["GRES_ALLOW_TASK_SHARING"]),
)
MAIL_FLAGS = (
    Flag("BEGIN", c.MAIL_JOB_BEGIN),
    Flag("END", c.MAIL_JOB_END),
    Flag("FAIL", c.MAIL_JOB_FAIL),
    Flag("REQUEUE", c.MAIL_JOB_REQUEUE),
    Flag("TIME=100%", c.MAIL_JOB_TIME100),
    Flag("TIME=90%", c.MAIL_JOB_TIME90),
    Flag("TIME=80%", c.MAIL_JOB_TIME80),
    Flag("TIME=50%", c.MAIL_JOB_TIME50),
    Flag("STAGE_OUT", c.MAIL_JOB_STAGE_OUT),
    Flag("ARRAY_TASKS", c.MAIL_ARRAY_TASKS),
    Flag("INVALID_DEPENDENCY", c.MAIL_INVALID_DEPEND),
)
# slurm.h: cpu_bind_type_t (CPU_BIND_T_TO_MASK 0x1e, CPU_BIND_T_MASK 0xfe0)
CPU_BINDING_FLAGS = (
    Flag("CPU_BIND_TO_THREADS", 0x0002, 0x001E),
    Flag("CPU_BIND_TO_CORES", 0x0004, 0x001E),
    Flag("CPU_BIND_TO_SOCKETS", 0x0008, 0x001E),
    Flag("CPU_BIND_TO_LDOMS", 0x0010, 0x001E),
    Flag("CPU_BIND_NONE", 0x0020, 0x0FE0),
    Flag("CPU_BIND_MAP", 0x0080, 0x0FE0),
    Flag("CPU_BIND_MASK", 0x0100, 0x0FE0),
    Flag("CPU_BIND_LDRANK", 0x0200, 0x0FE0),
    Flag("CPU_BIND_LDMAP", 0x0400, 0x0FE0),
    Flag("CPU_BIND_LDMASK", 0x0800, 0x0FE0),
    Flag("VERBOSE", 0x0001),
    Flag("CPU_BIND_ONE_THREAD_PER_CORE", 0x2000),
)
# slurm.h: mem_bind_type_t (MEM_BIND_TYPE_MASK 0x3e)
MEMORY_BINDING_TYPE = (
    Flag("NONE", c.MEM_BIND_NONE, 0x3E),
    Flag("RANK", c.MEM_BIND_RANK, 0x3E),
    Flag("MAP", c.MEM_BIND_MAP, 0x3E),
    Flag("MASK", c.MEM_BIND_MASK, 0x3E),
    Flag("LOCAL", c.MEM_BIND_LOCAL, 0x3E),
    Flag("VERBOSE", c.MEM_BIND_VERBOSE),
    Flag("SORT", c.MEM_BIND_SORT),
    Flag("PREFER", c.MEM_BIND_PREFER),
)
# slurm.h (24.11): the kill and warning flags
WARN_FLAGS = (
    Flag("BATCH_JOB", c.KILL_JOB_BATCH),
    Flag("ARRAY_TASK", 1 << 1),
    Flag("FULL_STEPS_ONLY", 1 << 2),
    Flag("FULL_JOB", c.KILL_FULL_JOB),
    Flag("FEDERATION_REQUEUE", 1 << 4),
    Flag("HURRY", 1 << 5),
    Flag("OUT_OF_MEMORY", 1 << 6),
    Flag("NO_SIBLING_JOBS", 1 << 7),
    Flag("RESERVATION_JOB", c.KILL_JOB_RESV),
    Flag("NO_CRON_JOBS", 1 << 9),
    Flag("VERBOSE", 1 << 11),
    Flag("CRON_JOBS", 1 << 12),
    Flag("WARNING_SENT", 1 << 15),
)
X11_FLAGS = (
    Flag("FORWARD_ALL_NODES", 0x1),
    Flag("BATCH_NODE", 0x2),
    Flag("FIRST_NODE", 0x4),
    Flag("LAST_NODE", 0x8),
)
OPEN_MODE = (Flag("APPEND", c.OPEN_MODE_APPEND), Flag("TRUNCATE", c.OPEN_MODE_TRUNCATE))
PROFILE = (
    Flag("NOT_SET", 0, 0xFFFFFFFF),
    Flag("NONE", c.ACCT_GATHER_PROFILE_NONE, 0xFFFFFFFF),
    Flag("ENERGY", c.ACCT_GATHER_PROFILE_ENERGY),
    Flag("LUSTRE", c.ACCT_GATHER_PROFILE_LUSTRE),
    Flag("NETWORK", c.ACCT_GATHER_PROFILE_NETWORK),
    Flag("TASK", c.ACCT_GATHER_PROFILE_TASK),
)
# job_desc.shared: JOB_SHARED_NONE 0, JOB_SHARED_OK 1, JOB_SHARED_USER 2, JOB_SHARED_MCS 3
SHARED = (
    Flag("none", 0, 0xFFFF),
    Flag("oversubscribe", 1, 0xFFFF),
    Flag("user", 2, 0xFFFF),
    Flag("mcs", 3, 0xFFFF),
)
EXCLUSIVE = (
    Flag("true", 0, 0xFFFF),
    Flag("false", 1, 0xFFFF),
    Flag("user", 2, 0xFFFF),
    Flag("mcs", 3, 0xFFFF),
)


def flags(*names: Flag, v40: bool = V40, removed: tuple[str, ...] = ()) -> Flags:
    return Flags(*names, v40=v40, removed=removed)


class Exclusive(Flags):
    """JOB_EXCLUSIVE: true (not shared), false or null (shared), or one of its flags."""

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None or value is False:
            return 1  # JOB_SHARED_OK
        if value is True:
            return 0  # JOB_SHARED_NONE
        return super().parse(value, ctx, src)


class Timestamp(PKind):
    """TIMESTAMP (unset refused) and TIMESTAMP_NO_VAL: epoch, Slurm's time words, an object."""

    def __init__(self, *, no_val: bool, v40: bool = V40, numeric_text: bool = False) -> None:
        self.no_val = no_val
        self.numeric = NoValInt(64, v40=v40)
        # v0.0.45 reads a string of digits as a number; earlier versions as a time word.
        self.numeric_text = numeric_text

    def check(self, value: Any, ctx: Ctx, src: str) -> None:
        if not isinstance(value, int | float | str | type(None)) or isinstance(value, bool):
            self.numeric.check(value, ctx, src)

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        when: int
        if value is None:
            when = c.NO_VAL64
        elif isinstance(value, float):
            when = (
                c.NO_VAL64
                if value != value or value in (float("inf"), float("-inf"))
                else round(value)
            )
        elif isinstance(value, int) and not isinstance(value, bool):
            when = value
        elif isinstance(value, str):
            when = self._text(value, ctx, src)
        else:
            when = self.numeric.number(value, ctx, src)
        if when == c.NO_VAL64 and not self.no_val:
            raise ctx.error(src, DATA_CONV_FAILED, "Invalid or unset timestamp value")
        return None if when == c.NO_VAL64 else when

    def _text(self, value: str, ctx: Ctx, src: str) -> int:
        if self.numeric_text:
            if not value:
                return c.NO_VAL64
            if value.isdigit():
                return int(value)
        try:
            when = legacy._epoch("", value) if not value.isdigit() else 0
        except legacy.ValueRejected:
            when = 0
        if not when:
            raise ctx.error(src, DATA_CONV_FAILED, f"Parsing of {value} for timestamp failed")
        return when


class Memory(PKind):
    """MEM_PER_CPUS and MEM_PER_NODE: megabytes with units in a string, or a number."""

    def __init__(self, *, per_cpu: bool, v40: bool = V40) -> None:
        self.per_cpu = per_cpu
        self.numeric = NoValInt(64, v40=v40)

    def check(self, value: Any, ctx: Ctx, src: str) -> None:
        if not isinstance(value, str):
            self.numeric.check(value, ctx, src)

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                mb = legacy._mbytes("", value)
            except legacy.ValueRejected:
                raise ctx.error(
                    src, DATA_CONV_FAILED, f"Invalid formatted memory size: {value}"
                ) from None
        else:
            mb = self.numeric.number(value, ctx, src)
        if mb == c.NO_VAL64:
            return None
        if mb == 0xFFFFFFFFFFFFFFFF:
            return 0
        if mb >= c.MEM_PER_CPU:
            raise ctx.error(
                src,
                2044,  # ESLURM_INVALID_TASK_MEMORY
                f"Memory value {mb} equal or larger than {c.MEM_PER_CPU}",
            )
        return mb | c.MEM_PER_CPU if self.per_cpu else mb


class Signal(PKind):
    """SIGNAL: a number, or a name with or without SIG ("" is NO_VAL16).

    An unknown name is reported as the C parser reports it (its text lost, "(null)");
    v0.0.40 fails the parse with EINVAL, later versions report number 0 and go on with
    signal 0 (the handlers then send their default signal).
    """

    openapi = STRING

    def __init__(self, v40: bool = V40) -> None:
        self.v40 = v40

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        number = None if isinstance(value, str) and not value.strip() else as_int(value)
        if number is not None:
            return number & 0xFFFF
        text = as_string(value)
        if text is None:
            raise ctx.error(src, DATA_CONV_FAILED, f"expected string but got {ctx.what(value)}")
        if not text:
            return c.NO_VAL16
        name = text.upper()
        name = name[3:] if name.startswith("SIG") else name
        if name in legacy.SIGNALS:
            return legacy.SIGNALS[name]
        if self.v40:
            raise ctx.error(src, 22, "Unknown signal (null)")  # EINVAL
        ctx.error(src, 0, "Unknown signal (null)")
        return 0


class Nodes(PKind):
    """JOB_DESC_MSG_NODES: "min[-max]" or [min, max] (or [count])."""

    openapi = STRING

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if isinstance(value, list):
            if len(value) not in (1, 2):
                raise ctx.error(
                    src,
                    DATA_CONV_FAILED,
                    "Node count in format of a list must have a cardinality of 2 or 1",
                )
            low, high = (None, value[0]) if len(value) == 1 else (value[0], value[1])
            numbers = {}
            for which, item in (("Minimum", low), ("Maximum", high)):
                if which == "Minimum" and len(value) == 1:
                    continue
                number = None if isinstance(item, bool) else as_int(item)
                if number is None:
                    raise ctx.error(
                        src,
                        DATA_CONV_FAILED,
                        f"{which} nodes must be an integer instead of {type_name(item)}",
                    )
                numbers[which] = number & 0xFFFFFFFF
            out = {"max_nodes": numbers["Maximum"]}
            if "Minimum" in numbers:
                out["min_nodes"] = numbers["Minimum"]
            return _ordered(out)
        if isinstance(value, dict):
            raise ctx.error(
                src, DATA_CONV_FAILED, "Expected string instead of dictionary for node counts"
            )
        text = as_string(value) or ""
        m = legacy.re.match(r"^(-?\d+)(?:-(\d+))?$", text)
        if not m:
            shown = compact(text) if ctx.show else text
            raise ctx.error(src, DATA_CONV_FAILED, f"Unknown format: {shown}")
        low_n = int(m.group(1)) & 0xFFFFFFFF
        high_n = int(m.group(2)) if m.group(2) else low_n
        return _ordered({"min_nodes": low_n, "max_nodes": high_n})


def _ordered(out: dict[str, int]) -> dict[str, int]:
    if "min_nodes" in out and out["min_nodes"] > out["max_nodes"]:
        out["min_nodes"], out["max_nodes"] = out["max_nodes"], out["min_nodes"]
    return out


class Spec(PKind):
    """CORE_SPEC and THREAD_SPEC: a count above 0 (THREAD_SPEC marks it CORE_SPEC_THREAD)."""

    openapi = INT32

    def __init__(self, thread: bool) -> None:
        self.thread = thread

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        what = "thread" if self.thread else "core"
        number = as_int(value) if not isinstance(value, str) else None
        if isinstance(value, str) and legacy._INT_TEXT.match(value):
            number = int(value)
        if number is None:
            raise ctx.error(
                src,
                DATA_CONV_FAILED,
                f"Expected integer for {what} specification but got {ctx.what(value)}",
            )
        if number <= 0:
            if self.thread:
                raise ctx.error(src, 2132, f"Invalid thread specification {number}<= 0")
            raise ctx.error(src, 2111, f"Invalid core specification {number} <= 0")
        if self.thread:
            return number | c.CORE_SPEC_THREAD
        return number


class Hold(Bool):
    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return None
        held = super().parse(value, ctx, src)
        return 0 if held else c.INFINITE


class Nice(PKind):
    openapi = INT32

    def check(self, value: Any, ctx: Ctx, src: str) -> None:
        super().check(value, ctx, src)
        super().check(value, ctx, src)  # the C parser checks it twice (NICE, then INT32)

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return None
        number = as_int(value)
        if number is None:
            raise ctx.error(src, DATA_CONV_FAILED, f"Expected integer but got {ctx.what(value)}")
        if abs(number) > c.NICE_OFFSET - 3:
            raise ctx.error(src, 2123, "Nice value not within +/- 2147483645")
        return number + c.NICE_OFFSET


# Governors slurm.conf allows when it says nothing (CpuFreqGovernors' default).
_DEFAULT_GOVERNORS = c.CPU_FREQ_ONDEMAND | c.CPU_FREQ_PERFORMANCE | c.CPU_FREQ_USERSPACE
_RANGE_FLAG = 0x80000000


def _governor(text: str) -> int:
    for prefix, gov in (
        ("co", c.CPU_FREQ_CONSERVATIVE),
        ("perf", c.CPU_FREQ_PERFORMANCE),
        ("pow", c.CPU_FREQ_POWERSAVE),
        ("user", c.CPU_FREQ_USERSPACE),
        ("onde", c.CPU_FREQ_ONDEMAND),
        ("sche", c.CPU_FREQ_SCHEDUTIL),
    ):
        if text[: len(prefix)].lower() == prefix:
            return gov
    return 0


def _frequency(text: str) -> int:
    lower = text.lower()
    if lower.startswith("lo"):
        return c.CPU_FREQ_LOW
    if lower.startswith(("him1", "highm1")):
        return c.CPU_FREQ_HIGHM1
    if lower.startswith("hi"):
        return c.CPU_FREQ_HIGH
    if lower.startswith("med"):
        return c.CPU_FREQ_MEDIUM
    return int(text) & 0xFFFFFFFF if text.isdigit() else 0


def cpu_freq(text: str) -> tuple[int, int, int] | None:
    """Slurm's cpu_freq_verify_cmdline: (min, max, governor), None when invalid.

    slurm.conf's CpuFreqDef and CpuFreqGovernors are taken as unset (their defaults).
    """
    low = high = gov = c.NO_VAL
    head, colon, p3 = text.partition(":")
    p1, dash, p2 = head.partition("-")
    first = _governor(p1)
    if first:
        if colon:
            return None
        gov = first
    else:
        high = _frequency(p1)
        if not high:
            return None
    if dash:
        if not colon:  # a range needs a governor (CpuFreqDef unset)
            return None
        second = _frequency(p2)
        if not second:
            return None
        low, high = high, second
        if high < low:
            return None
    if colon:
        third = _governor(p3)
        if not third or (not dash and third != c.CPU_FREQ_USERSPACE):
            return None
        if dash and third == c.CPU_FREQ_USERSPACE:
            return None
        gov = third
    if gov == c.NO_VAL and not dash and not colon:
        gov = c.CPU_FREQ_USERSPACE
    if gov != c.NO_VAL and not (gov & _DEFAULT_GOVERNORS & ~_RANGE_FLAG):
        return None
    return low, high, gov


class CpuFrequency(PKind):
    """JOB_DESC_MSG_CPU_FREQ: p1[-p2][:governor] into cpu_freq_min, max and gov."""

    openapi = STRING
    invalid = "Invalid cpu_frequency"

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return None
        if isinstance(value, dict | list):
            raise ctx.error(src, DATA_CONV_FAILED, f"string expected but got {ctx.what(value)}")
        found = cpu_freq(as_string(value) or "")
        if found is None:
            raise ctx.error(src, -1, self.invalid)
        low, high, gov = found
        return {"cpu_freq_min": low, "cpu_freq_max": high, "cpu_freq_gov": gov}


class Distribution(PKind):
    """v0.0.40 has no parser for TASK_DISTRIBUTION: a warning, and the value is left out."""

    openapi = STRING

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        ctx.warn(
            src,
            f"data_parser/{ctx.version} does not support parser 208 for parsing. "
            "Output may be incomplete.",
        )
        return None


class Identity(PKind):
    """USER_ID and GROUP_ID: a name or a number (slurmctld refuses another user's)."""

    openapi = STRING

    def __init__(self, group: bool = False) -> None:
        self.group = group

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        import grp
        import pwd

        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value & 0xFFFFFFFF
        text = as_string(value)
        if text is None:
            raise Failed(DATA_CONV_FAILED)
        if text.isdigit():
            return int(text) & 0xFFFFFFFF
        try:
            return grp.getgrnam(text).gr_gid if self.group else pwd.getpwnam(text).pw_uid
        except KeyError:
            pass
        what = "group" if self.group else "user"
        # ESLURM_GROUP_ID_UNKNOWN, ESLURM_USER_ID_UNKNOWN
        raise ctx.error(src, 2164 if self.group else 2166, f"Unable to resolve {what}: {text}")


class RLimit(NoValInt):
    """rlimits/*: the limit as SLURM_RLIMIT_<NAME> in the job's environment."""

    def __init__(self, name: str, *, v40: bool) -> None:
        super().__init__(64, v40=v40)
        self.name = name

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        limit = super().parse(value, ctx, src)
        if limit == c.NO_VAL64:
            return None
        return {f"{SETENV}SLURM_RLIMIT_{self.name.upper()}": str(limit)}


def _rlimit(name: str) -> P:
    return P(f"rlimits/{name}", None, RLimit(name, v40=V40))


U16, U32, U64 = Int(16), Int(32), Int(64)
U32_NO_VAL = NoValInt(32, v40=V40)
U16_NO_VAL = NoValInt(16, v40=V40)
STR, BOOL16, BOOL16_NO_VAL = Str(), Bool(), Bool(unset=c.NO_VAL16)
CSV = StrList()


class CsvString(PKind):
    """CSV_STRING: a string, or a list of strings joined with commas."""

    openapi = ("array", None)

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if value is None:
            return None
        if isinstance(value, list):
            items = [as_string(v) for v in value]
            if any(i is None for i in items):
                raise Failed(DATA_CONV_FAILED)
            return ",".join(i for i in items if i is not None)
        if isinstance(value, dict):
            return None
        return as_string(value)


CSV_STRING = CsvString()


JOB_DESC: tuple[P, ...] = (
    P("account", "account", STR),
    P("account_gather_frequency", "acctg_freq", STR),
    P("admin_comment", "admin_comment", STR),
    P("allocation_node_list", "alloc_node", STR),
    P("allocation_node_port", "alloc_resp_port", U16),
    P("argv", "argv", StrList()),
    P("array", "array_inx", STR),
    P("batch_features", "batch_features", STR),
    P("begin_time", "begin_time", Timestamp(no_val=True)),
    P("flags", "bitflags", flags(*JOB_FLAGS)),
    P("burst_buffer", "burst_buffer", STR),
    P("clusters", "clusters", STR),
    P("cluster_constraint", "cluster_features", STR),
    P("comment", "comment", STR),
    P("contiguous", "contiguous", BOOL16),
    P("container", "container", STR),
    P("container_id", "container_id", STR),
    P("cores_per_socket", "cores_per_socket", U16),
    P("core_specification", "core_spec", Spec(thread=False)),
    P("thread_specification", "core_spec", Spec(thread=True)),
    P("cpu_binding", "cpu_bind", STR),
    P("cpu_binding_flags", "cpu_bind_type", flags(*CPU_BINDING_FLAGS, removed=("CPU_BIND_RANK",))),
    P("cpu_frequency", None, CpuFrequency()),
    P("cpus_per_tres", "cpus_per_tres", STR),
    P("crontab", None, Ignored("crontab submissions are not supported")),
    P("deadline", "deadline", Timestamp(no_val=False)),
    P("delay_boot", "delay_boot", U32),
    P("dependency", "dependency", STR),
    P("end_time", "end_time", Timestamp(no_val=False)),
    P("environment", "environment", StrList()),
    _rlimit("cpu"),
    _rlimit("fsize"),
    _rlimit("data"),
    _rlimit("stack"),
    _rlimit("core"),
    _rlimit("rss"),
    _rlimit("nproc"),
    _rlimit("nofile"),
    _rlimit("memlock"),
    _rlimit("as"),
    P("excluded_nodes", "exc_nodes", CSV_STRING),
    P("extra", "extra", STR),
    P("constraints", "features", STR),
    P("group_id", "group_id", Identity(group=True)),
    P("hetjob_group", "het_job_offset", U32),
    P("immediate", "immediate", BOOL16),
    P("job_id", "job_id", U32),
    P("kill_on_node_fail", "kill_on_node_fail", BOOL16),
    P("licenses", "licenses", STR),
    P("mail_type", "mail_type", flags(*MAIL_FLAGS)),
    P("mail_user", "mail_user", STR),
    P("mcs_label", "mcs_label", STR),
    P("memory_binding", "mem_bind", STR),
    P("memory_binding_type", "mem_bind_type", flags(*MEMORY_BINDING_TYPE)),
    P("memory_per_tres", "mem_per_tres", STR),
    P("name", "name", STR),
    P("network", "network", STR),
    P("nice", "nice", Nice()),
    P("tasks", "num_tasks", U32),
    P("open_mode", "open_mode", flags(*OPEN_MODE)),
    P("reserve_ports", "other_port", U16),
    P("overcommit", "overcommit", Bool()),
    P("partition", "partition", STR),
    P("distribution_plane_size", "plane_size", U16),
    P("power_flags", None, Ignored()),
    P("prefer", "prefer", STR),
    P("hold", "priority", Hold()),
    P("priority", "priority", U32_NO_VAL),
    P("profile", "profile", flags(*PROFILE)),
    P("qos", "qos", STR),
    P("reboot", "reboot", BOOL16),
    P("required_nodes", "req_nodes", CSV_STRING),
    P("requeue", "requeue", BOOL16),
    P("reservation", "reservation", STR),
    P("script", "script", STR),
    P("shared", "shared", flags(*SHARED)),
    P("exclusive", "shared", Exclusive(*EXCLUSIVE, v40=V40)),
    P("oversubscribe", "shared", BOOL16),
    P("site_factor", "site_factor", U32),
    P("spank_environment", "spank_job_env", StrList()),
    P("distribution", None, Distribution()),
    P("time_limit", "time_limit", U32_NO_VAL),
    P("time_minimum", "time_min", U32_NO_VAL),
    P("tres_bind", "tres_bind", STR),
    P("tres_freq", "tres_freq", STR),
    P("tres_per_job", "tres_per_job", STR),
    P("tres_per_node", "tres_per_node", STR),
    P("tres_per_socket", "tres_per_socket", STR),
    P("tres_per_task", "tres_per_task", STR),
    P("user_id", "user_id", Identity()),
    P("wait_all_nodes", "wait_all_nodes", BOOL16_NO_VAL),
    P("kill_warning_flags", "warn_flags", flags(*WARN_FLAGS)),
    P("kill_warning_signal", "warn_signal", Signal()),
    P("kill_warning_delay", "warn_time", U16_NO_VAL),
    P("current_working_directory", "work_dir", STR),
    P("cpus_per_task", "cpus_per_task", U16),
    P("minimum_cpus", "min_cpus", U32),
    P("maximum_cpus", "max_cpus", U32),
    P("nodes", None, Nodes()),
    P("minimum_nodes", "min_nodes", U32),
    P("maximum_nodes", "max_nodes", U32),
    P("minimum_boards_per_node", "boards_per_node", U16),
    P("minimum_sockets_per_board", "sockets_per_board", U16),
    P("sockets_per_node", "sockets_per_node", U16),
    P("threads_per_core", "threads_per_core", U16),
    P("tasks_per_node", "ntasks_per_node", U16),
    P("tasks_per_socket", "ntasks_per_socket", U16),
    P("tasks_per_core", "ntasks_per_core", U16),
    P("tasks_per_board", "ntasks_per_board", U16),
    P("ntasks_per_tres", "ntasks_per_tres", U16),
    P("minimum_cpus_per_node", "pn_min_cpus", U16),
    P("memory_per_cpu", "pn_min_memory", Memory(per_cpu=True)),
    P("memory_per_node", "pn_min_memory", Memory(per_cpu=False)),
    P("temporary_disk_per_node", "pn_min_tmp_disk", U32),
    P("selinux_context", "req_context", STR),
    P("required_switches", "req_switch", U32_NO_VAL),
    P("standard_error", "std_err", STR),
    P("standard_input", "std_in", STR),
    P("standard_output", "std_out", STR),
    P("wait_for_switch", "wait4switch", U32),
    P("wckey", "wckey", STR),
    P("x11", "x11", flags(*X11_FLAGS)),
    P("x11_magic_cookie", "x11_magic_cookie", STR),
    P("x11_target_host", "x11_target", STR),
    P("x11_target_port", "x11_target_port", U16),
)

# The submit request (JOB_SUBMIT_REQ): its keys in the C parser's order.
SUBMIT_KEYS = ("script", "jobs", "job")
JOB_DESC_TYPE = "DATA_PARSER_JOB_DESC_MSG"
SUBMIT_TYPE = "DATA_PARSER_JOB_SUBMIT_REQ"


def describe(value: Any) -> str:
    """For messages that show a value (v0.0.41 on)."""
    return compact(value)


__all__ = ["JOB_DESC", "OBJECT", "SUBMIT_KEYS"]


def kill_flags(value: Any) -> int:
    """DELETE /job/{job_id}?flags=: names of the kill flags, comma separated."""
    if not value:
        return 0
    out = 0
    for name in str(value).split(","):
        for f in WARN_FLAGS:
            if f.name.lower() == name.strip().lower():
                out |= f.value
    return out


# --- signalling jobs: DELETE /job/{job_id}'s query and DELETE /jobs/'s body -----------

JOB_STATES = (
    Flag("PENDING", 0, 0xFF),
    Flag("RUNNING", 1, 0xFF),
    Flag("SUSPENDED", 2, 0xFF),
    Flag("COMPLETED", 3, 0xFF),
    Flag("CANCELLED", 4, 0xFF),
    Flag("FAILED", 5, 0xFF),
    Flag("TIMEOUT", 6, 0xFF),
    Flag("NODE_FAIL", 7, 0xFF),
    Flag("PREEMPTED", 8, 0xFF),
    Flag("BOOT_FAIL", 9, 0xFF),
    Flag("DEADLINE", 10, 0xFF),
    Flag("OUT_OF_MEMORY", 11, 0xFF),
    Flag("LAUNCH_FAILED", 0x100),
    Flag("UPDATE_DB", 0x200),
    Flag("REQUEUED", 0x400),
    Flag("REQUEUE_HOLD", 0x800),
    Flag("SPECIAL_EXIT", 0x1000),
    Flag("RESIZING", 0x2000),
    Flag("CONFIGURING", 0x4000),
    Flag("COMPLETING", 0x8000),
    Flag("STOPPED", 0x10000),
    Flag("RECONFIG_FAIL", 0x20000),
    Flag("POWER_UP_NODE", 0x40000),
    Flag("REVOKED", 0x80000),
    Flag("REQUEUE_FED", 0x100000),
    Flag("RESV_DEL_HOLD", 0x200000),
    Flag("SIGNALING", 0x400000),
    Flag("STAGE_OUT", 0x800000),
)


class JobsArray(PKind):
    """KILL_JOBS_MSG_JOBS_ARRAY: the job ids to signal, as text (one, or a list)."""

    openapi = ("array", None)

    def parse(self, value: Any, ctx: Ctx, src: str) -> Any:
        if isinstance(value, dict):
            job = as_string(value.get("job_id"))
            return [job] if job else []
        if not isinstance(value, list):
            # The C function names the errors' source (prefixed by its version up to v0.0.43).
            prefix = f"_v{ctx.version[-2:]}_" if ctx.version < "v0.0.44" else "_"
            raise ctx.error(
                f"{prefix}parse_KILL_JOBS_MSG_JOBS_ARRAY",
                DATA_CONV_FAILED,
                f"Unexpected type {type_name(value)} when expecting a list",
            )
        out = []
        for item in value:
            text = as_string(item)
            if text is None:  # checked as a string, reported at the list's path
                STR.check(item, ctx, src)
                raise Failed(DATA_CONV_FAILED)
            out.append(text)
        return out


DELETE_QUERY: tuple[P, ...] = (
    P("signal", "signal", Signal()),
    P("flags", "flags", flags(*WARN_FLAGS)),
)
KILL_JOBS: tuple[P, ...] = (
    P("account", "account", STR),
    P("flags", "flags", flags(*WARN_FLAGS)),
    P("job_name", "job_name", STR),
    P("jobs", "jobs", JobsArray()),
    P("partition", "partition", STR),
    P("qos", "qos", STR),
    P("reservation", "reservation", STR),
    P("signal", "signal", Signal()),
    P("job_state", "job_state", flags(*JOB_STATES)),
    P("user_id", "user_id", STR),
    P("user_name", "user_name", STR),
    P("wckey", "wckey", STR),
    P("nodes", "nodes", CSV_STRING),
)


# --- the keys of the submit and update responses (OpenAPI document) -------------------

_INT32 = schemas.integer(32)
SUBMIT_MSG = schemas.Named(
    "job_submit_response_msg",
    {
        "type": "object",
        "properties": {
            "job_id": _INT32,
            "step_id": schemas.STRING,
            "error_code": _INT32,
            "error": schemas.STRING,
            "job_submit_user_msg": schemas.STRING,
        },
    },
)
ARRAY_ENTRY = schemas.Named(
    "job_array_response_msg_entry",
    {
        "type": "object",
        "properties": {
            "job_id": _INT32,
            "step_id": schemas.STRING,
            "error": schemas.STRING,
            "error_code": _INT32,
            "why": schemas.STRING,
        },
    },
)
ARRAY_RESULTS = schemas.array("job_array_response_array", ARRAY_ENTRY)
SUBMIT_RESP = (
    F("result", None, Typed(schemas.deprecated(SUBMIT_MSG))),
    F("job_id", None, Typed(_INT32)),
    F("step_id", None, Typed(schemas.STRING)),
    F("job_submit_user_msg", None, Typed(schemas.STRING)),
)
POST_RESP = (
    F("results", None, Typed(ARRAY_RESULTS)),
    F("job_id", None, Typed(schemas.deprecated(schemas.STRING))),
    F("step_id", None, Typed(schemas.deprecated(schemas.STRING))),
    F("job_submit_user_msg", None, Typed(schemas.deprecated(schemas.STRING))),
)
