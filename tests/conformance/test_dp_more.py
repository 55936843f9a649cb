"""What 26.05 adds to the data_parser versions that the other areas leave: GET
resources/{job_id} (v0.0.44 on), and the accounting and configuration paths of this
file's later sections.

On 26.05 ours is compared with its C daemon.  On 24.11, whose C daemon serves none of
v0.0.44 and v0.0.45, ours answers as 26.05's would on that cluster: the expectations
below are 26.05's answers (status, error number and source), and the layout of a
running job is checked against slurmctld's own account of it (scontrol show job -d).
Jobs wait on events: sbatch --wait of a job that depends on another's start returns
once that one runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests import dpgolden
from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conformance.dp import assert_same, both, comparable
from tests.conformance.test_dp_dbjobs import recorded
from tests.conftest import Lab, binding_release
from tests.daemon import Client, jwt_headers

pytestmark = pytest.mark.releases("24.11", "26.05")

LAYOUT_VERSIONS = ("v0.0.44", "v0.0.45")
REFERENCE = binding_release() == "26.05"


@dataclass
class Jobs:
    running: int
    pending: int


def sbatch(lab: Lab, *args: str) -> int:
    done = lab.run("sbatch", "--parsable", "-o", "/dev/null", "-t", "10", *args, user="alice")
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().split(";")[0])


@pytest.fixture(scope="module")
def jobs(lab: Lab) -> Iterator[Jobs]:
    made: list[int] = []
    try:
        made.append(sbatch(lab, "-J", "dpmore-running", "--wrap", "sleep 600"))
        # Returns once the first one has started.
        sbatch(lab, "--wait", "-J", "dpmore-after", "-d", f"after:{made[0]}", "--wrap", "true")
        made.append(sbatch(lab, "-H", "-J", "dpmore-pending", "--wrap", "true"))
        yield Jobs(*made)
    finally:
        for job in made:
            lab.run("scancel", str(job))


def ours(
    pair: Pair, lab: Lab, method: str, target: str, user: str = "slurm", body: Any = None
) -> tuple[int, Any]:
    client = Client(port=pair.our_port, headers=jwt_headers(user, lab.token(user)))
    return client.request(method, target, body)


def compared(
    pair: Pair, lab: Lab, method: str, target: str, user: str = "slurm", body: Any = None
) -> tuple[int, Any]:
    """Ours's answer; on 26.05 first compared with its C daemon's to the same request."""
    if not REFERENCE:
        return ours(pair, lab, method, target, user, body)
    ref, got = both(pair, lab, method, target, body, user=user)
    assert_same(ref, got)
    return got


# (name, job id ("{running}", "{pending}" or a literal), user, status, error number)
LAYOUT_CASES = (
    ("admin", "{running}", "slurm", 200, None),
    ("owner", "{running}", "alice", 200, None),
    ("other_user", "{running}", "bob", 422, 2010),
    ("array_task_form", "{running}_1", "slurm", 200, None),
    ("step_form", "{running}.batch", "slurm", 200, None),
    ("pending", "{pending}", "slurm", 422, 2085),
    ("unknown", "999999", "slurm", 404, 2017),
    ("past_max_job_id", "67108863", "slurm", 404, 2017),
    ("no_val", "4294967294", "slurm", 422, 9000),
    ("zero", "0", "slurm", 422, 9000),
    ("word", "abc", "slurm", 422, 9000),
    ("negative", "-1", "slurm", 422, 9000),
)


@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
@pytest.mark.parametrize(
    ("job", "user", "status", "number"),
    [c[1:] for c in LAYOUT_CASES],
    ids=[c[0] for c in LAYOUT_CASES],
)
def test_resources(
    dp_pair: Pair,
    lab: Lab,
    jobs: Jobs,
    version: str,
    job: str,
    user: str,
    status: int,
    number: int | None,
) -> None:
    target = f"/slurm/{version}/resources/{job.format(running=jobs.running, pending=jobs.pending)}"
    got = compared(dp_pair, lab, "GET", target, user)
    assert got[0] == status, got
    errors = got[1]["errors"]
    assert [e["error_number"] for e in errors] == ([number] if number else []), errors
    if errors and errors[0]["source"] == "_handle_get":  # slurmctld's answer
        assert got[1]["nodes"] == []


def _scontrol_layout(lab: Lab, job: int) -> tuple[str, list[int], int]:
    """(node, allocated CPU ids, memory) of a one-node job as scontrol -d shows them."""
    done = lab.run("scontrol", "show", "job", "-d", str(job))
    assert done.returncode == 0, done.stderr
    line = next(ln for ln in done.stdout.splitlines() if "CPU_IDs=" in ln)
    fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
    cpus: list[int] = []
    for part in fields["CPU_IDs"].split(","):
        first, _, last = part.partition("-")
        cpus += range(int(first), int(last or first) + 1)
    return fields["Nodes"], cpus, int(fields["Mem"])


@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
def test_resources_layout(dp_pair: Pair, lab: Lab, jobs: Jobs, version: str) -> None:
    """The layout says what slurmctld says of the job (one node, one thread per core)."""
    status, body = ours(dp_pair, lab, "GET", f"/slurm/{version}/resources/{jobs.running}")
    assert status == 200, body
    node, cpus, mem = _scontrol_layout(lab, jobs.running)
    [layout] = body["nodes"]
    assert list(layout) == [
        "node",
        "sockets_per_node",
        "cores_per_socket",
        "mem_alloc",
        "core_bitmap",
        "channel",
        "gres",
    ]
    assert layout["node"] == node
    assert layout["mem_alloc"] == mem
    cores = layout["sockets_per_node"] * layout["cores_per_socket"]
    mask = int(layout["core_bitmap"], 16)
    assert layout["core_bitmap"] == f"0x{mask:0{(cores + 3) // 4}X}"
    assert [i for i in range(cores) if mask >> i & 1] == cpus
    assert layout["channel"] == {"set": False, "infinite": False, "number": 0}
    assert layout["gres"] == []


# --- GET /slurmdb/v0.0.45/conf -------------------------------------------------------


def _sacctmgr_config(lab: Lab) -> dict[str, str]:
    done = lab.run("sacctmgr", "-n", "show", "config")
    assert done.returncode == 0, done.stderr
    out = {}
    for line in done.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


@pytest.mark.parametrize("user", ["slurm", "alice"])
def test_dbd_conf(dp_pair: Pair, lab: Lab, user: str) -> None:
    target = "/slurmdb/v0.0.45/conf"
    if REFERENCE:
        ref, got = both(dp_pair, lab, "GET", target, user=user)
        assert_same(ref, got)
    else:
        got = ours(dp_pair, lab, "GET", target, user)
        golden = dpgolden.read("v0.0.45", "dbd_conf")
        assert got[0] == golden["status"]
        diffs = differences(golden["body"], got[1], values=False)
        assert not diffs, "\n".join(diffs[:40])
    assert got[0] == 200, got
    conf = got[1]["slurmdbd_conf"]
    said = _sacctmgr_config(lab)
    assert conf["DbdPort"] == int(said["DbdPort"])
    assert conf["DbdHost"] == said["DbdHost"]
    assert conf["DebugLevel"] == said["DebugLevel"]
    assert conf["LogFile"] == said["LogFile"]
    assert conf["MaxQueryTimeRange"] == said["MaxQueryTimeRange"]
    assert conf["PurgeJobAfter"]["set"] is (said["PurgeJobAfter"] != "NONE")


# --- POST /slurmdb/{v}/job/{job_id} and /jobs/ (v0.0.44 on) ----------------------------

SACCT_FIELDS = ("Comment", "AdminComment", "SystemComment", "Extra", "DerivedExitCode")


@pytest.fixture(scope="module")
def done_job(lab: Lab) -> int:
    """A job of alice's that has ended, recorded in slurmdbd."""
    job = sbatch(lab, "--wait", "-J", "dpmore-done", "--wrap", "true")
    recorded(lab, [job])
    return job


