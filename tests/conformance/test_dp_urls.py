"""The URL as the C daemons of 24.11 and 26.05 parse it, before and after routing: ours and
the release's C daemon side by side, on every data_parser version each serves.

The path as sent may hold unreserved characters, '/' and %XX escapes but %00 and %FF; any
other character, a broken escape or a ".." segment is refused before any route is looked
up (24.11: 400 "Unable to parse URL path.", 26.05: 404 "Invalid or unknown URL path"), and
26.05 leaves "." segments out.  The query is read once the path has a route: an unknown
path with a broken query is a 404; a known one is refused as an unreadable URL-encoded body
(24.11: 400, 26.05: 500 "Unspecified error").  (A key without '=', which these releases
read as true, is left out: tests/reliability/RESULTS.md.)
"""

from __future__ import annotations

import pytest

from tests.conformance.conftest import Pair
from tests.conformance.dp import VERSIONS
from tests.conformance.negotiation import assert_same, both
from tests.conftest import Lab

pytestmark = pytest.mark.releases("24.11", "26.05")

# Every printable character that is neither unreserved nor '/' (nor '?', '#' or '%').
RESERVED = "!\"$&'()*+,:;<=>@[\\]^`{|}"

PATHS = [
    *(f"/slurm/{{v}}/job/1{c}2" for c in RESERVED),
    "/slurm/{v}/ping,",
    "/slurmdb/{v}/job/1,2",
    "/slurmdb/{v}/user/a,b",
    "/nosuchplugin/a,b",
    "/slurm/{v}/job/1%2C2",
    "/slurm/{v}/job/1%20",
    "/slurm/{v}/job/1%00",
    "/slurm/{v}/job/1%FF",
    "/slurm/{v}/job/1%ff",
    "/slurm/{v}/job/1%fe",
    "/slurm/{v}/job/1%2",
    "/slurm/{v}/job/1%G1",
    "/slurm/{v}/job/1%",
    "/slurm/../slurm/{v}/ping",
    "/slurm/{v}/./ping",
    "/slurm/{v}//ping",
    "/slurm/{v}/jobs?x=%2",
    "/slurm/{v}/jobs?x=%00",
    "/slurm/{v}/jobs?x=(",
    "/slurm/{v}/jobs?x=1,2",
    "/slurm/{v}/jobs?x=a=b",
    "/slurm/{v}/jobs?x=1&y=;z=+",
    "/slurmdb/{v}/jobs?users=alice,bob",
    "/slurm/{v}/jobs?update_time=",
    "/nosuchplugin?x=%2",
    "/openapi/v3?x=(",
    "/openapi?x=%00",
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("path", PATHS)
def test_get(dp_pair: Pair, lab: Lab, version: str, path: str) -> None:
    ref, ours = both(dp_pair, lab, "GET", path.replace("{v}", version))
    assert_same(ref, ours)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("query", ["x=%2", "x=(", "x=1"])
def test_post_with_a_query(dp_pair: Pair, lab: Lab, version: str, query: str) -> None:
    """A body beside a URL query: refused before the query is read (a job that does not
    exist, so nothing could change)."""
    target = f"/slurm/{version}/job/999999?{query}"
    kw = {"content_type": "application/json", "body": b'{"comment": "x"}'}
    ref, ours = both(dp_pair, lab, "POST", target, **kw)
    assert_same(ref, ours)
