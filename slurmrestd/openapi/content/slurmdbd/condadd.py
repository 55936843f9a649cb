"""POST accounts_association and users_association: accounts or users added with the
associations a condition makes (accounts x clusters, users x accounts x partitions),
as sacctmgr's "add account"/"add user" do (slurmdb_accounts_add_cond, 23.11 on).

design: the body is read with the data_parser machinery as the reference reads it
(the condition, its association's limits, the account's or user's settings);
slurmdbd does the rest and answers a text, which the answer carries
(added_accounts, added_users).  The request commits when slurmdbd took it.  On
22.05, whose slurmdbd has no such call, these paths answer that it is not
supported (ESLURM_NOT_SUPPORTED), never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.content import DP, COp, Param
from slurmrestd.openapi.content.slurmdbd import shapes
from slurmrestd.openapi.content.slurmdbd.limits import (
    DbCtx,
    QosId,
    QosList,
    Skipped,
    TresStr,
)
from slurmrestd.openapi.content.slurmdbd.request import Req, run
from slurmrestd.openapi.dataparser import parsing as ps
from slurmrestd.openapi.dataparser.parsing import P
from slurmrestd.slurm import constants

# ESLURM_DATA_AMBIGUOUS_QUERY and its text (24.11 on); 22.05 has no such number: ours
# answers the reference's, and its status.
AMBIGUOUS_QUERY = constants.ESLURM_DATA_AMBIGUOUS_QUERY or 9211
AMBIGUOUS_TEXT = (
    "Request matched more than one object to query. "
    "Request is limited to query of a single matching object."
)


class CsvList(ps.PKind):
    """CSV_STRING_LIST: a list of strings, or one string of comma-separated names."""

    def parse(self, value: Any, ctx: ps.Ctx, src: str) -> Any:
        if isinstance(value, list):
            return [t for t in (ps.as_string(v) for v in value) if t is not None]
        if isinstance(value, dict):
            return [t for t in (ps.as_string(v) for v in value.values()) if t is not None]
        text = ps.as_string(value)
        if not text:
            return []
        return [t for t in text.split(",") if t]


class Obj(ps.PKind):
    """A nested record of its own parser (its unknown keys named after it)."""

    def __init__(self, table: Sequence[P], type_string: str, required: str | None = None):
        self.table, self.type_string, self.required = table, type_string, required

    def parse(self, value: Any, ctx: ps.Ctx, src: str) -> Any:
        outer = ctx.values
        try:
            rec = ps.parse_object(self.table, value, ctx, src, self.type_string)
        finally:
            ctx.values = outer
        if self.required is not None and self.required not in value:
            raise ctx.error(
                f"{src}{self.required}/",
                ps.DATA_PATH_NOT_FOUND,
                f"Missing required field '{self.required}' in dictionary",
            )
        return rec


def _assoc_set(v40: bool) -> tuple[P, ...]:
    u32 = ps.NoValInt(32, v40=v40)
    tres = TresStr()
    return (
        P("comment", "comment", ps.Str()),
        P("defaultqos", "def_qos_id", QosId()),
        P("grpjobs", "grp_jobs", u32),
        P("grpjobsaccrue", "grp_jobs_accrue", u32),
        P("grpsubmitjobs", "grp_submit_jobs", u32),
        P("grptres", "grp_tres", tres),
        P("grptresmins", "grp_tres_mins", tres),
        P("grptresrunmins", "grp_tres_run_mins", tres),
        P("grpwall", "grp_wall", u32),
        P("maxjobs", "max_jobs", u32),
        P("maxjobsaccrue", "max_jobs_accrue", u32),
        P("maxsubmitjobs", "max_submit_jobs", u32),
        P("maxtresminsperjob", "max_tres_mins_pj", tres),
        P("maxtresrunmins", "max_tres_run_mins", tres),
        P("maxtresperjob", "max_tres_pj", tres),
        P("maxtrespernode", "max_tres_pn", tres),
        P("maxwalldurationperjob", "max_wall_pj", u32),
        P("minpriothresh", "min_prio_thresh", u32),
        P("parent", "parent_acct", ps.Str()),
        P("priority", "priority", u32),
        P("qoslevel", "qos_list", QosList()),
        P("fairshare", "shares_raw", ps.Int(32)),
    )


ENVELOPE = (
    P("meta", None, Skipped()),
    P("errors", None, Skipped()),
    P("warnings", None, Skipped()),
)


def _accounts_body(v40: bool) -> tuple[P, ...]:
    cond = (
        P("accounts", "acct_list", CsvList()),
        P("association", "assoc", Obj(_assoc_set(v40), "DATA_PARSER_ASSOC_REC_SET")),
        P("clusters", "cluster_list", CsvList()),
    )
    account = (
        P("description", "description", ps.Str()),
        P("organization", "organization", ps.Str()),
    )
    return (
        P(
            "association_condition",
            "add_assoc",
            Obj(cond, "DATA_PARSER_ACCOUNTS_ADD_COND", "accounts"),
        ),
        P("account", "acct", Obj(account, "DATA_PARSER_ACCOUNT_SHORT")),
        *ENVELOPE,
    )


def _admin(v40: bool) -> ps.Flags:
    names = ("Not Set", "None", "Operator", "Administrator")
    return ps.Flags(*(ps.Flag(n, i, 0xFFFF) for i, n in enumerate(names)), v40=v40)


def _users_body(v40: bool) -> tuple[P, ...]:
    cond = (
        P("accounts", "acct_list", CsvList()),
        P("association", "assoc", Obj(_assoc_set(v40), "DATA_PARSER_ASSOC_REC_SET")),
        P("clusters", "cluster_list", CsvList()),
        P("partitions", "partition_list", CsvList()),
        P("users", "user_list", CsvList()),
        P("wckeys", "wckey_list", CsvList()),
    )
    user = (
        P("adminlevel", "admin_level", _admin(v40)),
        P("defaultaccount", "default_acct", ps.Str()),
        P("defaultwckey", "default_wckey", ps.Str()),
    )
    return (
        P(
            "association_condition",
            "add_assoc",
            Obj(cond, "DATA_PARSER_USERS_ADD_COND", "users"),
        ),
        P("user", "user", Obj(user, "DATA_PARSER_USER_SHORT")),
        *ENVELOPE,
    )


ACCOUNTS_40, ACCOUNTS_41 = _accounts_body(True), _accounts_body(False)
USERS_40, USERS_41 = _users_body(True), _users_body(False)


def _parse(
    req: Req, table: Sequence[P], type_string: str, required: Sequence[str]
) -> dict[str, Any] | None:
    req.lists()
    ctx = DbCtx(
        show=req.dp.at_least("v0.0.41"), version=req.dp.version, tres=req.env.tres, qos=req.env.qos
    )
    doc = req.call.raw_body
    try:
        out = ps.parse_object(table, doc, ctx, "#/", type_string)
        for key in required:
            if key not in doc:
                raise ctx.error(
                    f"#/{key}/",
                    ps.DATA_PATH_NOT_FOUND,
                    f"Missing required field '{key}' in dictionary",
                )
    except ps.Failed:
        return None
    finally:
        req.errors.extend(ctx.errors)
        req.warnings.extend(ctx.warnings)
    return out


def _split(add_assoc: dict[str, Any] | None) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The condition's lists (None where the body had none) and its association."""
    if add_assoc is None:
        return None, {}
    cond = dict(add_assoc)
    assoc = cond.pop("assoc", None) or {}
    return cond, assoc


