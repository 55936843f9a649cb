"""GET and POST /config: every accounting object at once, in the reference's order."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from slurmrestd.openapi.slurmdbd import (
    accounts,
    associations,
    clusters,
    qos,
    tres,
    users,
    wckeys,
)
from slurmrestd.openapi.slurmdbd.context import Ctx
from slurmrestd.slurm.constants import ESLURM_REST_EMPTY_RESULT

Step = Callable[[Ctx], int]
Combine = Callable[[int, int], int]


def run(ctx: Ctx, steps: Iterable[Step], combine: Combine) -> int:
    """The steps in order until one fails (an empty result is no failure); combine
    makes the running rc from the previous one and a step's."""
    rc = 0
    for step in steps:
        step_rc = step(ctx)
        if step_rc != ESLURM_REST_EMPTY_RESULT:
            rc = combine(rc, step_rc)
        if rc:
            break
    return rc


def latest(_rc: int, step_rc: int) -> int:
    return step_rc


DUMP: tuple[Step, ...] = (
    clusters.get_clusters,
    tres.get,
    lambda ctx: accounts.get(ctx, {}),
    lambda ctx: users.get(ctx, None, {}),
    qos.get_qos,
    wckeys.get_wckeys,
    lambda ctx: associations.get(ctx, associations.query_cond(ctx), False),
)
# Inside /config nothing commits until every step succeeded.
LOAD: tuple[Step, ...] = (
    lambda ctx: clusters.post(ctx, False),
    lambda ctx: tres.post(ctx, False),
    lambda ctx: accounts.post(ctx, False),
    lambda ctx: users.post(ctx, False),
    lambda ctx: qos.post(ctx, False),
    lambda ctx: wckeys.post(ctx, False),
    lambda ctx: associations.post(ctx, False),
)


def get_config(ctx: Ctx) -> int:
    return run(ctx, DUMP, latest)


def set_config(ctx: Ctx) -> int:
    rc = run(ctx, LOAD, latest)
    return ctx.commit() if not rc else ctx.error(rc, "refusing to commit after error", None)
