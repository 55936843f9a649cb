"""v0.0.44: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations
