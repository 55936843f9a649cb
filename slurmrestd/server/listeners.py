"""Listen addresses: parse `[host]:port` / `unix:/path`, resolve once, bind; systemd fds.

design: everything here runs in the master as the starting user (usually
root), before the lockdown.  Hostnames are resolved once, here, and never
again.  A UNIX socket path that holds a stale socket is replaced; any other
file there is an error.  Sockets handed over by systemd (LISTEN_FDS) are
used as they are and their paths are never unlinked by us.
"""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass, field
from typing import Any

from gunicorn import sock as gsock

SD_LISTEN_FDS_START = 3


class ListenError(Exception):
    """An address that cannot be parsed, resolved or bound."""


@dataclass(frozen=True)
class Address:
    text: str
    host: str | None = None
    port: int | None = None
    path: str | None = None
    # https://: a connection must be TLS (others are TLS or not, by their first bytes).
    tls: bool = False


SCHEMES = ("https://", "http://")


def parse_address(text: str) -> Address:
    """Parse one listen address as slurmrestd(8) writes it (26.05's https:// and http://
    taken on every release)."""
    text = text.strip()
    scheme = next((s for s in SCHEMES if text.lower().startswith(s)), "")
    if scheme:
        host_port = text[len(scheme) :]
        if host_port.startswith("unix:"):
            raise ListenError(f"Unable to parse {text}: {scheme} takes [host]:port")
        addr = parse_address(host_port)
        return Address(text, addr.host, addr.port, tls=scheme == "https://")
    if text.startswith("unix:"):
        path = text[len("unix:") :]
        if not path:
            raise ListenError(f"Unable to parse {text}: empty UNIX socket path")
        return Address(text, path=os.path.abspath(path))
    host, sep, port_text = text.rpartition(":")
    if not sep:
        raise ListenError(f"Unable to parse {text}: expected [host]:port or unix:/path")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    elif ":" in host:
        raise ListenError(f"Unable to parse {text}: write IPv6 addresses as [addr]:port")
    if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        raise ListenError(f"Unable to parse {text}: invalid port {port_text!r}")
    return Address(text, host=host, port=int(port_text))


def resolve(addr: Address) -> list[tuple[str, int]]:
    """The (ip, port) pairs to bind for a TCP address; an empty host means all interfaces."""
    assert addr.port is not None
    if not addr.host:
        return [("::", addr.port)] if socket.has_ipv6 else [("0.0.0.0", addr.port)]
    try:
        infos = socket.getaddrinfo(addr.host, addr.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ListenError(f"Unable to parse {addr.text}: {exc}") from None
    pairs: list[tuple[str, int]] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        pair = (str(sockaddr[0]), int(sockaddr[1]))
        if pair not in pairs:
            pairs.append(pair)
    return pairs


@dataclass
class Listeners:
    sockets: list[Any]
    # UNIX socket files this process created (and so removes at exit).
    created_paths: list[str]
    # The sockets of https:// addresses (by fd): TLS required.
    tls_required: set[int] = field(default_factory=set)

    def fds(self) -> set[int]:
        return {s.fileno() for s in self.sockets}


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


class TLSSocket(gsock.TCPSocket):
    """An https:// listener (named so in the log)."""

    def __str__(self) -> str:
        return "https" + super().__str__().removeprefix("http")


class TLS6Socket(gsock.TCP6Socket):
    def __str__(self) -> str:
        return "https" + super().__str__().removeprefix("http")


def bind_all(addresses: list[Address], conf: Any, log: Any) -> Listeners:
    """Bind every address with gunicorn's socket classes (conf: a gunicorn Config)."""
    result = Listeners([], [])
    try:
        for addr in addresses:
            if addr.path is not None:
                try:
                    result.sockets.append(gsock.UnixSocket(addr.path, conf, log))
                except ValueError:
                    raise ListenError(
                        f"Unable to bind {addr.text}: a file that is not a socket is in the way"
                    ) from None
                result.created_paths.append(addr.path)
                continue
            for host, port in resolve(addr):
                cls: Any = gsock.TCP6Socket if ":" in host else gsock.TCPSocket
                if addr.tls:
                    cls = TLS6Socket if ":" in host else TLSSocket
                result.sockets.append(cls((host, port), conf, log))
                if addr.tls:
                    result.tls_required.add(result.sockets[-1].fileno())
    except OSError as exc:
        close(result)
        raise ListenError(f"Unable to bind {addr.text}: {_describe(exc)}") from None
    except ListenError:
        close(result)
        raise
    return result


def inherited_fds(environ: dict[str, str] | None = None) -> list[int]:
    """File descriptors passed by systemd socket activation (LISTEN_PID/LISTEN_FDS)."""
    env = os.environ if environ is None else environ
    if env.get("LISTEN_PID", "") != str(os.getpid()):
        return []
    try:
        count = int(env.get("LISTEN_FDS", "0"))
    except ValueError:
        return []
    return list(range(SD_LISTEN_FDS_START, SD_LISTEN_FDS_START + max(count, 0)))


def is_listening(fd: int) -> bool:
    probe = socket.socket(fileno=os.dup(fd))
    try:
        return bool(probe.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))
    except OSError:
        return False
    finally:
        probe.close()


def adopt(fds: list[int], conf: Any, log: Any) -> list[Any]:
    """Wrap listening sockets inherited from systemd in gunicorn's socket classes."""
    adopted = []
    for fd in fds:
        probe = socket.socket(fileno=os.dup(fd))
        name = probe.getsockname()
        family = probe.family
        probe.close()
        if family == socket.AF_UNIX:
            cls: Any = gsock.UnixSocket
        elif family == socket.AF_INET6:
            cls = gsock.TCP6Socket
        else:
            cls = gsock.TCPSocket
        adopted.append(cls(name, conf, log, fd=fd))
    return adopted


def close(listeners: Listeners, log: Any = None) -> None:
    """Close every listener and remove the UNIX socket files we created."""
    for s in listeners.sockets:
        with contextlib.suppress(OSError):
            s.close()
    for path in listeners.created_paths:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            if log is not None:
                log.warning("unable to remove socket %s: %s", path, _describe(exc))
    listeners.sockets = []
    listeners.created_paths = []
    listeners.tls_required = set()
