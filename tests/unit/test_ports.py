"""The tests' port allocator: ports of 6840-6899 only, never one that another test run holds or
that something has bound."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from slurmrestd_dev import lab as slurm_lab
from tests.daemon import TEST_PORTS, NoFreePortError, PortAllocator, free_port, listening_socket

ROOT = Path(__file__).resolve().parents[2]


def test_test_ports_are_in_the_project_range_and_apart_from_the_lab() -> None:
    assert TEST_PORTS.start >= 6800 and TEST_PORTS.stop <= 6900 and len(TEST_PORTS) > 0
    lab_ports = {int(p) for f in (ROOT / "conf/lab").glob("*.in") for p in _ports(f.read_text())}
    lab_ports.add(int(slurm_lab.DEMO_ADDRESS.rpartition(":")[2]))
    assert lab_ports and not lab_ports & set(TEST_PORTS)


def _ports(conf: str) -> list[str]:
    return re.findall(r"^\w*Port=(\d+)", conf, re.MULTILINE)


def test_free_port_hands_out_distinct_bindable_ports_of_the_range() -> None:
    ports = [free_port() for _ in range(10)]
    assert len(set(ports)) == 10 and set(ports) <= set(TEST_PORTS)
    v6 = free_port(socket.AF_INET6, "::1") if socket.has_ipv6 else None
    assert v6 is None or (v6 in TEST_PORTS and v6 not in ports)


def test_round_robin_then_the_same_port_again_once_it_is_free(tmp_path: Path) -> None:
    ports = PortAllocator(TEST_PORTS, tmp_path)
    taken = [ports.take() for _ in range(5)]
    assert taken == sorted(set(taken))  # in order through the range, none twice
    one = PortAllocator(range(taken[0], taken[0] + 1), tmp_path / "other")
    assert one.take() == one.take() == taken[0]  # its own lock does not hide it from itself


def test_two_processes_never_hold_the_same_port(tmp_path: Path) -> None:
    """Both start at the bottom of the range: without the locks they would get the same
    ports."""
    child_code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tests.daemon import TEST_PORTS, PortAllocator\n"
        "ports = PortAllocator(TEST_PORTS, Path(sys.argv[1]))\n"
        "print(*[ports.take() for _ in range(5)], flush=True)\n"
        "sys.stdin.read()  # holds its ports until the parent closes stdin\n"
    )
    mine = PortAllocator(TEST_PORTS, tmp_path)
    before = {mine.take() for _ in range(5)}
    child = subprocess.Popen(
        [sys.executable, "-c", child_code, str(tmp_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        theirs = {int(p) for p in child.stdout.readline().split()}
        after = {mine.take() for _ in range(5)}
        assert len(theirs) == 5 and theirs <= set(TEST_PORTS)
        assert not theirs & (before | after)
        child.stdin.close()
        assert child.wait(30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_a_bound_port_is_skipped(tmp_path: Path) -> None:
    with listening_socket() as busy:
        port = busy.getsockname()[1]
        only = PortAllocator(range(port, port + 1), tmp_path)
        with pytest.raises(NoFreePortError, match=f"{port}-{port}"):
            only.take()
    assert only.take() == port


def test_a_port_in_time_wait_is_handed_out(tmp_path: Path) -> None:
    """A daemon of an earlier test that closed its connections first leaves them in
    TIME_WAIT: gunicorn binds with SO_REUSEADDR, so the port is free for the next one."""
    port = free_port()
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        client = socket.create_connection(("127.0.0.1", port), timeout=10)
        accepted, _ = server.accept()
        accepted.close()  # the server closes first: its side goes to TIME_WAIT
        client.close()
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind(("127.0.0.1", port))  # without SO_REUSEADDR: still in use
    assert PortAllocator(range(port, port + 1), tmp_path).take() == port
