"""v0.0.42: jobs and steps as slurmdbd records them."""

from __future__ import annotations
