"""openapi/util (Slurm 26.05): POST /util/{data_parser}/hostnames and /hostlist.

Hostlist expressions to host names and back, with libslurm's hostlist (no
slurmctld, no slurmdbd).  26.05's C daemon serves them for data_parser v0.0.44
and v0.0.45 only (its v0.0.42 and v0.0.43 have no such parsers): we serve them
for those two versions on every release.  The body is parsed as the reference
parses it: a dictionary with the one field (a string where an array is expected
and the other way round are taken, with a warning), unknown fields ignored with
a warning, and a failure answered with the parser's error and the handler's
"Rejecting request" (422).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common.errors import OK, entry, fail
from slurmrestd.openapi.content import DP, Content, COp, bind
from slurmrestd.openapi.dataparser import PARSERS, Parser, status
from slurmrestd.openapi.dataparser.envelope import bare
from slurmrestd.openapi.dataparser.schemas import STRING, Named, Payload, resp

SOURCE = "_convert_hostnames_hostlist"
# slurm_errno.h: ESLURM_REST_INVALID_QUERY, ESLURM_DATA_PATH_NOT_FOUND,
# ESLURM_DATA_EXPECTED_DICT, ESLURM_DATA_PARSE_BAD_INPUT (the same in every release).
INVALID_QUERY, PATH_NOT_FOUND, EXPECTED_DICT, BAD_INPUT = 9000, 9200, 9209, 9216
# 26.05's texts of the numbers older releases do not have (22.05 lacks both, 24.11 the
# second): the answer is 26.05's on every release.
TEXTS = {
    EXPECTED_DICT: "Data parser expected a dictionary or object",
    BAD_INPUT: "Request to parse invalid data",
}

# A JSON value's type as the reference names it: (OpenAPI type, Slurm's data type).
_TYPES = (
    (type(None), ("null", "null")),
    (bool, ("boolean", "boolean")),
    (int, ("integer", "64 bit integer")),
    (float, ("number", "floating point number")),
    (str, ("string", "string")),
    (list, ("array", "list")),
    (dict, ("object", "dictionary")),
)


def _type(value: Any) -> tuple[str, str]:
    return next(names for kind, names in _TYPES if isinstance(value, kind))


def _text(value: Any) -> str:
    """A JSON value as the reference writes one in a message (compact JSON)."""
    return json.dumps(value, separators=(",", ":"))


def _as_string(value: Any) -> str | None:
    """A list item converted to a string as the reference converts it; None when it does
    not convert (an object or array)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:f}"
    if isinstance(value, int | str):
        return str(value)
    return None


class _Parse:
    """One request's parse: its errors[] and warnings[] entries."""

    def __init__(self, field: str, expected: str, parser: str) -> None:
        self.field, self.expected, self.parser = field, expected, parser
        self.source = f"#/{field}/"
        self.errors: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []

    def warn(self, description: str, source: str) -> None:
        self.warnings.append({"description": description, "source": source})

    def error(self, number: int, description: str, source: str) -> None:
        found = entry(description, number, source)
        if number in TEXTS:
            found["error"] = TEXTS[number]
        self.errors.append(found)

    def hostlist(self, doc: Any) -> str | None:
        """The ranged hostlist expression the body gives ("" for none); None on failure."""
        if doc is None:
            doc = {}
        if not isinstance(doc, dict):
            self.error(EXPECTED_DICT, f"Rejecting {_type(doc)[1]} when dictionary expected", "#/")
            return None
        if self.field not in doc:
            self.error(
                PATH_NOT_FOUND, f"Missing required field '{self.field}' in dictionary", self.source
            )
            result = None
        else:
            result = self._value(doc[self.field])
        for key, value in doc.items():
            if key != self.field:
                self.warn(
                    f'Ignoring unknown field "{key}" of type {_type(value)[1]} in {self.parser}',
                    f"#/{key}/",
                )
        return result

    def _value(self, value: Any) -> str | None:
        if value is None:
            return ""
        got = _type(value)
        if got[0] != self.expected:
            want = ("string", "string") if self.expected == "string" else ("array", "list")
            self.warn(
                f"Expected OpenAPI type={want[0]} (Slurm type={want[1]}) but got "
                f"OpenAPI type={got[0]} (Slurm type={got[1]}): {_text(value)}",
                self.source,
            )
        if isinstance(value, str):
            if not value:
                return ""
            expression = slurm.ranged(value)
            if expression is None:
                self.error(BAD_INPUT, f"Invalid hostlist string: {value}", self.source)
            return expression
        if isinstance(value, list):
            names = []
            for item in value:
                name = _as_string(item)
                if name is None:
                    self.error(BAD_INPUT, f"string expected but got {_text(item)}", self.source)
                    return None
                if slurm.hostlist([name]) is None:
                    self.error(BAD_INPUT, f"Invalid host string: {name}", self.source)
                    return None
                names.append(name)
            return slurm.hostlist(names) or ""
        self.error(BAD_INPUT, f"string expected but got {_text(value)}", self.source)
        return None


def _convert(dp: DP, call: Call, parse: _Parse) -> str:
    expression = parse.hostlist(call.raw_body)
    if expression is None:
        parse.error(INVALID_QUERY, "Rejecting request. Failure parsing request", SOURCE)
        raise fail(
            status.of(INVALID_QUERY, dp.version),
            parse.errors,
            **bare(warnings=parse.warnings),
        )
    return expression


def post_hostnames(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    parse = _Parse("hostlist", "string", "DATA_PARSER_OPENAPI_HOSTLIST_REQ_RESP")
    expression = _convert(dp, call, parse)
    names = slurm.hostnames(expression) if expression else []
    return OK, {"hostnames": names, "warnings": parse.warnings}


def post_hostlist(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    parse = _Parse("hostnames", "array", "DATA_PARSER_OPENAPI_HOSTNAMES_REQ_RESP")
    expression = _convert(dp, call, parse)
    return OK, {"hostlist": expression, "warnings": parse.warnings}


# The document's bodies and responses: hostnames an array (a hostlist_string), hostlist
# a string.
HOSTNAMES = resp(
    "openapi_hostnames_req_resp",
    Payload("hostnames", Named("hostlist_string", {"type": "array", "items": STRING})),
)
HOSTLIST = resp("openapi_hostlist_req_resp", Payload("hostlist", STRING))

CONTENT = Content(
    name="openapi/util",
    title="Slurm OpenAPI util",
    prefix="util",
    tag=("util", "utilities available directly through slurmrestd"),
    ops=(
        COp(
            "POST",
            "/hostnames",
            "post_hostnames",
            "Convert a hostlist expression into array of host names",
            post_hostnames,
            body=True,
            since="v0.0.44",
            response=HOSTNAMES,
            response_doc="Array of host names",
            request=HOSTLIST,
            request_doc="Hostlist expression",
        ),
        COp(
            "POST",
            "/hostlist",
            "post_hostlist",
            "Convert an array of host names into hostlist expression",
            post_hostlist,
            body=True,
            since="v0.0.44",
            response=HOSTLIST,
            response_doc="Hostlist expression",
            request=HOSTNAMES,
            request_doc="Array of host names",
        ),
    ),
    order=("/hostnames", "/hostlist"),
)


def plugin(parsers: Sequence[Parser] = PARSERS) -> Plugin:
    return bind(CONTENT, parsers)
