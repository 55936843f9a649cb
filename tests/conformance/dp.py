"""The data_parser versions (v0.0.40-v0.0.45): ours and the release's C daemon, side by side.

What the tests of every resource share.  They run in the roots of 24.11 and
26.05, whose C daemons serve v0.0.40-v0.0.42 and v0.0.42-v0.0.45: every version
the release serves, compared as documents (keys in order, types, values except
those that move between two reads of a live cluster, tests/conformance/compare.py).
meta.client.source names the connection (its port and descriptor), which differs
between any two connections.  On 22.05, whose C daemon serves none of them,
tests/integration/test_dataparser_on_2205.py compares our answers' structure with
the references' answers recorded in tests/dpgolden.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.conformance.compare import differences
from tests.conformance.conftest import Pair
from tests.conftest import Lab, binding_release
from tests.daemon import Client, jwt_headers

# The data_parser versions each release's C daemon serves.
SERVED = {
    "24.11": ("v0.0.40", "v0.0.41", "v0.0.42"),
    "26.05": ("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"),
}
VERSIONS = SERVED.get(binding_release() or "", ())


def comparable(doc: Any) -> Any:
    if isinstance(doc, dict) and isinstance(doc.get("meta"), dict):
        doc["meta"].get("client", {}).pop("source", None)
    return doc


def repaired_meta(pair: Pair, lab: Lab, version: str, doc: Any) -> Any:
    """The C daemon's answer with its meta's plugin and slurm parts as its ping of the same
    version gives them, where they were garbled.  Seen on a Debian 13 host: 24.11's v0.0.40
    job submit answered "data_parser/v0.0.0" and release "0.11.5" (its warnings naming
    "data_parser/v0.0.0" too), 26.05's v0.0.42 release "0.05.5", where every other answer
    names the version and release: strings of the C daemon's read after they were freed.
    Only that corruption is repaired; any other difference still fails."""
    if not isinstance(doc, dict) or not isinstance(doc.get("meta"), dict):
        return doc
    headers = jwt_headers("slurm", lab.token("slurm"))
    _, ping = Client(port=pair.ref_port, headers=headers).request("GET", f"/slurm/{version}/ping")
    meta = doc["meta"]
    want = {k: ping["meta"][k] for k in ("plugin", "slurm")}
    if all(meta.get(k) == v for k, v in want.items()):
        return doc
    text = json.dumps({k: v for k, v in doc.items() if k != "meta"})
    garbled = meta.get("plugin", {}).get("data_parser")
    if garbled and garbled != f"data_parser/{version}":
        text = text.replace(f'"{garbled} ', f'"data_parser/{version} ')
    return {**json.loads(text), "meta": {**meta, **want}}


class Reading(tuple[int, Any]):
    """The reference's (status, document), and how to read it again (a GET's): where ours
    differs, assert_same reads the reference a second time, and a value that moved between
    its two readings stands where ours lies between them (compare.differences)."""

    again: Callable[[], Any] | None = None


def both(
    pair: Pair, lab: Lab, method: str, target: str, body: Any = None, user: str = "slurm"
) -> tuple[tuple[int, Any], tuple[int, Any]]:
    headers = jwt_headers(user, lab.token(user))
    reference = Client(port=pair.ref_port, headers=headers)
    status, doc = reference.request(method, target, body)
    ref = Reading((status, comparable(doc)))
    if method == "GET":
        ref.again = lambda: comparable(reference.request(method, target)[1])
    ours = Client(port=pair.our_port, headers=headers).request(method, target, body)
    return ref, (ours[0], comparable(ours[1]))


def assert_same(ref: tuple[int, Any], ours: tuple[int, Any]) -> None:
    assert ours[0] == ref[0], (ref, ours)
    diffs = differences(ref[1], ours[1])
    again = getattr(ref, "again", None)
    if diffs and again is not None:
        diffs = differences(ref[1], ours[1], after=again())
    assert not diffs, "\n".join(diffs[:40])
