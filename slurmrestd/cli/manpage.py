"""slurmrestd(8), generated from the option declarations that also drive the parser and -h.

``python -m slurmrestd.cli.manpage > conf/man/slurmrestd.8`` regenerates the page shipped
with the package; a test keeps the two equal, so -h and the man page never disagree.
"""

from __future__ import annotations

import sys

from slurmrestd import __version__
from slurmrestd.cli.options import (
    AUTH_PLUGINS,
    DATA_PARSERS,
    OPENAPI_PLUGINS,
    OPTIONS,
    SECURITY_TOKENS,
    Option,
)
from slurmrestd.slurm.releases import RELEASES


def _roff(text: str) -> str:
    """Escape text for roff: backslashes, and a leading dot or quote."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def _item(opt: Option) -> list[str]:
    flags = ", ".join(f"\\fB{_roff(flag)}\\fR" for flag in opt.flags)
    head = f"{flags} \\fI{_roff(opt.metavar)}\\fR" if opt.metavar else flags
    lines = [".TP", head, _roff(opt.help)]
    if opt.env:
        lines[-1] += f" Environment: \\fB\\%{_roff(opt.env)}\\fR."
    return lines


def render() -> str:
    out = [
        f'.TH SLURMRESTD 8 "" "slurmrestd {__version__}" "Slurm REST API daemon"',
        ".SH NAME",
        f"slurmrestd \\- Slurm REST API daemon (Slurm {', '.join(r.name for r in RELEASES)}; "
        "in Python)",
        ".SH SYNOPSIS",
        "\\fBslurmrestd\\fR [\\fIoptions\\fR] [[\\fIhost\\fR]:\\fIport\\fR | "
        "unix:\\fI/path/to/socket\\fR] ...",
        ".SH DESCRIPTION",
        "slurmrestd translates HTTP requests into Slurm RPCs. In listen mode it binds every "
        "address given, drops privileges to \\fB\\-u\\fR/\\fB\\-g\\fR and serves requests with a "
        "pool of \\fB\\-t\\fR threads per worker process. With no address it serves the one "
        "connection on stdin/stdout (inetd mode: inetd, xinetd, systemd Accept=yes, or a pipe).",
        ".SH OPTIONS",
    ]
    for opt in OPTIONS:
        if opt.flags and opt.manual:
            out += _item(opt)
    out.append(".SH EXTENSIONS")
    out.append("Long options that slurmrestd(8) of Slurm does not have; each is safe by default.")
    for opt in OPTIONS:
        if opt.flags and not opt.manual:
            out += _item(opt)
    out.append(".SH ENVIRONMENT")
    for opt in OPTIONS:
        if opt.env:
            out += [".TP", f"\\fB\\%{_roff(opt.env)}\\fR", _roff(opt.help)]
    out += [
        ".SH PLUGINS",
        "Authentication (\\fB\\-a\\fR): " + ", ".join(_roff(p) for p in AUTH_PLUGINS) + ".",
        ".br",
        "OpenAPI (\\fB\\-s\\fR): " + ", ".join(_roff(p) for p in OPENAPI_PLUGINS) + ".",
        ".br",
        "data_parser (\\fB\\-d\\fR): " + ", ".join(_roff(p) for p in DATA_PARSERS) + ".",
        ".SH SECURITY",
        "Before serving, the daemon refuses to run as root, as SlurmUser, with gid 0 or with "
        "SlurmUser's group; drops supplementary groups, sets its gid and uid; unshares System V "
        "semaphores and its file descriptor table; sets no_new_privs; and closes every inherited "
        "descriptor that is not a listener. \\fBSLURMRESTD_SECURITY\\fR takes: "
        + ", ".join(_roff(t) for t in SECURITY_TOKENS)
        + ". It refuses \\fBbecome_user\\fR (exit 1): no process of this daemon that reads "
        "client input runs as root, and the C daemon's become_user reads the request as root "
        "before it changes to the client's user.",
        ".SH SIGNALS",
        ".TP",
        "\\fBSIGINT\\fR, \\fBSIGTERM\\fR",
        "Stop accepting, finish requests in flight (\\fB\\-\\-graceful\\-timeout\\fR), exit 0 "
        "and remove the UNIX sockets the daemon created.",
        ".TP",
        "\\fBSIGPIPE\\fR",
        "Ignored.",
        ".SH SEE ALSO",
        "\\fBslurm.conf\\fR(5), \\fBslurmctld\\fR(8), \\fBslurmdbd\\fR(8), \\fBscontrol\\fR(1)",
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
