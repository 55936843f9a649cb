"""The slurmctld endpoints (/slurm/vX/...) of the OpenAPI plugins, shared by every version.

design: each endpoint is a handler(version, call) that calls the libslurm
binding under the request's identity and renders records with the version's
tables; failures become the reference's errors[] entries.  A Version says
what differs between plugin versions: names, tables, job properties, and the
few behaviours the reference changed.  This package is not a plugin; the
plugins (openapi/vX) build their routes from it.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.resource import Call, Operation, Resource
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import jobdesc
from slurmrestd.openapi.common.coalesce import Coalescer, credential
from slurmrestd.openapi.common.engine import dump, schema, sources
from slurmrestd.slurm.constants import (
    ESLURM_ALREADY_DONE,
    ESLURM_ENVIRONMENT_MISSING,
    ESLURM_INVALID_JOB_ID,
    ESLURM_INVALID_NODE_NAME,
    ESLURM_INVALID_PARTITION_NAME,
    ESLURM_JOB_SCRIPT_MISSING,
    ESLURM_RESERVATION_INVALID,
    ESLURM_REST_FAIL_PARSING,
    ESLURM_REST_INVALID_JOBS_DESC,
    ESLURM_REST_INVALID_QUERY,
    NO_VAL,
    SLURM_BATCH_SCRIPT,
    SLURM_EXTERN_CONT,
    SLURM_INTERACTIVE_STEP,
    SLURM_PENDING_STEP,
)


@dataclass(frozen=True)
class Version:
    """What one plugin version is: its names, tables and job properties."""

    name: str
    title: str
    prefix: str
    operation_prefix: str
    tables: Any
    properties: Mapping[str, jobdesc.Setter] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    # The reference's text when a job property value is refused.
    rejected_key_text: str = "Unable to process key"
    licenses: bool = True
    # diag on failure: the v0.0.38 errors[] entry, or v0.0.37's errno entry.
    diag_errno_entry: bool = False

    @functools.cached_property
    def meta(self) -> dict[str, Any]:
        return envelope.meta(self.name, self.title, slurm.version())

    @functools.cached_property
    def job_fields(self) -> frozenset[str]:
        return sources(
            self.tables.JOB,
            "user_id",
            "group_id",
            "user_name",
            "pn_min_memory",
            "nice",
            "core_spec",
            "cpu_freq_min",
            "cpus_per_task",
            "num_tasks",
            "num_cpus",
        )

    def job_desc(self, props: Any, *, submit: bool) -> dict[str, Any]:
        return jobdesc.job_desc(
            props, submit=submit, properties=self.properties, disabled=self.disabled
        )


OK = "200 OK"
NOT_MODIFIED = "304 NOT MODIFIED"
BAD_REQUEST = "400 BAD REQUEST"
FAILED = "500 INTERNAL ERROR"

STEP_NAMES = {
    SLURM_BATCH_SCRIPT: "BATCH",
    SLURM_EXTERN_CONT: "EXTERN",
    SLURM_INTERACTIVE_STEP: "INTERACTIVE",
    SLURM_PENDING_STEP: "PENDING",
}
SIGNALS = jobdesc.SIGNALS
SIGRTMAX = 64
TIME_MAX = 2**63 - 1


class RenderCache:
    """Serialized list documents per (version, list, credential), reused on "no change".

    design: a request still makes its own RPC, a conditional load with the
    cached last_update, under its own identity; only when slurmctld answers
    "no change" to that credential are the cached bytes sent.  Keys hold the
    full credential (the token itself, or uid and name for local requests),
    never a user name alone.  Per worker process, bounded in entries and in
    bytes (10,000 jobs render to about 40 MB), least recently used out.
    """

    def __init__(self, size: int = 128, max_bytes: int = 512 * 2**20) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[Any, tuple[int, bytes]] = OrderedDict()
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0

    def get(self, key: Any) -> tuple[int, bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: Any, last_update: int, data: bytes) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            if len(data) > self._max_bytes:
                return
            self._items[key] = (last_update, data)
            self._bytes += len(data)
            while len(self._items) > self._size or self._bytes > self._max_bytes:
                _key, (_when, dropped) = self._items.popitem(last=False)
                self._bytes -= len(dropped)


CACHE = RenderCache()
# slurmctld's last_update has one-second resolution: a snapshot is reusable only when
# its load began this long after its last_update (so it holds every change of that second).
SETTLED = 2


# A key whose last call was shared waits this long before its next call, so that the
# requests coming in together share it (measured in the README's Performance section).
GATHER_SECONDS = 0.002
COALESCER = Coalescer(GATHER_SECONDS)


def _listing(
    v: Version, call: Call, key: str, load: Callable[[int], slurm.Loaded], table: Any
) -> tuple[str, Any]:
    """A whole list without the client's update_time: one call for identical requests in
    flight together, and our render reused when slurmctld says nothing changed."""
    cache_key = (v.name, key, credential(call.identity))
    result: tuple[str, Any] = COALESCER.run(
        cache_key, lambda: _listing_call(v, cache_key, key, load, table)
    )
    return result


def _listing_call(
    v: Version, cache_key: Any, key: str, load: Callable[[int], slurm.Loaded], table: Any
) -> tuple[str, Any]:
    cached = CACHE.get(cache_key)
    started = int(time.time())
    try:
        loaded = load(cached[0] if cached else 0)
    except slurm.NotModified:
        if cached is None:  # cannot happen with update_time 0; be safe anyway
            loaded = load(0)
        else:
            return OK, envelope.Serialized(cached[1])
    data = envelope.dumps(
        {"meta": v.meta, "errors": [], key: [dump(table, rec) for rec in loaded.records]}
    )
    settled = started >= loaded.last_update + SETTLED
    # An unsettled snapshot is kept one second early, so the next conditional load
    # returns data again (and is rendered again) until the second has passed.
    CACHE.put(cache_key, loaded.last_update if settled else loaded.last_update - 1, data)
    return OK, envelope.Serialized(data)


def _text(number: int) -> str:
    return slurm.strerror(number) if number > 0 else "Unspecified error"


def _error(description: str, number: int, source: str) -> dict[str, Any]:
    return envelope.error(description, number, _text(number), source)


def _errno_entry(number: int) -> dict[str, Any]:
    """The shape nodes, partitions and reservations use."""
    return {"error": _text(number), "errno": number}


def _code_entry(number: int) -> dict[str, Any]:
    """The shape the job submission path uses."""
    return {"error_code": number, "error": _text(number)}


def _fail(status: str, errors: list[dict[str, Any]], **body: Any) -> envelope.ApiError:
    return envelope.ApiError(status, errors, body)


def _update_time(call: Call, key: str) -> int:
    if "update_time" not in call.query:
        return 0
    raw = call.query["update_time"]  # None: given without a value, refused as the reference
    if not isinstance(raw, str) or not raw.strip().lstrip("+-").isdigit():
        raise _fail(BAD_REQUEST, [], **{key: []})
    # Saturated to time_t's range as the reference's strtoll does (a far future: 304).
    return min(max(int(raw), 0), TIME_MAX)


def _connection_name(call: Call) -> str:
    return call.peer


# --- handlers -------------------------------------------------------------------------


def _shared(v: Version, call: Call, key: str, produce: Callable[[], Any]) -> Any:
    """One call for identical requests with the same credential in flight together (and
    arrived before it started); nothing is kept after it."""
    return COALESCER.run((v.name, key, credential(call.identity)), produce)


def ping(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        results: list[slurm.Record] = _shared(v, call, "ping", lambda: slurm.ping(call.identity))
    except slurm.SlurmError:
        raise _fail(
            FAILED, [_error("slurmctld config is unable to load", -1, "slurm_load_ctl_conf")]
        ) from None
    count = len(results)

    def mode(index: int) -> str:
        if index == 0:
            return "primary"
        return "backup" if index == 1 and count == 2 else f"backup{index}"

    return OK, {
        "pings": [
            {
                "hostname": r["hostname"],
                "ping": "UP" if r["rc"] == 0 else "DOWN",
                "status": r["rc"],
                "mode": mode(r["index"]),
            }
            for r in results
        ]
    }


def diag(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        stats = slurm.diag(call.identity)
    except slurm.SlurmError:
        if v.diag_errno_entry:
            raise _fail(FAILED, [_errno_entry(-1)], statistics={}) from None
        raise _fail(
            FAILED,
            [_error("request failed", -1, "slurm_get_statistics")],
            statistics={"rpcs_by_message_type": [], "rpcs_by_user": []},
        ) from None
    return OK, {"statistics": dump(v.tables.DIAG, stats)}


def licenses(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    try:
        loaded = slurm.load_licenses(call.identity)
    except slurm.SlurmError:
        raise _fail(
            FAILED, [_error("slurmctld unable to load licenses", -1, "slurm_load_licenses")]
        ) from None
    return OK, {"licenses": [dump(v.tables.LICENSE, rec) for rec in loaded.records]}


def jobs(v: Version, call: Call) -> tuple[str, Any]:
    update_time = _update_time(call, "jobs")
    try:
        if not update_time:
            return _listing(
                v,
                call,
                "jobs",
                lambda since: slurm.load_jobs(call.identity, since, v.job_fields),
                v.tables.JOB,
            )
        loaded = slurm.load_jobs(call.identity, update_time, v.job_fields)
    except slurm.NotModified:
        return NOT_MODIFIED, {}
    except slurm.SlurmError:
        raise _fail(
            FAILED, [_error("Failed while looking for jobs", -1, "slurm_load_jobs")], jobs=[]
        ) from None
    return OK, {"jobs": [dump(v.tables.JOB, rec) for rec in loaded.records]}


def job(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    raw = call.params["job_id"]
    job_id = int(raw) if raw.isdigit() and 0 < int(raw) < NO_VAL else 0
    if not job_id:
        raise _fail(
            BAD_REQUEST,
            [
                _error(
                    f"Unable to find JobId={raw}", ESLURM_REST_INVALID_JOBS_DESC, "_handle_job_get"
                )
            ],
        )
    try:
        loaded = slurm.load_job(call.identity, job_id, v.job_fields)
    except slurm.SlurmError as exc:
        number = exc.errno if exc.errno == ESLURM_INVALID_JOB_ID else -1
        raise _fail(
            FAILED, [_error(f"Unable to find JobId={job_id}", number, "slurm_load_job")], jobs=[]
        ) from None
    return OK, {"jobs": [dump(v.tables.JOB, rec) for rec in loaded.records]}


def _signal(call: Call) -> int:
    raw = call.query.get("signal")
    if raw is None or raw == "":
        return SIGNALS["KILL"]
    text = str(raw).strip()
    if text.lstrip("-").isdigit():
        number = int(text)
    else:
        name = text.upper()
        number = SIGNALS.get(name[3:] if name.startswith("SIG") else name, 0)
    if not 1 <= number < SIGRTMAX:
        raise _fail(
            BAD_REQUEST,
            [
                _error(
                    f"invalid signal: {number}", ESLURM_REST_INVALID_QUERY, "HTTP request: signal"
                )
            ],
        )
    return number


def cancel(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    job_id = call.params["job_id"]
    sig = _signal(call)
    try:
        slurm.kill_job(call.identity, job_id, sig, slurm.constant("KILL_FULL_JOB"))
    except ValueError:
        raise _fail(
            FAILED,
            [
                _error(
                    f"unable to kill JobId={job_id} with signal {sig}: "
                    f"{_text(ESLURM_INVALID_JOB_ID)}",
                    ESLURM_INVALID_JOB_ID,
                    "slurm_kill_job",
                )
            ],
        ) from None
    except slurm.SlurmError as exc:
        if exc.errno != ESLURM_ALREADY_DONE:
            raise _fail(
                FAILED,
                [
                    _error(
                        f"unable to kill JobId={job_id} with signal {sig}: {exc.error}",
                        exc.errno,
                        "slurm_kill_job",
                    )
                ],
            ) from None
    return OK, {}


def _parse_failure(v: Version, exc: Exception) -> list[dict[str, Any]]:
    """errors[] of a job properties parse that stopped, as the reference writes them."""
    parsing = _code_entry(ESLURM_REST_FAIL_PARSING)
    if isinstance(exc, jobdesc.DisabledKey):
        return [
            {
                "description": f'Disabled key: "{exc.key}"',
                "error_number": 1,
                "error": "Operation not permitted",
                "source": "openapi specification",
            },
            parsing,
        ]
    if isinstance(exc, jobdesc.UnknownKey):
        return [{"description": f'Unknown key "{exc.key}"', "source": "hsearch_r"}, parsing]
    if isinstance(exc, jobdesc.ValueRejected):
        return [
            {"error": exc.message, "error_code": exc.rc},
            _error(f'{v.rejected_key_text} "{exc.key}"', -1, "slurm_process_option_data"),
            parsing,
        ]
    return [
        {"error": "environment must be set", "error_code": ESLURM_ENVIRONMENT_MISSING},
        parsing,
    ]


PARSE_ERRORS = (jobdesc.UnknownKey, jobdesc.ValueRejected, jobdesc.EnvironmentMissing)


def submit(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    body = call.body or {}
    script = body.get("script")
    if script is None or isinstance(script, dict | list):
        raise _fail(FAILED, [_code_entry(ESLURM_JOB_SCRIPT_MISSING)])
    spec = body.get("job", body.get("jobs"))
    if not isinstance(spec, dict | list) or not spec:
        raise _fail(BAD_REQUEST, [_code_entry(ESLURM_REST_INVALID_JOBS_DESC)])
    try:
        if isinstance(spec, dict):
            components = [v.job_desc(spec, submit=True)]
        else:
            if not all(isinstance(c, dict) for c in spec):
                raise _fail(BAD_REQUEST, [_code_entry(ESLURM_REST_INVALID_JOBS_DESC)])
            components = [v.job_desc(c, submit=True) for c in spec]
    except PARSE_ERRORS as exc:
        raise _fail(BAD_REQUEST, _parse_failure(v, exc)) from None
    components[0]["script"] = jobdesc._scalar_text("script", script)
    try:
        if isinstance(spec, list):
            result = slurm.submit_het_job(call.identity, components)
        else:
            result = slurm.submit_job(call.identity, components[0])
    except ValueError:
        raise _fail(BAD_REQUEST, [_code_entry(ESLURM_REST_FAIL_PARSING)]) from None
    except slurm.SlurmError as exc:
        raise _fail(FAILED, [_code_entry(exc.errno if exc.errno > 0 else -1)]) from None
    errors = [_code_entry(result["error_code"])] if result["error_code"] else []
    document = {
        "job_id": result["job_id"],
        "step_id": STEP_NAMES.get(result["step_id"], result["step_id"]),
        "job_submit_user_msg": result["job_submit_user_msg"] or "",
    }
    if errors:
        raise _fail(OK, errors, **document)
    return OK, document


def update(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    peer = _connection_name(call)
    body = call.raw_body
    if isinstance(body, list):
        bad = [i for i, item in enumerate(body) if not isinstance(item, dict)]
        if bad:
            raise _fail(
                OK,
                [
                    _error(
                        f"unexpected failure parsing het job: {bad[0]}",
                        ESLURM_REST_FAIL_PARSING,
                        "_parse_job_desc",
                    ),
                    _error(
                        f"job parsing failed for {peer}",
                        ESLURM_REST_FAIL_PARSING,
                        "_parse_job_list",
                    ),
                ],
            )
        raise _fail(
            OK,
            [
                {
                    "description": f"unexpected het job request from {peer}",
                    "source": "_parse_job_list",
                }
            ],
        )
    if not isinstance(body, dict):
        raise _fail(
            OK,
            [
                _error(
                    f"job parsing failed for {peer}",
                    ESLURM_REST_INVALID_JOBS_DESC,
                    "_parse_job_list",
                )
            ],
        )
    try:
        values = v.job_desc(body, submit=False)
    except PARSE_ERRORS as exc:
        first = _parse_failure(v, exc)[:-1]
        raise _fail(
            OK,
            [
                *first,
                _error(
                    f"job parsing failed for {peer}", ESLURM_REST_FAIL_PARSING, "_parse_job_list"
                ),
            ],
        ) from None
    values["job_id_str"] = call.params["job_id"]
    try:
        results = slurm.update_job(call.identity, values)
    except (ValueError, slurm.SlurmError) as exc:
        number = exc.errno if isinstance(exc, slurm.SlurmError) else ESLURM_INVALID_JOB_ID
        raise _fail(
            FAILED, [_error(f"job update from {peer} failed", number, "_parse_job_list")]
        ) from None
    failed = [r for r in results if r["error_code"]]
    if failed:
        raise _fail(
            OK,
            [
                _error(
                    f"job array update from {peer} failed",
                    failed[0]["error_code"],
                    "_parse_job_list",
                )
            ],
        )
    return OK, {}


def _loader(key: str, load: Any, table: Any, *, cached: bool = True) -> Any:
    """GET of a whole list (nodes, partitions, reservations).

    cached=False for nodes: their allocation figures change without slurmctld's
    node last_update moving, so a render must not be reused on "no change".
    """

    def handler(v: Version, call: Call) -> tuple[str, Any]:
        update_time = _update_time(call, key)
        try:
            if not update_time and cached:
                return _listing(v, call, key, lambda since: load(call.identity, since), table)
            if not update_time:
                result: tuple[str, Any] = _shared(
                    v, call, key, lambda: _fresh(v, key, load(call.identity, 0), table)
                )
                return result
            loaded = load(call.identity, update_time)
        except slurm.NotModified:
            return NOT_MODIFIED, {}
        except slurm.SlurmError:
            raise _fail(FAILED, [_errno_entry(-1)], **{key: []}) from None
        return OK, {key: [dump(table, rec) for rec in loaded.records]}

    return handler


def _fresh(v: Version, key: str, loaded: slurm.Loaded, table: Any) -> tuple[str, Any]:
    records = [dump(table, rec) for rec in loaded.records]
    return OK, envelope.Serialized(envelope.dumps({"meta": v.meta, "errors": [], key: records}))


def _one(
    key: str, param: str, load: Any, table: Any, missing: int, *, failure: int | None = None
) -> Any:
    """GET of one named item; failure: the errno the reference reports when the RPC fails."""

    def handler(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
        name = call.params[param]
        try:
            loaded = load(call.identity, 0)
        except (slurm.SlurmError, slurm.NotModified):
            raise _fail(FAILED, [_errno_entry(failure or -1)], **{key: []}) from None
        found = [
            dump(table, rec)
            for rec in loaded.records
            if (rec.get("name") or "").lower() == name.lower()
        ]
        if not found:
            raise _fail(FAILED, [_errno_entry(missing)], **{key: []})
        return OK, {key: found}

    return handler


def plugin(v: Version) -> Plugin:
    """The routes of one version, each a Resource of declared operations."""
    meta = envelope.meta(v.name, v.title, slurm.version())

    def route(path: str, **ops: Operation) -> tuple[str, Resource]:
        return v.prefix + path, Resource(meta, {m.upper(): op for m, op in ops.items()})

    px = v.operation_prefix.rstrip("_")

    def ref(name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{px}_{name}"}

    def listing(key: str, name: str) -> tuple[tuple[str, Any], ...]:
        return ((key, {"type": "array", "items": ref(name)}),)

    responses = {
        "ping": (("pings", {"type": "array", "items": ref("ping")}),),
        "diag": (("statistics", ref("diag")),),
        "slurmctld_get_licenses": listing("licenses", "license"),
        "get_jobs": listing("jobs", "job"),
        "get_job": listing("jobs", "job"),
        "submit_job": (
            ("job_id", {"type": "integer"}),
            ("step_id", {}),
            ("job_submit_user_msg", {"type": "string"}),
        ),
        "get_nodes": listing("nodes", "node"),
        "get_node": listing("nodes", "node"),
        "get_partitions": listing("partitions", "partition"),
        "get_partition": listing("partitions", "partition"),
        "get_reservations": listing("reservations", "reservation"),
        "get_reservation": listing("reservations", "reservation"),
    }
    requests = {
        "submit_job": {
            "type": "object",
            "properties": {
                "script": {"type": "string"},
                "job": ref("job_properties"),
                "jobs": {"type": "array", "items": ref("job_properties")},
            },
        },
        "update_job": ref("job_properties"),
    }

    def op(
        handler: Callable[..., Any],
        summary: str,
        name: str,
        *query: str,
        body: bool = False,
        any_body: bool = False,
    ) -> Operation:
        return Operation(
            functools.partial(handler, v),
            summary,
            v.operation_prefix + name,
            query,
            body=body,
            any_body=any_body,
            response=responses.get(name, ()),
            request=requests.get(name),
        )

    t = v.tables
    routes = [
        route("/diag", get=op(diag, "get diagnostics", "diag")),
        route("/ping", get=op(ping, "ping test", "ping")),
        route("/jobs", get=op(jobs, "get list of jobs", "get_jobs", "update_time")),
        route(
            "/job/{job_id}",
            get=op(job, "get job info", "get_job"),
            post=op(update, "update job", "update_job", body=True, any_body=True),
            delete=op(cancel, "cancel or signal job", "cancel_job", "signal"),
        ),
        route("/job/submit", post=op(submit, "submit new job", "submit_job", body=True)),
        route(
            "/nodes",
            get=op(
                _loader("nodes", slurm.load_nodes, t.NODE, cached=False),
                "get all node info",
                "get_nodes",
                "update_time",
            ),
        ),
        route(
            "/node/{node_name}",
            get=op(
                _one("nodes", "node_name", slurm.load_nodes, t.NODE, ESLURM_INVALID_NODE_NAME),
                "get node info",
                "get_node",
            ),
        ),
        route(
            "/partitions",
            get=op(
                _loader("partitions", slurm.load_partitions, t.PARTITION),
                "get all partition info",
                "get_partitions",
                "update_time",
            ),
        ),
        route(
            "/partition/{partition_name}",
            get=op(
                _one(
                    "partitions",
                    "partition_name",
                    slurm.load_partitions,
                    t.PARTITION,
                    ESLURM_INVALID_PARTITION_NAME,
                ),
                "get partition info",
                "get_partition",
            ),
        ),
        route(
            "/reservations",
            get=op(
                _loader("reservations", slurm.load_reservations, t.RESERVATION),
                "get all reservation info",
                "get_reservations",
                "update_time",
            ),
        ),
        route(
            "/reservation/{reservation_name}",
            get=op(
                _one(
                    "reservations",
                    "reservation_name",
                    slurm.load_reservations,
                    t.RESERVATION,
                    ESLURM_RESERVATION_INVALID,
                    failure=ESLURM_RESERVATION_INVALID,
                ),
                "get reservation info",
                "get_reservation",
            ),
        ),
    ]
    if v.licenses:
        routes.append(
            route("/licenses", get=op(licenses, "get all licenses", "slurmctld_get_licenses"))
        )
    return Plugin(
        v.name,
        v.title,
        tuple(routes),
        (("slurm", "methods that query slurmctld"),),
        _schemas(v, px),
    )


def _schemas(v: Version, px: str) -> tuple[tuple[str, Any], ...]:
    """components/schemas of a version, generated from its tables and libslurm's C types."""
    t = v.tables
    objects = {
        "job": (t.JOB, "slurm_job_info_t"),
        "node": (t.NODE, "node_info_t"),
        "partition": (t.PARTITION, "partition_info_t"),
        "reservation": (t.RESERVATION, "reserve_info_t"),
        "license": (t.LICENSE, "slurm_license_info_t"),
        "diag": (t.DIAG, "stats_info_response_msg_t"),
    }
    out = {
        f"{px}_{name}": schema(table, slurm.json_types(ctype))
        for name, (table, ctype) in objects.items()
    }
    out[f"{px}_ping"] = {
        "type": "object",
        "properties": {
            "hostname": {"type": "string"},
            "ping": {"type": "string"},
            "status": {"type": "integer"},
            "mode": {"type": "string"},
        },
    }
    out[f"{px}_job_properties"] = {
        "type": "object",
        "properties": {key: {} for key in sorted(v.properties)},
    }
    return tuple(out.items())
