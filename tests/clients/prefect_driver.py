"""Drive prefect-slurm's worker unchanged (run in its own venv, with Prefect 3).

    python prefect_driver.py PORT USER TOKEN WORKDIR

Its API version detection as the worker runs it at start, its job submission (the job
spec its configuration builds for a flow run, with a command of ours) and its reading
of job states (a job of ours and one that does not exist), as its zombie check does.
Prints one JSON object on the last line: version, job_id, states.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid


async def main(port: str, user: str, token: str, workdir: str) -> dict[str, object]:
    os.environ["PREFECT_SLURM_API_URL"] = f"http://127.0.0.1:{port}"
    os.environ["PREFECT_SLURM_USER_NAME"] = user
    os.environ["PREFECT_SLURM_USER_TOKEN"] = token
    from prefect.client.schemas.objects import FlowRun
    from prefect_slurm.config import SlurmWorkerConfiguration
    from prefect_slurm.worker import SlurmWorker

    worker = SlurmWorker(work_pool_name="slurmrestd-test")
    out: dict[str, object] = {"version": await worker._detect_slurm_api_version()}
    flow_run = FlowRun(id=uuid.uuid4(), flow_id=uuid.uuid4(), name="prefect-slurm-test")
    config = SlurmWorkerConfiguration(working_dir=workdir, memory=1, command="sleep 300")
    config.prepare_for_flow_run(flow_run)
    answer = await worker._submit_slurm_job(config.get_slurm_job_spec(flow_run))
    job_id = str(answer.job_id)
    out["job_id"] = job_id
    out["states"] = await worker._get_slurm_job_states([job_id, "999999"])
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(*sys.argv[1:5]))))
