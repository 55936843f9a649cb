"""TLS as Slurm 26.05's slurmrestd serves it, with Python's ssl module.

design: the certificate and its key are named by slurm.conf's TLSParameters
(``restd_cert_file=``, ``restd_cert_key_file=``), else ``restd_cert.pem`` and
``restd_cert_key.pem`` beside slurm.conf.  The master reads both once, as the
starting user (the key is typically readable by root only), before the
lockdown: the workers and inetd mode get the loaded ``ssl.SSLContext`` and
never open the files again.  No key material is ever logged.

Listeners written ``https://[host]:port`` require TLS: a connection that does
not start a TLS handshake is closed without an answer.  Every other connection
(``[host]:port``, ``http://``, ``unix:``, sockets from systemd, inetd's socket
or pipe) is TLS if its first bytes are a TLS record header carrying a
handshake (``fingerprint``), plain HTTP otherwise: one listener answers both.
(The reference also takes a bare handshake message without its record header,
which no TLS client sends: such bytes are HTTP here, and get a 400.)
Without a certificate TLS is off (and an ``https://`` listener is fatal).

TLSType is not read: this daemon has no TLS plugins, its TLS is its own
transport (as 26.05's slurmrestd takes TLSParameters whatever TLSType is).
22.05's slurm.conf has no TLSParameters (its libslurm refuses the key): there
the files are found at their default paths.
"""

from __future__ import annotations

import os
import ssl
import stat
from dataclasses import dataclass, field
from pathlib import Path

from slurmrestd.server import slurmconf

CERT_OPTION = "restd_cert_file"
KEY_OPTION = "restd_cert_key_file"
DEFAULT_CERT = "restd_cert.pem"
DEFAULT_KEY = "restd_cert_key.pem"

# A TLS record header (RFC 8446 5.1, SSLv3's RFC 6101 5.2.1): content type 22 (handshake),
# protocol version 3.x, length of the record's fragment.
RECORD_HANDSHAKE = 0x16
FINGERPRINT_SIZE = 5
RECORD_LENGTH_MIN = 2
RECORD_LENGTH_MAX = 0x0FFF


class TLSError(Exception):
    """The certificate or key cannot be used; the message says why, in one line."""


def fingerprint(data: bytes) -> bool | None:
    """Whether data starts like a TLS handshake: True, False, or None until more bytes
    could tell (data is a TLS record header's beginning so far)."""
    if not data:
        return None
    if data[0] != RECORD_HANDSHAKE:
        return False
    if len(data) >= 2 and data[1] != 0x03:
        return False
    if len(data) < FINGERPRINT_SIZE:
        return None
    length = int.from_bytes(data[3:5], "big")
    return RECORD_LENGTH_MIN <= length <= RECORD_LENGTH_MAX


def _options(text: str) -> dict[str, str]:
    """TLSParameters' comma-separated name=value pairs (names case-insensitive)."""
    options: dict[str, str] = {}
    for item in text.split(","):
        name, sep, value = item.strip().partition("=")
        if sep and value.strip():
            options[name.strip().lower()] = value.strip()
    return options


def paths(conf_path: str | None) -> tuple[Path, Path]:
    """The certificate and key files slurm.conf names (or their defaults).  Raises OSError."""
    conf = slurmconf.path(conf_path)
    options = _options(slurmconf.setting(conf_path, "TLSParameters", ""))
    cert = Path(options.get(CERT_OPTION, DEFAULT_CERT))
    key = Path(options.get(KEY_OPTION, DEFAULT_KEY))
    return conf.parent / cert, conf.parent / key


def _check_mode(path: Path, what: str, bad: int) -> None:
    """Refuse a file others may change (the certificate) or use at all (the key)."""
    mode = os.stat(path).st_mode
    if mode & bad:
        raise TLSError(
            f"Unable to load the TLS {what} {path}: insecure file mode "
            f"{stat.S_IMODE(mode):04o} ({'no access' if bad == stat.S_IRWXO else 'not writable'}"
            " for others)"
        )


def _no_password() -> bytes:
    raise TLSError("encrypted private keys are not supported")


def context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server context holding the certificate chain and its key.  Raises TLSError."""
    where = f"{cert} (key {key})"
    try:
        _check_mode(cert, "certificate", stat.S_IWOTH | stat.S_IXOTH)
        _check_mode(key, "key", stat.S_IRWXO)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.options |= ssl.OP_NO_RENEGOTIATION | ssl.OP_NO_COMPRESSION
        ctx.set_alpn_protocols(["http/1.1"])  # HTTP/1.x only, as on a plain connection
        ctx.load_cert_chain(cert, key, password=_no_password)
    except TLSError as exc:
        if str(exc).startswith("Unable"):
            raise
        raise TLSError(f"Unable to load the TLS certificate {where}: {exc}") from None
    except ssl.SSLError as exc:
        reason = exc.reason or "not a PEM certificate chain and its private key"
        raise TLSError(f"Unable to load the TLS certificate {where}: {reason}") from None
    except OSError as exc:
        raise TLSError(
            f"Unable to load the TLS certificate {where}: {exc.filename or cert}: "
            f"{exc.strerror or exc}"
        ) from None
    return ctx


@dataclass
class Server:
    """What the workers need: the context, and the listeners (by fd) that require TLS."""

    context: ssl.SSLContext
    cert: Path
    required: set[int] = field(default_factory=set)


def load(conf_path: str | None, *, required: bool) -> tuple[Server | None, str | None]:
    """The TLS server, or None with the note to log: why TLS is off.

    required (an https:// listener): every failure raises TLSError.  Otherwise a missing
    certificate turns TLS off quietly, as in the reference; a certificate that is there
    but unusable turns it off with a warning.
    """
    try:
        cert, key = paths(conf_path)
    except OSError as exc:
        problem = f"Unable to read Slurm configuration {slurmconf.path(conf_path)}: {exc.strerror}"
        if required:
            raise TLSError(problem) from None
        return None, None  # the application reports an unreadable slurm.conf
    if not required and not cert.exists():
        return None, None
    try:
        return Server(context(cert, key), cert), None
    except TLSError as exc:
        if required:
            raise
        return None, f"{exc}: TLS is disabled"
