"""Slurm's constants: the headers' values, and defined in one module only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import slurmrestd
from slurmrestd.slurm import constants

PACKAGE = Path(slurmrestd.__file__).parent
CONSTANTS = PACKAGE / "slurm" / "constants.py"
SLURM_NAME = re.compile(r"^(NO_VAL|INFINITE|ESLURM_|SLURM_)")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NO_VAL", 0xFFFFFFFE),
        ("NO_VAL16", 0xFFFE),
        ("NO_VAL64", 0xFFFFFFFFFFFFFFFE),
        ("INFINITE", 0xFFFFFFFF),
        ("INFINITE16", 0xFFFF),
        ("INFINITE64", 0xFFFFFFFFFFFFFFFF),
        ("SLURM_SUCCESS", 0),
        ("SLURM_ERROR", -1),
        ("SLURM_NO_CHANGE_IN_DATA", 1900),
        ("ESLURM_INVALID_JOB_ID", 2017),
        ("ESLURM_REST_INVALID_QUERY", 9000),
        ("ESLURM_DATA_CONV_FAILED", 9202),
        ("SLURM_BATCH_SCRIPT", 0xFFFFFFFB),
        ("MEM_PER_CPU", 0x8000000000000000),
        ("JOB_STATE_BASE", 0xFF),
        ("JOB_COMPLETING", 1 << 15),
        ("JOB_END", 12),
        ("NODE_STATE_MIXED", 5),
        ("NODE_STATE_DRAIN", 1 << 9),
        ("PART_FLAG_EXCLUSIVE_USER", 0x40),
        ("PREEMPT_MODE_GANG", 0x8000),
        ("RESERVE_FLAG_HOURLY", 1 << 35),
        ("QOS_FLAG_USAGE_FACTOR_SAFE", 1 << 9),
        ("CLUSTER_FLAG_EXT", 1 << 12),
        ("JOBCOND_FLAG_NO_DEFAULT_USAGE", 1 << 7),
        ("CPU_FREQ_SCHEDUTIL", 0x80400000),
    ],
)
def test_values_are_the_headers(name: str, value: int) -> None:
    assert getattr(constants, name) == value


def test_every_constant_is_read_from_the_binding() -> None:
    """No number typed by hand: each module-level name is ``NAME: int = _lib.NAME``."""
    tree = ast.parse(CONSTANTS.read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign) and node.value is not None:
            target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
            assert isinstance(target, ast.Name)
            if target.id == "_lib":
                continue
            value = node.value
            assert isinstance(value, ast.Attribute) and value.attr == target.id, target.id


def _definitions(path: Path) -> list[str]:
    names = []
    for node in ast.parse(path.read_text(), str(path)).body:
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in ast.walk(target)]
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        else:
            continue
        names += [t.id for t in targets if isinstance(t, ast.Name) and SLURM_NAME.match(t.id)]
    return names


def test_no_other_module_defines_a_slurm_constant() -> None:
    found = {
        str(path.relative_to(PACKAGE)): names
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != CONSTANTS and (names := _definitions(path))
    }
    assert found == {}
