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
    RouterAnswers,
    create_app,
)
from slurmrestd.slurm.releases import RELEASES, TEXT_NOT_FOUND_2605, Release


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


@pytest.mark.parametrize("release", RELEASES, ids=lambda r: r.name)
def test_router_answers_per_release(release: Release) -> None:
    """A release's 404 text and its 405 (22.05) or 404 (24.11 on) for an unknown method,
    except below the old versions' prefixes, where 22.05's answers stay."""
    daemon = release.daemon
    answers = RouterAnswers(
        not_found=daemon.text_not_found or TEXT_NOT_FOUND,
        method_not_allowed=daemon.method_not_allowed,
        legacy=("/slurm/v0.0.38/",),
    )
    app = create_app(
        authenticate=lambda req: "alice",
        routes=[Route("/slurm/v0.0.38/ping", Echo()), Route("/slurm/v0.0.42/ping", Echo())],
        answers=answers,
    )
    client = falcon.testing.TestClient(app)
    not_found = TEXT_NOT_FOUND_2605 if release.name == "26.05" else TEXT_NOT_FOUND
    for path in ("/nope", "/slurm/v0.0.42/nope", "/slurm/v0.0.42"):
        res = client.simulate_get(path)
        assert (res.status, res.text) == ("404 NOT FOUND", not_found), path
    res = client.simulate_put("/slurm/v0.0.42/ping")
    if release.name == "22.05":
        assert (res.status, res.text) == ("405 NOT ALLOWED", TEXT_NOT_ALLOWED)
    else:
        assert (res.status, res.text) == ("404 NOT FOUND", not_found)
    res = client.simulate_put("/slurm/v0.0.38/ping")
    assert (res.status, res.text) == ("405 NOT ALLOWED", TEXT_NOT_ALLOWED)
    res = client.simulate_get("/slurm/v0.0.38/nope")
    assert (res.status, res.text) == ("404 NOT FOUND", TEXT_NOT_FOUND)


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


def _release_client(release: Release) -> falcon.testing.TestClient:
    """An app with the release's URL rules, and 22.05's below /slurm/v0.0.38/."""
    from slurmrestd.api import MediaRules
    from slurmrestd.server.app import media_of
    from slurmrestd.slurm.releases import Media

    rules = MediaRules(
        current=media_of(release.daemon.media, "pretty"),
        legacy_media=media_of(Media(), "pretty"),
        legacy=("/slurm/v0.0.38/",),
    )
    app = create_app(
        authenticate=lambda req: "alice",
        routes=[Route("/slurm/v0.0.38/ping", Echo()), Route("/slurm/v0.0.42/ping", Echo())],
        media=rules,
    )
    return falcon.testing.TestClient(app)


def _raw(client: falcon.testing.TestClient, target: str) -> falcon.testing.Result:
    """A GET as gunicorn hands it over: the request target as sent in RAW_URI."""
    path, _, query = target.partition("?")
    return client.simulate_get(path, query_string=query, extras={"RAW_URI": target})


@pytest.mark.parametrize("release", RELEASES, ids=lambda r: r.name)
@pytest.mark.parametrize(
    "path", ["/slurm/v0.0.42/ping,", "/x/a:b", "/x/a%2", "/x/%00", "/x/%FF", "/x/%ff", "/x/.."]
)
def test_path_the_url_parser_refuses(release: Release, path: str) -> None:
    res = _raw(_release_client(release), path)
    if release.name == "26.05":
        want = ("404 NOT FOUND", "Invalid or unknown URL path")
    else:
        want = ("400 BAD REQUEST", "Unable to parse URL path.")
    assert (res.status, res.text, res.headers["connection"]) == (*want, "Close")
    # Below the old versions' prefix, 22.05's answer on every release.
    res = _raw(_release_client(release), "/slurm/v0.0.38/" + path.rpartition("/")[2])
    assert (res.status, res.text) == ("400 BAD REQUEST", "Unable to parse URL path.")


@pytest.mark.parametrize("release", RELEASES, ids=lambda r: r.name)
@pytest.mark.parametrize("path", ["/slurm/v0.0.42/p%69ng", "/slurm/v0.0.42/ping%2C", "/x/a~b-c_.e"])
def test_path_the_url_parser_takes(release: Release, path: str) -> None:
    res = _raw(_release_client(release), path)
    assert res.text != "Unable to parse URL path." and res.status != "400 BAD REQUEST"


@pytest.mark.parametrize("release", RELEASES, ids=lambda r: r.name)
def test_dot_segments(release: Release) -> None:
    """26.05 leaves "." segments out of the path; the others look up a path with them."""
    res = _raw(_release_client(release), "/slurm/v0.0.42/./ping")
    assert res.status_code == (200 if release.name == "26.05" else 404)
    assert _raw(_release_client(release), "/slurm/v0.0.38/./ping").status_code == 404
