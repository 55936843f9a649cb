"""v0.0.43: partitions (partition_info)."""

from __future__ import annotations
