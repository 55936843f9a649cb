"""openapi/v0.0.38 job properties (POST /job/submit, POST /job/{id}) to job_desc fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

MEM_PER_CPU = 0x8000000000000000
NICE_OFFSET = 0x80000000


class PropertyError(ValueError):
    """A job property that cannot be used as given."""


def _str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise PropertyError(f"{name} must be a string")
    return value


def _int(name: str, value: Any, low: int = 0, high: int = 0xFFFFFFFD) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        else:
            raise PropertyError(f"{name} must be an integer")
    if not low <= value <= high:
        raise PropertyError(f"{name} must be between {low} and {high}")
    return value


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise PropertyError(f"{name} must be true or false")
    return value


def _environment(name: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        return [
            f"{k}={_str(name, v) if not isinstance(v, int | float) else v}"
            for k, v in value.items()
        ]
    if isinstance(value, list):
        return [_str(name, v) for v in value]
    raise PropertyError(f"{name} must be an object of NAME: value")


def _argv(name: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise PropertyError(f"{name} must be a list of strings")
    return [_str(name, v) for v in value]


def _nodes(name: str, value: Any) -> dict[str, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return {"min_nodes": _int(name, value, 1), "max_nodes": _int(name, value, 1)}
    text = _str(name, value)
    low, _, high = text.partition("-")
    try:
        lo = int(low)
        hi = int(high) if high else lo
    except ValueError:
        raise PropertyError(f"{name} must be N or MIN-MAX") from None
    if not 1 <= lo <= hi:
        raise PropertyError(f"{name} must be N or MIN-MAX")
    return {"min_nodes": lo, "max_nodes": hi}


Setter = Callable[[str, Any], dict[str, Any]]


def field(c_name: str, convert: Callable[[str, Any], Any]) -> Setter:
    return lambda name, value: {c_name: convert(name, value)}


def _memory(per_cpu: bool) -> Setter:
    def setter(name: str, value: Any) -> dict[str, Any]:
        mb = _int(name, value, 0, (1 << 62))
        return {"pn_min_memory": mb | MEM_PER_CPU if per_cpu else mb}

    return setter


def _hold(name: str, value: Any) -> dict[str, Any]:
    return {"priority": 0} if _bool(name, value) else {}


def _nice(name: str, value: Any) -> dict[str, Any]:
    return {"nice": NICE_OFFSET + _int(name, value, -(NICE_OFFSET - 3), NICE_OFFSET - 3)}


def _exclusive(name: str, value: Any) -> dict[str, Any]:
    # job_desc.shared: 0 = exclusive, 1 = oversubscribe, 2 = user, 3 = mcs
    if isinstance(value, bool):
        return {"shared": 0} if value else {}
    modes = {"user": 2, "mcs": 3, "true": 0, "false": 1}
    if value not in modes:
        raise PropertyError(f"{name} must be true, false, user or mcs")
    return {"shared": modes[value]}


PROPERTIES: dict[str, Setter] = {
    "account": field("account", _str),
    "argv": field("argv", _argv),
    "array": field("array_inx", _str),
    "batch_features": field("batch_features", _str),
    "begin_time": field("begin_time", lambda n, v: _int(n, v, 0, 1 << 62)),
    "burst_buffer": field("burst_buffer", _str),
    "cluster_constraint": field("cluster_features", _str),
    "comment": field("comment", _str),
    "constraints": field("features", _str),
    "container": field("container", _str),
    "core_specification": field("core_spec", lambda n, v: _int(n, v, 0, 0x7FFF)),
    "cores_per_socket": field("cores_per_socket", lambda n, v: _int(n, v, 0, 0xFFFD)),
    "cpus_per_task": field("cpus_per_task", lambda n, v: _int(n, v, 1, 0xFFFD)),
    "current_working_directory": field("work_dir", _str),
    "deadline": field("deadline", lambda n, v: _int(n, v, 0, 1 << 62)),
    "delay_boot": field("delay_boot", _int),
    "dependency": field("dependency", _str),
    "environment": field("environment", _environment),
    "exclusive": _exclusive,
    "hold": _hold,
    "licenses": field("licenses", _str),
    "mail_user": field("mail_user", _str),
    "mcs_label": field("mcs_label", _str),
    "memory_per_cpu": _memory(per_cpu=True),
    "memory_per_node": _memory(per_cpu=False),
    "minimum_cpus_per_node": field("pn_min_cpus", lambda n, v: _int(n, v, 0, 0xFFFD)),
    "name": field("name", _str),
    "nice": _nice,
    "nodes": _nodes,
    "partition": field("partition", _str),
    "priority": field("priority", _int),
    "qos": field("qos", _str),
    "requeue": field("requeue", lambda n, v: int(_bool(n, v))),
    "reservation": field("reservation", _str),
    "sockets_per_node": field("sockets_per_node", lambda n, v: _int(n, v, 0, 0xFFFD)),
    "standard_error": field("std_err", _str),
    "standard_input": field("std_in", _str),
    "standard_output": field("std_out", _str),
    "tasks": field("num_tasks", lambda n, v: _int(n, v, 1)),
    "tasks_per_core": field("ntasks_per_core", lambda n, v: _int(n, v, 0, 0xFFFD)),
    "tasks_per_node": field("ntasks_per_node", lambda n, v: _int(n, v, 0, 0xFFFD)),
    "tasks_per_socket": field("ntasks_per_socket", lambda n, v: _int(n, v, 0, 0xFFFD)),
    "threads_per_core": field("threads_per_core", lambda n, v: _int(n, v, 0, 0xFFFD)),
    "time_limit": field("time_limit", _int),
    "time_minimum": field("time_min", _int),
    "wait_all_nodes": field("wait_all_nodes", lambda n, v: int(_bool(n, v))),
    "wckey": field("wckey", _str),
}


def job_desc(props: Mapping[str, Any]) -> dict[str, Any]:
    """job_desc fields for a v0.0.38 job properties object; PropertyError names the culprit."""
    if not isinstance(props, Mapping):
        raise PropertyError("job must be an object")
    values: dict[str, Any] = {}
    for name, value in props.items():
        setter = PROPERTIES.get(name)
        if setter is None:
            raise PropertyError(f"unknown job property {name!r}")
        if value is None:
            continue
        values.update(setter(name, value))
    return values
