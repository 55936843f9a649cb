"""The accounting writes of openapi/slurmdbd that take a body: POST accounts and users.

Each record is added when slurmdbd has none of its name, else modified; the
request commits only when every record succeeded (as the reference's
update_accounts() and update_users()).
"""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import to_int
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmdbd import shapes
from slurmrestd.openapi.content.slurmdbd.accounting import WCKEY_KEYS
from slurmrestd.openapi.content.slurmdbd.body import (
    ADMIN_LEVELS,
    Body,
    Field,
    Flags,
    coordinators,
    records,
    records_or_dict,
    text,
)
from slurmrestd.openapi.content.slurmdbd.request import (
    AMBIGUOUS_MODIFY,
    Req,
    behaves_as,
    params,
    run,
)
from slurmrestd.slurm.constants import ESLURM_NOT_SUPPORTED

ACCOUNT = (
    Field("associations", "assoc_list", records),
    Field("coordinators", "coordinators", coordinators),
    Field("description", "description", text, required=True),
    Field("name", "name", text, required=True),
    Field("organization", "organization", text, required=True),
    Field("flags", "flags", Flags(DELETED=1)),
)

USER = (
    Field("administrator_level", "admin_level", ADMIN_LEVELS),
    Field("associations", "assoc_list", records),
    Field("coordinators", "coord_accts", records),
    Field("default/account", "default_acct", text),
    Field("default/wckey", "default_wckey", text),
    Field("flags", "flags", Flags(NONE=0, DELETED=1)),
    Field("name", "name", text, required=True),
    Field("old_name", "old_name", text),
    Field("wckeys", "wckey_list", records),
)

# 26.05 corrected the word.
_NONEXISTENT = {"24.11": "non-existant", "26.05": "non-existent"}

SOURCE_ACCT = "_foreach_update_acct"
SOURCE_USER = "_foreach_update_user"


def _find(req: Req, what: str, cond: dict[str, Any], item: str) -> list[dict[str, Any]] | None:
    """A lookup of slurmdbd's records that finding nothing does not warn about."""
    try:
        return req.db.get(what, cond, item)
    except slurm.SlurmError as exc:
        req.error(exc.errno, req.failed(f"slurmdb_{what}_get"), f"_foreach_update_{what[:-1]}")
        return None


def _add(req: Req, what: str, item: str, record: dict[str, Any], source: str) -> bool:
    func = f"slurmdb_{what}_add"
    try:
        rc = req.db.add(what, item, [record], init=False)
    except slurm.SlurmError as exc:
        rc = exc.errno
    if rc:
        req.error(rc, req.failed_call(func), source)
    return not rc


def _modify(
    req: Req, func: str, cond_type: str, cond: dict[str, Any], rtype: str, rec: dict[str, Any]
) -> bool:
    try:
        changed = req.db.names(func, cond_type, cond, (rtype, rec))
        rc = 0 if changed is not None else slurm.constants.SLURM_ERROR
    except slurm.SlurmError as exc:
        rc = exc.errno
    if rc:
        req.error(rc, req.failed_call(func), source_of(func))
    return not rc


def source_of(func: str) -> str:
    return SOURCE_USER if "users" in func else SOURCE_ACCT


def _coord_add(req: Req, account: str, user: str) -> bool:
    try:
        rc = req.db.coord_add([account], user)
    except slurm.SlurmError as exc:
        rc = exc.errno
    if rc:
        req.error(
            rc,
            f"adding coordinator {user} to account {account} failed",
            "slurmdb_coord_add()",
        )
    return not rc


def _coord_remove(req: Req, account: str, user: str) -> bool:
    try:
        removed = req.db.coord_remove([account], user)
        rc = 0 if removed is not None else slurm.constants.SLURM_ERROR
    except slurm.SlurmError as exc:
        rc = exc.errno
    if rc:
        req.error(
            rc,
            f"removing coordinator {user} from account {account} failed",
            "slurmdb_coord_remove()",
        )
    return not rc


