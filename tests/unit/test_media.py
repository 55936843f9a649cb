"""Content negotiation (slurmrestd.api.media): the C daemons' rules, without a lab."""

from __future__ import annotations

from typing import Any

import falcon
import falcon.testing
import pytest
import yaml

from slurmrestd.api import MediaRules, Route, create_app, envelope, media
from slurmrestd.api.errors import RouterError
from slurmrestd.api.resource import Call, Operation, Resource, parse_query
from slurmrestd.server.app import media_of
from slurmrestd.slurm import releases

R2205 = media_of(releases.Media(), "pretty")
R2411 = media_of(releases.MEDIA_2411, "pretty")
R2605 = media_of(releases.MEDIA_2605, "pretty")


@pytest.mark.parametrize(
    ("accept", "want"),
    [
        (None, "application/json"),
        ("", None),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("application/jsonrequest", "application/jsonrequest"),
        ("APPLICATION/X-YAML", "application/x-yaml"),
        ("text/yaml", "text/yaml"),
        ("application/yaml", "application/yaml"),
        ("application/*", None),
        ("text/html", None),
        ("text/html, text/yaml", "text/yaml"),
        ("application/x-www-form-urlencoded", media.URL_ENCODED),
        # Ascending quality, equal ones in their order (24.11's and 26.05's sort).
        ("application/json, text/yaml", "application/json"),
        ("text/yaml, application/json", "text/yaml"),
        ("text/yaml;q=0.5, application/json", "text/yaml"),
        ("application/json;q=0.5, text/yaml", "application/json"),
        ("application/json;q=0.9, application/yaml;q=0.1", "application/yaml"),
        # A quality is read only from the first parameter.
        ("text/yaml;level=1;q=0.2, application/json;q=0.5", "application/json"),
        ("*/*;q=0.1, text/yaml", "application/json"),
    ],
)
def test_writer(accept: str | None, want: str | None) -> None:
    assert media.choose_writer(R2411, accept) == want


def test_yaml_types_per_release() -> None:
    """22.05 registers application/x-yaml and text/yaml; 24.11 on add application/yaml."""
    assert media.choose_writer(R2205, "application/yaml") is None
    assert media.choose_writer(R2205, "application/x-yaml") == "application/x-yaml"
    assert media.choose_writer(R2605, "application/yaml") == "application/yaml"


def test_yaml_framing_and_tags() -> None:
    doc = {
        "s": "22",
        "i": 22,
        "b": True,
        "n": None,
        "f": 0.5,
        "e": "",
        "null_text": envelope.NULL_TEXT,
        "l": [],
        "m": {},
        "q": "[localhost]:1(fd:9)",
    }
    text = media.yaml_dumps(doc).decode()
    assert text.startswith("%YAML 1.1\n--- !!map\n")
    assert text.endswith("\n...\n")
    for line in (
        "!!str s: !!str 22",
        "!!str i: !!int 22",
        "!!str b: !!bool true",
        "!!str n: !!null null",
        "!!str f: !!float 0.500000",
        "!!str e: !!str\n",
        "!!str null_text: !!null null",
        "!!str l: !!seq []",
        "!!str m: !!map {}",
        "!!str q: !!str '[localhost]:1(fd:9)'",
    ):
        assert line in text, line
    loaded = yaml.safe_load(text)
    assert loaded == {**doc, "null_text": None}
    assert envelope.dumps({"x": envelope.NULL_TEXT}) == b'{\n  "x": ""\n}'


def test_python_emitter_writes_what_libyaml_writes() -> None:
    doc = {
        "long": "word " * 40,
        "multi": "a\nb",
        "odd": [" x", "-", "yes", "", "#c", "a: b", 1, 2.25, None, False],
        "nested": [{"a": [{"b": {}}]}],
    }
    assert media.yaml_dumps(doc, pure=True) == media.yaml_dumps(doc)
    assert media.yaml_dumps(doc, pure=True, compact=True) == media.yaml_dumps(doc, compact=True)


def test_compact_does_not_fold() -> None:
    doc = {"long": "word " * 40}
    assert media.yaml_dumps(doc).count(b"\n") > media.yaml_dumps(doc, compact=True).count(b"\n")
    assert yaml.safe_load(media.yaml_dumps(doc, compact=True)) == doc


def _neg(m: media.Media, content_type: str | None) -> media.Negotiated:
    reader = media.URL_ENCODED if content_type is None else content_type
    return media.Negotiated(m, "application/json", reader, content_type)


def test_bodies() -> None:
    parse = media.parse_body
    assert parse(_neg(R2411, "application/json"), b'{"a": 1}', parse_query) == {"a": 1}
    # Untagged YAML scalars are strings; explicit tags convert.
    body = b"a: 1\nb: true\nc: !!int 2\nd: !!bool true\ne:\n- x\n"
    assert parse(_neg(R2411, "application/yaml"), body, parse_query) == {
        "a": "1",
        "b": "true",
        "c": 2,
        "d": True,
        "e": ["x"],
    }
    assert parse(_neg(R2411, None), b"a=b&c=d", parse_query) == {"a": "b", "c": "d"}
    assert parse(_neg(R2411, "application/json"), b"  ", parse_query) is media.NO_BODY


