"""v0.0.41: partitions (partition_info)."""

from __future__ import annotations
