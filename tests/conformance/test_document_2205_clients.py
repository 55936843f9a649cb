"""Clients generated from the old versions' documents, ours and 22.05's C daemon's, as a
user would generate them: openapi-python-client from PyPI, installed in a venv of its own
(made once per Python and generator version), run on each document; the two clients'
public interfaces must be the same: modules, the functions of each operation module with
their signatures, the model classes with their fields and types.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.test_document_2205 import SETS, documents, normalised
from tests.conftest import Lab

pytestmark = pytest.mark.releases("22.05")

GENERATOR = "openapi-python-client==0.29.1"


PIP = ("-P", "-m", "pip", "install", "-q", "--disable-pip-version-check")


@pytest.fixture(scope="module")
def generator() -> Path:
    tag = f"{sys.version_info[0]}.{sys.version_info[1]}"
    venv = Path("/var/tmp/slurmrestd-test-generator") / tag
    stamp = venv / "installed"
    if not stamp.exists() or stamp.read_text() != GENERATOR:
        subprocess.run([sys.executable, "-P", "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), *PIP, GENERATOR],
            check=True,
            timeout=600,
        )
        stamp.write_text(GENERATOR)
    return venv / "bin"


def generate(bin_dir: Path, doc: dict[str, Any], where: Path) -> Path:
    """The generated package (openapi-python-client's only output directory)."""
    source = where.with_suffix(".json")
    source.write_text(json.dumps(doc))
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(source),
            "--output-path",
            str(where),
            "--meta",
            "none",
            "--overwrite",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return where


def _signature(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    return f"{fn.name}({ast.unparse(fn.args)}) -> {ast.unparse(fn.returns) if fn.returns else ''}"


def interface(package: Path) -> dict[str, Any]:
    """{module: its public functions' signatures and classes' fields}."""
    out: dict[str, Any] = {}
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(package).with_suffix("").parts)
        tree = ast.parse(path.read_text())
        entry: dict[str, Any] = {}
        for node in tree.body:
            if isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef
            ) and not node.name.startswith("_"):
                entry[node.name] = _signature(node)
            elif isinstance(node, ast.ClassDef):
                entry[node.name] = [
                    f"{ast.unparse(n.target)}: {ast.unparse(n.annotation)}"
                    for n in node.body
                    if isinstance(n, ast.AnnAssign)
                ] + [
                    _signature(n)
                    for n in node.body
                    if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")
                ]
        out[module] = entry
    return out


@pytest.fixture(scope="module")
def clients(
    lab: Lab, generator: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    where = tmp_path_factory.mktemp("clients")
    for ref, ours in documents(lab, SETS[0]):
        package = (  # the reference's with unique operationIds (else its client lacks some)
            interface(generate(generator, normalised(ref), where / "ref")),
            interface(generate(generator, ours, where / "ours")),
        )
        yield package[0], package[1]


def test_clients_have_the_same_modules(clients: tuple[dict[str, Any], Any]) -> None:
    ref, ours = clients
    assert sorted(set(ref) - set(ours)) == []
    assert sorted(set(ours) - set(ref)) == []


def test_clients_have_the_same_interface(clients: tuple[dict[str, Any], Any]) -> None:
    ref, ours = clients
    different = {
        module: (ref[module], ours.get(module)) for module in ref if ref[module] != ours.get(module)
    }
    assert not different, {m: d for m, d in list(different.items())[:5]}
    assert any(m.startswith("api.slurm.") for m in ref)  # the operations were generated
