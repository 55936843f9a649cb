"""GET /conf (v0.0.45 on): slurmctld's configuration, as slurm_load_ctl_conf gives it.

design: one load per request (identical requests in flight together share it, as
every GET's); the configuration is dumped twice, its settings (slurm_conf) and
slurmctld's own facts about them (slurm_conf_meta).  "No change since
update_time" is a 200 with a warning and no configuration, a query the parser
refuses a 422 with its entries, and a failed load the status of its error, as
26.05's C daemon answers.  On 22.05 and 24.11 the fields the release's slurmctld
lacks come with the reference's unset value (slurmrestd.slurm.releases).  Any
authenticated user may read it, as with the reference.
"""

from __future__ import annotations

import time
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.common.errors import OK, entry, fail
from slurmrestd.openapi.content import DP, COp, Param
from slurmrestd.openapi.dataparser import envelope, status
from slurmrestd.openapi.dataparser.schemas import Payload, obj, resp
from slurmrestd.slurm import constants as c

SOURCE = "_dump_config"


def _since(call: Call, warnings: list[dict[str, Any]]) -> int:
    """?update_time= (0 when not given): a number, or a time Slurm's parser reads.  One
    the parser refuses fails the request (with warnings, the query's other fields)."""
    if "update_time" not in call.query:
        return 0
    raw = call.query["update_time"]
    problem = "Invalid or unset timestamp value"
    if isinstance(raw, str) and raw.strip():
        text = raw.strip()
        try:
            return int(text)
        except ValueError:
            when = slurm.parse_time(text)
            if when:
                return int(when)
        problem = f"Parsing of {raw} for timestamp failed"
    rejected = entry(
        "Rejecting request. Failure parsing query.", c.ESLURM_REST_INVALID_QUERY, SOURCE
    )
    parsing = entry(problem, c.ESLURM_DATA_CONV_FAILED, "#/update_time/")
    raise fail(
        status.of(c.ESLURM_REST_INVALID_QUERY, "v0.0.45"),
        [parsing, rejected],
        **envelope.bare(warnings=warnings),
    )


def _unknown(call: Call) -> list[dict[str, Any]]:
    """Warnings for the query fields the reference ignores."""
    return [
        {
            "description": f'Ignoring unknown field "{key}" of type '
            f"{'null' if value is None else 'string'} in DATA_PARSER_OPENAPI_CONF_QUERY",
            "source": f"#/{key}/",
        }
        for key, value in call.query.items()
        if key != "update_time"
    ]


def get_conf(dp: DP, call: Call) -> tuple[str, dict[str, Any]]:
    warnings = _unknown(call)
    since = _since(call, warnings)
    try:
        conf = slurm.load_conf(call.identity, since)
    except slurm.NotModified:
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(min(since, 2**37)))
        text = f"No config changes since update_time[{since}]={when}"
        warnings.append({"description": text, "source": SOURCE})
        return OK, envelope.bare(warnings=warnings)
    except slurm.SlurmError as exc:
        raise fail(
            status.of(exc.errno, dp.version),
            [entry("slurm_load_ctl_conf() failed", exc.errno, SOURCE)],
            **envelope.bare(warnings=warnings),
        ) from None
    tables = dp.tables.conf
    return OK, {
        "slurm_conf": dump(tables.CONF, conf),
        "slurm_conf_meta": dump(tables.CONF_META, conf),
        "warnings": warnings,
    }


CONF = resp(
    "openapi_conf_resp",
    Payload("slurm_conf", obj("slurm_conf", "conf.CONF"), required=False),
    Payload("slurm_conf_meta", obj("slurm_conf_meta", "conf.CONF_META"), required=False),
)

OPS = (
    COp(
        "GET",
        "/conf",
        "get_conf",
        "Dump slurm configuration",
        get_conf,
        since="v0.0.45",
        query=("update_time",),
        params=(
            Param(
                "update_time", "Query config updated more recently than this time (UNIX timestamp)"
            ),
        ),
        response=CONF,
        response_doc="slurm configuration",
    ),
)
