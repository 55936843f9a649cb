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
    SETENV,
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

# slurm.h: task_dist_states_t (node, socket and core distributions in their nibbles)
DIST_CYCLIC, DIST_BLOCK, DIST_ARBITRARY, DIST_PLANE, DIST_UNKNOWN = 0x1, 0x2, 0x3, 0x4, 0x2000
DIST_BASE = 0xFFFF
DIST_PACK, DIST_NO_PACK = 0x800000, 0x400000
_LEVEL = {"cyclic": 1, "block": 2, "fcyclic": 3}
BAD_DIST = 2023  # ESLURM_BAD_DIST
_ENV = SETENV


def dist_type(text: str) -> tuple[int, int | None] | None:
    """Slurm's verify_dist_type: (task_dist, plane size or None); None when invalid."""
    if text[:5].lower() == "plane":
        size = text.partition("=")[2]
        if not size.isdigit() or not 0 < int(size) <= 0x7FFFFFFF:
            return None
        return DIST_PLANE, int(size)
    if not text or text[0] == ",":
        return None
    base, _, flag = text.partition(",")
    parts = base.split(":")
    if len(parts) > 3 or not base:
        return None
    names = []
    sock = "cyclic"
    for i, part in enumerate(parts):
        if part == "*":
            part = ("block", "cyclic", sock)[i]
        if i == 1:
            sock = part
        names.append(part.lower())
    joined = ":".join(names)
    if joined in ("arbitrary", "hostfile"):
        result = DIST_ARBITRARY
    elif all(n in _LEVEL for n in names) and names[0] != "fcyclic":
        result = sum(_LEVEL[n] << (4 * i) for i, n in enumerate(names))
    else:
        return None
    if flag:
        if flag.lower() == "nopack":
            result |= DIST_NO_PACK
        elif flag.lower() == "pack":
            result |= DIST_PACK
        else:
            return None
    return result, None


def dist_name(dist: int) -> str:
    """set_distribution's text of a distribution (SLURM_DISTRIBUTION)."""
    base = dist & DIST_BASE
    if base == DIST_ARBITRARY:
        text = "arbitrary"
    elif base == DIST_PLANE:
        text = "plane"
    else:
        names = {v: k for k, v in _LEVEL.items()}
        text = ":".join(names[(base >> (4 * i)) & 0xF] for i in range(3) if (base >> (4 * i)) & 0xF)
    if dist & DIST_PACK:
        text += ",pack"
    elif dist & DIST_NO_PACK:
        text += ",nopack"
    return text


def _plane_env(size: int) -> dict[str, Any]:
    return {f"{_ENV}SLURM_DISTRIBUTION": "plane", f"{_ENV}SLURM_DIST_PLANESIZE": str(size)}


class Distribution(Str):
    """JOB_DESC_MSG_TASK_DISTRIBUTION: task_dist, with SLURM_DISTRIBUTION in the environment."""

    def parse(self, value: Any, ctx: Any, src: str) -> Any:
        plane = ctx.values.get("plane_size")
        if value is None:
            return None if plane is not None else {"task_dist": DIST_UNKNOWN}
        text = as_string(value)
        if text is None:
            raise ctx.error(src, DATA_CONV_FAILED, "Invalid distribution")
        found = dist_type(text)
        if found is None:
            raise ctx.error(src, BAD_DIST, "Invalid distribution specification")
        dist, size = found
        if dist & DIST_BASE == DIST_PLANE:
            assert size is not None
            if plane is not None and plane != size:
                raise ctx.error(
                    src,
                    BAD_DIST,
                    "Plane distribution set by distribution_plane_size and distribution do not "
                    f"match. ({plane} != {size})",
                )
            return {"task_dist": dist, "plane_size": size, **_plane_env(size)}
        if plane is not None:
            raise ctx.error(
                src,
                BAD_DIST,
                "Plane size distribution specifications cannot be combined with other options",
            )
        out: dict[str, Any] = {"task_dist": dist}
        if dist & DIST_BASE == DIST_ARBITRARY:
            nodes = ctx.values.get("req_nodes")
            if not nodes:
                raise ctx.error(
                    src, BAD_DIST, "Arbitrary distribution needs required_nodes to be specified"
                )
            out[f"{_ENV}SLURM_ARBITRARY_NODELIST"] = nodes
        out[f"{_ENV}SLURM_DISTRIBUTION"] = dist_name(dist)
        return out


class PlaneSize(NoValInt):
    """JOB_DESC_MSG_PLANE_SIZE: a plane distribution of this many tasks (or unset)."""

    def __init__(self) -> None:
        super().__init__(16, v40=False)

    def parse(self, value: Any, ctx: Any, src: str) -> Any:
        size = super().parse(value, ctx, src)
        if size == NO_VAL16:
            return None
        return {"task_dist": DIST_PLANE, "plane_size": size, **_plane_env(size)}


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
    P("distribution_plane_size", None, PlaneSize()),
    P("cpu_frequency", None, CpuFrequency()),
)
JOB_DESC = insert(JOB_DESC, "reservation", P("resv_mpi_ports", None, Dropped(U16)))
JOB_DESC = insert(
    JOB_DESC, "required_switches", P("segment_size", None, Dropped(NoValInt(16, v40=False)))
)

kill_flags = parent.kill_flags
DELETE_QUERY = relax(parent.DELETE_QUERY)
KILL_JOBS = relax(parent.KILL_JOBS)

SUBMIT_RESP, POST_RESP = parent.SUBMIT_RESP, parent.POST_RESP
