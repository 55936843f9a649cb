"""Authentication plugins with fake requests (real sockets for SO_PEERCRED, real keys)."""

from __future__ import annotations

import json
import os
import socket
import time
from typing import Any

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from slurmrestd.auth import Outcome, chain
from slurmrestd.auth.jwt import Jwt, Verifier
from slurmrestd.auth.local import Local


class FakeRequest:
    def __init__(self, headers: dict[str, str] | None = None, env: dict[str, Any] | None = None):
        self.headers = {k.upper(): v for k, v in (headers or {}).items()}
        self.env = env or {}

    def get_header(self, name: str) -> str | None:
        return self.headers.get(name.upper())


def _token(user: str, key: bytes = b"k" * 32, exp: float | None = None, **kw: Any) -> str:
    claims = {"sun": user, "exp": int(exp if exp is not None else time.time() + 600), **kw}
    return pyjwt.encode(claims, key, algorithm="HS256")


def test_jwt_skips_requests_without_its_headers() -> None:
    plugin = Jwt(jwt_client=True)
    assert plugin.authenticate(FakeRequest()).outcome is Outcome.SKIP
    assert plugin.authenticate(FakeRequest({"Authorization": "Basic Zm9v"})).outcome is Outcome.SKIP


@pytest.mark.parametrize(
    "headers",
    [
        {"X-SLURM-USER-NAME": "alice"},
        {"X-SLURM-USER-TOKEN": "abc"},
        {"X-SLURM-USER-NAME": "alice", "X-SLURM-USER-TOKEN": ""},
        {"X-SLURM-USER-TOKEN": "a", "Authorization": "Bearer b"},
        {"Authorization": "Bearer not-a-jwt"},
    ],
)
def test_jwt_half_present_or_ambiguous_is_rejected(headers: dict[str, str]) -> None:
    assert Jwt(jwt_client=True).authenticate(FakeRequest(headers)).outcome is Outcome.REJECT


def test_jwt_passes_token_through() -> None:
    res = Jwt(jwt_client=True).authenticate(
        FakeRequest({"X-SLURM-USER-NAME": "root", "X-SLURM-USER-TOKEN": "opaque"})
    )
    assert res.outcome is Outcome.ACCEPT and res.identity is not None
    assert (res.identity.user_name, res.identity.token, res.identity.uid) == ("root", "opaque", 0)
    assert "opaque" not in repr(res.identity)


def test_bearer_takes_the_user_from_the_token() -> None:
    token = _token("alice")
    res = Jwt(jwt_client=True).authenticate(FakeRequest({"Authorization": f"Bearer {token}"}))
    assert res.identity is not None and res.identity.user_name == "alice"


def test_the_token_alone_as_the_release_says() -> None:
    """24.11 on: a token without a user name runs as the token's user; 22.05 rejects it. The
    bearer header is accepted unless the release says otherwise."""
    token = _token("bob")
    alone = FakeRequest({"X-SLURM-USER-TOKEN": token})
    res = Jwt(jwt_client=True, token_alone=True).authenticate(alone)
    assert res.identity is not None and res.identity.user_name == "bob"
    assert res.identity.token == token
    assert Jwt(jwt_client=True).authenticate(alone).outcome is Outcome.REJECT
    named = FakeRequest({"X-SLURM-USER-TOKEN": token, "X-SLURM-USER-NAME": "alice"})
    res = Jwt(jwt_client=True, token_alone=True).authenticate(named)
    assert res.identity is not None and res.identity.user_name == "alice"  # Slurm decides
    bearer = FakeRequest({"Authorization": f"Bearer {token}"})
    assert Jwt(jwt_client=True, bearer=False).authenticate(bearer).outcome is Outcome.SKIP
    opaque = FakeRequest({"X-SLURM-USER-TOKEN": "not-a-jwt"})
    assert Jwt(jwt_client=True, token_alone=True).authenticate(opaque).outcome is Outcome.REJECT


def test_jwt_without_slurm_jwt_never_accepts() -> None:
    res = Jwt(jwt_client=False).authenticate(
        FakeRequest({"X-SLURM-USER-NAME": "alice", "X-SLURM-USER-TOKEN": _token("alice")})
    )
    assert res.outcome is Outcome.REJECT


def test_hs256_verifier() -> None:
    key = os.urandom(32)
    plugin = Jwt(jwt_client=True, verifier=Verifier(hs256_key=key))

    def outcome(user: str, token: str) -> Outcome:
        req = FakeRequest({"X-SLURM-USER-NAME": user, "X-SLURM-USER-TOKEN": token})
        return plugin.authenticate(req).outcome

    assert outcome("alice", _token("alice", key)) is Outcome.ACCEPT
    assert outcome("bob", _token("alice", key)) is Outcome.REJECT  # wrong user
    assert outcome("alice", _token("alice", b"x" * 32)) is Outcome.REJECT  # wrong key
    assert outcome("alice", _token("alice", key, exp=time.time() - 5)) is Outcome.REJECT
    no_exp = pyjwt.encode({"sun": "alice"}, key, algorithm="HS256")
    assert outcome("alice", no_exp) is Outcome.REJECT
    assert outcome("alice", "garbage") is Outcome.REJECT


def test_jwks_verifier(tmp_path: Any) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(pyjwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    jwk.update(kid="k1", alg="RS256", use="sig")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk]}))
    verifier = Verifier.from_files(None, str(path))
    assert verifier is not None
    good = pyjwt.encode(
        {"sun": "alice", "exp": int(time.time()) + 60},
        private,
        algorithm="RS256",
        headers={"kid": "k1"},
    )
    assert verifier.verify(good, "alice") is None
    assert verifier.verify(good, "bob") is not None
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = pyjwt.encode(
        {"sun": "alice", "exp": int(time.time()) + 60},
        other,
        algorithm="RS256",
        headers={"kid": "k1"},
    )
    assert verifier.verify(forged, "alice") is not None


def test_local_accepts_own_uid_over_unix_socket() -> None:
    a, b = socket.socketpair(socket.AF_UNIX)
    with a, b:
        res = Local(jwt_client=False).authenticate(FakeRequest(env={"gunicorn.socket": a}))
    assert res.outcome is Outcome.ACCEPT and res.identity is not None
    assert (res.identity.uid, res.identity.token) == (os.getuid(), None)


def test_local_skips_tcp_and_jwt_mode() -> None:
    with socket.socket() as tcp:
        assert (
            Local(jwt_client=False).authenticate(FakeRequest(env={"gunicorn.socket": tcp})).outcome
            is Outcome.SKIP
        )
    a, b = socket.socketpair(socket.AF_UNIX)
    with a, b:
        assert (
            Local(jwt_client=True).authenticate(FakeRequest(env={"gunicorn.socket": a})).outcome
            is Outcome.SKIP
        )


def test_chain_order_and_outcomes() -> None:
    jwt_plugin, local = Jwt(jwt_client=True), Local(jwt_client=False)
    auth = chain([local, jwt_plugin])
    assert auth(FakeRequest()) is None  # all skipped -> 401
    assert auth(FakeRequest({"X-SLURM-USER-NAME": "alice"})) is None  # reject
    ident = auth(FakeRequest({"X-SLURM-USER-NAME": "bob", "X-SLURM-USER-TOKEN": "t"}))
    assert ident is not None and ident.user_name == "bob"
    assert auth(FakeRequest({"X-SLURM-USER-NAME": "a\0b", "X-SLURM-USER-TOKEN": "t"})) is None
