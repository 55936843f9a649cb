"""What GET of nodes, partitions and reservations share: update_time, entries, statuses.

design: on the release we run on, a version whose C daemon it has answers as that
daemon; another version as the newest C daemon that serves it (24.11 for v0.0.40
and v0.0.41, 26.05 from v0.0.42 on).  Their handlers differ in the names they
give as errors' sources and in how they report a missing partition.
"""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import Env, dump
from slurmrestd.openapi.common.errors import FAILED, OK, fail
from slurmrestd.openapi.content import DP, Param
from slurmrestd.openapi.dataparser.kinds import I64_NO_VAL, U64_NO_VAL
from slurmrestd.openapi.dataparser.schemas import Named, Payload, resp
from slurmrestd.slurm import constants
from slurmrestd.slurm.constants import (
    ESLURM_DATA_CONV_FAILED,
    ESLURM_REST_INVALID_QUERY,
    INT64_MAX,
    INT64_MIN,
)

UNPROCESSABLE = "422 UNPROCESSABLE CONTENT"
# The reference answers "no change since update_time" with 304 and no body.
UNCHANGED = ("304 NOT MODIFIED", envelope.Serialized(b""))

# The versions each release's C daemon serves.
_SERVED = {
    "24.11": ("v0.0.40", "v0.0.41", "v0.0.42"),
    "26.05": ("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"),
}


def reference(dp: DP) -> str:
    """The release whose C daemon this version answers as (24.11 or 26.05)."""
    here = slurm.release().name
    if dp.version in _SERVED.get(here, ()):
        return here
    return "24.11" if dp.version in _SERVED["24.11"] and not dp.at_least("v0.0.42") else "26.05"


def answer(
    dp: DP, key: str, table: Any, records: list[dict[str, Any]], last_update: int
) -> dict[str, Any]:
    """The payload of a GET: the records as the version dumps them, and the list's time."""
    return {
        key: [dump(table, rec) for rec in records],
        "last_update": I64_NO_VAL.dump(last_update, Env()),
    }


def slurm_failed(dp: DP) -> str:
    """The status of a request slurmctld refused: 500 as 24.11 answers, 422 as 26.05."""
    return UNPROCESSABLE if reference(dp) == "26.05" else FAILED


def entry(description: str, number: int, source: str) -> dict[str, Any]:
    """An errors[] entry; number 0 is Slurm's "No error", as the reference writes it."""
    text = slurm.strerror(number) if number >= 0 else "Unspecified error"
    return envelope.error(description, number, text, source)


def update_time(dp: DP, call: Call, rejecting: str, source: str) -> int:
    """The client's ?update_time= (0 when not given), read as the version's parser does:
    v0.0.40 and v0.0.41 take only Slurm's time words ("now-1hour"), later versions
    numbers too.  A value the parser refuses fails the request (500) with its entry and
    rejecting, the handler's own words."""
    if "update_time" not in call.query:
        return 0
    # "update_time=" and a bare "update_time" both come as None; the reference's words
    # are those of the first ("update_time" alone is a Boolean true to it).
    raw = call.query["update_time"] or ""
    problem: str | None = None
    if not isinstance(raw, str) or not raw.strip():
        problem = "Invalid or unset timestamp value"
    else:
        text = raw.strip()
        if dp.at_least("v0.0.42"):
            try:
                # Out of range saturates, as strtoll does: later than any change (304),
                # or earlier than all of them.
                return max(INT64_MIN, min(INT64_MAX, int(text)))
            except ValueError:
                pass
        when = slurm.parse_time(text)
        if when:
            return when
        problem = f"Parsing of {raw} for timestamp failed"
    raise fail(
        FAILED,
        [
            entry(problem, ESLURM_DATA_CONV_FAILED, "#/update_time/"),
            entry(rejecting, ESLURM_REST_INVALID_QUERY, source),
        ],
    )


_SHOW = ("ALL", "DETAIL", "MIXED", "LOCAL", "SIBLING", "FEDERATION", "FUTURE")
# Slurm's "Data parser unable to parse invalid flag" (23.02 on; 22.05 has no such number).
FLAGS_INVALID = 9207


def show_flags(
    dp: DP, call: Call, default: int | None, rejecting: str, source: str
) -> tuple[int | None, list[dict[str, Any]]]:
    """?flags= as show_flags (ALL, DETAIL, ...; default when not given), and the entries
    of a name the version does not know: v0.0.40 refuses the request (500), later
    versions answer with default flags, the entry, and 500."""
    raw = call.query.get("flags")
    if not isinstance(raw, str) or not raw:
        return default, []
    name = raw.strip()
    if name.upper() in _SHOW:
        return getattr(constants, f"SHOW_{name.upper()}") or default, []
    unknown = _flag_entry(f'Unknown flag "{name}"', "#/flags[0]/")
    if not dp.at_least("v0.0.41"):
        single = _flag_entry(f'Parsing single flag "{name}" failed', "#/flags/")
        reject = entry(rejecting, ESLURM_REST_INVALID_QUERY, source)
        raise fail(FAILED, [unknown, single, reject])
    return default, [unknown]


def _flag_entry(description: str, source: str) -> dict[str, Any]:
    return envelope.error(
        description, FLAGS_INVALID, "Data parser unable to parse invalid flag", source
    )


def with_errors(payload: dict[str, Any], errors: list[dict[str, Any]]) -> tuple[str, Any]:
    """A dumped answer; with errors (a flag it ignored), 500 as the reference."""
    if not errors:
        return OK, payload
    return FAILED, {**payload, "errors": errors}


# --- the document's declarations the GETs share ------------------------------------------


def update_time_params(what: str, v45: str | None = None) -> tuple[Param, ...]:
    """?update_time= as the reference describes it: v0.0.40 and v0.0.41 in their words,
    v0.0.42 on in theirs (v45: the object v0.0.45 names, when it names another)."""
    newer = f"Query {what} updated more recently than this time (UNIX timestamp)"
    out = [
        Param("update_time", f"Filter {what} since update timestamp", until="v0.0.41"),
        Param("update_time", newer, since="v0.0.42", until="v0.0.44" if v45 else "v0.0.45"),
    ]
    if v45:
        text = f"Query {v45} updated more recently than this time (UNIX timestamp)"
        out.append(Param("update_time", text, since="v0.0.45"))
    return tuple(out)


# ?flags= of nodes and partitions: show_flags' names.
FLAGS_PARAM = Param("flags", "Query flags", enum=_SHOW)


def list_resp(name: str, key: str, array: Named) -> Named:
    """A GET's response: the records (array), and the time of the last change."""
    return resp(name, Payload(key, array), Payload("last_update", U64_NO_VAL.schema))
