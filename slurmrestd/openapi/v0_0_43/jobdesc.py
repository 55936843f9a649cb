"""v0.0.43: job descriptions parsed from submit, allocate and update bodies."""

from __future__ import annotations
