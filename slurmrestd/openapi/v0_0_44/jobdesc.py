"""v0.0.44: job descriptions parsed from submit, allocate and update bodies."""

from __future__ import annotations
