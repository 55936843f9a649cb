"""The accounting writes of openapi/slurmdbd that carry limits: POST associations and qos.

design: the body is read with the data_parser machinery (dataparser.parsing):
each record is a parse table of the version (v0.0.40's kinds want number
objects; v0.0.41 on also take plain numbers and show values in reports;
v0.0.42 adds two QOS limits, 26.05's v0.0.43 two QOS flags).  TRES lists
become slurmdbd's "id=count" strings, QOS names their ids, from the lists
slurmdbd holds.  A record that does not parse ends the request before any
write; a failure without a report (a QOS default of no known name, a value
that does not convert) answers 200 with nothing written, as the reference.

Associations: each one is looked for by account, cluster, partition and user
(an unset one as ""); none found is an add, one a modify sent as the
difference to the current record (limits copied, TRES lists turned into
changes, names only where given), more is an ambiguous request.  QOS: found
by id and/or name; an id nobody has, or no name for a new one, is refused.
The request commits only when every record succeeded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmdbd import shapes
from slurmrestd.openapi.content.slurmdbd.accounting import QOS_PARAMS
from slurmrestd.openapi.content.slurmdbd.request import AMBIGUOUS_MODIFY, Req, run
from slurmrestd.openapi.dataparser import parsing as ps
from slurmrestd.openapi.dataparser.parsing import P
from slurmrestd.openapi.slurmdbd.associations import COPIED, TRES_FIELDS
from slurmrestd.slurm.constants import (
    ESLURM_REST_EMPTY_RESULT,
    ESLURM_REST_INVALID_QUERY,
    INFINITE,
    NO_VAL,
)

INVALID_QOS = 2066  # ESLURM_INVALID_QOS, the same in every release
ASSOC_T = "slurmdb_assoc_rec_t"
QOS_T = "slurmdb_qos_rec_t"


# --- kinds -------------------------------------------------------------------------------


@dataclass
class DbCtx(ps.Ctx):
    """A parse of accounting records: slurmdbd's TRES and QOS, which names resolve to."""

    tres: list[dict[str, Any]] = field(default_factory=list)
    qos: list[dict[str, Any]] = field(default_factory=list)


def _tres_of(ctx: ps.Ctx) -> list[dict[str, Any]]:
    return ctx.tres if isinstance(ctx, DbCtx) else []


def _qos_list(ctx: ps.Ctx) -> list[dict[str, Any]]:
    return ctx.qos if isinstance(ctx, DbCtx) else []


class TresStr(ps.PKind):
    """TRES_STR: a list of TRES records, written as slurmdbd's "id=count,..." string."""

    def parse(self, value: Any, ctx: ps.Ctx, src: str) -> Any:
        if not isinstance(value, list):
            raise ctx.error(
                src,
                ps.DATA_EXPECTED_LIST,
                f"TRES should be LIST but is type {ps.type_name(value)}",
            )
        if not value:
            return None  # an empty list: left alone (a workaround of OpenAPI clients)
        known = _tres_of(ctx)
        out = []
        for i, item in enumerate(value):
            rec = record_of(TRES, item, ctx, f"{src[:-1]}[{i}]/", "DATA_PARSER_TRES", "type")
            tres_id = rec.get("id", 0)
            tres_type, name = rec.get("type"), rec.get("name")
            if not tres_type and tres_id:
                for t in known:
                    if t.get("id") == tres_id:
                        tres_type, name = t.get("type"), t.get("name")
            for t in known:
                if _same_tres(t, tres_type, name):
                    if not tres_id:
                        tres_id = t.get("id", 0)
                    break
            out.append(f"{tres_id}={rec.get('count', 0) & 0xFFFFFFFFFFFFFFFF}")
        return ",".join(out)


def _same_tres(t: Mapping[str, Any], tres_type: str | None, name: str | None) -> bool:
    if (t.get("type") or "").lower() != (tres_type or "").lower():
        return False
    return (t.get("name") or "").lower() == (name or "").lower()


