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
    conftest.pytest_collection_modifyitems(items)
    assert items == [ctld, daemon, cli, first, second]
    assert [("lab" in i.marks) for i in items] == [True, True, False, True, True]


def test_the_faults_marker_is_declared(pytestconfig: pytest.Config) -> None:
    declared = [line.split(":")[0] for line in pytestconfig.getini("markers")]
    assert "faults" in declared
