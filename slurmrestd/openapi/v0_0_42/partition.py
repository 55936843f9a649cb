"""v0.0.42: partitions (partition_info)."""

from __future__ import annotations
