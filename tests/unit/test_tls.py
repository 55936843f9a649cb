"""TLS without the lab: the fingerprint, https:// addresses, the files slurm.conf names, and
inetd mode speaking TLS over a socket and over two pipes (a toy application)."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from slurmrestd.server import tls
from slurmrestd.server.listeners import Address, ListenError, parse_address

# The first bytes of real ClientHellos (TLS 1.2 and 1.3 clients write version 3.1 or 3.3).
HELLO_13 = bytes.fromhex("16030102000100")
HELLO_12 = bytes.fromhex("160303007a01")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (HELLO_13, True),
        (HELLO_12, True),
        (bytes.fromhex("1603000002"), True),  # SSLv3's header, 2 bytes long
        (b"GET / HTTP/1.1\r\n", False),
        (b"G", False),
        (b"\x16G", False),  # not version 3.x
        (bytes.fromhex("1603011000"), False),  # longer than a hello's record may be
        (bytes.fromhex("1603010001"), False),  # too short
        (b"", None),
        (b"\x16", None),
        (b"\x16\x03\x01\x02", None),
    ],
)
def test_fingerprint(data: bytes, expected: bool | None) -> None:
    assert tls.fingerprint(data) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://127.0.0.1:6820", Address("https://127.0.0.1:6820", "127.0.0.1", 6820, tls=True)),
        ("https://[::1]:443", Address("https://[::1]:443", "::1", 443, tls=True)),
        ("HTTPS://:6820", Address("HTTPS://:6820", "", 6820, tls=True)),
        ("http://localhost:80", Address("http://localhost:80", "localhost", 80)),
    ],
)
def test_parse_schemes(text: str, expected: Address) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize(
    "text", ["https://unix:/run/x.sock", "https://", "https://host", "ftp://h:1"]
)
def test_parse_schemes_rejects(text: str) -> None:
    with pytest.raises(ListenError, match="Unable to parse"):
        parse_address(text)


def _cert(directory: Path, cert: str = "restd_cert.pem", key: str = "restd_cert_key.pem") -> None:
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
            *("-nodes", "-days", "1", "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
            *("-keyout", str(directory / key), "-out", str(directory / cert)),
        ],
        check=True,
        capture_output=True,
    )
    os.chmod(directory / key, 0o600)


@pytest.fixture(scope="module")
def certdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("tls")
    _cert(directory)
    (directory / "slurm.conf").write_text("ClusterName=x\n")
    return directory


def test_default_paths_are_beside_slurm_conf(certdir: Path) -> None:
    conf = str(certdir / "slurm.conf")
    assert tls.paths(conf) == (certdir / "restd_cert.pem", certdir / "restd_cert_key.pem")


def test_tls_parameters_name_the_files(tmp_path: Path) -> None:
    conf = tmp_path / "slurm.conf"
    conf.write_text(
        "TLSParameters=ca_cert_file=/x/ca.pem, RESTD_CERT_FILE=/etc/r.crt,"
        "restd_cert_key_file=keys/r.key # the key\n"
    )
    assert tls.paths(str(conf)) == (Path("/etc/r.crt"), tmp_path / "keys/r.key")


def test_load(certdir: Path, tmp_path: Path) -> None:
    server, note = tls.load(str(certdir / "slurm.conf"), required=True)
    assert server is not None and note is None
    empty = tmp_path / "slurm.conf"
    empty.write_text("")
    # No certificate: TLS off without a word; fatal when an https:// listener needs it.
    assert tls.load(str(empty), required=False) == (None, None)
    with pytest.raises(tls.TLSError, match=r"restd_cert\.pem.*No such file or directory"):
        tls.load(str(empty), required=True)


def test_an_unusable_certificate_is_one_line(certdir: Path, tmp_path: Path) -> None:
    (tmp_path / "slurm.conf").write_text("")
    (tmp_path / "restd_cert.pem").write_bytes((certdir / "restd_cert.pem").read_bytes())
    key = tmp_path / "restd_cert_key.pem"
    key.write_bytes((certdir / "restd_cert_key.pem").read_bytes())
    key.chmod(0o644)
    server, note = tls.load(str(tmp_path / "slurm.conf"), required=False)
    assert server is None and note is not None
    assert "insecure file mode 0644" in note and note.endswith("TLS is disabled")
    key.chmod(0o600)
    secret = key.read_text()
    key.write_text(secret.replace("A", "B"))  # not the certificate's key any more
    with pytest.raises(tls.TLSError) as err:
        tls.load(str(tmp_path / "slurm.conf"), required=True)
    assert "\n" not in str(err.value) and "PRIVATE" not in str(err.value)


TOY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from slurmrestd.server import inetd, tls

    def app(environ, start_response):
        body = (environ["wsgi.url_scheme"] + " " + environ["PATH_INFO"]).encode()
        start_response("200 OK", [("Content-Length", str(len(body)))])
        return [body]

    directory = Path(sys.argv[1])
    context = tls.context(directory / "restd_cert.pem", directory / "restd_cert_key.pem")
    sys.exit(inetd.serve(app, None, context))
    """
)


