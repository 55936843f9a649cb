"""The partitions operations of openapi/slurmctld: GET /partitions/, /partition/{name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import Env, Rules, parse
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, COp
from slurmrestd.openapi.content.slurmctld import listing
from slurmrestd.slurm.constants import (
    ESLURM_DATA_PATH_NOT_FOUND,
    ESLURM_INVALID_PARTITION_NAME,
    ESLURM_REST_INVALID_QUERY,
    SHOW_ALL,
)

_REJECT = "Rejecting request. Failure parsing query"
# The handlers' names, as errors[] sources: 24.11's, 26.05's.
_LIST = {"24.11": "op_handler_partitions", "26.05": "_partitions_get"}
_ONE = {"24.11": "op_handler_partition", "26.05": "_partition_get"}


def _answer(dp: DP, records: list[dict[str, Any]], last_update: int) -> dict[str, Any]:
    return listing.answer(dp, "partitions", dp.tables.partition.PARTITION, records, last_update)


def get_partitions(dp: DP, call: Call) -> tuple[str, Any]:
    source = _LIST[listing.reference(dp)]
    since = listing.update_time(dp, call, _REJECT, source)
    # As the reference: without ?flags=, no show flags (hidden partitions stay hidden).
    flags, flag_errors = listing.show_flags(dp, call, 0, _REJECT, source)
    try:
        loaded = slurm.load_partitions(call.identity, since, show_flags=flags)
    except slurm.NotModified:
        return listing.UNCHANGED
    except slurm.SlurmError as exc:
        # The reference ends without an errors[] entry here.
        raise fail(FAILED, []) from exc
    return listing.with_errors(_answer(dp, loaded.records, loaded.last_update), flag_errors)


def get_partition(dp: DP, call: Call) -> tuple[str, Any]:
    name = call.params["partition_name"]
    source = _ONE[listing.reference(dp)]
    since = listing.update_time(dp, call, _REJECT, source)
    flags, flag_errors = listing.show_flags(dp, call, SHOW_ALL, _REJECT, source)
    try:
        loaded = slurm.load_partitions(call.identity, since, show_flags=flags)
    except slurm.NotModified:
        return listing.UNCHANGED
    except slurm.SlurmError as exc:
        raise fail(
            FAILED, [listing.entry("Unable to query partitions", exc.errno, source)]
        ) from None
    found = [r for r in loaded.records if (r.get("name") or "").lower() == name.lower()][:1]
    if found:
        return listing.with_errors(_answer(dp, found, loaded.last_update), flag_errors)
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


# Fields slurmctld ignores in a partition's description: (C field, the document's path).
_IGNORED = (
    ("cluster_name", "cluster"),
    ("cr_type", "select_type"),
    ("resume_timeout", "timeouts/resume"),
    ("suspend_time", "suspend_time"),
    ("suspend_timeout", "timeouts/suspend"),
    ("total_cpus", "cpus/total"),
    ("total_nodes", "nodes/total"),
    ("tres_fmt_str", "tres/configured"),
)


def _mod_one(dp: DP, call: Call, index: int, doc: Any, names: set[str]) -> list[Any]:
    """Create or update one partition; its warnings (errors end in entries)."""
    env = Env(strerror=slurm.strerror)
    rc, values = (
        (1, {})
        if not isinstance(doc, dict)
        else parse(dp.tables.partition.PARTITION, doc, env, Rules())
    )
    if rc:
        reject = listing.entry(
            "Rejecting request. Failure parsing query", ESLURM_REST_INVALID_QUERY, "_partitions_mod"
        )
        raise fail(listing.slurm_failed(dp), [*env.errors, reject])
    name = values.get("name")
    if not name:
        what = f"The partition description at index {index} must specify a name. Skipping"
        return [
            (
                "error",
                listing.entry(
                    what, ESLURM_INVALID_PARTITION_NAME, "_foreach_create_update_partition"
                ),
            )
        ]
    out: list[Any] = []
    ignored = [path for field, path in _IGNORED if values.get(field)]
    if ignored:
        what = (
            f"The partition description at index {index} contains the following ignored "
            f"fields: {', '.join(ignored)}"
        )
        out.append(("warning", {"description": what, "source": "_warn_on_ignore_values"}))
    sets = values.get("nodesets")
    if sets and sets != "ALL":
        values["nodes"] = f"{values['nodes']},{sets}" if values.get("nodes") else sets
    exists = name.lower() == "default" or name in names
    try:
        slurm.create_or_update_partition(call.identity, values, create=not exists)
    except (slurm.SlurmError, ValueError) as exc:
        verb, where = (
            ("update", "slurm_update_partition") if exists else ("create", "slurm_create_partition")
        )
        what = f"Failed to {verb} partition {name} with description at index {index}"
        out.append(("error", listing.entry(what, getattr(exc, "errno", -1), where)))
    return out


def _type_name(value: Any) -> str:
    """A JSON value's type as Slurm's data_t names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "64 bit integer"
    if isinstance(value, float):
        return "64 bit floating point"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "dictionary"
    return "string"


def post_partitions(dp: DP, call: Call) -> tuple[str, Any]:
    body = call.raw_body if isinstance(call.raw_body, dict) else {}
    unknown = [
        {
            "description": f'Ignoring unknown field "{key}" of type {_type_name(value)} in '
            "DATA_PARSER_OPENAPI_PARTITIONS_MOD_REQ",
            "source": f"#/{key}/",
        }
        for key, value in body.items()
        if key not in ("partitions", "meta", "errors", "warnings")
    ]
    items = body.get("partitions")
    if "partitions" not in body:
        missing = listing.entry(
            "Missing required field 'partitions' in dictionary",
            ESLURM_DATA_PATH_NOT_FOUND,
            "#/partitions/",
        )
        reject = listing.entry(
            "Rejecting request. Failure parsing query", ESLURM_REST_INVALID_QUERY, "_partitions_mod"
        )
        raise fail(listing.slurm_failed(dp), [missing, reject], warnings=unknown)
    if not isinstance(items, list):
        what = "A partition description must be provided."
        failed = listing.entry(what, ESLURM_REST_INVALID_QUERY, "_partitions_mod")
        raise fail(listing.slurm_failed(dp), [failed], warnings=unknown)
    try:
        loaded = slurm.load_partitions(call.identity, show_flags=0)
    except (slurm.SlurmError, slurm.NotModified) as exc:
        failed = listing.entry(
            "Unable to query partitions", getattr(exc, "errno", -1), "slurm_load_partitions()"
        )
        raise fail(listing.slurm_failed(dp), [failed]) from None
    names = {r.get("name") or "" for r in loaded.records}
    errors: list[Any] = []
    warnings: list[Any] = list(unknown)
    for index, item in enumerate(items):
        for kind, entry in _mod_one(dp, call, index, item, names):
            (errors if kind == "error" else warnings).append(entry)
    if errors:
        raise fail(listing.slurm_failed(dp), errors, warnings=warnings)
    return OK, {"warnings": warnings} if warnings else {}


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
    COp(
        "POST",
        "/partitions/",
        "post_partitions",
        "create or update partitions",
        post_partitions,
        body=True,
        since="v0.0.45",
    ),
)