def _sacct(lab: Lab, job: int) -> dict[str, str]:
    done = lab.run("sacct", "-X", "-n", "-P", "-j", str(job), "-o", ",".join(SACCT_FIELDS))
    assert done.returncode == 0, done.stderr
    return dict(zip(SACCT_FIELDS, done.stdout.strip().split("|"), strict=True))


def _post_both(
    pair: Pair, lab: Lab, target: str, ref_body: Any, our_body: Any, user: str
) -> tuple[int, Any]:
    """The same request through each daemon (the reference's first), each with its own
    body; ours's answer (after comparing it with the reference's on 26.05)."""
    headers = jwt_headers(user, lab.token(user))
    if REFERENCE:
        ref = Client(port=pair.ref_port, headers=headers).request("POST", target, ref_body)
    got = Client(port=pair.our_port, headers=headers).request("POST", target, our_body)
    if REFERENCE:
        assert_same((ref[0], comparable(ref[1])), (got[0], comparable(got[1])))
    return got


# (name, user, body with {v} for a value each daemon sets its own, status, sacct field
# that shows the value, or None)
MODIFY_CASES: tuple[tuple[str, str, Any, int, str | None], ...] = (
    ("comment", "slurm", {"comment": {"job": "{v}"}}, 200, "Comment"),
    ("admin_comment", "slurm", {"comment": {"administrator": "{v}"}}, 200, "AdminComment"),
    ("system_comment", "slurm", {"comment": {"system": "{v}"}}, 200, "SystemComment"),
    ("extra", "slurm", {"extra": "{v}"}, 200, "Extra"),
    ("owner_comment", "alice", {"comment": {"job": "{v}"}}, 200, "Comment"),
    ("owner_admin_comment", "alice", {"comment": {"administrator": "{v}"}}, 422, None),
    ("other_user", "bob", {"comment": {"job": "{v}"}}, 422, None),
    ("unknown_field", "slurm", {"bogus": 1, "comment": {"job": "{v}"}}, 200, "Comment"),
    (
        "unknown_fields",
        "slurm",
        {"bogus": 1, "comment": {"job": "{v}", "zz": [1]}},
        200,
        "Comment",
    ),
    ("tres_same", "slurm", {"tres": {"allocated": [{"type": "cpu", "count": 1}]}}, 200, None),
    ("wrong_type", "slurm", {"comment": {"job": {"a": 1}}}, 422, None),
    ("wrong_type_list", "slurm", {"extra": ["a", 2]}, 422, None),
    ("exit_code_text", "slurm", {"derived_exit_code": "abc"}, 500, None),
    ("exit_code_bad_number", "slurm", {"derived_exit_code": {"return_code": "x"}}, 500, None),
    ("nothing", "slurm", {}, 304, None),
)


