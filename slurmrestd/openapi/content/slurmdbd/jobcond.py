"""GET /slurmdb/{v0.0.4x}/jobs/'s query read as the reference reads it: a job condition.

design: each query field has a reader (a CSV list, a number, a time, users,
groups, states, steps, a flag); a reader gives the condition's fields or
raises Bad with the reference's errors[] (and warnings[]) entries for it.
A field the version does not know is a warning.  A bad field refuses the
request (422: its entries, then "Rejecting request"), except a bad state from
v0.0.41 on, which the reference reports and searches on (the caller answers
it).  The versions' differences are data of their dbjob tables: QUOTED (the
value quoted in the messages, v0.0.41 on), whether a number is a
time, v0.0.42 on: NUMBER_TIMES), STATE_FATAL (a bad state refuses, v0.0.40) and
QUERY_FIELDS (the fields it reads).
"""

from __future__ import annotations

import functools
import grp
import pwd
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from slurmrestd.api import envelope
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.errors import entry
from slurmrestd.openapi.content import DP, Param
from slurmrestd.openapi.content.slurmdbd.request import FORMAT_DEPRECATED, FORMAT_UNTIL
from slurmrestd.openapi.dataparser import envelope as dp_envelope
from slurmrestd.slurm import constants as c
from slurmrestd.slurm import db as slurmdb

UNPROCESSABLE = "422 UNPROCESSABLE CONTENT"
TITLE = "Slurm OpenAPI slurmdbd"
TIME_MAX = 2**63 - 1
INT32 = "OpenAPI type=integer format=int32 (Slurm type=64 bit integer)"
STRING = "OpenAPI type=string (Slurm type=string)"
OBJECT = "OpenAPI type=object (Slurm type=dictionary)"


@dataclass
class Parsed:
    cond: dict[str, Any] = field(default_factory=dict)
    steps: str | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)


class Bad(Exception):  # noqa: N818 - the reference's answer to one field
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


class Refused(Exception):  # noqa: N818 - an answer, not a failure
    def __init__(self, status: str, document: envelope.Serialized) -> None:
        super().__init__(status)
        self.status = status
        self.document = document


def reject(dp: DP, call: Call, errors: list[dict[str, Any]], source: str) -> NoReturn:
    """The refused request: its entries and the reference's own, warnings, then meta."""
    _refuse(dp, call, errors, [], source)


def _refuse(
    dp: DP, call: Call, errors: list[dict[str, Any]], warnings: list[dict[str, Any]], source: str
) -> NoReturn:
    rejected = entry(
        "Rejecting request. Failure parsing query parameters", c.ESLURM_REST_INVALID_QUERY, source
    )
    answer(dp, call, UNPROCESSABLE, [*errors, rejected], warnings)


def answer(
    dp: DP, call: Call, status: str, errors: list[dict[str, Any]], warnings: list[dict[str, Any]]
) -> NoReturn:
    """An answer without a payload, as the reference writes one: errors, warnings, meta."""
    doc = {
        "errors": errors,
        "warnings": warnings,
        "meta": dp_envelope.meta(call, dp.plugin_type, TITLE, dp.parser.name),
    }
    raise Refused(status, envelope.Serialized(envelope.dumps(doc)))


def refusals(handler: Any) -> Any:
    """The handler, answering a Refused as its serialized document."""

    @functools.wraps(handler)
    def run(dp: DP, call: Call) -> tuple[str, Any]:
        try:
            result: tuple[str, Any] = handler(dp, call)
        except Refused as exc:
            return exc.status, exc.document
        return result

    return run


# A job or step id as libslurm's step list takes it: 12, 12_3, 12+1, 12.batch, 12.0+1.
STEP_ID = re.compile(
    r"^[0-9]+(?:_[0-9]+|\+[0-9]+)?(?:\.(?:[0-9]+|batch|extern|interactive)(?:\+[0-9]+)?)?\Z"
)  # \Z, not $: "1\n" is no id (the C daemons answer 422)


# The job ids the C daemons' data_parser takes (24.11 and 26.05 answer 422 for 0 and above
# this, measured), whatever their libslurm's step list parser would do with them.
JOB_ID_MAX = 4294967292


def step_ids(text: str) -> bool:
    return all(
        STEP_ID.match(item) and 1 <= _job_id(item) <= JOB_ID_MAX for item in text.split(",")
    ) and slurmdb.steps_parsable(text)


def _job_id(item: str) -> int:
    """The job id an item of STEP_ID's form begins with."""
    digits = re.match(r"[0-9]+", item)
    return int(digits.group()) if digits else 0


def _shown(dp: DP, value: Any) -> str:
    return f': "{value}"' if dp.tables.dbjob.QUOTED else ""


def _src(key: str, index: int | None = None) -> str:
    return f"#/{key}/" if index is None else f"#/{key}[{index}]/"


def _csv(value: Any) -> list[str]:
    """A CSV list: its items; a field without a value is one empty item."""
    if value is None:
        return [""]
    return [item for item in str(value).split(",") if item]