def _client(certdir: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certdir / "restd_cert.pem"))


def _requests(n: int) -> bytes:
    last = b"GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    return b"".join(b"GET /%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(n)) + last


def _inetd(certdir: Path, stdin: object, stdout: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-P", "-c", TOY, str(certdir)],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={"PYTHONPATH": str(Path(tls.__file__).parents[2])},
    )


def _read_all(sock: ssl.SSLSocket | socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_inetd_tls_on_a_socket(certdir: Path) -> None:
    ours, theirs = socket.socketpair()
    proc = _inetd(certdir, theirs, theirs)
    theirs.close()
    ours.settimeout(30)
    with _client(certdir).wrap_socket(ours, server_hostname="localhost") as sock:
        sock.sendall(_requests(2))
        answer = _read_all(sock)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert answer.count(b"200 OK") == 3 and answer.endswith(b"https /last"), answer


def _pump(source: int, sink: socket.socket) -> None:
    while data := os.read(source, 65536):
        sink.sendall(data)
    sink.shutdown(socket.SHUT_WR)


def _pipes(certdir: Path) -> Iterator[tuple[subprocess.Popen[bytes], socket.socket]]:
    """The daemon on two pipes; the client's end is a socket that a thread relays."""
    ours, relay = socket.socketpair()
    proc = _inetd(certdir, subprocess.PIPE, subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    stdin = proc.stdin

    def to_stdin() -> None:
        while data := relay.recv(65536):
            stdin.write(data)
            stdin.flush()
        stdin.close()

    threads = [
        threading.Thread(target=to_stdin, daemon=True),
        threading.Thread(target=_pump, args=(proc.stdout.fileno(), relay), daemon=True),
    ]
    for thread in threads:
        thread.start()
    yield proc, ours
    for thread in threads:
        thread.join(30)


def test_inetd_tls_on_pipes(certdir: Path) -> None:
    for proc, ours in _pipes(certdir):
        ours.settimeout(30)
        with _client(certdir).wrap_socket(ours, server_hostname="localhost") as sock:
            sock.sendall(_requests(3))
            answer = _read_all(sock)
        sock.close()
        assert proc.stderr is not None
        err = proc.stderr.read()
        assert proc.wait(30) == 0, err
        assert answer.count(b"200 OK") == 4 and answer.endswith(b"https /last"), answer


def test_inetd_plain_http_beside_tls(certdir: Path) -> None:
    ours, theirs = socket.socketpair()
    proc = _inetd(certdir, theirs, theirs)
    theirs.close()
    ours.sendall(_requests(1))
    answer = _read_all(ours)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert answer.count(b"200 OK") == 2 and answer.endswith(b"http /last"), answer


def test_inetd_failed_handshake_is_one_line_and_status_1(certdir: Path) -> None:
    ours, theirs = socket.socketpair()
    proc = _inetd(certdir, theirs, theirs)
    theirs.close()
    client = ssl.create_default_context()  # does not trust the certificate
    with pytest.raises(ssl.SSLCertVerificationError):
        client.wrap_socket(ours, server_hostname="localhost")
    ours.close()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    lines = err.decode().splitlines()
    assert len(lines) == 1 and "TLS handshake failed" in lines[0], err
