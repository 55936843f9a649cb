"""v0.0.41: job descriptions parsed from submit, allocate and update bodies.

Differences from v0.0.40: reports show the value; NO_VAL numbers take plain
numbers without a warning; flag errors are reported once; cores_per_socket is
missing from the table (as in the C parser); distribution and
distribution_plane_size have their own parsers; resv_mpi_ports and
segment_size are new.
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.dataparser.parsing import P, PKind, Str, drop, insert, relax, replace
from slurmrestd.openapi.v0_0_40 import jobdesc as parent
from slurmrestd.openapi.v0_0_40.jobdesc import U16, NoValInt


class Distribution(Str):
    """JOB_DESC_MSG_TASK_DISTRIBUTION: read as text; the binding sends no task_dist."""

    def parse(self, value: Any, ctx: Any, src: str) -> Any:
        super().parse(value, ctx, src)
        return None


class Dropped(PKind):
    """A field this binding cannot send: checked as its kind, then left out."""

    def __init__(self, kind: PKind) -> None:
        self.kind = kind
        self.openapi = kind.openapi

    def parse(self, value: Any, ctx: Any, src: str) -> Any:
        self.kind.parse(value, ctx, src)
        return None


JOB_DESC = relax(parent.JOB_DESC)
JOB_DESC = drop(JOB_DESC, "cores_per_socket")
JOB_DESC = replace(
    JOB_DESC,
    P("distribution", None, Distribution()),
    P("distribution_plane_size", "plane_size", U16),
)
JOB_DESC = insert(JOB_DESC, "reservation", P("resv_mpi_ports", None, Dropped(U16)))
JOB_DESC = insert(
    JOB_DESC, "required_switches", P("segment_size", None, Dropped(NoValInt(16, v40=False)))
)

kill_flags = parent.kill_flags
DELETE_QUERY = relax(parent.DELETE_QUERY)
KILL_JOBS = relax(parent.KILL_JOBS)
