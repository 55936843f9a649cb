"""The jobs operations of openapi/slurmdbd."""

from __future__ import annotations

from slurmrestd.openapi.content import COp

OPS: tuple[COp, ...] = ()
