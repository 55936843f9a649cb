"""The command line and the server behaviour of 24.11 and 26.05: ours beside the release's C
daemon (its program for the command line, the running pair for tokens and probes)."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conformance.conftest import REFERENCE, Pair
from tests.conformance.dp import VERSIONS
from tests.conftest import Lab
from tests.daemon import PROGRAM, Client

pytestmark = pytest.mark.releases("24.11", "26.05")


def _both(lab: Lab, *args: str) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """The reference's program and ours with args, as an ordinary user (the reference refuses
    SlurmUser and root before it lists anything)."""
    return lab.run(REFERENCE, *args, user="alice"), lab.run(PROGRAM, *args, user="alice")


def _stderr_lines(proc: subprocess.CompletedProcess) -> list[str]:
    """stderr without the reference's log prefixes ("slurmrestd: " or a timestamp)."""
    lines = []
    for line in proc.stderr.splitlines():
        if line.startswith("["):
            line = line.partition("] ")[2]
        lines.append(line.removeprefix("slurmrestd: "))
    return lines


@pytest.mark.parametrize("flag", ["-d", "-a", "-s"])
def test_list(lab: Lab, flag: str) -> None:
    ref, ours = _both(lab, flag, "list")
    assert (ours.returncode, ours.stderr) == (ref.returncode, ref.stderr) == (0, ours.stderr)
    theirs, mine = ref.stdout.splitlines(), ours.stdout.splitlines()
    if flag == "-a":
        assert mine == theirs
    else:
        # We serve every version (and the old plugins) on every release: theirs are among
        # ours, ours in the registry's order (the reference lists its plugin directory's).
        assert set(theirs) <= set(mine), (theirs, mine)
        assert len(mine) == len(set(mine))
    if flag == "-d":
        assert {f"data_parser/{v}" for v in VERSIONS} == set(theirs)


@pytest.mark.parametrize(
    "selection",
    [
        "latest",
        "LATEST+FAST",
        "data_parser/{v}",
        "{v}+fast,{v}",
        ",{v}+",
        "{v}+bogus",
        "{v}+prefer_refs",
    ],
)
def test_data_parser_selection_in_the_generated_document(lab: Lab, selection: str) -> None:
    """-d as the reference takes it: the versions in --generate-openapi-spec's document are
    the same, and so are the flags it ignores (said on stderr)."""
    for version in VERSIONS:
        raw = selection.format(v=version)
        ref, ours = _both(lab, "--generate-openapi-spec", "-s", "slurmctld", "-d", raw)
        assert ref.returncode == ours.returncode == 0, (ref.stderr, ours.stderr)
        assert _versions(ours.stdout) == _versions(ref.stdout), raw
        # 26.05 names the versions loaded and their flags in info.x-slurm.
        assert _x_slurm(ours.stdout) == _x_slurm(ref.stdout), raw
        theirs = [_said(line) for line in _stderr_lines(ref) if "ignoring" in line]
        mine = [_said(line) for line in _stderr_lines(ours)]
        # v0.0.40 and v0.0.41 of the C daemon ignore an unknown flag in silence; we say so.
        assert theirs == mine or (not theirs and version in ("v0.0.40", "v0.0.41")), raw


def _said(line: str) -> str:
    return line.removeprefix("warning: ")


def _x_slurm(document: str) -> object:
    return json.loads(document)["info"].get("x-slurm", {}).get("data_parsers")


def _versions(document: str) -> set[str]:
    return {path.split("/")[2] for path in json.loads(document)["paths"] if path.count("/") > 2}


@pytest.mark.parametrize("raw", ["v0.0.99", "+fast", "v0.0.39"])
def test_unknown_data_parser(lab: Lab, raw: str) -> None:
    ref, ours = _both(lab, "--generate-openapi-spec", "-d", raw)
    assert ref.returncode == ours.returncode == 1
    assert ours.stdout == "" and ours.stderr.count("\n") == 1


@pytest.mark.parametrize("raw", ["0", "abc", "-3"])
def test_bad_max_connections(lab: Lab, raw: str) -> None:
    ref, ours = _both(lab, "--max-connections", raw, "-s", "list")
    assert ref.returncode == ours.returncode == 1
    assert _stderr_lines(ref)[-1] == _stderr_lines(ours)[-1] == f"fatal: {_MAX_CONN}: {raw}"


