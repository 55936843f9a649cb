"""Accounting records <-> JSON for the openapi/dbv0.0.3x plugins: slurmdbd's kinds and tables.

The engine (tables, dump, parse, the plain kinds) is common.engine; here are
the kinds that read slurmdbd's lists or libslurm's strings, and the tables.
"""

from __future__ import annotations

import grp
import os
import pwd
import signal
from typing import Any

from slurmrestd.openapi.common.engine import (  # noqa: F401 - the tables' vocabulary
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
    """A TRES string as a list of {type, name, id, count}; parsed back against known TRES."""

    def dump(self, value: Any, env: Env) -> Any:
        return [tres_record(tid, count, env) for tid, count in tres_counts(value)]

    def parse(self, value: Any, env: Env, key: str) -> Any:
        if not isinstance(value, list):
            raise ParseError(ESLURM_REST_FAIL_PARSING)
        pairs: list[tuple[int, int]] = []
        for item in value:
            if not isinstance(item, dict):
                raise ParseError(ESLURM_REST_FAIL_PARSING)
            rc, t = parse(TRES, item, env, Rules(strict=not env.lenient))
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
    """A job's association id shown as the association's short form."""

    def dump(self, value: Any, env: Env) -> Any:
        if not value or value == NO_VAL:
            return None
        for a in env.assocs:
            if a["id"] == value:
                return dump(ASSOC_SHORT, a, env)
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
        if value is None or value == NO_VAL:
            out["status"] = "PENDING"
            return out
        value &= 0xFFFFFFFF
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
    def dump(self, value: Any, env: Env) -> Any:
        return None if value is None else dump(ASSOC_USAGE, value, env)

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
            _merge(d, dump(STEP, step, env))
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


# --- tables (openapi/dbv0.0.38) ------------------------------------------------------------

TRES_LIST = TresList()

ASSOC_SHORT: Table = (
    F("account", "acct", STR, required=True),
    F("cluster", "cluster", STR),
    F("partition", "partition", STR),
    F("user", "user", STR, required=True),
)

ASSOC_USAGE: Table = (
    F("accrue_job_count", "accrue_cnt", U32),
    F("group_used_wallclock", "grp_used_wall", FLOAT),
    F("fairshare_factor", "fs_factor", FLOAT),
    F("fairshare_shares", "level_shares", U32),
    F("normalized_priority", "priority_norm", FLOAT),
    F("normalized_shares", "shares_norm", FLOAT),
    F("effective_normalized_usage", "usage_efctv", FLOAT),
    F("normalized_usage", "usage_norm", FLOAT),
    F("raw_usage", "usage_raw", U64),
    F("active_jobs", "used_jobs", U32),
    F("job_count", "used_submit_jobs", U32),
    F("fairshare_level", "level_fs", FLOAT),
)

ASSOC_FLAGS = Flags(Flag("DELETED", "flags", c.ASSOC_FLAG_DELETED), Flag("DEFAULT", "is_def"))

ASSOC: Table = (
    F("account", "acct", STR, required=True),
    F("cluster", "cluster", STR),
    F("default/qos", "def_qos_id", QosId()),
    F("flags", None, ASSOC_FLAGS),
    F("max/jobs/per/count", "grp_jobs", U32),
    F("max/jobs/per/accruing", "grp_jobs_accrue", U32),
    F("max/jobs/per/submitted", "grp_submit_jobs", U32),
    F("max/tres/total", "grp_tres", TRES_LIST),
    F("max/tres/minutes/per/job", "max_tres_mins_pj", TRES_LIST),
    F("max/tres/group/minutes", "grp_tres_mins", TRES_LIST),
    F("max/tres/group/active", "grp_tres_run_mins", TRES_LIST),
    F("is_default", "is_def", U16),
    F("max/jobs/active", "max_jobs", U32),
    F("max/jobs/accruing", "max_jobs_accrue", U32),
    F("max/jobs/total", "max_submit_jobs", U32),
    F("max/tres/minutes/total", "max_tres_run_mins", TRES_LIST),
    F("max/per/account/wall_clock", "grp_wall", U32),
    F("max/tres/per/job", "max_tres_pj", TRES_LIST),
    F("max/tres/per/node", "max_tres_pn", TRES_LIST),
    F("max/jobs/per/wall_clock", "max_wall_pj", U32),
    F("min/priority_threshold", "min_prio_thresh", U32),
    F("parent_account", "parent_acct", STR),
    F("partition", "partition", STR),
    F("priority", "priority", U32),
    F("qos", "qos_list", QosIdList()),
    F("shares_raw", "shares_raw", U32),
    F("usage", "usage", Usage()),
    F("user", "user", STR, required=True),
)

COORD: Table = (
    F("name", "name", STR, required=True),
    F("direct", "direct", U16),
)

USER: Table = (
    F("administrator_level", "admin_level", AdminLevel()),
    F("associations", "assoc_list", Records(lambda: ASSOC_SHORT)),
    F("coordinators", "coord_accts", Records(lambda: COORD)),
    F("default/account", "default_acct", STR),
    F("default/wckey", "default_wckey", STR),
    F("flags", None, Flags(Flag("DELETED", "flags", c.SLURMDB_USER_FLAG_DELETED))),
    F("name", "name", STR, required=True),
)

ACCOUNT: Table = (
    F("associations", "assoc_list", Records(lambda: ASSOC_SHORT)),
    F("coordinators", "coordinators", Records(lambda: COORD)),
    F("description", "description", STR),
    F("name", "name", STR),
    F("organization", "organization", STR),
    F("flags", None, Flags(Flag("DELETED", "flags", c.SLURMDB_ACCT_FLAG_DELETED))),
)

WCKEY: Table = (
    F("accounts", "accounting_list", AccountNames()),
    F("cluster", "cluster", STR, required=True),
    F("id", "id", U32, required=True),
    F("name", "name", STR, required=True),
    F("user", "user", STR, required=True),
    F(
        "flags",
        None,
        Flags(Flag("DELETED", "flags", c.SLURMDB_WCKEY_FLAG_DELETED), Flag("DEFAULT", "is_def")),
    ),
)

TRES: Table = (
    F("type", "type", STR, required=True),
    F("name", "name", STR),
    F("id", "id", U32),
    F("count", "count", I64),
)

QOS_FLAGS = Flags(
    *(
        Flag(name, "flags", bit)
        for bit, name in (
            (c.QOS_FLAG_PART_MIN_NODE, "PARTITION_MINIMUM_NODE"),
            (c.QOS_FLAG_PART_MAX_NODE, "PARTITION_MAXIMUM_NODE"),
            (c.QOS_FLAG_PART_TIME_LIMIT, "PARTITION_TIME_LIMIT"),
            (c.QOS_FLAG_ENFORCE_USAGE_THRES, "ENFORCE_USAGE_THRESHOLD"),
            (c.QOS_FLAG_NO_RESERVE, "NO_RESERVE"),
            (c.QOS_FLAG_REQ_RESV, "REQUIRED_RESERVATION"),
            (c.QOS_FLAG_DENY_LIMIT, "DENY_LIMIT"),
            (c.QOS_FLAG_OVER_PART_QOS, "OVERRIDE_PARTITION_QOS"),
            (c.QOS_FLAG_NO_DECAY, "NO_DECAY"),
            (c.QOS_FLAG_USAGE_FACTOR_SAFE, "USAGE_FACTOR_SAFE"),
        )
    )
)
PREEMPT_MODES = Flags(
    Flag("SUSPEND", "preempt_mode", c.PREEMPT_MODE_SUSPEND),
    Flag("REQUEUE", "preempt_mode", c.PREEMPT_MODE_REQUEUE),
    Flag("CANCEL", "preempt_mode", c.PREEMPT_MODE_CANCEL),
    Flag("GANG", "preempt_mode", c.PREEMPT_MODE_GANG),
)

QOS: Table = (
    F("description", "description", STR),
    F("flags", None, QOS_FLAGS),
    F("id", "id", U32),
    F("limits/grace_time", "grace_time", U32),
    F("limits/max/active_jobs/accruing", "grp_jobs_accrue", U32),
    F("limits/max/active_jobs/count", "grp_jobs", U32),
    F("limits/max/tres/total", "grp_tres", TRES_LIST),
    F("limits/max/tres/minutes/per/qos", "grp_tres_run_mins", TRES_LIST),
    F("name", "name", STR),
    F("limits/max/wall_clock/per/qos", "grp_wall", U32),
    F("limits/factor", "limit_factor", FLOAT),
    F("limits/max/jobs/active_jobs/per/account", "max_jobs_pa", U32),
    F("limits/max/jobs/active_jobs/per/user", "max_jobs_pu", U32),
    F("limits/max/accruing/per/account", "max_jobs_accrue_pa", U32),
    F("limits/max/accruing/per/user", "max_jobs_accrue_pu", U32),
    F("limits/max/jobs/per/account", "max_submit_jobs_pa", U32),
    F("limits/max/jobs/per/user", "max_submit_jobs_pu", U32),
    F("limits/max/tres/minutes/per/job", "max_tres_mins_pj", TRES_LIST),
    F("limits/max/tres/per/account", "max_tres_pa", TRES_LIST),
    F("limits/max/tres/per/job", "max_tres_pj", TRES_LIST),
    F("limits/max/tres/per/node", "max_tres_pn", TRES_LIST),
    F("limits/max/tres/per/user", "max_tres_pu", TRES_LIST),
    F("limits/max/tres/minutes/per/account", "max_tres_run_mins_pa", TRES_LIST),
    F("limits/max/tres/minutes/per/user", "max_tres_run_mins_pu", TRES_LIST),
    F("limits/max/wall_clock/per/job", "max_wall_pj", U32),
    F("limits/min/priority_threshold", "min_prio_thresh", U32),
    F("limits/min/tres/per/job", "min_tres_pj", TRES_LIST),
    F("preempt/list", "preempt_bitstr", QosPreempt()),
    F("preempt/mode", None, PREEMPT_MODES),
    F("preempt/exempt_time", "preempt_exempt_time", U32),
    F("priority", "priority", U32),
    F("usage_factor", "usage_factor", FLOAT),
    F("usage_threshold", "usage_thres", FLOAT),
)

JOB_STATE = Lookup("slurm_job_state_string")

STEP: Table = (
    F("time/elapsed", "elapsed", U32),
    F("time/end", "end", U32),
    F("exit_code", "exitcode", ExitCode()),
    F("nodes/count", "nnodes", U32),
    F("nodes/range", "nodes", STR),
    F("tasks/count", "ntasks", U32),
    F("pid", "pid_str", STR),
    F("CPU/requested_frequency/min", "req_cpufreq_min", U32),
    F("CPU/requested_frequency/max", "req_cpufreq_max", U32),
    F(
        "CPU/governor",
        None,
        Flags(
            Flag("Conservative", "req_cpufreq_gov", c.CPU_FREQ_CONSERVATIVE),
            Flag("Performance", "req_cpufreq_gov", c.CPU_FREQ_PERFORMANCE),
            Flag("PowerSave", "req_cpufreq_gov", c.CPU_FREQ_POWERSAVE),
            Flag("OnDemand", "req_cpufreq_gov", c.CPU_FREQ_ONDEMAND),
            Flag("UserSpace", "req_cpufreq_gov", c.CPU_FREQ_USERSPACE),
        ),
    ),
    F("kill_request_user", "requid", UserId()),
    F("time/start", "start", U32),
    F("state", "state", JOB_STATE),
    F("statistics/CPU/actual_frequency", "stats.act_cpufreq", U32),
    F("statistics/energy/consumed", "stats.consumed_energy", U32),
    F("step/job_id", "step_id.job_id", U32),
    F("step/het/component", "step_id.step_het_comp", U32),
    F("step/id", "step_id.step_id", StepId()),
    F("step/name", "stepname", STR),
    F("time/suspended", "suspended", U32),
    F("time/system/seconds", "sys_cpu_sec", U32),
    F("time/system/microseconds", "sys_cpu_usec", U32),
    F("task/distribution", "task_dist", Lookup("slurm_step_layout_type_name", owned=True)),
    F("time/total/seconds", "tot_cpu_sec", U32),
    F("time/total/microseconds", "tot_cpu_usec", U32),
    F("time/user/seconds", "user_cpu_sec", U32),
    F("time/user/microseconds", "user_cpu_usec", U32),
    F("tres/requested/average", "stats.tres_usage_in_ave", TRES_LIST),
    F("tres/requested/total", "stats.tres_usage_in_tot", TRES_LIST),
    F("tres/consumed/average", "stats.tres_usage_out_ave", TRES_LIST),
    F("tres/consumed/total", "stats.tres_usage_out_tot", TRES_LIST),
    F("tres/allocated", "tres_alloc_str", TRES_LIST),
)

JOB: Table = (
    F("account", "account", STR),
    F("comment/administrator", "admin_comment", STR),
    F("allocation_nodes", "alloc_nodes", U32),
    F("array/job_id", "array_job_id", U32),
    F("array/limits/max/running/tasks", "array_max_tasks", U32),
    F("array/task", "array_task_str", STR),
    F("array/task_id", "array_task_id", U32),
    F("association", "associd", AssocId()),
    F("cluster", "cluster", STR),
    F("constraints", "constraints", STR),
    F("container", "container", STR),
    F("derived_exit_code", "derived_ec", ExitCode()),
    F("comment/job", "derived_es", STR),
    F("time/elapsed", "elapsed", U32),
    F("time/eligible", "eligible", U32),
    F("time/end", "end", U32),
    F("exit_code", "exitcode", ExitCode()),
    F(
        "flags",
        None,
        Flags(
            Flag("CLEAR_SCHEDULING", "flags", c.SLURMDB_JOB_CLEAR_SCHED),
            Flag("NOT_SET", "flags", c.SLURMDB_JOB_FLAG_NOTSET),
            Flag("STARTED_ON_SUBMIT", "flags", c.SLURMDB_JOB_FLAG_SUBMIT),
            Flag("STARTED_ON_SCHEDULE", "flags", c.SLURMDB_JOB_FLAG_SCHED),
            Flag("STARTED_ON_BACKFILL", "flags", c.SLURMDB_JOB_FLAG_BACKFILL),
        ),
    ),
    F("group", "gid", GroupId()),
    F("het/job_id", "het_job_id", U32),
    F("het/job_offset", "het_job_offset", U32),
    F("job_id", "jobid", U32),
    F("name", "jobname", STR),
    F("mcs/label", "mcs_label", STR),
    F("nodes", "nodes", STR),
    F("partition", "partition", STR),
    F("priority", "priority", U32),
    F("qos", "qosid", QosId()),
    F("required/CPUs", "req_cpus", U32),
    F("required/memory", "req_mem", U32),
    F("kill_request_user", "requid", UserId()),
    F("reservation/id", "resvid", U32),
    F("reservation/name", "resv_name", ResvName()),
    F("time/start", "start", U32),
    F("state/current", "state", JOB_STATE),
    F("state/reason", "state_reason_prev", JobReason()),
    F("time/submission", "submit", U32),
    F("steps", "steps", Steps()),
    F("time/suspended", "suspended", U32),
    F("comment/system", "system_comment", STR),
    F("time/system/seconds", "sys_cpu_sec", U32),
    F("time/system/microseconds", "sys_cpu_usec", U32),
    F("time/limit", "timelimit", U32),
    F("time/total/seconds", "tot_cpu_sec", U32),
    F("time/total/microseconds", "tot_cpu_usec", U32),
    F("tres/allocated", "tres_alloc_str", TRES_LIST),
    F("tres/requested", "tres_req_str", TRES_LIST),
    F("user", "user", STR),
    F("time/user/seconds", "user_cpu_sec", U32),
    F("time/user/microseconds", "user_cpu_usec", U32),
    F("wckey", "wckey", WckeyTag()),
    F("working_directory", "work_dir", STR),
)


STATS_RPC: Table = (
    F("rpc", "id", RpcName()),
    F("count", "cnt", U32),
    F("time/average", "time_ave", U64),
    F("time/total", "time", U64),
)
STATS_USER: Table = (
    F("user", "id", UserId()),
    F("count", "cnt", U32),
    F("time/average", "time_ave", U64),
    F("time/total", "time", U64),
)
STATS: Table = (
    F("time_start", "time_start", U32),
    F("rollups", "dbd_rollup_stats", Rollups()),
    F("RPCs", "rpc_list", Records(lambda: STATS_RPC)),
    F("users", "user_list", Records(lambda: STATS_USER)),
)

CLUSTER: Table = (
    F("controller/host", "control_host", STR),
    F("controller/port", "control_port", U32),
    F(
        "flags",
        None,
        Flags(
            Flag("MULTIPLE_SLURMD", "flags", c.CLUSTER_FLAG_MULTSD),
            Flag("FRONT_END", "flags", c.CLUSTER_FLAG_FE),
            Flag("CRAY_NATIVE", "flags", c.CLUSTER_FLAG_CRAY),
            Flag("FEDERATION", "flags", c.CLUSTER_FLAG_FED),
            Flag("EXTERNAL", "flags", c.CLUSTER_FLAG_EXT),
        ),
    ),
    F("name", "name", STR),
    F("nodes", "nodes", STR),
    F("select_plugin", "plugin_id_select", SelectPlugin()),
    F("associations/root", "root_assoc", Unhandled()),
    F("rpc_version", "rpc_version", U16),
    F("tres", "tres_str", TRES_LIST),
)
