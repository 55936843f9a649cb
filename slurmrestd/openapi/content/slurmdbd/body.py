"""The request bodies of openapi/slurmdbd's writes, read as the reference's data_parser.

design: a body is a dictionary holding one list of records under a key; each
record is read with a small spec per object (JSON path, C field, how to read
it, required).  A missing required field, a list where a dictionary belongs or
a dictionary where a list belongs ends the parse with the reference's error
(the path as its source); a key the object does not know is a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slurmrestd.openapi.common.engine import ParseError, to_str
from slurmrestd.openapi.content.slurmdbd.request import Req
from slurmrestd.openapi.dataparser.parsing import type_name
from slurmrestd.slurm import constants
from slurmrestd.slurm.constants import (
    ESLURM_DATA_CONV_FAILED,
    ESLURM_DATA_PATH_NOT_FOUND,
    ESLURM_REST_FAIL_PARSING,
)

# 22.05 has none of these numbers: there the parse failure it has.
EXPECTED_LIST = constants.ESLURM_DATA_EXPECTED_LIST or ESLURM_REST_FAIL_PARSING
EXPECTED_DICT = constants.ESLURM_DATA_EXPECTED_DICT or ESLURM_REST_FAIL_PARSING
FLAGS_INVALID_TYPE = constants.ESLURM_DATA_FLAGS_INVALID_TYPE or ESLURM_REST_FAIL_PARSING
FLAGS_INVALID = constants.ESLURM_DATA_FLAGS_INVALID or ESLURM_REST_FAIL_PARSING


Reader = Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    path: str  # "a/b": nested dictionaries
    field: str  # the record's key for the value read
    read: Reader
    required: bool = False


class Flags:
    """A flag array: names (any case) to values ORed together.  One name alone stands
    for a list of it; an unknown name is an error that does not end the parse."""

    def __init__(self, **values: int) -> None:
        self.values = {name.lower(): v for name, v in values.items()}

    def __call__(self, value: Any) -> Any:  # Body.record reads flags itself
        raise NotImplementedError


ADMIN_LEVELS = Flags(**{"Not Set": 0, "None": 1, "Operator": 2, "Administrator": 3})


def text(value: Any) -> Any:
    if isinstance(value, dict | list):
        raise ParseError(ESLURM_DATA_CONV_FAILED)
    return None if value is None else to_str(value)


def names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [to_str(v) for v in items if not isinstance(v, dict | list) and v is not None]


def records(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ParseError(EXPECTED_LIST)
    return value


def records_or_dict(value: Any) -> Any:
    if not isinstance(value, dict | list):
        raise ParseError(EXPECTED_DICT)
    return value


def coordinators(value: Any) -> list[str]:
    out = []
    for item in records(value):
        name = item.get("name") if isinstance(item, dict) else item
        if name is not None:
            out.append(to_str(name))
    return out


class Body:
    """One write's body: its records, its problems reported on the request."""

    def __init__(self, req: Req, parser: str, response: str) -> None:
        self.req, self.parser, self.response = req, parser, response

    def fail(self, rc: int, description: str, source: str) -> None:
        self.req.error(rc, description, source)

    def list_of(self, key: str) -> list[Any] | None:
        doc = self.req.call.raw_body
        if isinstance(doc, list):
            self.fail(EXPECTED_DICT, "Rejecting list when dictionary expected", "#/")
            return None
        if isinstance(doc, dict):
            for name, value in doc.items():
                if name not in (key, "meta", "errors", "warnings"):
                    self.req.warn(
                        f'Ignoring unknown field "{name}" of type {type_name(value)} in '
                        f"DATA_PARSER_OPENAPI_{self.response}_RESP",
                        f"#/{name}/",
                    )
        if not isinstance(doc, dict) or key not in doc:
            self.fail(
                ESLURM_DATA_PATH_NOT_FOUND,
                f"Missing required field '{key}' in dictionary",
                f"#/{key}/",
            )
            return None
        items = doc[key]
        if not isinstance(items, list):
            self.fail(EXPECTED_LIST, f"Expected List but found a {type_name(items)}", f"#/{key}/")
            return None
        return items

    def record(self, item: Any, source: str, spec: tuple[Field, ...]) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            self.fail(
                EXPECTED_DICT, f"Rejecting {type_name(item)} when dictionary expected", source
            )
            return None
        out: dict[str, Any] = {}
        for f in spec:
            value: Any = item
            present = True
            for part in f.path.split("/"):
                if not isinstance(value, dict) or part not in value:
                    present = False
                    break
                value = value[part]
            if not present:
                if f.required:
                    self.fail(
                        ESLURM_DATA_PATH_NOT_FOUND,
                        f"Missing required field '{f.path}' in dictionary",
                        f"{source}{f.path}/",
                    )
                    return None
                continue
            if isinstance(f.read, Flags):
                flags = self.flags(f.read, value, f"{source}{f.path}/")
                if flags is None:
                    return None
                out[f.field] = flags
                continue
            try:
                out[f.field] = f.read(value)
            except ParseError as exc:
                self.fail(exc.rc, f"Unable to parse {type_name(value)}", f"{source}{f.path}/")
                return None
        known = {f.path.split("/")[0] for f in spec}
        for key, value in item.items():
            if key not in known:
                self.req.warn(
                    f'Ignoring unknown field "{key}" of type {type_name(value)} in '
                    f"DATA_PARSER_{self.parser}",
                    f"{source}{key}/",
                )
        return out

    def flags(self, spec: Flags, value: Any, source: str) -> int | None:
        single = isinstance(value, str)
        if single:
            value = [value]
        if not isinstance(value, list):
            self.fail(FLAGS_INVALID_TYPE, f"Expected a List but found a {type_name(value)}", source)
            return None
        bits, unknown = 0, False
        for i, item in enumerate(value):
            name = item if isinstance(item, str) else None
            if name is None or name.lower() not in spec.values:
                self.fail(FLAGS_INVALID, f'Unknown flag "{item}"', f"{source[:-1]}[{i}]/")
                unknown = True
                continue
            bits |= spec.values[name.lower()]
        if unknown and not self.req.dp.at_least("v0.0.41"):
            # v0.0.40 fails the whole parse on an unknown name.
            what = f'single flag "{value[0]}"' if single else "flags"
            self.fail(FLAGS_INVALID, f"Parsing {what} failed", source)
            return None
        return bits

    def records(self, key: str, spec: tuple[Field, ...]) -> list[dict[str, Any]] | None:
        items = self.list_of(key)
        if items is None:
            return None
        out = []
        for i, item in enumerate(items):
            rec = self.record(item, f"#/{key}[{i}]/", spec)
            if rec is None:
                return None
            out.append(rec)
        return out
