from __future__ import annotations

import os
import socket

import pytest

from slurmrestd.server.listeners import Address, ListenError, inherited_fds, parse_address, resolve


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:6820", Address("127.0.0.1:6820", host="127.0.0.1", port=6820)),
        (":6820", Address(":6820", host="", port=6820)),
        ("[::1]:6820", Address("[::1]:6820", host="::1", port=6820)),
        ("localhost:80", Address("localhost:80", host="localhost", port=80)),
        (
            "unix:/run/slurmrestd.sock",
            Address("unix:/run/slurmrestd.sock", path="/run/slurmrestd.sock"),
        ),
    ],
)
def test_parse(text: str, expected: Address) -> None:
    assert parse_address(text) == expected


def test_relative_unix_path_is_made_absolute() -> None:
    assert parse_address("unix:rest.sock").path == os.path.abspath("rest.sock")


@pytest.mark.parametrize("text", ["6820", "host", "::1:80", "h:port", "h:70000", "unix:", "h:-1"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ListenError, match="Unable to parse"):
        parse_address(text)


def test_resolve_all_interfaces_and_literals() -> None:
    wildcard = resolve(parse_address(":1"))
    assert wildcard in ([("::", 1)], [("0.0.0.0", 1)])
    assert resolve(parse_address("127.0.0.1:2")) == [("127.0.0.1", 2)]


def test_resolve_hostname_once_to_addresses() -> None:
    pairs = resolve(parse_address("localhost:3"))
    assert ("127.0.0.1", 3) in pairs or ("::1", 3) in pairs


def test_unresolvable() -> None:
    with pytest.raises(ListenError, match=r"no\.such\.host\.invalid"):
        resolve(parse_address("no.such.host.invalid:80"))


def test_inherited_fds_only_for_our_pid() -> None:
    pid = str(os.getpid())
    assert inherited_fds({"LISTEN_PID": pid, "LISTEN_FDS": "2"}) == [3, 4]
    assert inherited_fds({"LISTEN_PID": "1", "LISTEN_FDS": "2"}) == []
    assert inherited_fds({"LISTEN_PID": pid, "LISTEN_FDS": "x"}) == []
    assert inherited_fds({}) == []
    assert socket.has_ipv6 in (True, False)
