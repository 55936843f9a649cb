"""errors[] entries and HTTP statuses of the OpenAPI handlers, in the reference's shapes."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api import envelope
from slurmrestd.api.errors import STATUS_BAD_REQUEST as BAD_REQUEST
from slurmrestd.api.errors import STATUS_INTERNAL as FAILED
from slurmrestd.api.errors import STATUS_NOT_MODIFIED as NOT_MODIFIED
from slurmrestd.api.errors import STATUS_OK as OK

__all__ = [
    "BAD_REQUEST",
    "FAILED",
    "NOT_MODIFIED",
    "OK",
    "code_entry",
    "entry",
    "errno_entry",
    "fail",
    "text",
]


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
