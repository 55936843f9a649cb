"""openapi/v0.0.38: the slurmctld endpoints under /slurm/v0.0.38/.

design: each endpoint is an Operation whose handler calls the libslurm
binding under the request's identity and renders records with the tables of
tables.py; failures become the reference's errors[] entries.
"""

from __future__ import annotations

import signal as signals
from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.render import render, sources
from slurmrestd.api.resource import Call, Operation, Resource
from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.v0_0_38 import tables
from slurmrestd.openapi.v0_0_38.jobdesc import PropertyError, job_desc

NAME = "openapi/v0.0.38"
TITLE = "Slurm OpenAPI v0.0.38"
PREFIX = "/slurm/v0.0.38"
OK = "200 OK"
NOT_MODIFIED = "304 NOT MODIFIED"
BAD_REQUEST = "400 BAD REQUEST"
FAILED = "500 INTERNAL ERROR"

JOB_FIELDS = sources(
    tables.JOB,
    "user_id",
    "group_id",
    "user_name",
    "pn_min_memory",
    "nice",
    "core_spec",
    "array_task_id",
)
STEP_NAMES = {
    0xFFFFFFFB: "BATCH",
    0xFFFFFFFC: "EXTERN",
    0xFFFFFFFA: "INTERACTIVE",
    0xFFFFFFFD: "TBD",
}


def _error(description: str, number: int, source: str) -> dict[str, Any]:
    text = slurm.strerror(number) if number > 0 else "Unspecified error"
    return envelope.error(description, number, text, source)


def _failed(description: str, number: int, source: str, **body: Any) -> envelope.ApiError:
    return envelope.ApiError(FAILED, [_error(description, number, source)], body)


def _bad(description: str, source: str, **body: Any) -> envelope.ApiError:
    return envelope.ApiError(BAD_REQUEST, [_error(description, -1, source)], body)


def _update_time(call: Call) -> int:
    raw = call.query.get("update_time")
    if raw is None:
        return 0
    if not isinstance(raw, str) or not raw.isdigit():
        raise _bad("Invalid update_time", "update_time")
    return int(raw)


def _job_id(call: Call) -> int:
    raw = call.params["job_id"]
    if not raw.isdigit() or not 0 < int(raw) < 0xFFFFFFFE:
        raise _bad(f"Invalid job_id: {raw}", "job_id")
    return int(raw)


# --- handlers -------------------------------------------------------------------------


def ping(call: Call) -> tuple[str, dict[str, Any]]:
    try:
        results = slurm.ping(call.identity)
    except slurm.SlurmError:
        raise _failed("slurmctld config is unable to load", -1, "slurm_load_ctl_conf") from None
    pings = [
        {
            "hostname": r["hostname"],
            "ping": "UP" if r["rc"] == 0 else "DOWN",
            "status": r["rc"],
            "mode": "primary"
            if r["index"] == 0
            else f"backup{r['index']}"
            if r["index"] > 1
            else "backup",
        }
        for r in results
    ]
    return OK, {"pings": pings}


def diag(call: Call) -> tuple[str, dict[str, Any]]:
    try:
        stats = slurm.diag(call.identity)
    except slurm.SlurmError as exc:
        raise _failed("slurm_get_statistics failed", exc.errno, "slurm_get_statistics") from None
    return OK, {"statistics": render(tables.DIAG, stats)}


def jobs(call: Call) -> tuple[str, dict[str, Any]]:
    update_time = _update_time(call)
    try:
        loaded = slurm.load_jobs(call.identity, update_time, JOB_FIELDS)
    except slurm.NotModified:
        return NOT_MODIFIED, {}
    except slurm.SlurmError:
        raise _failed("Failed while looking for jobs", -1, "slurm_load_jobs", jobs=[]) from None
    return OK, {"jobs": [render(tables.JOB, rec) for rec in loaded.records]}


def job(call: Call) -> tuple[str, dict[str, Any]]:
    job_id = _job_id(call)
    try:
        loaded = slurm.load_job(call.identity, job_id, JOB_FIELDS)
    except slurm.SlurmError as exc:
        raise _failed(
            f"Unable to find JobId={job_id}", exc.errno, "slurm_load_job", jobs=[]
        ) from None
    return OK, {"jobs": [render(tables.JOB, rec) for rec in loaded.records]}


