"""slurmrestd(8) is generated from the option declarations: -h and the page agree."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from slurmrestd.cli import usage
from slurmrestd.cli.manpage import render
from slurmrestd.cli.options import OPTIONS

PAGE = Path(__file__).resolve().parents[2] / "conf" / "man" / "slurmrestd.8"


def test_shipped_page_is_the_generated_one() -> None:
    assert PAGE.read_text() == render(), "run: python -m slurmrestd.cli.manpage > " + str(PAGE)


def test_man_renders_every_option_without_warnings() -> None:
    # man-db is in the lab's packages, on the host and in every root (slurm-lab up).
    if shutil.which("man") is None:
        problem = "man is missing: install man-db (bin/slurm-lab up does)"
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    res = subprocess.run(
        ["man", "--warnings", "-l", str(PAGE)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MANWIDTH": "200", "LC_ALL": "C", "LANG": "C"},
    )
    assert res.returncode == 0 and res.stderr == "", res.stderr
    text = res.stdout
    help_text = usage()
    for opt in OPTIONS:
        for flag in opt.flags:
            assert flag in text and flag in help_text
        if opt.env:
            assert opt.env in text and opt.env in help_text
