"""Rewrite the golden OpenAPI document (app/GET__openapi_v3.json) from the code:
``python -m tests.golden.redocument``.

The document asks nothing of Slurm (its file records no binding call), so unlike the other
golden files it needs no lab: after a change of routes or tables (or a merge of two), this
makes it again as the recorded daemon's settings build it; review ``git diff tests/golden``.
"""

from __future__ import annotations

import json
from pathlib import Path

from slurmrestd.server import app
from tests import golden

FILE = Path(__file__).resolve().parent / "app" / "GET__openapi_v3.json"


def main() -> None:
    settings = golden.settings("/etc/slurm/slurm.conf")
    document = app.openapi_document(settings, app.openapi_plugins(settings, spec_only=True))
    recorded = json.loads(FILE.read_text())
    recorded["response"]["body"] = json.loads(json.dumps(document))
    FILE.write_text(json.dumps(recorded, indent=1) + "\n")


if __name__ == "__main__":
    main()