def _fill(body: Any, value: str) -> Any:
    if isinstance(body, dict):
        return {k: _fill(v, value) for k, v in body.items()}
    return value if body == "{v}" else body


@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
@pytest.mark.parametrize(
    ("user", "body", "status", "shown"),
    [c[1:] for c in MODIFY_CASES],
    ids=[c[0] for c in MODIFY_CASES],
)
def test_job_modify(
    dp_pair: Pair,
    lab: Lab,
    done_job: int,
    version: str,
    user: str,
    body: Any,
    status: int,
    shown: str | None,
) -> None:
    target = f"/slurmdb/{version}/job/{done_job}"
    if "tres" in body and binding_release() == "24.11":
        status = 304  # 24.11's slurmdbd changes no job's TRES: nothing changed
    before = _sacct(lab, done_job)
    ours_value = f"ours-{version}-{user}"
    got = _post_both(dp_pair, lab, target, _fill(body, "ref"), _fill(body, ours_value), user)
    assert got[0] == status, got
    after = _sacct(lab, done_job)
    if shown is None:
        assert after == before
    else:
        assert after[shown] == ours_value
        assert got[1]["results"] == [got[1]["results"][0]]
        assert got[1]["results"][0].startswith(f"{done_job} submitted at ")


@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
def test_job_modify_exit_code(dp_pair: Pair, lab: Lab, done_job: int, version: str) -> None:
    target = f"/slurmdb/{version}/job/{done_job}"
    got = _post_both(
        dp_pair, lab, target, {"derived_exit_code": 2}, {"derived_exit_code": 1}, "slurm"
    )
    assert got[0] == 200, got
    # The number is stored as given (a wait status): 1 is signal 1.
    assert _sacct(lab, done_job)["DerivedExitCode"] == "0:1"


@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
@pytest.mark.parametrize("form", ["list", "csv"])
def test_jobs_modify(dp_pair: Pair, lab: Lab, done_job: int, version: str, form: str) -> None:
    ids: Any = [str(done_job)] if form == "list" else str(done_job)
    value = f"ours-jobs-{version}-{form}"
    got = _post_both(
        dp_pair,
        lab,
        f"/slurmdb/{version}/jobs/",
        {"job_id_list": ids, "job_rec": {"comment": {"job": "ref"}}},
        {"job_id_list": ids, "job_rec": {"comment": {"job": value}}},
        "slurm",
    )
    assert got[0] == 200, got
    assert _sacct(lab, done_job)["Comment"] == value


