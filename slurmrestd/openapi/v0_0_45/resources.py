"""v0.0.45: a running job's resource layout per node, as v0.0.44's (no differences)."""

from __future__ import annotations

from slurmrestd.openapi.v0_0_44 import resources as parent

GRES = parent.GRES
LAYOUT = parent.LAYOUT
