"""Plain requests take the short way (server/lean.py) unless --access-log is given, where
gunicorn's own request and response objects serve them: on two real daemons, one each way,
the same requests get the same bytes back (but for the Date line)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import Lab
from tests.reliability.conftest import API, Served, start
from tests.reliability.wire import replay

DATE = re.compile(rb"\r\nDate: [^\r]*\r\n")
MISSING_JOB = 999999999


@pytest.fixture(scope="module")
def lean_daemon(lab: Lab) -> Iterator[Served]:
    yield from start(lab)


@pytest.fixture(scope="module")
def gunicorn_daemon(lab: Lab) -> Iterator[Served]:
    yield from start(lab, "--access-log")


def requests(user: str, token: str) -> dict[str, bytes]:
    auth = f"X-SLURM-USER-NAME: {user}\r\nX-SLURM-USER-TOKEN: {token}\r\n".encode()
    get = b"GET " + API.encode() + b"/ping HTTP/1.1\r\nHost: x\r\n" + auth
    body = b'{"not": "a job"}'
    return {
        "get": get + b"Connection: close\r\n\r\n",
        "get-http10": get.replace(b"HTTP/1.1", b"HTTP/1.0") + b"\r\n",
        "pipelined": get + b"\r\n" + get + b"Accept: application/json\r\nConnection: close\r\n\r\n",
        "no-auth": b"GET " + API.encode() + b"/ping HTTP/1.1\r\nConnection: close\r\n\r\n",
        "not-found": b"GET /no/such/path?x=1 HTTP/1.1\r\n" + auth + b"Connection: close\r\n\r\n",
        "quoted-path": b"GET /slurm/v0.0.38/job/%31%32 HTTP/1.1\r\n" + auth + b"\r\n",
        "delete-missing": f"DELETE {API}/job/{MISSING_JOB} HTTP/1.1\r\n".encode()
        + auth
        + b"Connection: close\r\n\r\n",
        "post-bad-json": f"POST {API}/job/submit HTTP/1.1\r\n".encode()
        + auth
        + b"Content-Type: application/json\r\nContent-Length: "
        + str(len(body) - 1).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body[:-1],
        "yaml-asked": get + b"Accept: application/x-yaml\r\nConnection: close\r\n\r\n",
    }


@pytest.mark.parametrize(
    "name",
    list(requests("u", "t")),
)
def test_the_short_way_answers_as_gunicorn_does(
    lean_daemon: Served, gunicorn_daemon: Served, name: str
) -> None:
    answers = []
    for served in (lean_daemon, gunicorn_daemon):
        payload = requests(served.user, served.token)[name]
        outcome = replay(served.port, payload, wait=name in ("get-http10", "quoted-path"))
        assert outcome.closed and outcome.responses, (name, outcome.raw[:300])
        answers.append(DATE.sub(b"\r\nDate: -\r\n", outcome.raw))
    assert answers[0] == answers[1], name
    lean_daemon.assert_alive()