def _update_account(req: Req, acct: dict[str, Any]) -> bool:
    name = acct["name"]
    cond = {"assoc_cond": {"acct_list": [name]}, "with_coords": 1}
    found = _find(req, "accounts", cond, "slurmdb_account_rec_t")
    if found is None:
        return False
    if acct.get("assoc_list"):
        req.warn(
            "Account associations ignored. They must be set via the associations end point.",
            SOURCE_ACCT,
        )
    if acct.get("flags", 0) & 1:
        req.warn("Ignoring request to set flag: DELETED", SOURCE_ACCT)
    coords = acct.get("coordinators")
    rec = {k: acct[k] for k in ("description", "name", "organization") if acct.get(k) is not None}
    if not found:
        if not _add(req, "accounts", "slurmdb_account_rec_t", rec, SOURCE_ACCT):
            return False
        return all(_coord_add(req, name, user) for user in coords or [])
    if len(found) > 1:
        req.error(AMBIGUOUS_MODIFY, "ambiguous account modify request", SOURCE_ACCT)
        return False
    changes = {k: v for k, v in rec.items() if k != "name"}
    if not _modify(
        req,
        "slurmdb_accounts_modify",
        "slurmdb_account_cond_t",
        cond,
        "slurmdb_account_rec_t",
        changes,
    ):
        return False
    before = [c["name"] for c in found[0].get("coordinators") or []]
    for user in coords or []:
        if user.lower() not in (b.lower() for b in before) and not _coord_add(req, name, user):
            return False
    for user in before:
        if coords is not None and user.lower() in (c.lower() for c in coords):
            continue
        if not _coord_remove(req, name, user):
            return False
    return True


