"""openapi/v0.0.38 job properties (POST /job/submit, POST /job/{id}) to job_desc fields.

As the reference: keys are matched lower-cased; string options take any
scalar (numbers become their decimal text); integer options take integers,
integer strings and floats (rounded); the first bad key stops the parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

MEM_PER_CPU = 0x8000000000000000
NICE_OFFSET = 0x80000000
NO_VAL = 0xFFFFFFFE
INFINITE = 0xFFFFFFFF
CORE_SPEC_THREAD = 0x8000
# job_desc bitflags the properties can set
KILL_INV_DEP = 1 << 0
NO_KILL_INV_DEP = 1 << 1
SPREAD_JOB = 1 << 8
USE_MIN_NODES = 1 << 9
JOB_NTASKS_SET = 1 << 14
JOB_CPUS_SET = 1 << 15
ESLURM_DATA_CONV_FAILED = 9202
ESLURM_ENVIRONMENT_MISSING = 2127


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
    if isinstance(value, float):
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


def job_desc(props: Mapping[str, Any], *, submit: bool) -> dict[str, Any]:
    """job_desc fields for a v0.0.38 job properties object (stops at the first bad key)."""
    desc: dict[str, Any] = {}
    for raw_key, value in props.items():
        key = str(raw_key).lower()
        if key in DISABLED:
            raise DisabledKey(key)
        setter = PROPERTIES.get(key)
        if setter is None:
            raise UnknownKey(key)
        setter(key, value, desc)
    if submit and not desc.get("environment"):
        raise EnvironmentMissing()
    if "num_tasks" in desc:
        # As sbatch: a task count asks for that many CPUs (times cpus_per_task).
        desc["min_cpus"] = desc["num_tasks"] * desc.get("cpus_per_task", 1)
    return desc
