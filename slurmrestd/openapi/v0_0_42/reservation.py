"""v0.0.42: reservations (reserve_info)."""

from __future__ import annotations
