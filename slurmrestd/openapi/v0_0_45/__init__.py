"""data_parser/v0.0.45: its tables, as their differences from v0.0.44's."""

from slurmrestd.openapi.v0_0_45 import misc

__all__ = ["misc"]
