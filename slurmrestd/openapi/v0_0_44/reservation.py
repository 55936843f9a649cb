"""v0.0.44: reservations (reserve_info)."""

from __future__ import annotations
