"""The `slurmrestd` command: options as in slurmrestd(8), then hand over to the server.

design: the environment is read first, then the command line, so flags win
(``-v`` adds to SLURMRESTD_DEBUG and positional addresses add to
SLURMRESTD_LISTEN, as the C daemon does).  Every error in what the user
gave becomes one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from slurmrestd import __version__, slurm
from slurmrestd.cli.options import (
    AUTH_PLUGINS,
    DATA_PARSERS,
    OPENAPI_PLUGINS,
    OPTIONS,
    DataParsers,
    Option,
)
from slurmrestd.server.settings import Settings

PROG = "slurmrestd"
EXIT_OK = 0
EXIT_FAILURE = 1


class UsageError(Exception):
    """Bad input on the command line or in the environment."""


class Exit(Exception):  # noqa: N818 - control flow, not an error
    """Stop after printing something (-h, -V, -a list, -s list, -d list): text on stdout,
    err on stderr."""

    def __init__(self, text: str, status: int = EXIT_OK, err: str = "") -> None:
        super().__init__(text)
        self.text = text
        self.status = status
        self.err = err


def _listing(title: str, names: Sequence[str]) -> Exit:
    """-a/-s/-d list as the C daemon prints it from 24.11 on: the title on stderr, the names
    on stdout (so `slurmrestd -d list` in a pipe gives the names alone)."""
    return Exit("".join(f"{name}\n" for name in names), err=f"Possible {title} plugins:\n")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see -h)")


def _parser() -> _Parser:
    parser = _Parser(prog=PROG, add_help=False, allow_abbrev=False)
    for opt in OPTIONS:
        if not opt.flags:
            continue
        if opt.action == "count":
            parser.add_argument(*opt.flags, dest=opt.dest, action="count", default=0)
        elif opt.action in ("exit", "flag"):
            parser.add_argument(*opt.flags, dest=opt.dest, action="store_true")
        else:
            parser.add_argument(*opt.flags, dest=opt.dest, metavar=opt.metavar)
    parser.add_argument("addresses", nargs="*")
    return parser


def _flag_text(opt: Option) -> str:
    flags = ", ".join(opt.flags)
    return f"{flags} {opt.metavar}" if opt.metavar else flags


def usage() -> str:
    """The -h text, generated from the option declarations."""
    lines = [f"Usage: {PROG} [OPTIONS] [[https://][host]:port | unix:/path/to/socket]...", ""]
    lines.append("With no address, serve one connection on stdin/stdout (inetd mode).")
    lines.append("")
    sections = (
        ("Options:", [o for o in OPTIONS if o.flags and o.manual]),
        ("Extensions (not in slurmrestd(8)):", [o for o in OPTIONS if o.flags and not o.manual]),
    )
    for title, opts in sections:
        lines.append(title)
        for opt in opts:
            env = f" [env {opt.env}]" if opt.env else ""
            lines.append(f"  {_flag_text(opt)}")
            lines.append(f"      {opt.help}{env}")
        lines.append("")
    lines.append("Environment variables:")
    for opt in OPTIONS:
        if opt.env:
            lines.append(f"  {opt.env}")
            lines.append(f"      {opt.help if not opt.flags else 'See ' + opt.flags[0] + '.'}")
    return "\n".join(lines) + "\n"


def _convert(opt: Option, raw: str, origin: str) -> Any:
    assert opt.convert is not None
    try:
        return opt.convert(raw)
    except ValueError as exc:
        msg = str(exc)
        if origin != "env" or (opt.env and opt.env in msg):
            raise UsageError(msg) from None
        raise UsageError(f"{msg} (from {opt.env})") from None


def parse(argv: Sequence[str], environ: Mapping[str, str]) -> Settings:
    """Resolve the settings, or raise UsageError / Exit."""
    args = _parser().parse_args(list(argv))
    if args.help:
        raise Exit(usage())
    if args.version:
        raise Exit(f"slurm {slurm.release_text()} (slurmrestd in Python {__version__})\n")

    values: dict[str, Any] = {o.dest: o.default for o in OPTIONS if o.action != "exit"}
    # A flag replaces its variable, which is then not even validated.
    overridden = {
        o.dest
        for o in OPTIONS
        if o.flags and o.action == "store" and getattr(args, o.dest, None) is not None
    }
    for opt in OPTIONS:
        if opt.dest in overridden:
            continue
        if opt.env and environ.get(opt.env) is not None and opt.convert is not None:
            values[opt.dest] = _convert(opt, environ[opt.env], "env")
    for opt in OPTIONS:
        raw = getattr(args, opt.dest, None) if opt.flags else None
        if raw is None or opt.action == "exit":
            continue
        if opt.action == "count":
            values["debug"] += raw
        elif opt.action == "flag":
            values[opt.dest] = values[opt.dest] or bool(raw)
        else:
            values[opt.dest] = _convert(opt, raw, "flag")

    # As the C daemon: -d list first (it is acted on while the options are read).
    for dest, known, title in (
        ("data_parsers", DATA_PARSERS, "data_parser"),
        ("auth_plugins", AUTH_PLUGINS, "REST authentication"),
        ("openapi_plugins", OPENAPI_PLUGINS, "OpenAPI"),
    ):
        if values[dest] == "list":
            raise _listing(title, known)
        if dest == "openapi_plugins":
            values["openapi_default"] = not values[dest]
        if dest != "data_parsers":
            values[dest] = tuple(values[dest] or known)
    chosen = values.pop("data_parsers") or DataParsers()
    values["data_parsers"] = chosen.parsers
    values["data_parser_flags"] = chosen.flags
    values["data_parser_notes"] = chosen.notes

    values["listen"] = (*values["listen"], *args.addresses)
    if values["slurm_conf"] == "":
        raise UsageError("-f needs a file name")
    del values["verbose"]
    return Settings(**values)


def main(argv: Sequence[str] | None = None) -> int:
    from slurmrestd.server import ServerError, serve
    from slurmrestd.server.app import AppError

    argv = sys.argv[1:] if argv is None else argv
    try:
        settings = parse(argv, os.environ)
    except Exit as done:
        sys.stderr.write(done.err)
        sys.stdout.write(done.text)
        return done.status
    except UsageError as exc:
        print(f"{PROG}: fatal: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    try:
        if settings.generate_openapi_spec:
            from slurmrestd.server import app

            for note in settings.data_parser_notes:
                print(f"{PROG}: warning: {note}", file=sys.stderr)
            sys.stdout.write(app.openapi_text(settings))
            return EXIT_OK
        return serve(settings)
    except (ServerError, AppError) as exc:
        print(f"{PROG}: fatal: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # a bug: still one line, with what it was
        print(f"{PROG}: fatal: internal error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILURE


def run() -> int:
    """The program's entry point: main() in a process with libslurm preloaded."""
    from slurmrestd import slurm

    try:
        slurm.preload(sys.argv[1:])
    except slurm.BindingUnavailableError as exc:
        print(f"{PROG}: fatal: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    return main()
