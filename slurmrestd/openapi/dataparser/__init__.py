"""The data_parser versions (v0.0.40 to v0.0.45): what -d names, and the rules they share.

design: from Slurm 23.11 on, the content plugins (openapi/slurmctld,
openapi/slurmdbd, openapi/util) are unversioned: their routes are declared
once, as /slurm/{data_parser}/..., and bound once per loaded data_parser
version.  A version (slurmrestd.openapi.v0_0_4x) is its tables and the flags
-d takes for it, written as its differences from the version before.  This
package holds what every version shares: the names (VERSIONS), the kinds of
the rendering rules ({set, infinite, number} numbers, flag and state arrays:
kinds.py) and the envelope (meta, errors[], warnings[]: envelope.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parser:
    """One data_parser version as -d names it, and the +flags it takes."""

    version: str  # v0.0.42
    module: str  # its package, holding its tables
    flags: tuple[str, ...] = ()
    # v0.0.40 and v0.0.41 log the flags they ignore only under DebugFlags=DATA.
    quiet: bool = False

    @property
    def name(self) -> str:
        return f"data_parser/{self.version}"

    @property
    def tag(self) -> str:
        """The version in an operationId: v0_0_42."""
        return self.version.replace(".", "_")


# Oldest first; -d latest is the last.
PARSERS = (
    # spec_only is taken by every version (a flag of the document's generation that
    # changes no answer); complex (the command line tools' values) is not implemented.
    Parser("v0.0.40", "slurmrestd.openapi.v0_0_40", ("fast", "spec_only"), quiet=True),
    Parser("v0.0.41", "slurmrestd.openapi.v0_0_41", ("fast", "prefer_refs", "spec_only"), True),
    Parser(
        "v0.0.42",
        "slurmrestd.openapi.v0_0_42",
        ("fast", "minimize_refs", "inline_enums", "spec_only"),
    ),
    # v0.0.43 on write every flag array inline: inline_enums is no flag of theirs.
    Parser("v0.0.43", "slurmrestd.openapi.v0_0_43", ("fast", "minimize_refs", "spec_only")),
    Parser("v0.0.44", "slurmrestd.openapi.v0_0_44", ("fast", "minimize_refs", "spec_only")),
    Parser("v0.0.45", "slurmrestd.openapi.v0_0_45", ("fast", "minimize_refs", "spec_only")),
)
VERSIONS = tuple(p.version for p in PARSERS)
BY_VERSION = {p.version: p for p in PARSERS}