def _integer(dp: DP, key: str, value: Any, what: str, warnings: list[Any]) -> int:
    """A number from the query's text.  v0.0.40 warns that it is text (and refuses what is
    no number: an int32 as text, an object-typed number as no object); later versions warn
    only about an int32 (quoting the value) and refuse what is no number."""
    text = "" if value is None else str(value)
    typed = what == INT32
    quoted = dp.tables.dbjob.QUOTED
    if typed or not quoted:
        warnings.append(
            {
                "description": f"Expected {what} but got {STRING}{_shown(dp, text)}",
                "source": _src(key),
            }
        )
    if re.fullmatch(r"[+-]?[0-9]+", text.strip()):
        return int(text)
    if quoted:
        description, number = f'Expected integer but got "{text}"', c.ESLURM_DATA_CONV_FAILED
    elif typed:
        description, number = "Expected integer but got string", c.ESLURM_DATA_CONV_FAILED
    else:
        description, number = "Expected dictionary but got string", c.ESLURM_DATA_EXPECTED_DICT
    raise Bad([entry(description, number, _src(key))])


def _time(dp: DP, key: str, value: Any) -> int:
    text = "" if value is None else str(value)
    if dp.tables.dbjob.NUMBER_TIMES and re.fullmatch(r"[+-]?[0-9]+", text.strip()):
        return min(max(int(text), -TIME_MAX), TIME_MAX)
    when = slurmdb.parse_time(text) if text else 0
    if not when:
        raise Bad(
            [entry(f"Parsing of {text} for timestamp failed", c.ESLURM_DATA_CONV_FAILED, _src(key))]
        )
    return when


def _users(dp: DP, key: str, value: Any) -> list[str]:
    out = []
    for i, name in enumerate(_csv(value)):
        try:
            out.append(str(pwd.getpwnam(name).pw_uid))
        except KeyError:
            if name.isdigit():
                out.append(name)
                continue
            raise Bad(
                [entry(f"Unable to resolve user: {name}", c.ESLURM_USER_ID_UNKNOWN, _src(key, i))]
            ) from None
    return out


def _groups(dp: DP, key: str, value: Any) -> list[str]:
    """Group ids; v0.0.40 takes only numbers (its reference refuses a name, and the
    later ones' end the daemon: we resolve names there)."""
    out = []
    for i, name in enumerate(_csv(value)):
        if name.isdigit():
            out.append(name)
            continue
        try:
            if dp.tables.dbjob.QUOTED:
                out.append(str(grp.getgrnam(name).gr_gid))
                continue
        except KeyError:
            pass
        raise Bad(
            [
                entry(
                    "Invalid group field value type: string",
                    c.ESLURM_DATA_CONV_FAILED,
                    _src(key, i),
                )
            ]
        )
    return out


def _states(dp: DP, key: str, value: Any) -> list[str]:
    """One state name (not a list): its number."""
    text = "" if value is None else str(value)
    number = slurmdb.job_state_num(text) if text and not text[0].isdigit() else c.NO_VAL
    names = {n.upper() for n, _bit, mask in dp.tables.dbjob.STATE_NAMES}
    if number == c.NO_VAL or text.upper() not in names:
        errors = [entry(f'Unknown flag "{text}"', c.ESLURM_DATA_FLAGS_INVALID, f"#/{key}[0][0]/")]
        if dp.tables.dbjob.STATE_FATAL:
            errors.append(
                entry(
                    f'Parsing single flag "{text}" failed',
                    c.ESLURM_DATA_FLAGS_INVALID,
                    f"#/{key}[0]/",
                )
            )
            raise Bad(errors)
        raise _Reported(errors)
    return [str(number & c.JOB_STATE_BASE)]


class _Reported(Exception):  # noqa: N818 - reported, and the search goes on
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


Reader = Callable[[DP, str, Any, list[Any]], dict[str, Any]]


def _list(name: str) -> Reader:
    return lambda dp, key, value, warnings: {name: _csv(value)}


def _number(name: str, what: str = OBJECT) -> Reader:
    return lambda dp, key, value, warnings: {name: _integer(dp, key, value, what, warnings)}


# The texts a flag's value turns it off with (no value, or any other, turns it on).
OFF = frozenset({"false", "no", "0", "off", "f", "n"})


# The flags' readers: the document lets a flag be given by its name alone.
_FLAGS: set[Reader] = set()


def _flag(cond_field: str, bit: int) -> Reader:
    def read(dp: DP, key: str, value: Any, warnings: list[Any]) -> dict[str, Any]:
        return {cond_field: 0 if value is not None and str(value).strip().lower() in OFF else bit}

    _FLAGS.add(read)
    return read


def _submit(dp: DP, key: str, value: Any, warnings: list[Any]) -> dict[str, Any]:
    return {"usage_start": _time(dp, key, value), "flags": c.JOBCOND_FLAG_NO_DEFAULT_USAGE}


