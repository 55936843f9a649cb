"""The reservations operations of openapi/slurmctld: GET /reservations/, /reservation/{name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import Env, Rules, dump, parse
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmctld import listing
from slurmrestd.slurm.constants import (
    ESLURM_NODES_BUSY,
    ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE,
    ESLURM_RESERVATION_INVALID,
    ESLURM_REST_INVALID_QUERY,
    NO_VAL64,
)

_REJECT = "Rejecting request. Failure parsing query"
_LOAD = "slurm_load_reservations()"
# The handlers' names, as errors[] sources: 24.11's, 26.05's.
_LIST = {"24.11": "op_handler_reservations", "26.05": "_get_reservations"}
_ONE = {"24.11": "op_handler_reservation", "26.05": "_get_single_reservation"}


def _answer(dp: DP, records: list[dict[str, Any]], last_update: int) -> dict[str, Any]:
    table = dp.tables.reservation.RESERVATION
    return listing.answer(dp, "reservations", table, records, last_update)


def _load(call: Call, since: int) -> slurm.Loaded:
    """The reservations; slurmctld's failure as the reference reports it."""
    try:
        return slurm.load_reservations(call.identity, since)
    except slurm.SlurmError as exc:
        raise fail(
            FAILED, [listing.entry("Unable to query reservations", exc.errno, _LOAD)]
        ) from None


def get_reservations(dp: DP, call: Call) -> tuple[str, Any]:
    since = listing.update_time(dp, call, _REJECT, _LIST[listing.reference(dp)])
    try:
        loaded = _load(call, since)
    except slurm.NotModified:
        return listing.UNCHANGED
    return OK, _answer(dp, loaded.records, loaded.last_update)


def get_reservation(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["reservation_name"]
    source = _ONE[listing.reference(dp)]
    since = listing.update_time(dp, call, _REJECT, source)
    try:
        loaded = _load(call, since)
    except slurm.NotModified:
        return listing.UNCHANGED
    if not loaded.records:
        # No reservation at all: the reference reports its load, with no error number.
        return OK, {"errors": [listing.entry("Unable to query reservations", 0, _LOAD)]}
    found = [r for r in loaded.records if (r.get("name") or "").lower() == name.lower()][:1]
    if not found:
        raise fail(
            listing.UNPROCESSABLE,
            [
                listing.entry(
                    f"Unable to find reservation {name}", ESLURM_REST_INVALID_QUERY, source
                )
            ],
        )
    return OK, _answer(dp, found, loaded.last_update)


def delete_reservation(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["reservation_name"]
    try:
        slurm.delete_reservation(call.identity, name)
    except (slurm.SlurmError, ValueError) as exc:
        errno = getattr(exc, "errno", -1)
        where = "slurm_delete_reservation"
        failed = listing.entry(f"Error deleting reservation {name}", errno, where)
        raise fail(listing.slurm_failed(dp), [failed]) from None
    return OK, {}


def _parse_desc(dp: DP, doc: Any, env: Env, source: str) -> dict[str, Any]:
    table = dp.tables.reservation.RESERVATION_DESC
    rc, values = (1, {}) if not isinstance(doc, dict) else parse(table, doc, env, Rules())
    if rc:
        reject = listing.entry(
            "Rejecting request. Failure parsing parameters", ESLURM_REST_INVALID_QUERY, source
        )
        raise fail(listing.slurm_failed(dp), [*env.errors, reject])
    # No flags given: none sent (NO_VAL64), none shown (0).
    values["flags"] = values.get("flags") or NO_VAL64
    return values


def _create_or_update(dp: DP, call: Call, values: dict[str, Any], names: set[str]) -> Any:
    """One description: an update when slurmctld has the reservation, else a creation."""
    name = values["name"]
    try:
        if name.lower() in names:
            rec = slurm.update_reservation(call.identity, values)
        else:
            rec = slurm.create_reservation(call.identity, values)
    except (slurm.SlurmError, ValueError) as exc:
        errno = getattr(exc, "errno", -1)
        if name.lower() in names:
            what, where = f"Error updating reservation {name}", "slurm_update_reservation"
        elif errno in (ESLURM_REQUESTED_NODE_CONFIG_UNAVAILABLE, ESLURM_NODES_BUSY) and not (
            values.get("node_list")
        ):
            what, where = f"{_BUSY_PREFIX} {name}. {_BUSY_NOTE}", "slurm_create_reservation"
        else:
            what, where = f"Error creating reservation  {name}", "slurm_create_reservation"
        raise fail(listing.slurm_failed(dp), [listing.entry(what, errno, where)]) from None
    if rec.get("flags") == NO_VAL64:
        rec["flags"] = 0
    return dump(dp.tables.reservation.RESERVATION_DESC, rec)


_BUSY_PREFIX = "Error creating reservation"
_BUSY_NOTE = (
    "Note, unless nodes are directly requested a reservation must exist in a single "
    "partition. If no partition is requested the default partition is assumed."
)


def _names(call: Call) -> set[str]:
    return {(r.get("name") or "").lower() for r in _load(call, 0).records}


def post_reservation(dp: DP, call: Call) -> tuple[str, Any]:
    env = Env(strerror=slurm.strerror)
    values = _parse_desc(dp, call.raw_body, env, "_parse_resv_desc")
    if not values.get("name"):
        failed = listing.entry(
            "Reservation must be given.", ESLURM_RESERVATION_INVALID, "_mod_reservation"
        )
        raise fail(listing.slurm_failed(dp), [failed])
    return OK, {"reservations": [_create_or_update(dp, call, values, _names(call))]}


def post_reservations(dp: DP, call: Call) -> tuple[str, Any]:
    env = Env(strerror=slurm.strerror)
    body = call.raw_body if isinstance(call.raw_body, dict) else {}
    items = body.get("reservations")
    empty = "No reservation descriptions specified in reservations array"
    if not isinstance(items, list):
        failed = listing.entry(empty, ESLURM_REST_INVALID_QUERY, "_parse_resv_desc_list")
        raise fail(listing.slurm_failed(dp), [failed])
    if not items:
        return OK, {"warnings": [{"description": empty, "source": "_parse_resv_desc_list"}]}
    descs = [_parse_desc(dp, item, env, "_parse_resv_desc_list") for item in items]
    if any(not d.get("name") for d in descs):
        failed = listing.entry(
            "Reservation must be given", ESLURM_RESERVATION_INVALID, "_check_resv_name"
        )
        raise fail(listing.slurm_failed(dp), [failed])
    names = _names(call)
    done = [_create_or_update(dp, call, d, names) for d in descs]
    return OK, {"reservations": done}


OPS = (
    COp(
        "GET",
        "/reservations/",
        "get_reservations",
        "get all reservation info",
        get_reservations,
        ("update_time",),
    ),
    COp(
        "GET",
        "/reservation/{reservation_name}",
        "get_reservation",
        "get reservation info",
        get_reservation,
        ("update_time",),
    ),
    # 25.05 on (24.11's C daemon has it in none of its versions).
    COp(
        "DELETE",
        "/reservation/{reservation_name}",
        "delete_reservation",
        "delete a reservation",
        delete_reservation,
        since="v0.0.42",
    ),
    COp(
        "POST",
        "/reservations/",
        "post_reservations",
        "create or update reservations",
        post_reservations,
        body=True,
        since="v0.0.43",
    ),
    COp(
        "POST",
        "/reservation",
        "post_reservation",
        "create or update a reservation",
        post_reservation,
        body=True,
        since="v0.0.43",
    ),
)
