"""GET /reservations and /reservation/{reservation_name}."""

from __future__ import annotations

from typing import Any

from slurmrestd import slurm
from slurmrestd.api.resource import Call
from slurmrestd.openapi.slurmctld import lists
from slurmrestd.openapi.slurmctld.version import Version
from slurmrestd.slurm.constants import ESLURM_RESERVATION_INVALID


def get_reservations(v: Version, call: Call) -> tuple[str, Any]:
    return lists.get_all(v, call, "reservations", slurm.load_reservations, v.tables.RESERVATION)


def get_reservation(v: Version, call: Call) -> tuple[str, dict[str, Any]]:
    name = call.params["reservation_name"]
    # As the reference: a failed load is reported as an invalid reservation too.
    return lists.get_one(
        call,
        "reservations",
        name,
        slurm.load_reservations,
        v.tables.RESERVATION,
        ESLURM_RESERVATION_INVALID,
        failure=ESLURM_RESERVATION_INVALID,
    )
