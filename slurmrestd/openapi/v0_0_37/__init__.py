"""openapi/v0.0.37: the slurmctld endpoints under /slurm/v0.0.37/ (no /licenses).

Its job properties differ from v0.0.38's: five keys are unknown, three are
spelled as the reference spells them, and oversubscribe is refused.
"""

from __future__ import annotations

from slurmrestd.api.spec import Plugin
from slurmrestd.openapi.common import handlers, jobdesc
from slurmrestd.openapi.v0_0_37 import tables

_V38_ONLY = ("container", "prefer", "cpu_binding_hint", "time_minimum", "mcs_label")
PROPERTIES = {k: v for k, v in jobdesc.PROPERTIES.items() if k not in _V38_ONLY} | {
    "cpu_binding hint": jobdesc.PROPERTIES["cpu_binding_hint"],
    "time minimum": jobdesc.PROPERTIES["time_minimum"],
    "msc_label": jobdesc.PROPERTIES["mcs_label"],
}
PROPERTIES.pop("oversubscribe")

VERSION = handlers.Version(
    name="openapi/v0.0.37",
    title="Slurm OpenAPI v0.0.37",
    prefix="/slurm/v0.0.37",
    operation_prefix="slurm_v0037_",
    tables=tables,
    properties=PROPERTIES,
    disabled=jobdesc.DISABLED | {"oversubscribe"},
    rejected_key_text="Unknown key",
    licenses=False,
    diag_errno_entry=True,
)


def plugin() -> Plugin:
    return handlers.plugin(VERSION)
