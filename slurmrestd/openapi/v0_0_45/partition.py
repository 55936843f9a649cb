"""v0.0.45: partitions (partition_info)."""

from __future__ import annotations
