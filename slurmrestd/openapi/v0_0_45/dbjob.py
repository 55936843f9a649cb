"""v0.0.45: jobs and steps as slurmdbd records them."""

from __future__ import annotations
