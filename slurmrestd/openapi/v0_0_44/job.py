"""v0.0.44: jobs (job_info): GET jobs, job/{job_id}, jobs/state."""

from __future__ import annotations