def post_accounts(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        accts = Body(req, "ACCOUNT", "ACCOUNTS").records("accounts", ACCOUNT)
        if accts is None:
            return
        req.lists()
        if all(_update_account(req, a) for a in accts) and not req.errors:
            req.commit(SOURCE_ACCT)

    return run(dp, call, body)


def _update_user(req: Req, user: dict[str, Any]) -> bool:
    name = user["name"]
    old = user.get("old_name") or None
    cond: dict[str, Any] = {"assoc_cond": {"user_list": [old or name]}, "with_deleted": 1}
    found = _find(req, "users", cond, "slurmdb_user_rec_t")
    if found is None:
        return False
    if old is not None:
        if not found:
            req.error(
                slurm.constants.ESLURM_USER_ID_MISSING,
                f"Unable to rename {_NONEXISTENT[behaves_as(req.dp.version)]} user {old} to {name}",
                SOURCE_USER,
            )
            return False
        taken = _find(
            req,
            "users",
            {"assoc_cond": {"user_list": [name]}, "with_deleted": 1},
            "slurmdb_user_rec_t",
        )
        if taken is None:
            return False
        if taken:
            req.error(
                AMBIGUOUS_MODIFY, f"Unable to rename user {old} to existing {name}", SOURCE_USER
            )
            return False
        cond = {"assoc_cond": {"user_list": [name, old]}, "with_deleted": 1}
    elif len(found) > 1:
        req.error(AMBIGUOUS_MODIFY, "ambiguous user modify request", SOURCE_USER)
        return False
    if user.get("assoc_list"):
        req.warn(
            f"User {name} associations list ignored. They must be set via the "
            "associations end point.",
            SOURCE_USER,
        )
    if user.get("coord_accts"):
        req.warn(
            f"User {name} coordinators list ignored. They must be set via the "
            "coordinators or accounts end point.",
            SOURCE_USER,
        )
    if user.get("flags", 0) & 1:
        req.warn("Ignoring request to set flag: DELETED", SOURCE_USER)
    rec: dict[str, Any] = {"name": name}
    for key in ("admin_level", "default_acct", "default_wckey"):
        if user.get(key) is not None:
            rec[key] = user[key]
    if old is None and not found:
        rec.setdefault("admin_level", 0)
        return _add(req, "users", "slurmdb_user_rec_t", rec, SOURCE_USER)
    if old is not None:
        rec["old_name"] = old
    else:
        rec.pop("name")
    return _modify(
        req, "slurmdb_users_modify", "slurmdb_user_cond_t", cond, "slurmdb_user_rec_t", rec
    )


def post_users(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        users = Body(req, "USER", "USERS").records("users", USER)
        if users is None:
            return
        if all(_update_user(req, u) for u in users) and not req.errors:
            req.commit(SOURCE_USER)

    return run(dp, call, body)


def post_tres(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    """Refused, as the references (built without debugging) refuse it."""

    def body(req: Req) -> None:
        req.error(
            ESLURM_NOT_SUPPORTED, "Updating TRES is not currently supported", "op_handler_tres"
        )

    return run(dp, call, body)


def number(value: Any) -> int:
    return to_int(value)


CLUSTER_FLAGS = {"REGISTERING": 1 << 0, "MULTIPLE_SLURMD": 1 << 7, "FEDERATION": 1 << 11}
CLUSTER_FLAGS |= {"EXTERNAL": 1 << 12}

CLUSTER = (
    Field("controller/host", "control_host", text),
    Field("controller/port", "control_port", number),
    Field("flags", "flags", Flags(**CLUSTER_FLAGS)),
    Field("name", "name", text),
    Field("nodes", "nodes", text),
    Field("select_plugin", "", text),
    Field("associations/root", "", records_or_dict),
    Field("rpc_version", "rpc_version", number),
    Field("tres", "", records),
)


def post_clusters(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        found = Body(req, "CLUSTER_REC", "CLUSTERS").records("clusters", CLUSTER)
        if found is None:
            return
        clusters = []
        for c in found:
            clusters.append({k: v for k, v in c.items() if k})
        try:
            rc = req.db.add("clusters", "slurmdb_cluster_rec_t", clusters)
        except slurm.SlurmError as exc:
            rc = exc.errno
        if rc:
            req.error(rc, req.failed_call("slurmdb_clusters_add"), "update_clusters")
        else:
            req.commit("update_clusters")

    return run(dp, call, body)


WCKEY = (
    Field("accounting", "", records),
    Field("cluster", "cluster", text, required=True),
    Field("id", "", number),
    Field("name", "name", text, required=True),
    Field("user", "user", text, required=True),
    Field("flags", "", Flags(DELETED=1)),
)


def post_wckeys(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    def body(req: Req) -> None:
        found = Body(req, "WCKEY", "WCKEY").records("wckeys", WCKEY)
        if found is None:
            return
        wckeys = [{k: v for k, v in w.items() if k} for w in found]
        try:
            rc = req.db.add("wckeys", "slurmdb_wckey_rec_t", wckeys)
        except slurm.SlurmError as exc:
            rc = exc.errno
        if rc:
            req.error(rc, req.failed_call("slurmdb_wckeys_add"), "update_wckeys")
        elif not req.errors:
            req.commit("update_wckeys")

    return run(dp, call, body)


OPS = (
    COp("POST", "/tres/", "post_tres", "Add TRES", post_tres, body=True, request=shapes.TRES),
    COp(
        "POST",
        "/wckeys/",
        "post_wckeys",
        "Add or update wckeys",
        post_wckeys,
        body=True,
        params=params(WCKEY_KEYS),
        request=shapes.WCKEYS,
    ),
    COp(
        "POST",
        "/users/",
        "post_users",
        "Update users",
        post_users,
        body=True,
        request=shapes.USERS,
    ),
    COp(
        "POST",
        "/clusters/",
        "post_clusters",
        "Get cluster list",
        post_clusters,
        ("update_time",),
        body=True,
        request=shapes.CLUSTERS,
    ),
    COp(
        "POST",
        "/accounts/",
        "post_accounts",
        "Add/update list of accounts",
        post_accounts,
        body=True,
        request=shapes.ACCOUNTS,
    ),
)
