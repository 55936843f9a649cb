"""v0.0.40: reservations (reserve_info)."""

from __future__ import annotations
