"""Accounting records <-> JSON for the openapi/dbv0.0.3x plugins: slurmdbd's kinds.

The engine (tables, dump, parse, the plain kinds) is common.engine; here are
the kinds that read slurmdbd's lists or libslurm's strings.  The tables are
each version's (openapi/dbv0_0_38/tables.py, and the differences of
openapi/dbv0_0_37/tables.py).
"""

from __future__ import annotations

import grp
import os
import pwd
import signal
from typing import Any

from slurmrestd.openapi.common.engine import (  # noqa: F401 - re-exported for the accounting handlers
    FLOAT,
    I64,
    STR,
    U16,
    U32,
    U64,
    Env,
    F,
    Flag,
    Flags,
    Float,
    Kind,
    ParseError,
    Records,
    Rules,
    Signed64,
    String,
    Table,
    Unhandled,
    Unsigned,
    Unsigned64,
    dump,
    force_bool,
    parse,
    to_bool,
    to_int,
    to_str,
)
from slurmrestd.slurm import constants as c
from slurmrestd.slurm import db as slurmdb
from slurmrestd.slurm.constants import (
    ESLURM_DATA_CONV_FAILED,
    ESLURM_INVALID_TRES,
    ESLURM_REST_EMPTY_RESULT,
    ESLURM_REST_FAIL_PARSING,
    INFINITE64,
    NO_VAL,
)


def _qos_name(env: Env, qos_id: int) -> str | None:
    for q in env.qos:
        if q["id"] == qos_id:
            return str(q["name"])
    return None


class QosId(Kind):
    """A QOS id shown by name."""

    def dump(self, value: Any, env: Env) -> Any:
        if not value:
            return None
        name = _qos_name(env, value)
        if name is None:
            raise ParseError(ESLURM_REST_EMPTY_RESULT)
        return name

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if value is None:
            return 0
        name = to_str(value)
        if not name:
            raise ParseError(ESLURM_DATA_CONV_FAILED)
        for q in env.qos:
            if (q["name"] or "").lower() == name.lower():
                return q["id"]
        raise ParseError(ESLURM_REST_EMPTY_RESULT)


def _qos_names(value: Any) -> list[Any]:
    names = []
    for item in value:
        if isinstance(item, str):
            names.append(item)
        elif (
            isinstance(item, dict) and "name" in item and not isinstance(item["name"], dict | list)
        ):
            names.append(to_str(item["name"]))
        else:
            raise ParseError(ESLURM_REST_FAIL_PARSING)
    return names


class QosIdList(Kind):
    """QOS ids (as strings) shown as sorted names; parsed from names or {"name": ...}."""

    def dump(self, value: Any, env: Env) -> Any:
        if not value:
            return []
        names = [_qos_name(env, int(i)) for i in value if str(i).isdigit()]
        return sorted(n for n in names if n is not None)

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        ids: list[str] = []
        for name in _qos_names(value):
            found = [q for q in env.qos if (q["name"] or "").lower() == name.lower()]
            if not found:
                env.error(ESLURM_REST_FAIL_PARSING, "QOS name to ID conversion failed", name)
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            if str(found[0]["id"]) not in ids:
                ids.append(str(found[0]["id"]))
        return ids or ["''"]


class QosRawList(Kind):
    """v0.0.37: the QOS list as slurmdbd sends it (ids as strings); names parsed as sent."""

    def dump(self, value: Any, env: Env) -> Any:
        return list(value or [])

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        names = []
        for item in value:
            if not isinstance(item, dict) or "name" not in item:
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            names.append(to_str(item["name"]))
        return names


class QosPreempt(Kind):
    """The QOS a QOS may preempt (its preempt bitmap) by name."""

    def __init__(self, first: int = 1) -> None:
        self.first = first

    def dump(self, bits: Any, env: Env) -> Any:
        out = []
        for level in bits or []:
            if level < self.first:
                continue
            name = _qos_name(env, level)
            if name is None:
                raise ParseError(ESLURM_DATA_CONV_FAILED)
            out.append(name)
        return out

    def parse(self, value: Any, env: Env, key: str) -> Any:
        return {"preempt_list": QosIdList().parse(value, env, key)}


def _tres_of(env: Env, tres_id: int) -> dict[str, Any] | None:
    for t in env.tres:
        if t["id"] == tres_id:
            return t
    return None


def tres_counts(text: str | None) -> list[tuple[int, int]]:
    """A TRES string "1=2,4=1" as (id, count) pairs, in order."""
    out = []
    for item in (text or "").split(","):
        tid, sep, count = item.partition("=")
        if sep and tid.strip().lstrip("-").isdigit():
            try:
                out.append((int(tid), int(count) & INFINITE64))
            except ValueError:
                continue
    return out


TRES_FIELDS = ("type", "name", "id", "count")


def tres_record(tres_id: int, count: Any, env: Env) -> dict[str, Any]:
    known = _tres_of(env, tres_id) or {}
    return {
        "type": known.get("type"),
        "name": known.get("name"),
        "id": tres_id,
        "count": Signed64().dump(count, env),
    }


