"""The kinds of diag, licenses and shares (slurmrestd.openapi.v0_0_4x.misc), the statuses of
the data_parser versions' failures, and openapi/util's body parse: pure logic, no lab."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from slurmrestd import slurm
from slurmrestd.api.envelope import ApiError, dumps
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import Env, dump
from slurmrestd.openapi.content import DP, tables, util
from slurmrestd.openapi.content.slurmctld import diag
from slurmrestd.openapi.dataparser import BY_VERSION, envelope, status
from slurmrestd.openapi.v0_0_40 import misc as v40
from slurmrestd.openapi.v0_0_41 import misc as v41
from slurmrestd.openapi.v0_0_42.misc import NoValDouble
from slurmrestd.openapi.v0_0_45 import misc as v45
from slurmrestd.slurm import releases
from slurmrestd.slurm.constants import INFINITE64, NO_VAL, NO_VAL64


def test_infinity_is_written_as_the_reference_writes_it() -> None:
    doc = {"level": v40.Float().dump(math.inf, Env()), "factor": v40.Float().dump(1.0, Env())}
    assert dumps(doc) == b'{\n  "level": Infinity,\n  "factor": 1.0\n}'
    assert json.loads(dumps(doc))["level"] == math.inf


@pytest.mark.parametrize(
    ("value", "u32"), [(4294967294.0, NO_VAL), (2.0**64, 0), (math.inf, 0), (-1.0, 0xFFFFFFFF)]
)
def test_as_u32_is_x86_64s_conversion(value: float, u32: int) -> None:
    assert v40.as_u32(value) == u32


def test_long_double_unset_is_null() -> None:
    assert v40.LongDouble().dump(float(NO_VAL), Env()) is None
    assert v40.LongDouble().dump(0.5, Env()) == 0.5


def test_u64_unset_and_infinite_are_null() -> None:
    kind = v40.U64()
    assert [kind.dump(v, Env()) for v in (NO_VAL64, INFINITE64, 7, None)] == [None, None, 7, 0]


@pytest.mark.parametrize(
    ("infinite_release", "warn", "expected", "warnings"),
    [
        (True, False, {"set": False, "infinite": True, "number": 0.0}, 0),
        (False, False, {"set": True, "infinite": False, "number": float(2**64)}, 0),
        (False, True, {"set": True, "infinite": False, "number": float(2**64)}, 1),
    ],
)
def test_infinite_double_per_release(
    monkeypatch: pytest.MonkeyPatch,
    infinite_release: bool,
    warn: bool,
    expected: dict[str, Any],
    warnings: int,
) -> None:
    rel = releases.R24_11 if infinite_release else releases.R26_05
    monkeypatch.setattr(slurm, "release", lambda: rel)
    env = v40.WarnEnv()
    assert NoValDouble(warn=warn).dump(math.inf, env) == expected
    assert len(env.warnings) == warnings
    assert NoValDouble().dump(float(NO_VAL), env) == {
        "set": False,
        "infinite": False,
        "number": 0.0,
    }
    assert NoValDouble().dump(0.25, env) == {"set": True, "infinite": False, "number": 0.25}


def test_diag_means_and_reasons() -> None:
    stats = {
        "schedule_cycle_sum": 100,
        "schedule_cycle_counter": 3,
        "bf_queue_len_sum": 10,
        "bf_cycle_counter": 0,
        "req_time": 1000,
        "req_time_start": 880,
        "schedule_exit": [5, 1],
        "rpc_types": [{"type_id": 1008, "name": "REQUEST_PING", "count": 2, "time": 9}],
        "rpc_users": [{"user_id": 0, "count": 0, "time": 0}],
    }
    v40_doc = dump(v40.DIAG, stats)
    assert v40_doc["schedule_cycle_mean"] == 33
    assert v40_doc["bf_table_size_mean"] == 0  # no backfill cycle yet
    assert v40_doc["schedule_cycle_per_minute"] == 1  # 3 cycles in 2 minutes
    assert v40_doc["schedule_exit"]["end_job_queue"] == 5
    assert v40_doc["schedule_exit"]["licenses"] == 0
    assert v40_doc["rpcs_by_message_type"][0]["average_time"] == 4
    assert v40_doc["rpcs_by_user"][0] == {
        "user": "root",
        "user_id": 0,
        "count": 0,
        "average_time": 0,
        "total_time": 0,
    }
    v41_doc = dump(v41.DIAG, stats)
    assert v41_doc["rpcs_by_message_type"][0]["average_time"]["number"] == 4
    assert v41_doc["rpcs_by_user"][0]["average_time"]["set"] is False
    assert "parts_packed" not in dump(v45.DIAG, stats)


def test_share_type() -> None:
    assert [v40.ShareType().dump(u, Env()) for u in (1, 0)] == [["USER"], ["ASSOCIATION"]]


@pytest.mark.parametrize(
    ("here", "version", "rc", "expected"),
    [
        ("24.11", "v0.0.42", 2010, status.INTERNAL),  # Invalid user id on 24.11
        ("26.05", "v0.0.42", 2010, status.UNPROCESSABLE),  # ... on 26.05
        ("26.05", "v0.0.40", 2010, status.INTERNAL),  # 26.05 answers v0.0.40 as 24.11
        ("22.05", "v0.0.41", 2010, status.INTERNAL),
        ("22.05", "v0.0.45", 2010, status.UNPROCESSABLE),
        ("24.11", "v0.0.44", 7000, status.BAD_GATEWAY),
        ("24.11", "v0.0.40", 2017, status.NOT_FOUND),
        ("26.05", "v0.0.45", -1, status.INTERNAL),
        ("26.05", "v0.0.45", 9000, status.UNPROCESSABLE),
    ],
)
def test_status_rules(
    monkeypatch: pytest.MonkeyPatch, here: str, version: str, rc: int, expected: str
) -> None:
    rel = {r.name: r for r in releases.RELEASES}[here]
    monkeypatch.setattr(slurm, "release", lambda: rel)
    assert status.of(rc, version) == expected


def test_bare_payload_puts_meta_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(envelope, "meta", lambda *a: {"m": 1})
    wrap = envelope.wrapper("openapi/slurmctld", "Slurm OpenAPI slurmctld", "data_parser/v0.0.42")
    assert list(wrap(None, [], envelope.bare())) == ["errors", "warnings", "meta"]  # type: ignore[arg-type]
    assert list(wrap(None, [], {"x": 1})) == ["x", "meta", "errors", "warnings"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "errors", "warnings"),
    [
        ({}, ["Missing required field 'hostlist' in dictionary"], []),
        ([], ["Rejecting list when dictionary expected"], []),
        ("abc", ["Rejecting string when dictionary expected"], []),
        (
            {"hostlist": 1.5, "x": None},
            ["string expected but got 1.5"],
            [
                "Expected OpenAPI type=string (Slurm type=string) but got OpenAPI type=number"
                " (Slurm type=floating point number): 1.5",
                'Ignoring unknown field "x" of type null in DATA_PARSER_OPENAPI_HOSTLIST_REQ_RESP',
            ],
        ),
        ({"hostlist": ["a", {"b": 1}]}, ['string expected but got {"b":1}'], None),
    ],
)
def test_util_body_refusals(body: Any, errors: list[str], warnings: list[str] | None) -> None:
    parse = util._Parse("hostlist", "string", "DATA_PARSER_OPENAPI_HOSTLIST_REQ_RESP")
    assert parse.hostlist(body) is None
    assert [e["description"] for e in parse.errors] == errors
    if warnings is not None:
        assert [w["description"] for w in parse.warnings] == warnings


def test_util_list_items_convert_as_the_reference_converts_them() -> None:
    assert [util._as_string(v) for v in (None, True, 1.5, 2, "n1", [1])] == [
        "",
        "true",
        "1.500000",
        "2",
        "n1",
        None,
    ]


def _dp(version: str) -> DP:
    parser = BY_VERSION[version]
    return DP(parser, tables(parser), "openapi/slurmctld")


def _refuse(errno: int, source: str) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        raise slurm.SlurmError(errno, source)

    return call


@pytest.mark.parametrize(
    ("handler", "call", "description", "source"),
    [
        (
            diag.get_diag,
            "diag",
            "slurm_get_statistics() failed to get slurmctld statistics",
            "op_handler_diag",
        ),
        (
            diag.get_reconfigure,
            "reconfigure",
            "slurm_reconfigure() failed",
            "op_handler_reconfigure",
        ),
    ],
)
def test_failures_answer_no_response_object(
    monkeypatch: pytest.MonkeyPatch, handler: Any, call: str, description: str, source: str
) -> None:
    """slurmctld unreachable: the reference's entry, errors/warnings/meta, 502."""
    monkeypatch.setattr(slurm, call, _refuse(1001, call))
    with pytest.raises(ApiError) as exc:
        handler(_dp("v0.0.42"), Call(None, {}, {}, None))
    assert exc.value.status == status.BAD_GATEWAY
    assert exc.value.errors == [
        {
            "description": description,
            "error_number": 1001,
            "error": slurm.strerror(1001),
            "source": source,
        }
    ]
    assert envelope.BARE in exc.value.body


def test_shares_failure_reports_the_calls_return_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slurm, "shares", _refuse(1001, "slurm_associations_get_shares"))
    with pytest.raises(ApiError) as exc:
        diag.get_shares(_dp("v0.0.45"), Call(None, {}, {}, None))
    assert exc.value.status == status.INTERNAL
    assert exc.value.errors[0]["error_number"] == -1
    assert exc.value.errors[0]["source"] == "_dump_shares"


def test_licenses_failure_still_dumps_the_response(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slurm, "load_licenses", _refuse(1001, "slurm_load_licenses"))
    with pytest.raises(ApiError) as exc:
        diag.get_licenses(_dp("v0.0.44"), Call(None, {}, {}, None))
    assert list(exc.value.body) == ["licenses", "last_update"]
    assert exc.value.body["licenses"] == []
