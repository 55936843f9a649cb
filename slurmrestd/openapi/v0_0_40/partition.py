"""v0.0.40: partitions (partition_info)."""

from __future__ import annotations
