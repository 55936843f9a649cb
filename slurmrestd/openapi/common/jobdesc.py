"""Job properties (POST /job/submit, POST /job/{id}) to job_desc fields; v0.0.38's key set.

As the reference: keys are matched lower-cased; string options take any
scalar (numbers become their decimal text); integer options take integers,
integer strings and floats (rounded); the first bad key stops the parse.
"""

from __future__ import annotations

import math
import re
import signal as signal_module
from collections.abc import Callable, Mapping
from typing import Any

from slurmrestd.slurm import constants as c
from slurmrestd.slurm.constants import (
    CORE_SPEC_THREAD,
    ESLURM_DATA_CONV_FAILED,
    ESLURM_INVALID_TIME_VALUE,
    GRES_DISABLE_BIND,
    GRES_ENFORCE_BIND,
    INFINITE,
    JOB_CPUS_SET,
    JOB_NTASKS_SET,
    KILL_INV_DEP,
    KILL_JOB_BATCH,
    KILL_JOB_RESV,
    MEM_PER_CPU,
    NICE_OFFSET,
    NO_KILL_INV_DEP,
    NO_VAL,
    OPEN_MODE_APPEND,
    OPEN_MODE_TRUNCATE,
    SPREAD_JOB,
    USE_MIN_NODES,
)


class UnknownKey(Exception):  # noqa: N818 - outcomes of a parse
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class DisabledKey(UnknownKey):
    pass


class ValueRejected(Exception):  # noqa: N818
    """A handler refused a value: its message and return code, and the key."""

    def __init__(self, key: str, message: str, rc: int = -1) -> None:
        super().__init__(message)
        self.key = key
        self.message = message
        self.rc = rc


class EnvironmentMissing(Exception):  # noqa: N818
    pass


def _scalar_text(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:f}"
    if isinstance(value, str):
        return value
    raise ValueRejected(key, "Unable to read string", ESLURM_DATA_CONV_FAILED)


_INT_TEXT = re.compile(r"^[+-]?[0-9]+$")


def _integer(key: str, value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):  # not NaN, Infinity or 1e400
        return round(value)
    if isinstance(value, str) and _INT_TEXT.match(value):
        return int(value)
    raise ValueRejected(key, "Unable to read integer value", ESLURM_DATA_CONV_FAILED)


