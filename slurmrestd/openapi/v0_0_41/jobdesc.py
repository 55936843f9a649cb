"""v0.0.41: job descriptions parsed from submit, allocate and update bodies.

Differences from v0.0.40: reports show the value; NO_VAL numbers take plain
numbers without a warning; flag errors are reported once; cores_per_socket is
missing from the table (as in the C parser); distribution and
distribution_plane_size have their own parsers; resv_mpi_ports and
segment_size are new.
"""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.dataparser.parsing import (
    DATA_CONV_FAILED,
    P,
    PKind,
    Str,
    as_string,
    drop,
    insert,
    relax,
    replace,
)
from slurmrestd.openapi.v0_0_40 import jobdesc as parent
from slurmrestd.openapi.v0_0_40.jobdesc import U16, NoValInt
from slurmrestd.slurm.constants import NO_VAL16

_DIST_FIRST = ("block", "cyclic", "arbitrary", "plane", "fcyclic", "*")
_DIST_NEXT = ("block", "cyclic", "fcyclic", "*")


def _dist_ok(text: str) -> bool:
    """Slurm's verify_dist_type: FIRST[:SECOND[:THIRD]][,Pack|NoPack], plane=N alone."""
    spec, _, pack = text.partition(",")
    if pack and pack.lower() not in ("pack", "nopack"):
        return False
    if spec.lower().startswith("plane="):
        return spec[6:].isdigit() and int(spec[6:]) > 0
    parts = spec.lower().split(":")
    if not parts[0] or parts[0] not in _DIST_FIRST or len(parts) > 3:
        return False
    return all(p in _DIST_NEXT for p in parts[1:])


class Distribution(Str):
    """JOB_DESC_MSG_TASK_DISTRIBUTION: checked as Slurm checks it; the binding sends no
    task_dist (slurmctld applies its default distribution)."""

    def parse(self, value: Any, ctx: Any, src: str) -> Any:
        if value is None:
            return None
        text = as_string(value)
        if text is None:
            raise ctx.error(src, DATA_CONV_FAILED, "Invalid distribution")
        if not _dist_ok(text):
            raise ctx.error(src, 2023, "Invalid distribution specification")  # ESLURM_BAD_DIST
        return None


class PlaneSize(NoValInt):
    """JOB_DESC_MSG_PLANE_SIZE: a number of tasks (or unset)."""

    def __init__(self) -> None:
        super().__init__(16, v40=False)

    def parse(self, value: Any, ctx: Any, src: str) -> Any:
        size = super().parse(value, ctx, src)
        return None if size == NO_VAL16 else size


class CpuFrequency(parent.CpuFrequency):
    """v0.0.41 misspells its error (v0.0.42 spells it right again)."""

    invalid = "Invalid cpu_freuency"


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
    P("distribution_plane_size", "plane_size", PlaneSize()),
    P("cpu_frequency", None, CpuFrequency()),
)
JOB_DESC = insert(JOB_DESC, "reservation", P("resv_mpi_ports", None, Dropped(U16)))
JOB_DESC = insert(
    JOB_DESC, "required_switches", P("segment_size", None, Dropped(NoValInt(16, v40=False)))
)

kill_flags = parent.kill_flags
DELETE_QUERY = relax(parent.DELETE_QUERY)
KILL_JOBS = relax(parent.KILL_JOBS)
