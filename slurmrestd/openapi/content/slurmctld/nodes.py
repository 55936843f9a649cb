"""The nodes operations of openapi/slurmctld: GET /nodes/ and /node/{node_name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmctld import listing

_SOURCE = "_dump_nodes"
_REJECT = "Rejecting request. Failure parsing query."


def _answer(dp: DP, loaded: slurm.Loaded) -> dict[str, Any]:
    return listing.answer(dp, "nodes", dp.tables.node.NODE, loaded.records, loaded.last_update)


def _load(dp: DP, call: Call, since: int, name: str | None = None) -> slurm.Loaded:
    return slurm.load_nodes(
        call.identity,
        since,
        show_flags=listing.show_flags(call, None),
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
    try:
        loaded = _load(dp, call, since)
    except slurm.NotModified:
        return listing.UNCHANGED
    except slurm.SlurmError as exc:
        raise _failed(exc, "Failure to query nodes") from None
    return OK, _answer(dp, loaded)


def get_node(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["node_name"]
    # The node's own load takes no update_time; the partitions' load does.
    since = listing.update_time(dp, call, _REJECT, _SOURCE)
    try:
        loaded = _load(dp, call, since, name)
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
        return OK, {"errors": failed}
    return OK, _answer(dp, loaded)


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
)