def _call(
    req: Req, what: str, cond: dict[str, Any] | None, assoc: dict[str, Any], rtype: str, rec: Any
) -> tuple[int, str | None]:
    try:
        return req.db.add_cond(what, cond, assoc, rtype, rec)
    except slurm.SlurmError as exc:
        return exc.errno, None


def post_accounts_association(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    table = ACCOUNTS_41 if dp.at_least("v0.0.41") else ACCOUNTS_40

    def body(req: Req) -> None:
        # 26.05's v0.0.44 on require the condition.
        required = ("association_condition",) if dp.at_least("v0.0.44") else ()
        parsed = _parse(req, table, "DATA_PARSER_OPENAPI_ACCOUNTS_ADD_COND_RESP", required)
        if parsed is None:
            return
        cond, assoc = _split(parsed.get("add_assoc"))
        rc, text = _call(req, "accounts", cond, assoc, "slurmdb_account_rec_t", parsed.get("acct"))
        if rc:
            req.error(rc, "slurmdb_accounts_add_cond() failed", "_add_accounts_association")
        else:
            req.commit("_add_accounts_association")
        req.payload["added_accounts"] = text or ""

    return run(dp, call, body)


def post_users_association(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    table = USERS_41 if dp.at_least("v0.0.41") else USERS_40

    def body(req: Req) -> None:
        parsed = _parse(
            req,
            table,
            "DATA_PARSER_OPENAPI_USERS_ADD_COND_RESP",
            ("association_condition", "user"),
        )
        if parsed is None:
            return
        found, assoc = _split(parsed.get("add_assoc"))
        cond = found or {}
        user = parsed.get("user") or {}
        if user.get("default_acct") and not cond.get("acct_list"):
            cond["acct_list"] = [user["default_acct"]]
        if user.get("default_wckey") and not cond.get("wckey_list"):
            cond["wckey_list"] = [user["default_wckey"]]
        text: str | None = None
        if not cond.get("acct_list") and not cond.get("wckey_list"):
            req.errors.append(
                {
                    "description": "Need name of account(s) or wckey(s) to add",
                    "error_number": AMBIGUOUS_QUERY,
                    "error": AMBIGUOUS_TEXT,
                    "source": "_add_users_association",
                }
            )
        else:
            rc, text = _call(req, "users", cond, assoc, "slurmdb_user_rec_t", user)
            if rc:
                req.error(rc, text or "", "slurmdb_users_add_cond")
            else:
                req.commit("_add_users_association")
        req.payload["added_users"] = text or ""

    return run(dp, call, body)


# The flags users_association/ lists (slurmctld's show flags, which it never reads).
SHOW_FLAGS = ("ALL", "DETAIL", "MIXED", "LOCAL", "SIBLING", "FEDERATION", "FUTURE")

OPS = (
    COp(
        "POST",
        "/users_association/",
        "post_users_association",
        "Add users with conditional association",
        post_users_association,
        body=True,
        params=(Param("update_time"), Param("flags", enum=SHOW_FLAGS)),
        response=shapes.USERS_ADDED,
        request=shapes.USERS_ADD,
    ),
    COp(
        "POST",
        "/accounts_association/",
        "post_accounts_association",
        "Add accounts with conditional association",
        post_accounts_association,
        body=True,
        response=shapes.ACCOUNTS_ADDED,
        request=shapes.ACCOUNTS_ADD,
    ),
)