_MAX_CONN = "Invalid max connection count"


def test_help_names_every_option_of_the_reference(lab: Lab) -> None:
    ref, ours = _both(lab, "--help")
    assert ref.returncode == ours.returncode == 0
    options = {word for word in ref.stderr.split() if word.startswith("-")}
    assert options and all(option.rstrip(",") in ours.stdout for option in options), options


def _token_headers(lab: Lab) -> list[dict[str, str]]:
    token = lab.token("alice")
    return [
        {"X-SLURM-USER-NAME": "alice", "X-SLURM-USER-TOKEN": token},
        {"X-SLURM-USER-TOKEN": token},
        {"Authorization": f"Bearer {token}"},
        {"X-SLURM-USER-NAME": "alice", "Authorization": f"Bearer {token}"},
        {"X-SLURM-USER-TOKEN": token, "Authorization": f"Bearer {token}"},
        {"Authorization": f"bearer {token}"},
        {"X-SLURM-USER-NAME": "alice"},
        {},
    ]


@pytest.mark.parametrize("case", range(8))
@pytest.mark.parametrize("path", ["/slurm/{v}/ping", "/healthz", "/readyz/", "/livez"])
def test_tokens_and_probes(dp_pair: Pair, lab: Lab, case: int, path: str) -> None:
    headers = _token_headers(lab)[case]
    target = path.format(v=VERSIONS[-1])
    ref = Client(port=dp_pair.ref_port, headers=headers).request("GET", target)
    ours = Client(port=dp_pair.our_port, headers=headers).request("GET", target)
    assert ours[0] == ref[0], (headers.keys(), ref, ours)
    if ref[0] == 200:
        assert ours[1]["meta"]["client"]["user"] == ref[1]["meta"]["client"]["user"]
    elif ref[0] in (204, 401):
        assert ours[1] == ref[1]


@pytest.mark.parametrize("method", ["POST", "DELETE", "PUT"])
def test_probes_take_get_only(dp_pair: Pair, lab: Lab, method: str) -> None:
    headers = _token_headers(lab)[0]
    ref = Client(port=dp_pair.ref_port, headers=headers).request(method, "/healthz")
    ours = Client(port=dp_pair.our_port, headers=headers).request(method, "/healthz")
    assert ours[0] == ref[0] == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/nope"),
        ("GET", "/slurm/{v}/nope"),
        ("GET", "/slurm/{v}"),
        ("DELETE", "/slurm/{v}/ping"),
        ("PATCH", "/slurm/{v}/ping/"),
    ],
)
def test_router_answers(dp_pair: Pair, lab: Lab, method: str, path: str) -> None:
    """An unknown path, or a method a path lacks: the release's status and text."""
    headers = _token_headers(lab)[0]
    target = path.format(v=VERSIONS[-1])
    ref = Client(port=dp_pair.ref_port, headers=headers).request(method, target)
    ours = Client(port=dp_pair.our_port, headers=headers).request(method, target)
    assert ours == ref


@pytest.mark.parametrize("codes", ["404,200", "default", "200,default"])
def test_response_status_codes(lab: Lab, codes: str) -> None:
    """SLURMRESTD_RESPONSE_STATUS_CODES: the responses each operation lists, in that order."""
    args = ("--generate-openapi-spec", "-s", "slurmctld", "-d", VERSIONS[-1])
    setting = f"SLURMRESTD_RESPONSE_STATUS_CODES={codes}"
    ref = lab.run("env", setting, REFERENCE, *args, user="alice")
    ours = lab.run("env", setting, PROGRAM, *args, user="alice")
    assert ref.returncode == ours.returncode == 0, (ref.stderr, ours.stderr)
    path = f"/slurm/{VERSIONS[-1]}/ping/"
    theirs = json.loads(ref.stdout)["paths"][path]["get"]["responses"]
    mine = json.loads(ours.stdout)["paths"][path]["get"]["responses"]
    assert list(mine) == list(theirs) == codes.split(",")
    assert len({json.dumps(r, sort_keys=True) for r in mine.values()}) == 1
