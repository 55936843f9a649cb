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
        "\\fBslurmrestd\\fR [\\fIoptions\\fR] [[https://][\\fIhost\\fR]:\\fIport\\fR | "
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
        ".SH TLS",
        "An address written \\fBhttps://\\fR[\\fIhost\\fR]:\\fIport\\fR requires TLS: a "
        "connection that does not start a TLS handshake is closed unanswered. Every other "
        "connection ([\\fIhost\\fR]:\\fIport\\fR, \\fBhttp://\\fR, \\fBunix:\\fR, systemd's "
        "sockets, inetd's socket or pipe) is TLS when its first bytes are a TLS handshake, plain "
        "HTTP otherwise. The certificate and its key are \\fBslurm.conf\\fR(5)'s "
        "\\fBTLSParameters\\fR \\fBrestd_cert_file=\\fR and \\fBrestd_cert_key_file=\\fR "
        "(default: restd_cert.pem and restd_cert_key.pem in slurm.conf's directory), read once by "
        "the starting user before \\fB\\-u\\fR/\\fB\\-g\\fR drop privileges, never by the "
        "service user: the key may be root's alone. The key must give others no access, the "
        "certificate must not be writable by others; encrypted keys are refused. Without a "
        "certificate TLS is off; one that is there but unusable turns it off with a warning; "
        "either is fatal with an https:// address. TLSType is not read. TLS 1.2 "
        "and later (Python's ssl). On every release: Slurm 22.05's and 24.11's slurmrestd refuse "
        "https://; 22.05's slurm.conf has no TLSParameters, so there the files are at their "
        "default paths.",
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
