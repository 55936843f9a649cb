"""v0.0.43: reservations (reserve_info)."""

from __future__ import annotations