def _signal(call: Call) -> int:
    raw = call.query.get("signal", "KILL")
    if not isinstance(raw, str):
        raise _bad("Invalid signal", "signal")
    if raw.isdigit():
        number = int(raw)
        if 0 < number < signals.NSIG:
            return number
        raise _bad(f"Invalid signal: {raw}", "signal")
    name = raw.upper()
    name = name if name.startswith("SIG") else "SIG" + name
    try:
        return int(signals.Signals[name])
    except KeyError:
        raise _bad(f"Invalid signal: {raw}", "signal") from None


def cancel(call: Call) -> tuple[str, dict[str, Any]]:
    job_id = _job_id(call)
    sig = _signal(call)
    try:
        slurm.kill_job(call.identity, job_id, sig, slurm.constant("KILL_FULL_JOB"))
    except slurm.SlurmError as exc:
        raise _failed(
            f"unable to kill JobId={job_id} with signal {sig}: {exc.error}",
            exc.errno,
            "slurm_kill_job",
        ) from None
    return OK, {}


def _desc(props: Any) -> dict[str, Any]:
    try:
        return job_desc(props)
    except PropertyError as exc:
        raise _bad(str(exc), "job_desc") from None


def submit(call: Call) -> tuple[str, dict[str, Any]]:
    body = call.body or {}
    script = body.get("script")
    if "jobs" in body and "job" in body:
        raise _bad("Specify only one of job or jobs", "job_submit")
    if "jobs" in body:
        if not isinstance(body["jobs"], list) or not body["jobs"]:
            raise _bad("jobs must be a non-empty list", "job_submit")
        components = [_desc(props) for props in body["jobs"]]
    elif "job" in body:
        components = [_desc(body["job"])]
    else:
        raise _bad("Specify either job or jobs", "job_submit")
    if not isinstance(script, str) or not script:
        raise _bad("Batch job requires a script", "script")
    components[0]["script"] = script
    source = "slurm_submit_batch_het_job" if "jobs" in body else "slurm_submit_batch_job"
    try:
        if "jobs" in body:
            result = slurm.submit_het_job(call.identity, components)
        else:
            result = slurm.submit_job(call.identity, components[0])
    except ValueError as exc:
        raise _bad(str(exc), source) from None
    except slurm.SlurmError as exc:
        raise _failed(f"Job submission failed: {exc.error}", exc.errno, source) from None
    return OK, {
        "job_id": result["job_id"],
        "step_id": STEP_NAMES.get(result["step_id"], str(result["step_id"])),
        "job_submit_user_msg": result["job_submit_user_msg"] or "",
    }


def update(call: Call) -> tuple[str, dict[str, Any]]:
    job_id = _job_id(call)
    values = _desc(call.body or {})
    values["job_id"] = job_id
    try:
        results = slurm.update_job(call.identity, values)
    except ValueError as exc:
        raise _bad(str(exc), "slurm_update_job2") from None
    except slurm.SlurmError as exc:
        raise _failed(
            f"Job update requested failed: {exc.error}", exc.errno, "slurm_update_job2"
        ) from None
    errors = [
        _error(
            f"Job update requested failed for {r['job_array_id']}",
            r["error_code"],
            "slurm_update_job2",
        )
        for r in results
        if r["error_code"]
    ]
    if errors:
        raise envelope.ApiError(FAILED, errors)
    return OK, {}


def _loader(kind: str, key: str, load: Any, table: Any, failure: str, source: str) -> Any:
    def handler(call: Call) -> tuple[str, dict[str, Any]]:
        try:
            loaded = (
                load(call.identity, _update_time(call)) if kind == "timed" else load(call.identity)
            )
        except slurm.NotModified:
            return NOT_MODIFIED, {}
        except slurm.SlurmError:
            raise _failed(failure, -1, source, **{key: []}) from None
        return OK, {key: [render(table, rec) for rec in loaded.records]}

    return handler


