"""data_parser/v0.0.43: its tables, as their differences from v0.0.42's."""

from slurmrestd.openapi.v0_0_43 import misc

__all__ = ["misc"]
