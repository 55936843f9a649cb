"""v0.0.44: jobs and steps as slurmdbd records them."""

from __future__ import annotations
