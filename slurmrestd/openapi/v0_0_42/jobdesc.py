"""v0.0.42: job descriptions parsed from submit, allocate and update bodies.

Differences from v0.0.41: oom_kill_step is new; resv_mpi_ports is gone;
exclusive and oversubscribe are gone (shared alone says it); timestamps take a
string of digits as a number, and "" as unset; cpu_frequency's error is spelled
right again.
"""

from __future__ import annotations

from slurmrestd.openapi.common import engine
from slurmrestd.openapi.dataparser.parsing import P, drop, insert, later, replace
from slurmrestd.openapi.v0_0_40.jobdesc import U16, CpuFrequency, Timestamp
from slurmrestd.openapi.v0_0_41 import jobdesc as parent
from slurmrestd.openapi.v0_0_41.jobdesc import Dropped

JOB_DESC = insert(parent.JOB_DESC, "tasks", P("oom_kill_step", None, Dropped(U16)))
JOB_DESC = drop(JOB_DESC, "resv_mpi_ports", "exclusive", "oversubscribe")
JOB_DESC = replace(
    JOB_DESC,
    P("cpu_frequency", None, CpuFrequency()),
    P("begin_time", "begin_time", later(Timestamp(no_val=True, numeric_text=True))),
    P("deadline", "deadline", later(Timestamp(no_val=False, numeric_text=True))),
    P("end_time", "end_time", later(Timestamp(no_val=False, numeric_text=True))),
)

kill_flags = parent.kill_flags
DELETE_QUERY = parent.DELETE_QUERY
KILL_JOBS = parent.KILL_JOBS

# The submit response drops result, the update response all but results.
SUBMIT_RESP = engine.drop(parent.SUBMIT_RESP, "result")
POST_RESP = engine.drop(parent.POST_RESP, "job_id", "step_id", "job_submit_user_msg")
