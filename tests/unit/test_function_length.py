"""No function in slurmrestd/openapi/ is longer than 80 lines (issue #14): a longer one
is a version's behaviour or a whole route table hiding in code."""

from __future__ import annotations

import ast
from pathlib import Path

import slurmrestd.openapi

LIMIT = 80
ROOT = Path(slurmrestd.openapi.__file__).parent


def test_no_function_in_openapi_is_longer_than_80_lines() -> None:
    too_long = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                if length > LIMIT:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length}")
    assert not too_long, "functions longer than 80 lines:\n" + "\n".join(too_long)