class TresList(Kind):
    """A TRES string as a list of {type, name, id, count} (table); parsed back against
    known TRES."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def dump(self, value: Any, env: Env) -> Any:
        return [tres_record(tid, count, env) for tid, count in tres_counts(value)]

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        pairs: list[tuple[int, int]] = []
        for item in value:
            if not isinstance(item, dict):
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            rc, t = parse(self.table, item, env, Rules(strict=not env.lenient))
            if rc:
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            count = t.get("count", 0)
            if isinstance(count, int) and count < 0 and count != NO_VAL:
                env.error(ESLURM_REST_FAIL_PARSING, "TRES count below 0", "count")
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            found = self._find(t, env)
            if found is None and env.lenient:  # dbv0.0.37 says nothing about it
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            if found is None:
                env.error(
                    ESLURM_INVALID_TRES,
                    f"Couldn't find TRES matching name:{_c(t.get('name'))} "
                    f"type:{_c(t.get('type'))}",
                    "_for_each_parse_tres_count",
                )
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            tid = t.get("id") or 0
            if tid and tid != found["id"] and env.lenient:
                env.error(ESLURM_INVALID_TRES, "TRES id unknown", "id")
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            if tid and tid != found["id"]:
                env.error(
                    ESLURM_INVALID_TRES,
                    f"Requested TRES id({tid}) doesn't match TRES type/name"
                    f"({_c(found['type'])}/{_c(found['name'])}) which id is {found['id']}",
                    "_for_each_parse_tres_count",
                )
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            pairs.append((found["id"], count))
        if not pairs:
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        return ",".join(f"{tid}={count}" for tid, count in pairs)

    @staticmethod
    def _find(t: dict[str, Any], env: Env) -> dict[str, Any] | None:
        tid, ttype, name = t.get("id") or 0, t.get("type"), t.get("name")
        for known in env.tres:
            same_type = (ttype or "").lower() == (known["type"] or "").lower()
            same_name = not name or name.lower() == (known["name"] or "").lower()
            if tid and tid == known["id"] and (not ttype or same_type) and same_name:
                return known
            if not name and same_type:
                return known
            if same_type and (name or "").lower() == (known["name"] or "").lower():
                return known
        return None


def _c(value: Any) -> str:
    """A C string as printf's %s shows it."""
    return "(null)" if value is None else str(value)


class AssocId(Kind):
    """A job's association id shown as the association's short form (table)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def dump(self, value: Any, env: Env) -> Any:
        if not value or value == NO_VAL:
            return None
        for a in env.assocs:
            if a["id"] == value:
                return dump(self.table, a, env)
        return {"id": value, "account": None, "cluster": None, "partition": None, "user": None}


class AccountNames(Kind):
    """A wckey's accounting list: the reference shows names of accounts; slurmdbd sends none."""

    def dump(self, value: Any, env: Env) -> Any:
        return []

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list) or any(
            v is None or isinstance(v, dict | list) for v in value
        ):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        return None


ADMIN_LEVELS = {0: "Not Set", 1: "None", 2: "Operator", 3: "Administrator"}


