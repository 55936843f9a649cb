"""v0.0.45: the accounting job update, as v0.0.44's (no differences)."""

from __future__ import annotations

from slurmrestd.openapi.v0_0_44 import jobmodify as parent

JOB_MODIFY = parent.JOB_MODIFY