def _one(key: str, name_param: str, load: Any, table: Any, failure: str, source: str) -> Any:
    def handler(call: Call) -> tuple[str, dict[str, Any]]:
        name = call.params[name_param]
        try:
            loaded = load(call.identity)
        except slurm.SlurmError:
            raise _failed(failure, -1, source, **{key: []}) from None
        found = [render(table, rec) for rec in loaded.records if rec.get("name") == name]
        if not found:
            raise _failed(f"Unable to find {key[:-1]} {name}", -1, source, **{key: []})
        return OK, {key: found}

    return handler


def plugin() -> Plugin:
    meta = envelope.meta(NAME, TITLE, slurm.version())

    def route(path: str, **ops: Operation) -> tuple[str, Resource]:
        return PREFIX + path, Resource(meta, {m.upper(): op for m, op in ops.items()})

    nodes = _loader(
        "timed",
        "nodes",
        slurm.load_nodes,
        tables.NODE,
        "Failed while looking for nodes",
        "slurm_load_node",
    )
    parts = _loader(
        "timed",
        "partitions",
        slurm.load_partitions,
        tables.PARTITION,
        "Failed while looking for partitions",
        "slurm_load_partitions",
    )
    resvs = _loader(
        "timed",
        "reservations",
        slurm.load_reservations,
        tables.RESERVATION,
        "Failed while looking for reservations",
        "slurm_load_reservations",
    )
    lics = _loader(
        "plain",
        "licenses",
        slurm.load_licenses,
        tables.LICENSE,
        "Failed while looking for licenses",
        "slurm_load_licenses",
    )
    routes = (
        route("/diag", get=Operation(diag, "get diagnostics", "slurm_v0038_diag")),
        route("/ping", get=Operation(ping, "ping test", "slurm_v0038_ping")),
        route(
            "/licenses",
            get=Operation(lics, "get all licenses", "slurm_v0038_slurmctld_get_licenses"),
        ),
        route(
            "/jobs",
            get=Operation(jobs, "get list of jobs", "slurm_v0038_get_jobs", ("update_time",)),
        ),
        route(
            "/job/{job_id}",
            get=Operation(job, "get job info", "slurm_v0038_get_job"),
            post=Operation(update, "update job", "slurm_v0038_update_job", body=True),
            delete=Operation(cancel, "cancel or signal job", "slurm_v0038_cancel_job", ("signal",)),
        ),
        route(
            "/job/submit",
            post=Operation(submit, "submit new job", "slurm_v0038_submit_job", body=True),
        ),
        route(
            "/nodes",
            get=Operation(nodes, "get all node info", "slurm_v0038_get_nodes", ("update_time",)),
        ),
        route(
            "/node/{node_name}",
            get=Operation(
                _one(
                    "nodes",
                    "node_name",
                    slurm.load_nodes,
                    tables.NODE,
                    "Failed while looking for nodes",
                    "slurm_load_node",
                ),
                "get node info",
                "slurm_v0038_get_node",
            ),
        ),
        route(
            "/partitions",
            get=Operation(
                parts, "get all partition info", "slurm_v0038_get_partitions", ("update_time",)
            ),
        ),
        route(
            "/partition/{partition_name}",
            get=Operation(
                _one(
                    "partitions",
                    "partition_name",
                    slurm.load_partitions,
                    tables.PARTITION,
                    "Failed while looking for partitions",
                    "slurm_load_partitions",
                ),
                "get partition info",
                "slurm_v0038_get_partition",
            ),
        ),
        route(
            "/reservations",
            get=Operation(
                resvs, "get all reservation info", "slurm_v0038_get_reservations", ("update_time",)
            ),
        ),
        route(
            "/reservation/{reservation_name}",
            get=Operation(
                _one(
                    "reservations",
                    "reservation_name",
                    slurm.load_reservations,
                    tables.RESERVATION,
                    "Failed while looking for reservations",
                    "slurm_load_reservations",
                ),
                "get reservation info",
                "slurm_v0038_get_reservation",
            ),
        ),
    )
    return Plugin(NAME, TITLE, routes, (("slurm", "methods that query slurmctld"),))
