"""v0.0.45: reservations (reserve_info)."""

from __future__ import annotations
