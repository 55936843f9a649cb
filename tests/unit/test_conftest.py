"""The test session's own order: fault tests after every other test, lab tests marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import conftest


class FakeItem:
    def __init__(self, path: str, *marks: str) -> None:
        self.path = Path(path)
        self.marks = set(marks)

    def add_marker(self, mark: Any) -> None:
        self.marks.add(mark.name)

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.marks else None


def test_fault_tests_run_last_in_their_own_order_the_rest_unchanged() -> None:
    faults = "tests/conformance/test_faults.py"
    items: list[Any] = [
        FakeItem(faults, "faults"),
        FakeItem("tests/conformance/test_slurmctld.py"),
        FakeItem(faults, "faults", "x"),
        FakeItem("tests/integration/test_daemon.py"),
        FakeItem("tests/unit/test_cli.py"),
    ]
    first, ctld, second, daemon, cli = items
    conftest.order(items)
    assert items == [ctld, daemon, cli, first, second]
    assert [("lab" in i.marks) for i in items] == [True, True, False, True, True]


def test_the_faults_marker_is_declared(pytestconfig: pytest.Config) -> None:
    declared = [line.split(":")[0] for line in pytestconfig.getini("markers")]
    assert "faults" in declared


class MarkedItem:
    def __init__(self, name: str, *releases: str, marked: bool = True) -> None:
        self.nodeid = name
        self.mark = pytest.mark.releases(*releases).mark if marked else None

    def get_closest_marker(self, name: str) -> object | None:
        return self.mark if name == "releases" else None


def test_tests_of_other_releases_are_deselected_unmarked_ones_kept() -> None:
    everywhere = MarkedItem("unmarked", marked=False)
    old = MarkedItem("conformance", "22.05")
    new = MarkedItem("v0.0.4x", "24.11", "26.05")
    items: list[Any] = [everywhere, old, new]
    assert conftest.split_by_release(items, "22.05") == ([everywhere, old], [new])
    assert conftest.split_by_release(items, "26.05") == ([everywhere, new], [old])


@pytest.mark.parametrize("releases", [(), ("24.05",), ("22.05", "2205")])
def test_a_releases_mark_must_name_known_releases(releases: tuple[str, ...]) -> None:
    with pytest.raises(pytest.UsageError, match=r"known: 22\.05, 24\.11, 26\.05"):
        conftest.split_by_release([MarkedItem("t", *releases)], "22.05")
