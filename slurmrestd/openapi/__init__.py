"""OpenAPI plugins, one package per version (``-s``); no plugin imports another.

design: REGISTRY is the one list of the plugins this daemon has, in the
reference's naming and its default order; the command line (``-s`` choices,
``-s list``, ``-h``), the man page and the server's loader all read it, so
they cannot disagree.  Entries are import strings: nothing of a plugin is
imported until the server loads it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    name: str  # as -s and SLURMRESTD_OPENAPI_PLUGINS take it
    module: str  # its package; plugin() builds its routes
    accounting: bool = False  # needs slurmdbd (AccountingStorageType=accounting_storage/slurmdbd)
    content: bool = False  # unversioned (23.11 on): plugin(parsers) binds each data_parser


REGISTRY = (
    Entry("openapi/slurmctld", "slurmrestd.openapi.content.slurmctld", content=True),
    Entry("openapi/slurmdbd", "slurmrestd.openapi.content.slurmdbd", accounting=True, content=True),
    Entry("openapi/util", "slurmrestd.openapi.content.util", content=True),
    Entry("openapi/v0.0.38", "slurmrestd.openapi.v0_0_38"),
    Entry("openapi/v0.0.37", "slurmrestd.openapi.v0_0_37"),
    Entry("openapi/v0.0.36", "slurmrestd.openapi.v0_0_36"),
    Entry("openapi/dbv0.0.38", "slurmrestd.openapi.dbv0_0_38", accounting=True),
    Entry("openapi/dbv0.0.37", "slurmrestd.openapi.dbv0_0_37", accounting=True),
    Entry("openapi/dbv0.0.36", "slurmrestd.openapi.dbv0_0_36", accounting=True),
)
NAMES = tuple(e.name for e in REGISTRY)
MODULES = {e.name: e.module for e in REGISTRY}
ACCOUNTING = tuple(e.name for e in REGISTRY if e.accounting)
CONTENT = tuple(e.name for e in REGISTRY if e.content)
