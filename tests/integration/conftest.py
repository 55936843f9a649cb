from __future__ import annotations

import pytest

from tests.conftest import Lab


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "integration" in item.path.parts:
            item.add_marker(pytest.mark.lab)


@pytest.fixture(autouse=True)
def _needs_lab(lab: Lab) -> Lab:
    return lab
