"""Router semantics of the reference, through falcon's TestClient."""

from __future__ import annotations

import falcon
import falcon.testing
import pytest

from slurmrestd.api import (
    TEXT_NOT_ALLOWED,
    TEXT_NOT_FOUND,
    TEXT_UNAUTHORIZED,
    Route,
    create_app,
)


class Echo:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"path": req.path, "who": req.context.identity}


class Boom:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise RuntimeError("secret detail")


def _client(identity: object = "alice") -> falcon.testing.TestClient:
    app = create_app(
        authenticate=lambda req: identity,
        routes=[Route("/slurm/v0.0.38/ping", Echo()), Route("/boom", Boom())],
    )
    return falcon.testing.TestClient(app)


@pytest.mark.parametrize(
    "path", ["/slurm/v0.0.38/ping", "/slurm/v0.0.38/ping/", "//slurm//v0.0.38//ping//"]
)
def test_paths_normalise_like_the_reference(path: str) -> None:
    res = _client().simulate_get(path)
    assert res.status_code == 200
    assert res.json == {"path": "/slurm/v0.0.38/ping", "who": "alice"}


def test_unknown_path_is_404_text() -> None:
    res = _client().simulate_get("/slurm/v0.0.38/nope")
    assert res.status == "404 NOT FOUND"
    assert res.headers["content-type"] == "text/plain"
    assert res.text == TEXT_NOT_FOUND


def test_wrong_method_is_405_text() -> None:
    res = _client().simulate_put("/slurm/v0.0.38/ping")
    assert res.status == "405 NOT ALLOWED"
    assert res.text == TEXT_NOT_ALLOWED


@pytest.mark.parametrize("path", ["/slurm/v0.0.38/ping", "/nope", "/openapi/v3"])
def test_unauthenticated_is_401_before_routing(path: str) -> None:
    res = _client(identity=None).simulate_get(path)
    assert res.status == "401 UNAUTHORIZED"
    assert res.text == TEXT_UNAUTHORIZED
    assert res.headers["connection"].lower() == "close"


def test_unexpected_error_is_500_without_traceback() -> None:
    res = _client().simulate_get("/boom")
    assert res.status_code == 500
    assert "secret detail" not in res.text and "Traceback" not in res.text
