"""errors[] entries and HTTP statuses of the OpenAPI handlers, in the reference's shapes."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope

OK = "200 OK"
NOT_MODIFIED = "304 NOT MODIFIED"
BAD_REQUEST = "400 BAD REQUEST"
FAILED = "500 INTERNAL ERROR"


def text(number: int) -> str:
    """Slurm's text for an error number; the reference's words for a failure without one."""
    return slurm.strerror(number) if number > 0 else "Unspecified error"


def entry(description: str, number: int, source: str) -> dict[str, Any]:
    """The full entry: description, error_number, error, source."""
    return envelope.error(description, number, text(number), source)


def errno_entry(number: int) -> dict[str, Any]:
    """The shape nodes, partitions and reservations use."""
    return {"error": text(number), "errno": number}


def code_entry(number: int) -> dict[str, Any]:
    """The shape the job submission path uses."""
    return {"error_code": number, "error": text(number)}


def fail(status: str, errors: list[dict[str, Any]], **body: Any) -> envelope.ApiError:
    """The answer of a failed request: status, errors[] and the keys the reference still sends."""
    return envelope.ApiError(status, errors, body)
