"""openapi/dbv0.0.38 tables: one per accounting object (JSON path, C field, kind)."""

from slurmrestd.openapi.common.dbparse import (
    ACCOUNT,
    ASSOC,
    CLUSTER,
    JOB,
    QOS,
    STATS,
    TRES,
    USER,
    WCKEY,
)

__all__ = ["ACCOUNT", "ASSOC", "CLUSTER", "JOB", "QOS", "STATS", "TRES", "USER", "WCKEY"]
