"""The data_parser references' answers, recorded for the releases whose C daemon serves none.

22.05's C daemon serves no data_parser version, so on 22.05 our answers are
compared with what the newest C daemon that serves each version answered on its
own lab (24.11 for v0.0.40 and v0.0.41, 26.05 for v0.0.42 to v0.0.45): the
structure (keys in order, value types), not the values, which are another
cluster's.  CASES lists the requests; record.py asks the references (on the host,
with the roots' labs up) and writes one file per case and version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# The release whose C daemon answers for each version (the newest that serves it).
RECORDED_ON = {
    "v0.0.40": "24.11",
    "v0.0.41": "24.11",
    "v0.0.42": "26.05",
    "v0.0.43": "26.05",
    "v0.0.44": "26.05",
    "v0.0.45": "26.05",
}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str  # below PREFIX/VERSION
    user: str = "slurm"
    body: Any = None
    prefix: str = "/slurm"  # /slurmdb: openapi/slurmdbd's paths

    def target(self, version: str) -> str:
        return f"{self.prefix}/{version}{self.path}"


def _db(name: str, path: str, user: str = "slurm") -> Case:
    return Case(name, "GET", path, user, prefix="/slurmdb")


# Requests whose answers have the same structure on every cluster.
CASES = (
    Case("ping", "GET", "/ping/"),
    _db("db_tres", "/tres/"),
    _db("db_qos", "/qos/"),
    _db("db_accounts", "/accounts/"),
    _db("db_users", "/users/"),
    _db("db_associations", "/associations/"),
    _db("db_wckeys", "/wckeys/"),
    _db("db_clusters", "/clusters/"),
    _db("db_instances", "/instances/"),
    _db("db_config", "/config"),
    _db("db_diag", "/diag/"),
    _db("db_diag_user", "/diag/", "alice"),
    _db("db_account_missing", "/account/nothing"),
)


def path(version: str, name: str) -> Path:
    return HERE / version / f"{name}.json"


def read(version: str, name: str) -> dict[str, Any]:
    with open(path(version, name)) as f:
        data: dict[str, Any] = json.load(f)
    return data


def recorded() -> list[tuple[str, Case]]:
    return [(v, c) for v in RECORDED_ON for c in CASES if path(v, c.name).exists()]
