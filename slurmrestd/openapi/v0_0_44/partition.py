"""v0.0.44: partitions (partition_info)."""

from __future__ import annotations
