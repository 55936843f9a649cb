"""The jobwrite operations of openapi/slurmctld."""

from __future__ import annotations

from slurmrestd.openapi.content import COp

OPS: tuple[COp, ...] = ()