class AdminLevel(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        return ADMIN_LEVELS.get(value, "Unknown")

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if isinstance(value, dict | list) or value is None:
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        text = to_str(value).lower()
        if text == "none":
            return 1
        if text.startswith("o"):
            return 2
        if text.startswith("s") or text.startswith("a"):
            return 3
        raise ParseError(ESLURM_REST_FAIL_PARSING)


class ExitCode(Kind):
    """A wait() status as {status, return_code[, signal]}."""

    def dump(self, value: Any, env: Env) -> Any:
        out: dict[str, Any] = {"status": None, "return_code": None}
        # An int32 field (a step's) and a uint32 one (a job's) hold the same bits.
        if value is None or value & 0xFFFFFFFF == NO_VAL:
            out["status"] = "PENDING"
            return out
        # The reference reads the uint32 with the wait() macros of a C int: the same bits, signed.
        value &= 0xFFFFFFFF
        if value >= 1 << 31:
            value -= 1 << 32
        if os.WIFEXITED(value):  # as the reference: any normal exit is a success
            out["status"] = "SUCCESS"
            out["return_code"] = 0
        elif os.WIFSIGNALED(value):
            out["status"] = "SIGNALED"
            sig = os.WTERMSIG(value)
            out["signal"] = {"signal_id": sig, "name": _strsignal(sig)}
        elif os.WCOREDUMP(value):
            out["status"] = "CORE_DUMPED"
        else:
            out["status"] = "ERROR"
            out["return_code"] = os.WEXITSTATUS(value)
        return out


def _strsignal(sig: int) -> str:
    try:
        return signal.strsignal(sig) or f"Unknown signal {sig}"
    except ValueError:
        return f"Unknown signal {sig}"


class UserId(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        if value is None:
            return None
        try:
            return pwd.getpwuid(value).pw_name
        except (KeyError, OverflowError):
            return None

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if value is None:
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        text = to_str(value)
        try:
            return pwd.getpwnam(text).pw_uid
        except KeyError:
            if text.isdigit():
                return int(text)
            raise ParseError(ESLURM_REST_FAIL_PARSING) from None


class GroupId(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        try:
            return grp.getgrgid(value).gr_name
        except (KeyError, OverflowError, TypeError):
            return None


class Lookup(Kind):
    """A number shown through a libslurm string function."""

    def __init__(self, func: str, *args: Any, owned: bool = False) -> None:
        self.func, self.args, self.owned = func, args, owned

    def dump(self, value: Any, env: Env) -> Any:
        return slurmdb.text(self.func, value, *self.args, owned=self.owned)


class JobReason(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        return slurmdb.text("slurm_job_reason_string", value)


class WckeyTag(Kind):
    """A job's wckey: a leading '*' marks the assigned default."""

    def dump(self, value: Any, env: Env) -> Any:
        if value is None:
            return None
        if value.startswith("*"):
            return {"wckey": value[1:], "flags": ["ASSIGNED_DEFAULT"]}
        return {"wckey": value, "flags": []}


STEP_NAMES = {
    c.SLURM_EXTERN_CONT: "extern",
    c.SLURM_BATCH_SCRIPT: "batch",
    c.SLURM_PENDING_STEP: "pending",
    c.SLURM_INTERACTIVE_STEP: "interactive",
}


class StepId(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        return STEP_NAMES.get(value, value)


class SelectPlugin(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        return slurmdb.text("select_plugin_id_to_string", value)


class ResvName(Kind):
    """v0.0.3x dump a reservation *name* as a number; the only stable value is 0 for none."""

    def dump(self, value: Any, env: Env) -> Any:
        return 0 if value is None else value


class Usage(Kind):
    """An association's usage, dumped with table; never parsed."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def dump(self, value: Any, env: Env) -> Any:
        return None if value is None else dump(self.table, value, env)

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, dict):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        return None


class Rollups(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        if value is None:
            raise ParseError(ESLURM_DATA_CONV_FAILED)
        out = []
        for i, total in enumerate(value["time_total"]):
            if not total:
                continue
            count = value["count"][i]
            out.append(
                {
                    "type": ("internal", "user")[i] if i < 2 else "unknown",
                    "last_run": value["timestamp"][i],
                    "last_cycle": value["time_last"][i],
                    "max_cycle": value["time_max"][i],
                    "total_time": total,
                    "total_cycles": count,
                    "mean_cycles": total // count if count > 1 else total,
                }
            )
        return out


def _nct(count: str | None, node: str | None, task: str | None, nodes: str | None, env: Env) -> Any:
    """Per-TRES max/min of a step: count, on which node, by which task."""
    if not count and not node and not task:
        return []
    hosts = _hostnames(nodes)
    slots: dict[int, dict[str, Any]] = {
        t["id"]: {
            "type": t["type"],
            "name": t["name"],
            "id": t["id"],
            "count": 0,
            "task": 0,
            "node": None,
        }
        for t in env.tres
    }
    for tid, value in tres_counts(count):
        if tid in slots:
            slots[tid]["count"] = value
    for tid, value in tres_counts(node):
        if tid in slots:
            slots[tid]["node"] = hosts[value] if 0 <= value < len(hosts) else None
    for tid, value in tres_counts(task):
        if tid in slots:
            slots[tid]["task"] = value
    out = []
    for s in slots.values():
        if s["count"] or s["node"] or s["task"]:
            out.append(
                {
                    "type": s["type"],
                    "name": s["name"],
                    "id": s["id"],
                    "count": Signed64().dump(s["count"], env),
                    "task": Signed64().dump(s["task"], env),
                    "node": s["node"],
                }
            )
    return out


def _hostnames(nodes: str | None) -> list[str]:
    from slurmrestd import slurm

    return slurm.hostnames(nodes) if nodes else []


class Steps(Kind):
    """A job's steps: each dumped with table, and its per-TRES max/min with their node and task."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def dump(self, value: Any, env: Env) -> Any:
        out = []
        for step in value or []:
            d: dict[str, Any] = {}
            hosts = _hostnames(step.get("nodes"))
            if hosts:
                d["nodes"] = {"list": hosts}
            stats = step["stats"]
            for path, prefix in (
                ("requested/max", "tres_usage_in_max"),
                ("requested/min", "tres_usage_in_min"),
                ("consumed/max", "tres_usage_out_max"),
                ("consumed/min", "tres_usage_out_min"),
            ):
                sub = d.setdefault("tres", {}).setdefault(path.split("/")[0], {})
                sub[path.split("/")[1]] = _nct(
                    stats[prefix],
                    stats[prefix + "_nodeid"],
                    stats[prefix + "_taskid"],
                    step.get("nodes"),
                    env,
                )
            _merge(d, dump(self.table, step, env))
            out.append(d)
        return out


def _merge(into: dict[str, Any], more: dict[str, Any]) -> None:
    for k, v in more.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v


class RpcName(Kind):
    def dump(self, value: Any, env: Env) -> Any:
        return slurmdb.text("slurmdbd_msg_type_2_str", value, 1)
