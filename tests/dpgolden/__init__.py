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
    path: str  # below /PREFIX/VERSION
    user: str = "slurm"
    body: Any = None
    prefix: str = "slurm"  # util: openapi/util's /util/VERSION
    since: str = "v0.0.40"  # the first version that has the request

    def target(self, version: str) -> str:
        return f"/{self.prefix}/{version}{self.path}"

    def applies(self, version: str) -> bool:
        return version >= self.since


def _db(name: str, path: str, user: str = "slurm") -> Case:
    return Case(name, "GET", path, user, prefix="slurmdb")


def _dbpost(name: str, path: str, body: Any) -> Case:
    return Case(name, "POST", path, "slurm", body, prefix="slurmdb")


# Requests whose answers have the same structure on every cluster.
CASES = (
    Case("ping", "GET", "/ping/"),
    # jobs: nothing changed since update_time, an unknown job, refused ids and queries
    Case("jobs_unchanged", "GET", "/jobs/?update_time=9999999999"),
    Case("job_unknown", "GET", "/job/999999"),
    Case("job_bad_id", "GET", "/job/abc"),
    Case("jobs_bad_update_time", "GET", "/jobs/?update_time=abc"),
    Case("jobs_bad_flag", "GET", "/jobs/?flags=BOGUS&update_time=9999999999"),
    Case("jobs_state_unknown", "GET", "/jobs/state/?job_id=999999"),
    Case("diag", "GET", "/diag/"),
    Case("licenses", "GET", "/licenses/"),
    Case("shares", "GET", "/shares", user="alice"),
    # An ordinary user may not reconfigure (500 as 24.11 answers, 422 as 26.05).
    Case("reconfigure_refused", "GET", "/reconfigure/", user="alice"),
    Case(
        "util_hostnames",
        "POST",
        "/hostnames",
        body={"hostlist": "n[1-3],m2"},
        prefix="util",
        since="v0.0.44",
    ),
    Case(
        "util_hostnames_list",
        "POST",
        "/hostnames",
        body={"hostlist": ["a", "b[1-2]"]},
        prefix="util",
        since="v0.0.44",
    ),
    Case(
        "util_hostnames_bad",
        "POST",
        "/hostnames",
        body={"hostlist": 5, "x": 1},
        prefix="util",
        since="v0.0.44",
    ),
    Case(
        "util_hostlist",
        "POST",
        "/hostlist",
        body={"hostnames": ["n1", "n2", "n3"]},
        prefix="util",
        since="v0.0.44",
    ),
    Case("util_hostlist_missing", "POST", "/hostlist", body={}, prefix="util", since="v0.0.44"),
    # Nodes, partitions and reservations: each lab has node vm, partitions debug and
    # long, and no reservation outside the tests that make one.
    Case("nodes", "GET", "/nodes/"),
    Case("node", "GET", "/node/vm"),
    Case("node_unknown", "GET", "/node/nope"),
    Case("partitions", "GET", "/partitions/"),
    Case("partition", "GET", "/partition/debug"),
    Case("partition_unknown", "GET", "/partition/nope"),
    Case("reservations", "GET", "/reservations/"),
    Case("reservation_none", "GET", "/reservation/nope"),
    Case("nodes_bad_time", "GET", "/nodes/?update_time=abc"),
    Case("node_update_unknown", "POST", "/node/nope", body={"comment": "x"}),
    Case("node_delete_unknown", "DELETE", "/node/nope"),
    # jobwrite: bodies refused before slurmctld is asked, and jobs no cluster has
    Case("submit-no-script", "POST", "/job/submit", "alice", {"job": {"name": "x"}}),
    Case("submit-both", "POST", "/job/submit", "alice", {"job": {}, "jobs": [{}], "script": "x"}),
    Case("submit-unknown-key", "POST", "/job/submit", "alice", {"job": {"bogus": 1}}),
    Case("submit-wrong-type", "POST", "/job/submit", "alice", {"job": {"tasks": "abc"}}),
    Case("submit-bad-flag", "POST", "/job/submit", "alice", {"job": {"flags": ["NOPE"]}}),
    Case("submit-list", "POST", "/job/submit", "alice", []),
    Case("update-unknown-job", "POST", "/job/999999", "alice", {"comment": "x"}),
    Case("update-bad-body", "POST", "/job/999999", "alice", {"tasks": "x"}),
    Case("signal-unknown-job", "DELETE", "/job/999999", "alice"),
    Case("signal-bad-id", "DELETE", "/job/abc", "alice"),
    Case("signal-many-empty", "DELETE", "/jobs/", "alice", {}),
    Case("allocate-neither", "POST", "/job/allocate", "alice", {}, since="v0.0.41"),
    Case(
        "allocate-wrong-type",
        "POST",
        "/job/allocate",
        "alice",
        {"job": {"tasks": "x"}},
        since="v0.0.41",
    ),
    Case("requeue-unknown-job", "GET", "/job/999999/requeue", "alice", since="v0.0.45"),
    Case("requeue-many-empty", "POST", "/jobs/requeue", "alice", {}, since="v0.0.45"),
    # a job's resource layout: a job no cluster has, ids the reference refuses
    Case("resources_unknown", "GET", "/resources/999999", since="v0.0.44"),
    Case("resources_bad_id", "GET", "/resources/abc", since="v0.0.44"),
    Case("resources_past_max", "GET", "/resources/67108863", since="v0.0.44"),
    # accounting job updates (v0.0.44 on): a job no cluster has, a refused id and body
    Case(
        "dbjob_update_unknown",
        "POST",
        "/job/999999999",
        body={"comment": {"job": "x"}},
        prefix="slurmdb",
        since="v0.0.44",
    ),
    Case(
        "dbjob_update_bad_id",
        "POST",
        "/job/abc",
        body={"comment": {"job": "x"}},
        prefix="slurmdb",
        since="v0.0.44",
    ),
    Case(
        "dbjob_update_bad_body",
        "POST",
        "/job/999999999",
        body={"comment": {"job": {"a": 1}}},
        prefix="slurmdb",
        since="v0.0.44",
    ),
    # dynamic nodes (v0.0.44 on): refused by slurmctld (an ordinary user), by the body
    Case(
        "new_node_user",
        "POST",
        "/new/node/",
        "alice",
        {"node_conf": "NodeName=ctldmore1 CPUs=1"},
        since="v0.0.44",
    ),
    Case("new_node_missing", "POST", "/new/node/", body={}, since="v0.0.44"),
    Case("new_node_object", "POST", "/new/node/", body={"node_conf": {"a": 1}}, since="v0.0.44"),
    # slurmctld's configuration (v0.0.45 on): all of it, nothing changed since, a refused time
    Case("conf", "GET", "/conf", since="v0.0.45"),
    Case("conf_unchanged", "GET", "/conf?update_time=9999999999", since="v0.0.45"),
    Case("conf_bad_update_time", "GET", "/conf?update_time=abc&foo=1", since="v0.0.45"),
    # slurmdbd's own configuration (v0.0.45 on)
    Case("dbd_conf", "GET", "/conf", prefix="slurmdb", since="v0.0.45"),
    Case("dbd_conf_user", "GET", "/conf", "alice", prefix="slurmdb", since="v0.0.45"),
    # slurmdbd's jobs: searches that find nothing, and queries the reference refuses.
    Case("dbjob_unknown", "GET", "/job/999999999", prefix="slurmdb"),
    Case("dbjob_bad_id", "GET", "/job/abc", prefix="slurmdb"),
    Case("dbjobs_none", "GET", "/jobs/?job_name=no-such-job&foo=1", prefix="slurmdb"),
    Case("dbjobs_bad_time", "GET", "/jobs/?start_time=garbage", prefix="slurmdb"),
    Case("dbjobs_bad_user", "GET", "/jobs/?users=no-such-user", prefix="slurmdb"),
    Case("dbjobs_bad_number", "GET", "/jobs/?exit_code=x", prefix="slurmdb"),
    # 422 in v0.0.40; reported (500) and searched from v0.0.41 on.
    Case("dbjobs_bad_state", "GET", "/jobs/?job_name=no-such-job&state=BOGUS", prefix="slurmdb"),
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
    # writes refused before slurmdbd is asked to change anything
    _dbpost("db_post_assoc_no_user", "/associations/", {"associations": [{"account": "x"}]}),
    _dbpost("db_post_assoc_list", "/associations/", []),
    _dbpost(
        "db_post_assoc_bad_flag",
        "/associations/",
        {"associations": [{"user": "x", "flags": ["BOGUS"]}]},
    ),
    _dbpost("db_post_qos_dict", "/qos/", {"qos": {}}),
    _dbpost("db_post_qos_no_name", "/qos/", {"qos": [{"description": "x"}]}),
    _dbpost("db_post_qos_bad_value", "/qos/", {"qos": [{"name": "x", "priority": "abc"}]}),
    _dbpost("db_post_config_list", "/config", []),
    _dbpost("db_post_config_empty", "/config", {}),
    _dbpost("db_post_accounts_assoc_list", "/accounts_association/", []),
    _dbpost("db_post_users_assoc_empty", "/users_association/", {}),
    _dbpost(
        "db_post_users_assoc_no_account",
        "/users_association/",
        {"association_condition": {"users": ["x"]}, "user": {}},
    ),
)


def path(version: str, name: str) -> Path:
    return HERE / version / f"{name}.json"


def read(version: str, name: str) -> dict[str, Any]:
    with open(path(version, name)) as f:
        data: dict[str, Any] = json.load(f)
    return data


def recorded() -> list[tuple[str, Case]]:
    return [(v, c) for v in RECORDED_ON for c in CASES if c.applies(v) and path(v, c.name).exists()]
