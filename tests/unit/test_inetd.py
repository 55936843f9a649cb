"""Inetd mode with a toy WSGI app: pipelined requests from a pipe are answered in order."""

from __future__ import annotations

import subprocess
import sys
import textwrap

TOY = textwrap.dedent(
    """
    import sys
    from slurmrestd.server import inetd

    def app(environ, start_response):
        body = environ["PATH_INFO"].encode()
        start_response("200 OK", [("Content-Length", str(len(body)))])
        return [body]

    sys.exit(inetd.serve(app))
    """
)


def _serve(stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-P", "-c", TOY],  # -P: never the working directory's code
        input=stdin,
        capture_output=True,
        timeout=30,
        env={},
    )


def test_pipelined_requests_in_order_then_zero_at_eof() -> None:
    reqs = b"".join(b"GET /%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(3))
    res = _serve(reqs)
    assert res.returncode == 0, res.stderr
    bodies = [
        part.split(b"\r\n\r\n", 1)[1][:2] for part in res.stdout.split(b"HTTP/1.1 200 OK")[1:]
    ]
    assert bodies == [b"/0", b"/1", b"/2"]


def test_malformed_after_good_one() -> None:
    res = _serve(b"GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /bad HTTP/9.9\r\n\r\n")
    assert res.returncode == 1
    assert res.stdout.startswith(b"HTTP/1.1 200 OK")
    assert b"HTTP/1.1 400 BAD REQUEST" in res.stdout


def test_empty_input_is_a_clean_exit() -> None:
    res = _serve(b"")
    assert (res.returncode, res.stdout) == (0, b"")
