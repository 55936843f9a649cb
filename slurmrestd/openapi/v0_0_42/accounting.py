"""v0.0.42: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations
