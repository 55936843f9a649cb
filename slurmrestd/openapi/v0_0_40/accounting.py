"""v0.0.40: accounts, users, associations, QOS, TRES, wckeys, clusters, instances, stats."""

from __future__ import annotations
