"""The reservations operations of openapi/slurmctld: GET /reservations/, /reservation/{name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmctld import listing
from slurmrestd.slurm.constants import ESLURM_REST_INVALID_QUERY

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
)
