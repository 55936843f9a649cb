"""One registry of OpenAPI plugins: -s, -s list, the man page and the loader read it."""

from __future__ import annotations

import importlib

import pytest

from slurmrestd import openapi
from slurmrestd.cli import Exit, manpage, parse


def test_s_list_prints_the_registry_in_order() -> None:
    with pytest.raises(Exit) as exc:
        parse(["-s", "list"], {})
    assert exc.value.text.splitlines()[1:] == list(openapi.NAMES)


def test_s_accepts_every_registered_name_and_nothing_else() -> None:
    for name in openapi.NAMES:
        assert parse(["-s", name.removeprefix("openapi/"), "127.0.0.1:6820"], {}).openapi_plugins
    with pytest.raises(Exception, match="bogus"):
        parse(["-s", "openapi/bogus", "127.0.0.1:6820"], {})


def test_man_page_names_every_plugin() -> None:
    plugins = next(line for line in manpage.render().splitlines() if line.startswith("OpenAPI"))
    assert plugins.endswith(", ".join(manpage._roff(name) for name in openapi.NAMES) + ".")


@pytest.mark.parametrize("entry", openapi.REGISTRY, ids=lambda e: e.name)
def test_every_entry_loads_as_the_plugin_it_names(entry: openapi.Entry) -> None:
    plugin = importlib.import_module(entry.module).plugin()
    assert plugin.name == entry.name
    prefixes = {path.split("/")[1] for path, _ in plugin.routes}
    # openapi/util (26.05) serves /util/{data_parser}/...
    expected = "slurmdb" if entry.accounting else entry.name.removeprefix("openapi/")
    assert prefixes == ({expected} if expected in ("slurmdb", "util") else {"slurm"})
