"""data_parser/v0.0.41: its tables, as their differences from v0.0.40's."""

from slurmrestd.openapi.v0_0_41 import misc

__all__ = ["misc"]