def _truth(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in ("", "n", "no", "f", "false", "off", "0")
    return bool(value)


def _ranged(low: int, high: int) -> Callable[[str, Any], int]:
    def convert(key: str, value: Any) -> int:
        number = _integer(key, value)
        if not low <= number <= high:
            raise ValueRejected(key, f"Invalid {key} value: {number}")
        return number

    return convert


_TIME = re.compile(r"^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$")


def _minutes(key: str, value: Any) -> int:
    """Slurm's time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S; 0 means INFINITE."""
    text = _scalar_text(key, value).strip()
    if text.lower() in ("infinite", "unlimited", "-1"):
        return INFINITE
    m = _TIME.match(text)
    if not m:
        raise ValueRejected(key, "Invalid time specification")
    day_text, a_text, b_text, c_text = m.groups()
    a, b, c = int(a_text), int(b_text or 0), int(c_text or 0)
    if day_text is not None:  # D-H[:M[:S]]
        minutes = int(day_text) * 1440 + a * 60 + b + (1 if c else 0)
    elif c_text is not None:  # H:M:S
        minutes = a * 60 + b + (1 if c else 0)
    elif b_text is not None:  # M:S
        minutes = a + (1 if b else 0)
    else:
        minutes = a
    return INFINITE if minutes == 0 else minutes


_MBYTES = re.compile(r"^(\d+)([KMGT]?)B?$", re.IGNORECASE)


def _mbytes(key: str, value: Any) -> int:
    m = _MBYTES.match(_scalar_text(key, value).strip())
    if not m:
        raise ValueRejected(key, "Invalid memory specification")
    number, unit = int(m.group(1)), m.group(2).upper()
    factor = {"": 1, "K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024}[unit]
    return int(number * factor)


def _environment(key: str, value: Any) -> list[str]:
    if not isinstance(value, Mapping):
        raise ValueRejected(key, "environment must be a dictionary")
    out = []
    for name, item in value.items():
        if isinstance(item, dict | list):
            raise ValueRejected(key, "failure parsing environment")
        out.append(f"{name}={_scalar_text(key, item)}")
    return out


def _argv(key: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueRejected(key, "argv must be a list")
    return [_scalar_text(key, v) for v in value]


Setter = Callable[[str, Any, dict[str, Any]], None]


def _set(c_name: str, convert: Callable[[str, Any], Any] = _scalar_text) -> Setter:
    def setter(key: str, value: Any, desc: dict[str, Any]) -> None:
        desc[c_name] = convert(key, value)

    return setter


def _flag(bit: int) -> Setter:
    def setter(key: str, value: Any, desc: dict[str, Any]) -> None:
        desc["bitflags"] = desc.get("bitflags", 0) | bit

    return setter


def _nodes(key: str, value: Any, desc: dict[str, Any]) -> None:
    if isinstance(value, list):
        return  # the reference parses a [min, max] list but never applies it
    text = _scalar_text(key, value).strip()
    m = re.match(r"^(\d+)(?:-(\d+))?$", text)
    if not m:
        raise ValueRejected(key, "Invalid node count specification")
    desc["min_nodes"] = int(m.group(1))
    if m.group(2) and int(m.group(2)):
        desc["max_nodes"] = int(m.group(2))


def _memory(per_cpu: bool) -> Setter:
    def setter(key: str, value: Any, desc: dict[str, Any]) -> None:
        mb = _mbytes(key, value)
        if per_cpu:
            if "pn_min_memory" not in desc:  # per node wins
                desc["pn_min_memory"] = mb | MEM_PER_CPU
        else:
            desc["pn_min_memory"] = mb

    return setter


def _hold(key: str, value: Any, desc: dict[str, Any]) -> None:
    desc["priority"] = 0 if _truth(value) else INFINITE


def _nice(key: str, value: Any, desc: dict[str, Any]) -> None:
    number = 100 if value is None else _integer(key, value)
    if abs(number) >= NICE_OFFSET - 3:
        raise ValueRejected(key, "Nice too large")
    desc["nice"] = NICE_OFFSET + number


def _priority(key: str, value: Any, desc: dict[str, Any]) -> None:
    if isinstance(value, str) and value.strip().upper() == "TOP":
        desc["priority"] = NO_VAL - 1
        return
    number = _integer(key, value)
    if not 0 < number < NO_VAL:
        raise ValueRejected(key, "Priority must be >0")
    desc["priority"] = number


EXCLUSIVE = {"exclusive": 0, "oversubscribe": 1, "user": 2, "mcs": 3}


def _exclusive(key: str, value: Any, desc: dict[str, Any]) -> None:
    mode = EXCLUSIVE.get(_scalar_text(key, value).strip().lower())
    if mode is None:
        raise ValueRejected(key, "Invalid exclusive specification")
    desc["shared"] = mode


def _cpus_per_task(key: str, value: Any, desc: dict[str, Any]) -> None:
    number = _integer(key, value)
    if number < 1:
        raise ValueRejected(key, "Invalid cpus_per_task")
    desc["cpus_per_task"] = number
    desc["bitflags"] = desc.get("bitflags", 0) | JOB_CPUS_SET


def _tasks(key: str, value: Any, desc: dict[str, Any]) -> None:
    number = _integer(key, value)
    if not 1 <= number < 0x7FFFFFFF:
        raise ValueRejected(key, "Invalid number of tasks")
    desc["num_tasks"] = number
    desc["bitflags"] = desc.get("bitflags", 0) | JOB_NTASKS_SET


def _kill_on_invalid_dependency(key: str, value: Any, desc: dict[str, Any]) -> None:
    bit = KILL_INV_DEP if _truth(value) else NO_KILL_INV_DEP
    desc["bitflags"] = desc.get("bitflags", 0) | bit


def _stdio(c_name: str) -> Setter:
    def setter(key: str, value: Any, desc: dict[str, Any]) -> None:
        text = _scalar_text(key, value)
        desc[c_name] = "/dev/null" if text.lower() == "none" else text

    return setter


def _thread_spec(key: str, value: Any, desc: dict[str, Any]) -> None:
    number = _integer(key, value)
    if not 1 <= number <= 0x7FFF:
        raise ValueRejected(key, "Invalid thread specification")
    desc["core_spec"] = number | CORE_SPEC_THREAD


def _core_spec(key: str, value: Any, desc: dict[str, Any]) -> None:
    number = _integer(key, value)
    if 0 <= number < 0x7FFF:
        desc["core_spec"] = number


def _gpus(c_name: str) -> Setter:
    def setter(key: str, value: Any, desc: dict[str, Any]) -> None:
        desc[c_name] = "gres:gpu:" + _scalar_text(key, value)

    return setter


def _requeue(on: bool) -> Setter:
    def setter(key: str, value: Any, desc: dict[str, Any]) -> None:
        desc["requeue"] = 1 if on else 0

    return setter


_u16 = _ranged(0, 0xFFFD)

MAIL_TYPES = {
    "none": 0,
    "begin": c.MAIL_JOB_BEGIN,
    "end": c.MAIL_JOB_END,
    "fail": c.MAIL_JOB_FAIL,
    "requeue": c.MAIL_JOB_REQUEUE,
    "time_limit": c.MAIL_JOB_TIME100,
    "time_limit_90": c.MAIL_JOB_TIME90,
    "time_limit_80": c.MAIL_JOB_TIME80,
    "time_limit_50": c.MAIL_JOB_TIME50,
    "stage_out": c.MAIL_JOB_STAGE_OUT,
    "array_tasks": c.MAIL_ARRAY_TASKS,
    "invalid_depend": c.MAIL_INVALID_DEPEND,
}
# --mail-type=ALL sets these bits, not every MAIL_* bit
MAIL_ALL = (
    c.MAIL_JOB_BEGIN
    | c.MAIL_JOB_END
    | c.MAIL_JOB_FAIL
    | c.MAIL_JOB_REQUEUE
    | c.MAIL_JOB_STAGE_OUT
    | c.MAIL_INVALID_DEPEND
)
PROFILES = {
    "none": c.ACCT_GATHER_PROFILE_NONE,
    "energy": c.ACCT_GATHER_PROFILE_ENERGY,
    "task": c.ACCT_GATHER_PROFILE_TASK,
    "lustre": c.ACCT_GATHER_PROFILE_LUSTRE,
    "network": c.ACCT_GATHER_PROFILE_NETWORK,
    # The four named bits, as this daemon has always sent; slurm.h's ACCT_GATHER_PROFILE_ALL
    # is 0xffffffff (kept as it was so that behaviour does not change, see #14).
    "all": (
        c.ACCT_GATHER_PROFILE_ENERGY
        | c.ACCT_GATHER_PROFILE_TASK
        | c.ACCT_GATHER_PROFILE_LUSTRE
        | c.ACCT_GATHER_PROFILE_NETWORK
    ),
}
DISTRIBUTIONS = frozenset(("block", "cyclic", "arbitrary", "plane", "fcyclic", "pack", "nopack"))
MEM_BIND = {
    "verbose": c.MEM_BIND_VERBOSE,
    "v": c.MEM_BIND_VERBOSE,
    "quiet": 0,
    "q": 0,
    "none": c.MEM_BIND_NONE,
    "no": c.MEM_BIND_NONE,
    "rank": c.MEM_BIND_RANK,
    "local": c.MEM_BIND_LOCAL,
    "sort": c.MEM_BIND_SORT,
    "prefer": c.MEM_BIND_PREFER,
}
# The signal names Slurm's sig_name2num knows (DELETE ?signal= and the signal property).
SIGNAL_NAMES = (
    "HUP",
    "INT",
    "QUIT",
    "ABRT",
    "KILL",
    "ALRM",
    "TERM",
    "USR1",
    "USR2",
    "URG",
    "CONT",
    "STOP",
    "TSTP",
    "TTIN",
    "TTOU",
    "XCPU",
)
SIGNALS = {name: int(getattr(signal_module, "SIG" + name)) for name in SIGNAL_NAMES}


def _open_mode(key: str, value: Any, desc: dict[str, Any]) -> None:
    text = _scalar_text(key, value).strip().lower()
    if text.startswith("a"):
        desc["open_mode"] = OPEN_MODE_APPEND
    elif text.startswith("t"):
        desc["open_mode"] = OPEN_MODE_TRUNCATE
    else:
        raise ValueRejected(key, "Invalid open mode specification")


def _mail_type(key: str, value: Any, desc: dict[str, Any]) -> None:
    bits = 0
    for name in _scalar_text(key, value).lower().split(","):
        name = name.strip()
        if name == "all":
            bits |= MAIL_ALL
        elif name in MAIL_TYPES:
            bits |= MAIL_TYPES[name]
        else:
            raise ValueRejected(key, "--mail-type=arg requires an argument")
    desc["mail_type"] = bits


def _profile(key: str, value: Any, desc: dict[str, Any]) -> None:
    bits = 0
    for name in _scalar_text(key, value).lower().split(","):
        if name.strip() not in PROFILES:
            raise ValueRejected(key, "invalid profile")
        bits |= PROFILES[name.strip()]
    desc["profile"] = bits


def _no_kill(key: str, value: Any, desc: dict[str, Any]) -> None:
    on = value is None or (isinstance(value, str) and value.strip().lower() == "set")
    on = on or (not isinstance(value, str) and _truth(value))
    desc["kill_on_node_fail"] = 0 if on else 1


def _gres_flags(key: str, value: Any, desc: dict[str, Any]) -> None:
    text = _scalar_text(key, value).strip().lower()
    bit = {"disable-binding": GRES_DISABLE_BIND, "enforce-binding": GRES_ENFORCE_BIND}.get(text)
    if bit is None:
        raise ValueRejected(key, "Invalid gres_flags specification")
    desc["bitflags"] = desc.get("bitflags", 0) | bit


def _distribution(key: str, value: Any, desc: dict[str, Any]) -> None:
    text = _scalar_text(key, value).strip().lower()
    first = text.split(":")[0].split(",")[0]
    name, _, size = first.partition("=")
    if name not in DISTRIBUTIONS and name != "*":
        raise ValueRejected(key, "Invalid distribution")
    if name == "plane" and size:
        desc["plane_size"] = _integer(key, size)


def _memory_binding(key: str, value: Any, desc: dict[str, Any]) -> None:
    bits = 0
    for part in _scalar_text(key, value).lower().split(","):
        part = part.strip()
        if part.startswith(("map_mem:", "map_ldom:")):
            bits |= c.MEM_BIND_MAP
            desc["mem_bind"] = part.split(":", 1)[1]
        elif part.startswith(("mask_mem:", "mask_ldom:")):
            bits |= c.MEM_BIND_MASK
            desc["mem_bind"] = part.split(":", 1)[1]
        elif part in MEM_BIND:
            bits |= MEM_BIND[part]
        else:
            raise ValueRejected(key, "Invalid memory binding specification")
    desc["mem_bind_type"] = bits


def _signal(key: str, value: Any, desc: dict[str, Any]) -> None:
    text = _scalar_text(key, value).strip()
    flags = 0
    if text[:2].upper() in ("R:", "B:"):
        flags = KILL_JOB_RESV if text[0].upper() == "R" else KILL_JOB_BATCH
        text = text[2:]
    name, _, secs = text.partition("@")
    upper = name.upper()
    upper = upper[3:] if upper.startswith("SIG") else upper
    if upper.isdigit():
        number = int(upper)
    elif upper in SIGNALS:
        number = SIGNALS[upper]
    else:
        raise ValueRejected(key, "Invalid signal specification")
    desc["warn_signal"] = number
    desc["warn_time"] = _integer(key, secs) if secs else 60
    desc["warn_flags"] = flags


_NOW = re.compile(r"^now(?:\+(\d+)(seconds?|minutes?|hours?|days?|weeks?|s|m|h|d|w)?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$", re.IGNORECASE)


def _epoch(key: str, value: Any) -> int:
    """Slurm's time forms the API sees most: epoch, now[+N[unit]], YYYY-MM-DD[THH:MM[:SS]]."""
    import datetime
    import time as clock

    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _scalar_text(key, value).strip().lower()
    if text.isdigit():
        return int(text)
    m = _NOW.match(text)
    if m:
        unit = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[(m.group(2) or "s")[0]]
        return int(clock.time()) + int(m.group(1) or 0) * unit
    m = _ISO.match(text)
    if m:
        y, mo, d, h, mi, sec = (int(x) if x else 0 for x in m.groups())
        return int(datetime.datetime(y, mo, d, h, mi, sec).timestamp())
    raise ValueRejected(key, "Unable to parse time", ESLURM_INVALID_TIME_VALUE)


def _delay_boot(key: str, value: Any) -> int:
    minutes = _minutes(key, value)
    return minutes * 60 if minutes != INFINITE else INFINITE


CPU_FREQ_NAMES = {
    "low": c.CPU_FREQ_LOW,
    "medium": c.CPU_FREQ_MEDIUM,
    "high": c.CPU_FREQ_HIGH,
    "highm1": c.CPU_FREQ_HIGHM1,
}
CPU_FREQ_GOVERNORS = {
    "conservative": c.CPU_FREQ_CONSERVATIVE,
    "ondemand": c.CPU_FREQ_ONDEMAND,
    "performance": c.CPU_FREQ_PERFORMANCE,
    "powersave": c.CPU_FREQ_POWERSAVE,
    "userspace": c.CPU_FREQ_USERSPACE,
    "schedutil": c.CPU_FREQ_SCHEDUTIL,
}


def _cpu_frequency(key: str, value: Any, desc: dict[str, Any]) -> None:
    """p1, p1-p2, p1-p2:governor (p = kHz or low|medium|high|highm1), or a governor alone."""
    text = _scalar_text(key, value).strip().lower()
    freqs, _, gov = text.partition(":")
    if not gov and freqs in CPU_FREQ_GOVERNORS:
        freqs, gov = "", freqs

    def freq(part: str) -> int:
        if part in CPU_FREQ_NAMES:
            return CPU_FREQ_NAMES[part]
        if part.isdigit() and int(part) > 0:
            return int(part)
        raise ValueRejected(key, "Unable to parse CPU frequency")

    # A governor goes with a range only (or alone), as Slurm's own parser has it.
    if gov and (gov not in CPU_FREQ_GOVERNORS or (freqs and "-" not in freqs)):
        raise ValueRejected(key, "Unable to parse CPU frequency")
    if "-" in freqs:
        low, high = freqs.split("-", 1)
        desc["cpu_freq_min"], desc["cpu_freq_max"] = freq(low), freq(high)
    elif freqs:
        desc["cpu_freq_max"] = freq(freqs)
    if gov:
        desc["cpu_freq_gov"] = CPU_FREQ_GOVERNORS[gov]
    desc["_cpu_freq_req"] = text


def _hint(key: str, value: Any, desc: dict[str, Any]) -> None:
    text = _scalar_text(key, value).strip().lower()
    if text not in ("compute_bound", "memory_bound", "multithread", "nomultithread"):
        raise ValueRejected(key, "Invalid --hint specification")
    if text == "nomultithread":
        desc["threads_per_core"] = 1


def _accepted(key: str, value: Any, desc: dict[str, Any]) -> None:
    """Options of sbatch that do not reach job_desc through this API."""


PROPERTIES: dict[str, Setter] = {
    "account": _set("account"),
    "account_gather_frequency": _set("acctg_freq"),
    "array": _set("array_inx"),
    "argv": _set("argv", _argv),
    "batch_features": _set("batch_features"),
    "burst_buffer": _set("burst_buffer"),
    "cluster_constraint": _set("cluster_features"),
    "comment": _set("comment"),
    "constraint": _set("features"),
    "constraints": _set("features"),
    "container": _set("container"),
    "core_specification": _core_spec,
    "cores_per_socket": _set("cores_per_socket", _u16),
    "cpus_per_gpu": _set("cpus_per_tres", lambda k, v: f"gres:gpu:{_integer(k, v)}"),
    "cpus_per_task": _cpus_per_task,
    "current_working_directory": _set("work_dir"),
    "cwd": _set("work_dir"),
    "dependency": _set("dependency"),
    "environment": _set("environment", _environment),
    "exclude_nodes": _set("exc_nodes"),
    "exclusive": _exclusive,
    "gpu_binding": _set("tres_bind", lambda k, v: "gpu:" + _scalar_text(k, v)),
    "gpu_frequency": _set("tres_freq", lambda k, v: "gpu:" + _scalar_text(k, v)),
    "gpus": _gpus("tres_per_job"),
    "gpus_per_node": _gpus("tres_per_node"),
    "gpus_per_socket": _gpus("tres_per_socket"),
    "gpus_per_task": _gpus("tres_per_task"),
    "gres": _set("tres_per_node", lambda k, v: "gres:" + _scalar_text(k, v)),
    "hold": _hold,
    "job_name": _set("name"),
    "name": _set("name"),
    "kill_on_invalid_dependency": _kill_on_invalid_dependency,
    "license": _set("licenses"),
    "licenses": _set("licenses"),
    "mail_user": _set("mail_user"),
    "mcs_label": _set("mcs_label"),
    "memory_per_cpu": _memory(per_cpu=True),
    "memory_per_gpu": _set("mem_per_tres", lambda k, v: f"gres:gpu:{_mbytes(k, v)}"),
    "memory_per_node": _memory(per_cpu=False),
    "minimum_cpus_per_node": _set("pn_min_cpus", _u16),
    "minimum_nodes": _flag(USE_MIN_NODES),
    "nice": _nice,
    "nodelist": _set("req_nodes"),
    "node_list": _set("req_nodes"),
    "nodes": _nodes,
    "no_requeue": _requeue(False),
    "oversubscribe": lambda k, v, d: d.__setitem__("shared", 1),
    "open_mode": _open_mode,
    "mail_type": _mail_type,
    "profile": _profile,
    "no_kill": _no_kill,
    "gres_flags": _gres_flags,
    "distribution": _distribution,
    "memory_binding": _memory_binding,
    "signal": _signal,
    "begin_time": _set("begin_time", _epoch),
    "deadline": _set("deadline", _epoch),
    "delay_boot": _set("delay_boot", _delay_boot),
    "cpu_binding_hint": _hint,
    "cpu_frequency": _cpu_frequency,
    "get_user_environment": _accepted,
    "test_only": _accepted,
    "umask": _accepted,
    "partition": _set("partition"),
    "prefer": _set("prefer"),
    "priority": _priority,
    "qos": _set("qos"),
    "requeue": _requeue(True),
    "reservation": _set("reservation"),
    "sockets_per_node": _set("sockets_per_node", _u16),
    "spread_job": _flag(SPREAD_JOB),
    "standard_error": _stdio("std_err"),
    "standard_input": _stdio("std_in"),
    "standard_output": _stdio("std_out"),
    "tasks": _tasks,
    "ntasks": _tasks,
    "tasks_per_core": _set("ntasks_per_core", _u16),
    "ntasks_per_core": _set("ntasks_per_core", _u16),
    "tasks_per_node": _set("ntasks_per_node", _u16),
    "ntasks_per_node": _set("ntasks_per_node", _u16),
    "tasks_per_socket": _set("ntasks_per_socket", _u16),
    "ntasks_per_socket": _set("ntasks_per_socket", _u16),
    "ntasks_per_tres": _set("ntasks_per_tres", _u16),
    "temporary_disk_per_node": _set("pn_min_tmp_disk", _mbytes),
    "thread_specification": _thread_spec,
    "threads_per_core": _set("threads_per_core", _u16),
    "time_limit": _set("time_limit", _minutes),
    "time_minimum": _set("time_min", _minutes),
    "wait_all_nodes": _set("wait_all_nodes", _ranged(0, 1)),
    "wckey": _set("wckey"),
}

# Options the reference knows but refuses through the REST API.
DISABLED = frozenset(
    (
        "accelerator_binding",
        "allocation_node_list",
        "bell",
        "burst_buffer_file",
        "cluster",
        "clusters",
        "compress",
        "contiguous",
        "cpu_binding",
        "debugger_test",
        "disable_status",
        "epilog",
        "excluded_nodes",
        "export",
        "export_file",
        "extra_node_info",
        "group_id",
        "help",
        "hetjob_group",
        "ignore_pbs",
        "immediate",
        "job_id",
        "kill_command",
        "kill_on_bad_exit",
        "label",
        "max_threads",
        "message_timeout",
        "mpi",
        "multiple_program",
        "network",
        "no_allocation",
        "no_bell",
        "no_shell",
        "nodefile",
        "overcommit",
        "parsable",
        "power_flags",
        "preserve_environment",
        "prolog",
        "propagate",
        "pty",
        "quiet",
        "quit_on_interrupt",
        "reboot",
        "relative",
        "required_nodes",
        "required_switches",
        "reserve_port",
        "reserve_ports",
        "slurmd_debug",
        "task_epilog",
        "task_prolog",
        "threads",
        "unbuffered",
        "unknown",
        "usage",
        "user_id",
        "version",
        "verbose",
        "wait",
        "wait_for_switch",
        "wrap",
        "x11",
    )
)


def job_desc(
    props: Mapping[str, Any],
    *,
    submit: bool,
    properties: Mapping[str, Setter] | None = None,
    disabled: frozenset[str] | None = None,
) -> dict[str, Any]:
    """job_desc fields for a v0.0.38 job properties object (stops at the first bad key)."""
    desc: dict[str, Any] = {}
    for raw_key, value in props.items():
        key = str(raw_key).lower()
        if key in (DISABLED if disabled is None else disabled):
            raise DisabledKey(key)
        setter = (PROPERTIES if properties is None else properties).get(key)
        if setter is None:
            raise UnknownKey(key)
        setter(key, value, desc)
    if submit and not desc.get("environment"):
        raise EnvironmentMissing()
    env_extra = []
    if desc.get("name"):
        env_extra.append(f"SLURM_JOB_NAME={desc['name']}")
    if "open_mode" in desc:
        env_extra.append("SLURM_OPEN_MODE=" + ("a" if desc["open_mode"] == 1 else "t"))
    if desc.get("dependency"):
        env_extra.append(f"SLURM_JOB_DEPENDENCY={desc['dependency']}")
    if "_cpu_freq_req" in desc:
        env_extra.append(f"SLURM_CPU_FREQ_REQ={desc.pop('_cpu_freq_req')}")
    if "get_user_environment" in {str(k).lower() for k in props}:
        env_extra.append("SLURM_GET_USER_ENV=1")
    if submit and env_extra:
        desc["environment"] = [*desc["environment"], *env_extra]
    if "num_tasks" in desc:
        # As sbatch: a task count asks for that many CPUs (times cpus_per_task).
        desc["min_cpus"] = desc["num_tasks"] * desc.get("cpus_per_task", 1)
    return desc
