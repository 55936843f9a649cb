"""Real clients of the v0.0.38 API against our daemon, and our /openapi/v3 document."""

from __future__ import annotations

import json

import openapi_client
import pytest
from openapi_client.models import V0038JobProperties, V0038JobSubmission
from openapi_spec_validator import validate

from tests.conformance.conftest import Pair
from tests.conftest import Lab
from tests.daemon import Client, jwt_headers

# The C reference here is 22.05's: it serves v0.0.38, which the C daemons of 24.11 and
# 26.05 no longer serve.
pytestmark = pytest.mark.releases("22.05")


@pytest.fixture
def api(pair: Pair, lab: Lab) -> openapi_client.SlurmApi:
    cfg = openapi_client.Configuration(
        host=f"http://127.0.0.1:{pair.our_port}",
        api_key={"user": "alice", "token": lab.token("alice")},
    )
    return openapi_client.SlurmApi(openapi_client.ApiClient(cfg))


def test_generated_client_ping_jobs_submit(api: openapi_client.SlurmApi, lab: Lab) -> None:
    pong = api.slurm_v0038_ping()
    assert pong.errors == [] and pong.pings[0].ping == "UP"
    assert pong.meta.plugin.type == "openapi/v0.0.38"
    submitted = api.slurm_v0038_submit_job(
        V0038JobSubmission(
            script="#!/bin/sh\nsleep 30\n",
            job=V0038JobProperties(
                name="generated",
                environment={"PATH": "/usr/bin:/bin"},
                current_working_directory="/tmp",
                time_limit=2,
            ),
        )
    )
    try:
        assert submitted.errors == [] and submitted.step_id == "BATCH"
        # The generated models type a few fields differently from what the reference
        # itself sends (e.g. cpu_frequency_maximum as a string), so a list holding such a
        # job cannot be parsed by this client against either daemon: read the list raw.
        raw = api.slurm_v0038_get_jobs_without_preload_content()
        assert raw.status == 200
        mine = [j for j in json.loads(raw.data)["jobs"] if j["job_id"] == submitted.job_id]
        assert len(mine) == 1
        assert (mine[0]["name"], mine[0]["user_name"]) == ("generated", "alice")
        one = api.slurm_v0038_get_job(str(submitted.job_id))
        assert one.jobs[0].job_id == submitted.job_id
    finally:
        lab.run("scancel", str(submitted.job_id))


@pytest.mark.parametrize("path", ["/openapi/v3", "/openapi", "/openapi.json", "/openapi.yaml"])
def test_served_document_is_valid_openapi(pair: Pair, lab: Lab, path: str) -> None:
    status, doc = Client(
        port=pair.our_port, headers=jwt_headers("alice", lab.token("alice"))
    ).request("GET", path)
    assert status == 200
    validate(doc)
    assert "/slurm/v0.0.38/job/{job_id}" in doc["paths"]
    assert set(doc["paths"]["/slurm/v0.0.38/job/{job_id}"]) == {"get", "post", "delete"}


def test_document_needs_authentication(pair: Pair) -> None:
    status, body = Client(port=pair.our_port).request("GET", "/openapi/v3")
    assert (status, body) == (401, b"Authentication failure")


def test_oversized_body_is_413_before_it_is_read(pair: Pair, lab: Lab) -> None:
    from tests.daemon import http_request

    token = lab.token("alice")
    head = (
        "POST /slurm/v0.0.38/job/submit HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-SLURM-USER-NAME: alice\r\nX-SLURM-USER-TOKEN: {token}\r\n"
        "Content-Length: 104857600\r\n\r\n"
    )
    # 100 MB announced, none sent: the answer must not wait for the body.
    answer = http_request(head.encode(), port=pair.our_port, timeout=10)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_v0037_generated_client(pair: Pair, lab: Lab) -> None:
    import slurm_rest
    from slurm_rest.api.slurm_api import SlurmApi
    from slurm_rest.model.v0037_job_properties import V0037JobProperties
    from slurm_rest.model.v0037_job_submission import V0037JobSubmission

    cfg = slurm_rest.Configuration(
        host=f"http://127.0.0.1:{pair.our_port}",
        api_key={"user": "alice", "token": lab.token("alice")},
    )
    with slurm_rest.ApiClient(cfg) as client:
        api = SlurmApi(client)
        pong = api.slurmctld_ping()
        assert (pong["pings"][0]["ping"], pong["meta"]["plugin"]["type"]) == (
            "UP",
            "openapi/v0.0.37",
        )
        submitted = api.slurmctld_submit_job(
            V0037JobSubmission(
                script="#!/bin/sh\ntrue\n",
                job=V0037JobProperties(
                    name="v37-client",
                    environment={"PATH": "/bin"},
                    current_working_directory="/tmp",
                    time_limit=1,
                ),
            )
        )
        assert submitted["step_id"] == "BATCH"
        job = api.slurmctld_get_job(int(submitted["job_id"]), _check_return_type=False)
        assert job["jobs"][0]["name"] == "v37-client"


def test_curl(pair: Pair, lab: Lab) -> None:
    import subprocess

    token = lab.token("alice")
    base = ["curl", "-s", "-H", "X-SLURM-USER-NAME: alice", "-H", f"X-SLURM-USER-TOKEN: {token}"]
    url = f"http://127.0.0.1:{pair.our_port}/slurm/v0.0.38"
    pong = json.loads(
        subprocess.run([*base, f"{url}/ping"], capture_output=True, check=True, timeout=30).stdout
    )
    assert pong["pings"][0]["ping"] == "UP"
    body = json.dumps(
        {
            "script": "#!/bin/sh\ntrue\n",
            "job": {
                "name": "curl",
                "time_limit": 1,
                "current_working_directory": "/tmp",
                "environment": {"PATH": "/bin"},
            },
        }
    )
    out = subprocess.run(
        [
            *base,
            "-H",
            "Content-Type: application/json",
            "-X",
            "POST",
            "-d",
            body,
            f"{url}/job/submit",
        ],
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout
    assert json.loads(out)["errors"] == [] and json.loads(out)["job_id"] > 0


def test_readme_python_example_submits_and_waits(pair: Pair, lab: Lab) -> None:
    """The README's example, run as it is printed there."""
    import os
    import re
    import subprocess
    import sys
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.rst").read_text()
    block = re.search(
        r"Example: submit a job and wait.*?code-block:: python\n\n(.*?)\n\S", readme, re.S
    )
    assert block, "README has the example"
    code = "\n".join(line[4:] for line in block.group(1).splitlines())
    env = {
        **os.environ,
        "USER": "alice",
        "SLURM_JWT": lab.token("alice"),
        "SLURMRESTD_URL": f"http://127.0.0.1:{pair.our_port}",
    }
    res = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1].endswith("COMPLETED"), res.stdout
