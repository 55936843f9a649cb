"""The partitions operations of openapi/slurmctld: GET /partitions/, /partition/{name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmctld import listing
from slurmrestd.slurm.constants import ESLURM_REST_INVALID_QUERY, SHOW_ALL

_REJECT = "Rejecting request. Failure parsing query"
# The handlers' names, as errors[] sources: 24.11's, 26.05's.
_LIST = {"24.11": "op_handler_partitions", "26.05": "_partitions_get"}
_ONE = {"24.11": "op_handler_partition", "26.05": "_partition_get"}


def _answer(dp: DP, records: list[dict[str, Any]], last_update: int) -> dict[str, Any]:
    return listing.answer(dp, "partitions", dp.tables.partition.PARTITION, records, last_update)


def get_partitions(dp: DP, call: Call) -> tuple[str, Any]:
    since = listing.update_time(dp, call, _REJECT, _LIST[listing.reference(dp)])
    try:
        # As the reference: without ?flags=, no show flags (hidden partitions stay hidden).
        loaded = slurm.load_partitions(call.identity, since, show_flags=listing.show_flags(call, 0))
    except slurm.NotModified:
        return listing.UNCHANGED
    except slurm.SlurmError as exc:
        # The reference ends without an errors[] entry here.
        raise fail(FAILED, []) from exc
    return OK, _answer(dp, loaded.records, loaded.last_update)


def get_partition(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["partition_name"]
    source = _ONE[listing.reference(dp)]
    since = listing.update_time(dp, call, _REJECT, source)
    try:
        loaded = slurm.load_partitions(
            call.identity, since, show_flags=listing.show_flags(call, SHOW_ALL)
        )
    except slurm.NotModified:
        return listing.UNCHANGED
    except slurm.SlurmError as exc:
        raise fail(
            FAILED, [listing.entry("Unable to query partitions", exc.errno, source)]
        ) from None
    found = [r for r in loaded.records if (r.get("name") or "").lower() == name.lower()][:1]
    if found:
        return OK, _answer(dp, found, loaded.last_update)
    missing = f"Unable to find partition {name}"
    if listing.reference(dp) == "24.11":
        raise fail(
            listing.UNPROCESSABLE,
            [listing.entry(missing, ESLURM_REST_INVALID_QUERY, source)],
        )
    # 26.05: a warning, and 200.
    return OK, {"warnings": [{"description": missing, "source": source}]}


def delete_partition(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["partition_name"]
    try:
        slurm.delete_partition(call.identity, name)
    except (slurm.SlurmError, ValueError) as exc:
        failed = listing.entry(
            "Unable to delete partition", getattr(exc, "errno", -1), "slurm_delete_partition()"
        )
        raise fail(listing.slurm_failed(dp), [failed]) from None
    return OK, {}


OPS = (
    COp(
        "GET",
        "/partitions/",
        "get_partitions",
        "get all partition info",
        get_partitions,
        ("update_time", "flags"),
    ),
    COp(
        "GET",
        "/partition/{partition_name}",
        "get_partition",
        "get partition info",
        get_partition,
        ("update_time", "flags"),
    ),
    COp(
        "DELETE",
        "/partition/{partition_name}",
        "delete_partition",
        "delete partition",
        delete_partition,
        since="v0.0.45",
    ),
)
