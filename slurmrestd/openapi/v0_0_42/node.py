"""v0.0.42: nodes (node_info): GET nodes, node/{node_name} and node updates."""

from __future__ import annotations
