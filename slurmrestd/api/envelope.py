"""The response envelope of the reference: meta (plugin, Slurm version) and errors[]."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import falcon


def meta(plugin_type: str, plugin_name: str, version: tuple[int, int, int]) -> dict[str, Any]:
    major, minor, micro = version
    return {
        "plugin": {"type": plugin_type, "name": plugin_name},
        "Slurm": {
            "version": {"major": major, "micro": micro, "minor": minor},
            "release": f"{major}.{minor:02d}.{micro}",
        },
    }


def error(description: str, error_number: int, error_text: str, source: str) -> dict[str, Any]:
    return {
        "description": description,
        "error_number": error_number,
        "error": error_text,
        "source": source,
    }


class ApiError(Exception):
    """End a request with these errors[] entries (and any other keys of the body)."""

    def __init__(
        self,
        status: str,
        errors: list[dict[str, Any]],
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors
        self.body = body or {}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2)


@dataclass(frozen=True)
class Serialized:
    """A whole response document already serialized (e.g. reused from a cache)."""

    text: str


def send_json(resp: falcon.Response, status: str, document: dict[str, Any]) -> None:
    resp.status = status
    resp.content_type = "application/json"
    resp.text = dumps(document)