FIELDS: dict[str, Reader] = {
    "account": _list("acct_list"),
    "association": _list("associd_list"),
    "cluster": _list("cluster_list"),
    "constraints": _list("constraint_list"),
    "cpus_max": _number("cpus_max"),
    "cpus_min": _number("cpus_min"),
    "scheduler_unset": _flag("db_flags", c.SLURMDB_JOB_FLAG_NOTSET),
    "scheduled_on_submit": _flag("db_flags", c.SLURMDB_JOB_FLAG_SUBMIT),
    "scheduled_by_main": _flag("db_flags", c.SLURMDB_JOB_FLAG_SCHED),
    "scheduled_by_backfill": _flag("db_flags", c.SLURMDB_JOB_FLAG_BACKFILL),
    "job_started": _flag("db_flags", c.SLURMDB_JOB_FLAG_START_R),
    "job_altered": _flag("db_flags", c.SLURMDB_JOB_FLAG_ALTERED),
    "exit_code": _number("exitcode", INT32),
    "show_duplicates": _flag("flags", c.JOBCOND_FLAG_DUP),
    "skip_steps": _flag("flags", c.JOBCOND_FLAG_NO_STEP),
    "disable_truncate_usage_time": _flag("flags", c.JOBCOND_FLAG_NO_TRUNC),
    "run_away_jobs": _flag("flags", c.JOBCOND_FLAG_RUNAWAY),
    "whole_hetjob": _flag("flags", c.JOBCOND_FLAG_WHOLE_HETJOB),
    "disable_whole_hetjob": _flag("flags", c.JOBCOND_FLAG_NO_WHOLE_HETJOB),
    "disable_wait_for_result": _flag("flags", c.JOBCOND_FLAG_NO_WAIT),
    "usage_time_as_submit_time": _flag("flags", c.JOBCOND_FLAG_NO_DEFAULT_USAGE),
    "show_batch_script": _flag("flags", c.JOBCOND_FLAG_SCRIPT),
    "show_job_environment": _flag("flags", c.JOBCOND_FLAG_ENV),
    "format": _list("format_list"),
    "groups": lambda dp, key, value, warnings: {"groupid_list": _groups(dp, key, value)},
    "job_name": _list("jobname_list"),
    "nodes_max": _number("nodes_max"),
    "nodes_min": _number("nodes_min"),
    "partition": _list("partition_list"),
    "qos": _list("qos_list"),
    "reason": _list("reason_list"),
    "reservation": _list("resv_list"),
    "reservation_id": _list("resvid_list"),
    "state": lambda dp, key, value, warnings: {"state_list": _states(dp, key, value)},
    "step": _list("step_list"),  # read apart (parse()): libslurm's step list
    "timelimit_max": _number("timelimit_max"),
    "timelimit_min": _number("timelimit_min"),
    "end_time": lambda dp, key, value, warnings: {"usage_end": _time(dp, key, value)},
    "start_time": lambda dp, key, value, warnings: {"usage_start": _time(dp, key, value)},
    "submit_time": _submit,
    "node": lambda dp, key, value, warnings: {"used_nodes": "" if value is None else str(value)},
    "users": lambda dp, key, value, warnings: {"userid_list": _users(dp, key, value)},
    "wckey": _list("wckey_list"),
}
# The query fields the documents list, in their order, with the versions that list them
# (each version reads more: its dbjob.QUERY_FIELDS).
_V40_ONLY = (
    *("cpus_max", "cpus_min", "nodes_max", "nodes_min", "timelimit_max", "timelimit_min"),
    "submit_time",
)
PARAMS = tuple(
    Param(
        name,
        allow_empty=FIELDS[name] in _FLAGS,
        since="v0.0.44" if name == "job_altered" else "v0.0.40",
        until="v0.0.40" if name in _V40_ONLY else FORMAT_UNTIL if name == "format" else "v0.0.45",
        deprecated=FORMAT_DEPRECATED if name == "format" else (),
    )
    for name in FIELDS
    if name != "run_away_jobs"
)


def _merge(cond: dict[str, Any], more: dict[str, Any]) -> None:
    for name, value in more.items():
        if name in ("flags", "db_flags"):
            cond[name] = cond.get(name, 0) | value
        else:
            cond[name] = value


def _unknown(key: str, value: Any) -> dict[str, Any]:
    kind = "string" if value is not None else "boolean"
    return {
        "description": f'Ignoring unknown field "{key}" of type {kind} '
        "in DATA_PARSER_JOB_CONDITION",
        "source": f"#/{key}/",
    }


def parse(dp: DP, call: Call) -> Parsed:
    """The query as the version's job condition; refuses the request where it does."""
    out = Parsed()
    known = dp.tables.dbjob.QUERY_FIELDS
    for key, value in call.query.items():
        if key == "step":
            text = "" if value is None else str(value)
            if not step_ids(text):
                _refuse(dp, call, [], out.warnings, "op_handler_jobs")
            out.steps = text
            continue
        reader = FIELDS.get(key) if key in known else None
        if reader is None:
            out.warnings.append(_unknown(key, value))
            continue
        try:
            _merge(out.cond, reader(dp, key, value, out.warnings))
        except _Reported as exc:
            out.errors += exc.errors
        except Bad as exc:
            _refuse(dp, call, exc.errors, out.warnings, "op_handler_jobs")
    return out
