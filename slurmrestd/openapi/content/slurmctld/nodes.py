"""The nodes operations of openapi/slurmctld: GET /nodes/ and /node/{node_name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import Env, Rules, parse
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmctld import listing
from slurmrestd.slurm.constants import ESLURM_REST_INVALID_QUERY

_SOURCE = "_dump_nodes"
_REJECT = "Rejecting request. Failure parsing query."


def _answer(dp: DP, loaded: slurm.Loaded) -> dict[str, Any]:
    return listing.answer(dp, "nodes", dp.tables.node.NODE, loaded.records, loaded.last_update)


def _load(
    dp: DP, call: Call, since: int, flags: int | None, name: str | None = None
) -> slurm.Loaded:
    return slurm.load_nodes(
        call.identity,
        since,
        show_flags=flags,
        name=name,
        with_energy=True,
        partitions_since=_partitions_since(dp, since),
    )


def _partitions_since(dp: DP, since: int) -> int:
    """24.11 loads the partitions with the client's update_time (and fails when they have
    not changed since); 26.05 always loads them whole."""
    return since if listing.reference(dp) == "24.11" else 0


def _failed(exc: slurm.SlurmError, what: str) -> Exception:
    """The reference's answer when a load fails: its own words for the partitions' load."""
    if exc.source == "slurm_load_partitions":
        what = "Unable to query partitions"
    return fail(FAILED, [listing.entry(what, exc.errno, _SOURCE)])


def get_nodes(dp: DP, call: Call) -> tuple[str, Any]:
    since = listing.update_time(dp, call, _REJECT, _SOURCE)
    flags, flag_errors = listing.show_flags(dp, call, None, _REJECT, _SOURCE)
    try:
        loaded = _load(dp, call, since, flags)
    except slurm.NotModified:
        return listing.UNCHANGED
    except slurm.SlurmError as exc:
        raise _failed(exc, "Failure to query nodes") from None
    return listing.with_errors(_answer(dp, loaded), flag_errors)


def get_node(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["node_name"]
    # The node's own load takes no update_time; the partitions' load does.
    since = listing.update_time(dp, call, _REJECT, _SOURCE)
    flags, flag_errors = listing.show_flags(dp, call, None, _REJECT, _SOURCE)
    try:
        loaded = _load(dp, call, since, flags, name)
        errno = 0
    except slurm.SlurmError as exc:
        if exc.source == "slurm_load_partitions":
            raise _failed(exc, "") from None
        loaded, errno = slurm.Loaded(0, []), exc.errno
    except slurm.NotModified:
        loaded, errno = slurm.Loaded(0, []), 0
    if not loaded.records:
        # The reference answers 200 when slurmctld found no such node (no error number).
        failed = [listing.entry(f"Failure to query node {name}", errno, _SOURCE)]
        if errno:
            raise fail(FAILED, failed)
        return OK, {"errors": [*flag_errors, *failed]}
    return listing.with_errors(_answer(dp, loaded), flag_errors)


def delete_node(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["node_name"]
    try:
        slurm.delete_node(call.identity, name)
    except (slurm.SlurmError, ValueError) as exc:
        verb = "delete" if listing.reference(dp) == "26.05" else "update"
        failed = listing.entry(
            f"Failure to {verb} node {name}", getattr(exc, "errno", -1), "op_handler_node"
        )
        raise fail(listing.slurm_failed(dp), [failed]) from None
    return OK, {}


def _parse_update(dp: DP, call: Call) -> dict[str, Any]:
    """The body as update_node_msg_t's fields; a body the version refuses fails (500)."""
    env = Env(strerror=slurm.strerror)
    body = call.raw_body if isinstance(call.raw_body, dict) else None
    rc, values = (1, {}) if body is None else parse(dp.tables.node.UPDATE_NODE, body, env, Rules())
    if rc:
        reject = listing.entry(
            "Rejecting request. Failure parsing query", ESLURM_REST_INVALID_QUERY, "_update_node"
        )
        raise fail(FAILED, [*env.errors, reject])
    return values


def _update(dp: DP, call: Call, values: dict[str, Any], what: str, source: str) -> None:
    try:
        slurm.update_node(call.identity, values)
    except (slurm.SlurmError, ValueError) as exc:
        failed = listing.entry(f"Failure to update node {what}", getattr(exc, "errno", -1), source)
        raise fail(listing.slurm_failed(dp), [failed]) from None


def post_node(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["node_name"]
    values = _parse_update(dp, call)
    warnings = []
    if values.get("node_names"):
        warnings.append(
            {
                "description": f"node_names field {values['node_names']} ignored for "
                "singular node update",
                "source": "_update_node",
            }
        )
    values["node_names"] = name
    _update(dp, call, values, name, "_update_node")
    return OK, {"warnings": warnings} if warnings else {}


def post_nodes(dp: DP, call: Call) -> tuple[str, Any]:
    values = _parse_update(dp, call)
    _update(dp, call, values, values.get("node_names") or "(null)", "_update_nodes")
    return OK, {}


OPS = (
    COp("GET", "/nodes/", "get_nodes", "get node(s) info", get_nodes, ("update_time", "flags")),
    COp(
        "GET",
        "/node/{node_name}",
        "get_node",
        "get node info",
        get_node,
        ("update_time", "flags"),
    ),
    COp("DELETE", "/node/{node_name}", "delete_node", "delete node", delete_node),
    COp(
        "POST",
        "/node/{node_name}",
        "post_node",
        "update node properties",
        post_node,
        body=True,
    ),
    COp("POST", "/nodes/", "post_nodes", "batch update node(s)", post_nodes, body=True),
)
