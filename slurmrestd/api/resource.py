"""One long-lived resource per route; operations are declared, not hand-wired.

design: a Resource maps HTTP methods to Operation handlers.  A handler gets
the request's identity, path parameters, query and parsed body, and returns
(status, body); the resource wraps the body in the reference envelope.  A
method with no operation is the router's 405; a body above the limit is a 413
before it is read; a body that is not a JSON object is a 400.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import falcon

from slurmrestd.api import envelope

JSON_TYPES = ("application/json", "application/x-yaml", "text/json")


@dataclass(frozen=True)
class Call:
    """What a handler sees of one request."""

    identity: Any
    params: dict[str, str]
    query: dict[str, Any]
    body: dict[str, Any] | None


Handler = Callable[[Call], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Operation:
    handler: Handler
    summary: str
    operation_id: str
    parameters: tuple[str, ...] = ()  # query parameter names, for the spec
    body: bool = False
    tags: tuple[str, ...] = ("slurm",)


@dataclass
class Resource:
    meta: dict[str, Any]
    operations: dict[str, Operation] = field(default_factory=dict)
    max_body_size: int = 50 * 1024 * 1024

    def _run(self, req: falcon.Request, resp: falcon.Response, params: dict[str, str]) -> None:
        op = self.operations.get(req.method)
        if op is None:
            raise falcon.HTTPMethodNotAllowed(sorted(self.operations))
        try:
            body = self._body(req) if op.body else None
            call = Call(req.context.identity, params, dict(req.params), body)
            status, document = op.handler(call)
            errors: list[dict[str, Any]] = []
        except envelope.ApiError as exc:
            status, document, errors = exc.status, exc.body, exc.errors
        envelope.send_json(resp, status, {"meta": self.meta, "errors": errors, **document})

    def _body(self, req: falcon.Request) -> dict[str, Any]:
        length = req.content_length
        if length is not None and length > self.max_body_size:
            raise falcon.HTTPContentTooLarge(title="Request body too large")
        raw = req.bounded_stream.read(self.max_body_size + 1)
        if len(raw) > self.max_body_size:
            raise falcon.HTTPContentTooLarge(title="Request body too large")
        try:
            doc = json.loads(raw) if raw.strip() else None
        except (ValueError, UnicodeDecodeError) as exc:
            raise _bad_body(f"Unable to parse request body: {exc}") from None
        if not isinstance(doc, dict):
            raise _bad_body("Request body must be a JSON object")
        return doc

    def on_get(self, req: falcon.Request, resp: falcon.Response, **params: str) -> None:
        self._run(req, resp, params)

    def on_post(self, req: falcon.Request, resp: falcon.Response, **params: str) -> None:
        self._run(req, resp, params)

    def on_delete(self, req: falcon.Request, resp: falcon.Response, **params: str) -> None:
        self._run(req, resp, params)


def _bad_body(description: str) -> envelope.ApiError:
    return envelope.ApiError(
        "400 BAD REQUEST", [envelope.error(description, -1, "Unspecified error", "parse")]
    )