@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
@pytest.mark.parametrize(
    ("job", "status"), [("999999", 304), ("abc", 422)], ids=["unknown", "bad_id"]
)
def test_job_modify_refused(dp_pair: Pair, lab: Lab, version: str, job: str, status: int) -> None:
    target = f"/slurmdb/{version}/job/{job}"
    got = _post_both(
        dp_pair, lab, target, {"comment": {"job": "x"}}, {"comment": {"job": "x"}}, "slurm"
    )
    assert got[0] == status, got


@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
def test_jobs_modify_without_ids(dp_pair: Pair, lab: Lab, done_job: int, version: str) -> None:
    """Refused, nothing changed (26.05's C daemon dies on it: not asked)."""
    before = _sacct(lab, done_job)
    status, body = ours(
        dp_pair,
        lab,
        "POST",
        f"/slurmdb/{version}/jobs/",
        "slurm",
        {"job_rec": {"comment": {"job": "all"}}},
    )
    assert status == 422, body
    assert (
        body["errors"][-1]["description"]
        == "Rejecting request. Failure parsing job update request."
    )
    assert _sacct(lab, done_job) == before


@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
def test_job_modify_unknown_tres(dp_pair: Pair, lab: Lab, done_job: int, version: str) -> None:
    """A TRES slurmdbd does not know is refused before slurmdbd is asked (26.05's C daemon
    sends it on as TRES 0, and slurmdbd dies: not asked)."""
    before = _sacct(lab, done_job)
    body = {"tres": {"allocated": [{"type": "nope", "count": 1}]}}
    status, got = ours(dp_pair, lab, "POST", f"/slurmdb/{version}/job/{done_job}", "slurm", body)
    assert status == 422, got
    numbers = [e["error_number"] for e in got["errors"]]
    assert (numbers[0], numbers[-1]) == (2115, 9000), got
    assert _sacct(lab, done_job) == before


# --- POST /slurm/{v}/new/node/ (v0.0.44 on) --------------------------------------------

NODE_LINE = "NodeName=ctldmore1 CPUs=1 RealMemory=100"
# (name, user, body, status, error numbers) as 26.05's C daemon answers on its lab, which
# creates no node from these lines (no dynamic state: slurmctld refuses it).
NEW_NODE_CASES: tuple[tuple[str, str, Any, int, list[int]], ...] = (
    ("ordinary_user", "alice", {"node_conf": NODE_LINE}, 422, [2010]),
    ("no_dynamic_state", "slurm", {"node_conf": NODE_LINE}, 422, [2028]),
    ("unknown_field", "slurm", {"node_conf": NODE_LINE, "bogus": 1}, 422, [2028]),
    ("missing", "slurm", {}, 422, [9200]),
    ("object", "slurm", {"node_conf": {"a": 1}}, 200, []),
    ("number", "slurm", {"node_conf": 5}, 500, [-1]),
    ("empty", "slurm", {"node_conf": ""}, 500, [-1]),
    ("not_a_line", "slurm", {"node_conf": "foo"}, 500, [-1]),
    ("list", "slurm", [], 500, [9209]),
    ("no_body", "slurm", None, 422, [9200]),
)


@pytest.fixture
def no_new_node(lab: Lab) -> Iterator[None]:
    yield
    shown = lab.run("scontrol", "show", "node", "ctldmore1")
    if shown.returncode == 0:  # never expected: take it away again
        lab.run("scontrol", "delete", "nodename=ctldmore1")
        pytest.fail("a node was created")


@pytest.mark.usefixtures("no_new_node")
@pytest.mark.parametrize("version", LAYOUT_VERSIONS)
@pytest.mark.parametrize(
    ("user", "body", "status", "numbers"),
    [c[1:] for c in NEW_NODE_CASES],
    ids=[c[0] for c in NEW_NODE_CASES],
)
def test_new_node(
    dp_pair: Pair,
    lab: Lab,
    version: str,
    user: str,
    body: Any,
    status: int,
    numbers: list[int],
) -> None:
    got = compared(dp_pair, lab, "POST", f"/slurm/{version}/new/node/", user, body)
    assert got[0] == status, got
    assert [e["error_number"] for e in got[1]["errors"]] == numbers, got