def _qos_of(value: Any, qos: Sequence[Mapping[str, Any]]) -> tuple[bool, Any]:
    """A QOS named by name, id or record: (resolvable, its record or None for "none")."""
    if isinstance(value, dict):
        if value.get("id"):
            value = value["id"]
        elif value.get("name"):
            value = value["name"]
        else:
            return False, None
    if value is None or value == "":
        return True, None
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.isdigit():
        number = int(value)
    if isinstance(value, list):
        return False, None
    for q in qos:
        if number is not None and q.get("id") == number:
            return True, q
        if number is None and q.get("name") == ps.as_string(value):
            return True, q
    return False, None


class QosId(ps.PKind):
    """QOS_ID (an association's default QOS): its id; INFINITE for none.  A name of no
    QOS fails the parse without a report."""

    def parse(self, value: Any, ctx: ps.Ctx, src: str) -> Any:
        found, q = _qos_of(value, _qos_list(ctx))
        if not found:
            raise ps.Failed(ESLURM_REST_EMPTY_RESULT)
        return INFINITE if q is None else q["id"]


class QosList(ps.PKind):
    """QOS_STRING_ID_LIST: QOS names (or ids) as slurmdbd's list of ids."""

    openapi = ps.ARRAY

    def parse(self, value: Any, ctx: ps.Ctx, src: str) -> Any:
        if not isinstance(value, list):
            raise ps.Failed(INVALID_QOS)
        out = []
        for item in value:
            found, q = _qos_of(item, _qos_list(ctx))
            if not found or q is None:
                shown = item if isinstance(item, str) else ps.as_string(item)
                raise ctx.error(src, INVALID_QOS, f"Unable to resolve QOS: {shown}")
            out.append(str(q["id"]))
        return out