@pytest.mark.parametrize(
    ("rules", "content_type", "body", "want"),
    [
        (R2205, "application/yaml", b"a: b", ("400 BAD REQUEST", "Unable to parse query.")),
        (R2411, "text/html", b"{}", ("400 BAD REQUEST", "Unable to parse query.")),
        (
            R2605,
            "text/html",
            b"{}",
            ("415 UNSUPPORTED MEDIA TYPE", "MIME type is unknown to any loaded plugins"),
        ),
        (R2411, "application/x-yaml", b'a: "x', ("400 BAD REQUEST", "Unable to parse query.")),
        (
            R2605,
            "application/x-yaml",
            b'a: "x',
            ("500 INTERNAL ERROR", "Unable to convert Data type"),
        ),
        (R2605, "application/json", b"{", ("400 BAD REQUEST", "Failure during parsing")),
        (
            R2411,
            "application/yaml",
            b"a: &x b\nc: *x\n",
            ("400 BAD REQUEST", "Unable to parse query."),
        ),
        (R2411, "application/yaml", b"? [a]\n: b\n", ("400 BAD REQUEST", "Unable to parse query.")),
        (R2411, "application/yaml", b"[" * 5000, ("400 BAD REQUEST", "Unable to parse query.")),
        (R2411, "application/yaml", b"\xff\xfe\x00", ("400 BAD REQUEST", "Unable to parse query.")),
        (R2605, None, b'{"a": 1}', ("500 INTERNAL ERROR", "Unspecified error")),
        (R2205, None, b'{"a": 1}', ("400 BAD REQUEST", "Unable to parse query.")),
        (
            R2205,
            "application/json; charset=utf-8",
            b"{}",
            ("400 BAD REQUEST", "Unable to parse query."),
        ),
    ],
)
def test_refused_bodies(
    rules: media.Media, content_type: str | None, body: bytes, want: tuple[str, str]
) -> None:
    with pytest.raises(RouterError) as exc:
        media.parse_body(_neg(rules, content_type), body, parse_query)
    assert (exc.value.status, exc.value.text) == want


def _app(rules: MediaRules) -> falcon.testing.TestClient:
    def submit(call: Call) -> tuple[str, dict[str, Any]]:
        if not call.body:
            raise envelope.ApiError("500 INTERNAL ERROR", [{"error": "Job script not specified"}])
        return "200 OK", {"got": call.body, "plain": call.plain}

    ops = {"POST": Operation(submit, "submit", "submit", body=True)}
    routes = [
        Route(path, Resource(meta={"m": 1}, operations=ops))
        for path in ("/slurm/v0.0.38/job/submit", "/slurm/v0.0.42/job/submit")
    ]
    return falcon.testing.TestClient(
        create_app(authenticate=lambda req: "alice", routes=routes, media=rules)
    )


RULES = MediaRules(current=R2605, legacy_media=R2205, legacy=("/slurm/v0.0.38/",))


def test_answers_through_the_app() -> None:
    client = _app(RULES)
    res = client.simulate_post(
        "/slurm/v0.0.42/job/submit",
        body=b"job:\n  name: x\n",
        headers={"Content-Type": "application/yaml", "Accept": "application/yaml"},
    )
    assert (res.status, res.headers["content-type"]) == ("200 OK", "application/yaml")
    assert yaml.safe_load(res.text) == {
        "meta": {"m": 1},
        "errors": [],
        "got": {"job": {"name": "x"}},
        "plain": True,
    }
    # A handler's error: written as asked, the connection closed.
    res = client.simulate_post("/slurm/v0.0.42/job/submit", headers={"Accept": "text/yaml"})
    assert res.status == "500 INTERNAL ERROR"
    assert res.headers["content-type"] == "text/yaml"
    assert res.headers["connection"].lower() == "close"


def test_release_answers_by_path() -> None:
    """26.05's texts on the data_parser versions, 22.05's below the old versions."""
    client = _app(RULES)
    res = client.simulate_post("/slurm/v0.0.42/job/submit", headers={"Accept": "text/html"})
    assert (res.status, res.text) == (
        "415 UNSUPPORTED MEDIA TYPE",
        "HTTP Accept header content type is unknown or unsupported",
    )
    assert res.headers["content-type"] == "text/plain"
    res = client.simulate_post("/slurm/v0.0.38/job/submit", headers={"Accept": "text/html"})
    assert (res.status, res.text) == (
        "415 UNSUPPORTED MEDIA TYPE",
        "Accept content type is unknown",
    )
    res = client.simulate_post(
        "/slurm/v0.0.38/job/submit", headers={"Accept": "application/x-www-form-urlencoded"}
    )
    assert (res.status, res.text, res.headers.get("content-type")) == ("500 INTERNAL ERROR", "", "")
    res = client.simulate_post(
        "/slurm/v0.0.42/job/submit",
        body=b'{"a": 1}',
        headers={"Accept": "application/x-www-form-urlencoded", "Content-Type": "application/json"},
    )
    assert (res.status, res.text, res.headers["content-type"]) == (
        "422 UNPROCESSABLE CONTENT",
        "Requested operation not supported on this system",
        media.URL_ENCODED,
    )


def test_unknown_path_before_accept() -> None:
    """A 404 comes before the 415, as in the reference."""
    res = _app(RULES).simulate_get("/slurm/v0.0.42/nope", headers={"Accept": "text/html"})
    assert res.status == "404 NOT FOUND"


def test_unexpected_body() -> None:
    """22.05 refuses a body on another method than POST; 24.11 on, one beside a query."""
    r2205 = MediaRules(current=R2205)
    r2605 = MediaRules(current=R2605)

    class Ping:
        def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
            media.send(resp, media.negotiate(req), "200 OK", {"pong": True})

    for rules, target, want in (
        (r2205, "/ping", "400 BAD REQUEST"),
        (r2605, "/ping", "200 OK"),
        (r2605, "/ping?a=1", "400 BAD REQUEST"),
    ):
        app = create_app(authenticate=lambda req: "a", routes=[Route("/ping", Ping())], media=rules)
        path, _, query = target.partition("?")
        res = falcon.testing.TestClient(app).simulate_get(
            path, query_string=query or None, body=b"{}"
        )
        assert res.status == want, (rules, target)
