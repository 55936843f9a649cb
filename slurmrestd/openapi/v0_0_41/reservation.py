"""v0.0.41: reservations (reserve_info)."""

from __future__ import annotations
