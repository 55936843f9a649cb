"""v0.0.43: jobs and steps as slurmdbd records them."""

from __future__ import annotations
