"""The data_parser envelope: the payload, then meta, errors[] and warnings[].

meta names the content plugin and the data_parser version, the client (its
connection as [host]:port(fd:N), and the user and group the reference
reports for it), the command (always [] for a REST request) and the Slurm
release with its cluster.  The Slurm version numbers are strings here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call, Wrap

# The reference names a TCP client's user and group from a peer credential it never
# fills for TCP: always uid 0 and gid 0, whoever connected (measured on 24.11 and 26.05).
_TCP_CLIENT = ("root", "root")
# openapi/slurmdbd names no user for it: 24.11 answers "" and "", 26.05 "nobody" and ""
# (measured; 22.05 serves none of these versions and answers as 24.11).
_DBD_CLIENT = {"26.05": ("nobody", "")}


@functools.cache
def _slurm() -> dict[str, Any]:
    major, minor, micro = slurm.version()
    cluster, _ = slurm.cluster_conf()
    return {
        "version": {"major": str(major), "micro": str(micro), "minor": f"{minor:02d}"},
        "release": slurm.release_text(),
        "cluster": cluster,
    }


@functools.cache
def _accounting() -> str:
    return slurm.cluster_conf()[1]


def meta(call: Call | None, plugin_type: str, plugin_name: str, parser: str) -> dict[str, Any]:
    source = ""
    if call is not None:
        source = f"{call.peer}(fd:{call.fd})" if call.fd >= 0 else call.peer
    user, group = _TCP_CLIENT
    if plugin_type == "openapi/slurmdbd":
        user, group = _DBD_CLIENT.get(slurm.release().name, ("", ""))
    return {
        "plugin": {
            "type": plugin_type,
            "name": plugin_name,
            "data_parser": parser,
            "accounting_storage": _accounting(),
        },
        "client": {"source": source, "user": user, "group": group},
        "command": [],
        "slurm": _slurm(),
    }


# A payload key: the handler dumped no response object (it failed before, or has none to
# give).  The reference then fills an empty document with errors, warnings and meta, in
# that order, where a dumped response has its payload, then meta, errors and warnings.
BARE = "\0bare"


def bare(**keys: Any) -> dict[str, Any]:
    """The payload of a handler that dumps no response object (warnings= and errors= may
    still carry entries)."""
    return {BARE: True, **keys}


# A payload key: the handler dumped a response object with no fields of its own (v0.0.40's
# and v0.0.41's DELETE job/{job_id}): meta, errors and warnings, in that order.
DUMPED = "\0dumped"


def wrapper(plugin_type: str, plugin_name: str, parser: str) -> Wrap:
    """The Resource wrap of one content plugin bound to one data_parser version."""

    def wrap(call: Call, errors: list[dict[str, Any]], payload: dict[str, Any]) -> dict[str, Any]:
        doc = dict(payload)
        warnings = doc.pop("warnings", [])
        extra = doc.pop("errors", [])
        if doc.pop(BARE, False) or (not doc.pop(DUMPED, False) and not doc):
            # Nothing was dumped: the reference's errors and warnings come before meta.
            return {
                "errors": [*extra, *errors],
                "warnings": warnings,
                "meta": meta(call, plugin_type, plugin_name, parser),
            }
        doc["meta"] = meta(call, plugin_type, plugin_name, parser)
        doc["errors"] = [*extra, *errors]
        doc["warnings"] = warnings
        return doc

    return wrap


Handler = Callable[..., tuple[str, dict[str, Any]]]