class NoValFloat(ps.PKind):
    """FLOAT64_NO_VAL: a number or a {set, infinite, number} object."""

    def __init__(self, *, v40: bool) -> None:
        self.v40 = v40
        self.openapi = ps.OBJECT if v40 else None

    def parse(self, value: Any, ctx: ps.Ctx, src: str) -> Any:
        if value is None:
            return float(NO_VAL)
        if isinstance(value, bool | list):
            raise ps.Failed(ps.DATA_CONV_FAILED)
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError as exc:
                raise ps.Failed(ps.DATA_CONV_FAILED) from exc
        if value.get("infinite") and ps.as_bool(value["infinite"]):
            return math.inf
        if not ps.as_bool(value.get("set", False)):
            return float(NO_VAL)
        try:
            return float(value["number"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ps.Failed(ps.DATA_CONV_FAILED) from exc


class Skipped(ps.PKind):
    """A field the reference reads but that never reaches slurmdbd here (ids, usage)."""

    def parse(self, value: Any, ctx: ps.Ctx, src: str) -> Any:
        return None


TRES: tuple[P, ...] = (
    P("type", "type", ps.Str()),
    P("name", "name", ps.Str()),
    P("id", "id", ps.Int(32)),
    P("count", "count", ps.Int(64)),
)


def record_of(
    table: Sequence[P], item: Any, ctx: ps.Ctx, src: str, type_string: str, required: str
) -> dict[str, Any]:
    """One record; a required key missing fails it after the fields before it parsed."""
    outer = ctx.values
    rec = ps.parse_object(table, item, ctx, src, type_string)
    ctx.values = outer
    if required not in item:
        raise ctx.error(
            f"{src}{required}/",
            ps.DATA_PATH_NOT_FOUND,
            f"Missing required field '{required}' in dictionary",
        )
    return rec


# --- the tables of each version ----------------------------------------------------------


def _assoc_table(v40: bool, flags: ps.Flags) -> tuple[P, ...]:
    u32 = ps.NoValInt(32, v40=v40)
    tres = TresStr()
    return (
        P("accounting", None, Skipped()),
        P("account", "acct", ps.Str()),
        P("cluster", "cluster", ps.Str()),
        P("comment", "comment", ps.Str()),
        P("default/qos", "def_qos_id", QosId()),
        P("flags", "flags", flags),
        P("max/jobs/per/count", "grp_jobs", u32),
        P("max/jobs/per/accruing", "grp_jobs_accrue", u32),
        P("max/jobs/per/submitted", "grp_submit_jobs", u32),
        P("max/tres/total", "grp_tres", tres),
        P("max/tres/group/minutes", "grp_tres_mins", tres),
        P("max/tres/group/active", "grp_tres_run_mins", tres),
        P("max/tres/minutes/total", "max_tres_run_mins", tres),
        P("max/per/account/wall_clock", "grp_wall", u32),
        P("id", None, Skipped()),
        P("is_default", "is_def", ps.Bool()),
        P("lineage", None, ps.Str()),
        P("max/jobs/active", "max_jobs", u32),
        P("max/jobs/accruing", "max_jobs_accrue", u32),
        P("max/jobs/total", "max_submit_jobs", u32),
        P("max/tres/minutes/per/job", "max_tres_mins_pj", tres),
        P("max/tres/per/job", "max_tres_pj", tres),
        P("max/tres/per/node", "max_tres_pn", tres),
        P("max/jobs/per/wall_clock", "max_wall_pj", u32),
        P("min/priority_threshold", "min_prio_thresh", u32),
        P("parent_account", "parent_acct", ps.Str()),
        P("partition", "partition", ps.Str()),
        P("priority", "priority", u32),
        P("qos", "qos_list", QosList()),
        P("shares_raw", "shares_raw", ps.Int(32)),
        P("user", "user", ps.Str()),
    )


_ASSOC_BASE = 0xFFFF
_ASSOC_FLAGS_41 = (
    ps.Flag("NONE", 0, _ASSOC_BASE),
    ps.Flag("BASE_MASK", _ASSOC_BASE, _ASSOC_BASE),
    ps.Flag("DELETED", 1 << 0),
    ps.Flag("NoUpdate", 1 << 1),
    ps.Flag("Exact", 1 << 2),
    ps.Flag("NoUsersAreCoords", 1 << 3),
    ps.Flag("UsersAreCoords", 1 << 16),
)

_QOS_FLAGS = (
    ps.Flag("NOT_SET", 1 << 28),
    ps.Flag("ADD", 1 << 29),
    ps.Flag("REMOVE", 1 << 30),
    ps.Flag("PARTITION_MINIMUM_NODE", 1 << 0),
    ps.Flag("PARTITION_MAXIMUM_NODE", 1 << 1),
    ps.Flag("PARTITION_TIME_LIMIT", 1 << 2),
    ps.Flag("ENFORCE_USAGE_THRESHOLD", 1 << 3),
    ps.Flag("NO_RESERVE", 1 << 4),
    ps.Flag("REQUIRED_RESERVATION", 1 << 5),
    ps.Flag("DENY_LIMIT", 1 << 6),
    ps.Flag("OVERRIDE_PARTITION_QOS", 1 << 7),
    ps.Flag("NO_DECAY", 1 << 8),
    ps.Flag("USAGE_FACTOR_SAFE", 1 << 9),
    ps.Flag("RELATIVE", 1 << 10),
)
# 26.05's v0.0.43 on: two more.
_QOS_FLAGS_43 = (*_QOS_FLAGS, ps.Flag("DELETED", 1 << 13), ps.Flag("PARTITION_QOS", 1 << 12))

_PREEMPT_MODES = (
    ps.Flag("DISABLED", 0, 0xFFFFFFFFFFFFFFFF),
    ps.Flag("SUSPEND", 0x0001),
    ps.Flag("REQUEUE", 0x0002),
    ps.Flag("CANCEL", 0x0008),
    ps.Flag("GANG", 0x8000),
)


def _qos_table(v40: bool, v42: bool, flags: tuple[ps.Flag, ...]) -> tuple[P, ...]:
    u32 = ps.NoValInt(32, v40=v40)
    f64 = NoValFloat(v40=v40)
    tres = TresStr()
    table: tuple[P, ...] = (
        P("description", "description", ps.Str()),
        P("flags", "flags", ps.Flags(*flags, v40=v40)),
        P("id", "id", ps.Int(32)),
        P("limits/grace_time", "grace_time", ps.Int(32)),
        P("limits/max/active_jobs/accruing", "grp_jobs_accrue", u32),
        P("limits/max/active_jobs/count", "grp_jobs", u32),
        P("limits/max/tres/total", "grp_tres", tres),
        P("limits/max/tres/minutes/per/qos", "grp_tres_run_mins", tres),
        P("name", "name", ps.Str()),
        P("limits/max/wall_clock/per/qos", "grp_wall", u32),
        P("limits/factor", "limit_factor", f64),
        P("limits/max/jobs/active_jobs/per/account", "max_jobs_pa", u32),
        P("limits/max/jobs/active_jobs/per/user", "max_jobs_pu", u32),
        P("limits/max/accruing/per/account", "max_jobs_accrue_pa", u32),
        P("limits/max/accruing/per/user", "max_jobs_accrue_pu", u32),
        P("limits/max/jobs/per/account", "max_submit_jobs_pa", u32),
        P("limits/max/jobs/per/user", "max_submit_jobs_pu", u32),
        P("limits/max/tres/minutes/per/job", "max_tres_mins_pj", tres),
        P("limits/max/tres/per/account", "max_tres_pa", tres),
        P("limits/max/tres/per/job", "max_tres_pj", tres),
        P("limits/max/tres/per/node", "max_tres_pn", tres),
        P("limits/max/tres/per/user", "max_tres_pu", tres),
        P("limits/max/tres/minutes/per/account", "max_tres_run_mins_pa", tres),
        P("limits/max/tres/minutes/per/user", "max_tres_run_mins_pu", tres),
        P("limits/max/wall_clock/per/job", "max_wall_pj", u32),
        P("limits/min/priority_threshold", "min_prio_thresh", u32),
        P("limits/min/tres/per/job", "min_tres_pj", tres),
        P("preempt/list", "preempt_list", QosList()),
        P("preempt/mode", "preempt_mode", ps.Flags(*_PREEMPT_MODES, v40=v40)),
        P("preempt/exempt_time", "preempt_exempt_time", u32),
        P("priority", "priority", u32),
        P("usage_factor", "usage_factor", f64),
        P("usage_threshold", "usage_thres", f64),
    )
    if v42:
        table = ps.insert(
            ps.insert(
                table,
                "limits/max/active_jobs/count",
                P("limits/max/jobs/count", "grp_submit_jobs", u32),
            ),
            "limits/max/tres/total",
            P("limits/max/tres/minutes/total", "grp_tres_mins", tres),
        )
    return table


ASSOC_40 = _assoc_table(True, ps.Flags(ps.Flag("DELETED", 1), v40=True))
ASSOC_41 = _assoc_table(False, ps.Flags(ps.Flag("DELETED", 1), v40=False))
ASSOC_42 = _assoc_table(False, ps.Flags(*_ASSOC_FLAGS_41, v40=False))
QOS_40 = _qos_table(True, False, _QOS_FLAGS)
QOS_41 = _qos_table(False, False, _QOS_FLAGS)
QOS_42 = _qos_table(False, True, _QOS_FLAGS)
QOS_43 = _qos_table(False, True, _QOS_FLAGS_43)


def assoc_table(dp: DP) -> tuple[P, ...]:
    if dp.at_least("v0.0.42"):
        return ASSOC_42
    return ASSOC_41 if dp.at_least("v0.0.41") else ASSOC_40


def qos_table(dp: DP) -> tuple[P, ...]:
    if dp.at_least("v0.0.43"):
        return QOS_43
    if dp.at_least("v0.0.42"):
        return QOS_42
    return QOS_41 if dp.at_least("v0.0.41") else QOS_40


# --- the body ----------------------------------------------------------------------------


def _walk_unknown(req: Req, doc: Mapping[str, Any], path: str, type_string: str) -> None:
    for key, value in doc.items():
        if isinstance(value, dict):
            _walk_unknown(req, value, f"{path}{key}/", type_string)
        else:
            req.warn(
                f'Ignoring unknown field "{key}" of type {ps.type_name(value)} in {type_string}',
                f"{path}{key}/",
            )


def body_list(req: Req, key: str, response: str) -> list[Any] | None:
    """The body's list of records under key (the reference's OPENAPI_<response>)."""
    doc = req.call.raw_body
    if not isinstance(doc, dict):
        req.error(
            ps.DATA_EXPECTED_DICT,
            f"Rejecting {ps.type_name(doc)} when dictionary expected",
            "#/",
        )
        return None
    failed = False
    items: Any = None
    if key not in doc:
        req.error(
            ps.DATA_PATH_NOT_FOUND, f"Missing required field '{key}' in dictionary", f"#/{key}/"
        )
        failed = True
    else:
        items = doc[key]
        if not isinstance(items, list):
            req.error(
                ps.DATA_EXPECTED_LIST,
                f"Expected List but found a {ps.type_name(items)}",
                f"#/{key}/",
            )
            failed = True
    others = {k: v for k, v in doc.items() if k not in (key, "meta", "errors", "warnings")}
    _walk_unknown(req, others, "#/", f"DATA_PARSER_OPENAPI_{response}")
    return None if failed else items


def parse_records(
    req: Req, key: str, response: str, table: Sequence[P], type_string: str, required: str | None
) -> list[dict[str, Any]] | None:
    """Every record of the body; None when one did not parse (its reports made)."""
    items = body_list(req, key, response)
    if items is None:
        return None
    req.lists()
    return parse_items(req, key, items, table, type_string, required)


def parse_items(
    req: Req,
    key: str,
    items: list[Any],
    table: Sequence[P],
    type_string: str,
    required: str | None,
) -> list[dict[str, Any]] | None:
    """The records of the list under key (req.lists() loaded); None when one failed."""
    ctx = DbCtx(
        show=req.dp.at_least("v0.0.41"), version=req.dp.version, tres=req.env.tres, qos=req.env.qos
    )
    out = []
    try:
        for i, item in enumerate(items):
            src = f"#/{key}[{i}]/"
            if required is None:
                out.append(ps.parse_object(table, item, ctx, src, type_string))
            else:
                out.append(record_of(table, item, ctx, src, type_string, required))
    except ps.Failed:
        return None
    finally:
        req.errors.extend(ctx.errors)
        req.warnings.extend(ctx.warnings)
    return out


def _fields(req: Req, ctype: str, rec: Mapping[str, Any]) -> dict[str, Any]:
    """The values this release's record has a field for."""
    have = dict(req.db.ffi.typeof(ctype).fields)
    return {k: v for k, v in rec.items() if k in have}


def _add(req: Req, what: str, ctype: str, rec: Mapping[str, Any], source: str) -> bool:
    try:
        rc = req.db.add(what, ctype, [_fields(req, ctype, rec)])
    except slurm.SlurmError as exc:
        rc = exc.errno
    if rc:
        req.error(rc, req.failed_call(f"slurmdb_{what}_add"), source)
    return not rc


def _modify(
    req: Req, what: str, cond_type: str, cond: Mapping[str, Any], ctype: str, rec: Any, src: str
) -> bool:
    func = f"slurmdb_{what}_modify"
    try:
        changed = req.db.names(func, cond_type, cond, (ctype, _fields(req, ctype, rec)))
        rc = 0 if changed is not None else slurm.constants.SLURM_ERROR
    except slurm.SlurmError as exc:
        rc = exc.errno
    if rc:
        req.error(rc, req.failed_call(func), src)
    return not rc


def _found(req: Req, what: str, cond: Mapping[str, Any], ctype: str) -> list[dict[str, Any]]:
    """An existence check: its failures are no error."""
    try:
        return req.db.get(what, cond, ctype)
    except slurm.SlurmError:
        return []


# --- associations ------------------------------------------------------------------------

# slurmdb_init_assoc_rec's values of what a record leaves out.
UNSET = {"is_def": 0xFFFE, "shares_raw": NO_VAL}
KEPT = ("acct", "cluster", "partition", "user", "qos_list", "id", "comment")


def _tres_pairs(text: str | None) -> list[tuple[int, int]]:
    out = []
    for part in (text or "").split(","):
        if "=" in part:
            tid, count = part.split("=", 1)
            try:
                out.append((int(tid), int(count)))
            except ValueError:
                continue
    return out


def tres_diff(current: str | None, new: str | None) -> str | None:
    """The TRES string turning current into new: counts of new, -1 for what new lacks."""
    if not current:
        return new
    wanted = dict(_tres_pairs(new))
    pairs = [(tid, wanted.get(tid, -1)) for tid, _ in _tres_pairs(current)]
    have = {tid for tid, _ in pairs}
    pairs += [(tid, count) for tid, count in _tres_pairs(new) if tid not in have]
    text = ",".join(f"{tid}={count & 0xFFFFFFFFFFFFFFFF}" for tid, count in pairs)
    return text or None


def assoc_diff(current: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The modify record of the reference: what slurmdbd must change to reach new."""
    out: dict[str, Any] = {k: current[k] for k in KEPT if current.get(k) is not None}
    for k in ("acct", "cluster", "partition", "qos_list", "user"):
        if new.get(k) is not None:
            out[k] = new[k]
    for k in COPIED:
        out[k] = new.get(k, UNSET.get(k, NO_VAL))
    if new.get("def_qos_id") is None:
        out["def_qos_id"] = NO_VAL
    for k in TRES_FIELDS:
        out[k] = tres_diff(current.get(k), new.get(k))
    parent = new.get("parent_acct")
    if parent and parent != current.get("parent_acct"):
        out["parent_acct"] = parent
    return out


def _update_assoc(req: Req, assoc: dict[str, Any]) -> bool:
    source = "_foreach_update_assoc"
    if assoc.get("parent_acct") == "":
        assoc.pop("parent_acct")
    cond = {
        "acct_list": [assoc.get("acct") or ""],
        "cluster_list": [assoc.get("cluster") or ""],
        "partition_list": [assoc.get("partition") or ""],
        "user_list": [assoc.get("user") or ""],
    }
    found = _found(req, "associations", cond, ASSOC_T)
    if not found:
        # A failed add is reported and the next record still tried (nothing commits).
        _add(req, "associations", ASSOC_T, assoc, source)
        return True
    if len(found) > 1:
        req.error(AMBIGUOUS_MODIFY, "ambiguous association modify request", source)
        return False
    diff = assoc_diff(found[0], assoc)
    return _modify(req, "associations", "slurmdb_assoc_cond_t", cond, ASSOC_T, diff, source)


def update_associations(req: Req, assocs: list[dict[str, Any]]) -> bool:
    return all(_update_assoc(req, a) for a in assocs) and not req.errors


def post_associations(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        assocs = parse_records(
            req, "associations", "ASSOCS_RESP", assoc_table(dp), "DATA_PARSER_ASSOC", "user"
        )
        if assocs is not None and update_associations(req, assocs):
            req.commit("_update_associations")

    return run(dp, call, body)


# --- QOS ---------------------------------------------------------------------------------


def _update_qos(req: Req, qos: dict[str, Any]) -> bool:
    source = "_foreach_update_qos"
    rec = {"flags": 0, "preempt_mode": 0, **qos}
    qos_id, name = rec.get("id") or 0, rec.get("name")
    cond: dict[str, Any] = {}
    found = None
    if qos_id or name:
        if qos_id:
            cond["id_list"] = [str(qos_id)]
        if name:
            cond["name_list"] = [name]
        matches = _found(req, "qos", cond, QOS_T)
        if len(matches) == 1:
            found = matches[0]
    if found is None and qos_id:
        req.error(ESLURM_REST_INVALID_QUERY, "QOS was not found for the requested ID", source)
        return False
    if found is None and not name:
        req.error(ESLURM_REST_INVALID_QUERY, "Cannot create a QOS without a name", source)
        return False
    if found is None:
        return _add(req, "qos", QOS_T, rec, source)
    if not qos_id:
        rec["id"] = found["id"]
    if rec.get("preempt_list") == [] and found.get("preempt_list"):
        rec["preempt_list"] = [""]  # explicitly none, not "no change"
    return _modify(req, "qos", "slurmdb_qos_cond_t", cond, QOS_T, rec, source)


def update_qos(req: Req, records: list[dict[str, Any]]) -> bool:
    return all(_update_qos(req, q) for q in records) and not req.errors


def post_qos(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        records = parse_records(
            req, "qos", "SLURMDBD_QOS_RESP", qos_table(dp), "DATA_PARSER_QOS", None
        )
        if records is not None and update_qos(req, records):
            req.commit("_op_handler_qos")

    return run(dp, call, body)


OPS = (
    COp(
        "POST",
        "/qos/",
        "post_qos",
        "Add or update QOSs",
        post_qos,
        body=True,
        params=QOS_PARAMS,
        request=shapes.QOS,
    ),
    COp(
        "POST",
        "/associations/",
        "post_associations",
        "Set associations info",
        post_associations,
        body=True,
        request=shapes.ASSOCS,
    ),
)
