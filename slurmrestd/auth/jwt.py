"""rest_auth/jwt: X-SLURM-USER-NAME + X-SLURM-USER-TOKEN, passed through to slurmctld/slurmdbd.

As the reference: no header at all is a skip; a user name without a token is
a reject.  ``Authorization: Bearer TOKEN`` instead of X-SLURM-USER-TOKEN (both
together: a reject), and a token without a user name, the user then taken from
the token's ``sun`` (or ``username``) claim, as the C daemon of 24.11 on does
(releases.Daemon says per release: 22.05's rejects a token alone; the bearer
header is our extension there).  When the operator gives this
daemon a verification key (--jwt-key, HS256) or key set (--jwks), the
signature, ``exp`` and user are checked here first, and a failure is a 401
without any RPC.  Without SLURM_JWT libslurm cannot pass tokens on, so the
plugin rejects instead of letting a request run as the daemon.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import jwt as pyjwt

from slurmrestd.auth import (
    HEADER_AUTHORIZATION,
    HEADER_USER_NAME,
    HEADER_USER_TOKEN,
    SKIP,
    Request,
    Result,
    accept,
    identity_for,
    reject,
)

log = logging.getLogger("slurmrestd.auth")
BEARER = "Bearer "


def _user_claim(claims: dict[str, Any]) -> str | None:
    user = claims.get("sun") or claims.get("username")
    return user if isinstance(user, str) and user else None


class Verifier:
    """Local token verification with pyjwt: an HS256 key file or a JWKS file of public keys."""

    def __init__(self, *, hs256_key: bytes | None = None, jwks: Any = None) -> None:
        self.hs256_key = hs256_key
        self.jwks = jwks

    @classmethod
    def from_files(cls, key_file: str | None, jwks_file: str | None) -> Verifier | None:
        if key_file is None and jwks_file is None:
            return None
        key = Path(key_file).read_bytes() if key_file else None
        jwks = pyjwt.PyJWKSet.from_json(Path(jwks_file).read_text()) if jwks_file else None
        return cls(hs256_key=key, jwks=jwks)

    def verify(self, token: str, user: str) -> str | None:
        """None when the token is good for user, else the reason."""
        try:
            header = pyjwt.get_unverified_header(token)
            options: Any = {"require": ["exp"]}
            if header.get("alg") == "HS256" and self.hs256_key is not None:
                claims = pyjwt.decode(token, self.hs256_key, algorithms=["HS256"], options=options)
            elif self.jwks is not None and header.get("alg", "").startswith(("RS", "ES", "PS")):
                kid = header.get("kid")
                keys = [k for k in self.jwks.keys if kid is None or k.key_id == kid]
                if not keys:
                    return "no key for the token's kid"
                claims = pyjwt.decode(
                    token, keys[0].key, algorithms=[header["alg"]], options=options
                )
            else:
                return f"no key configured for algorithm {header.get('alg')!r}"
        except pyjwt.PyJWTError as exc:
            return f"token refused: {exc.__class__.__name__}"
        if _user_claim(claims) != user:
            return "token was not issued for this user"
        return None


class Jwt:
    name = "rest_auth/jwt"

    def __init__(
        self,
        *,
        jwt_client: bool,
        verifier: Verifier | None = None,
        bearer: bool = True,
        token_alone: bool = False,
    ) -> None:
        self.jwt_client = jwt_client
        self.verifier = verifier
        self.bearer = bearer
        self.token_alone = token_alone

    def authenticate(self, req: Request) -> Result:
        token = req.get_header(HEADER_USER_TOKEN)
        user = req.get_header(HEADER_USER_NAME)
        bearer = req.get_header(HEADER_AUTHORIZATION) if self.bearer else None
        if bearer is not None and not bearer.startswith(BEARER):
            bearer = None  # another scheme (e.g. Basic for a proxy): not ours
        if token is None and user is None and bearer is None:
            return SKIP
        if token is not None and bearer is not None:
            return reject("both X-SLURM-USER-TOKEN and Authorization: Bearer given")
        if bearer is not None:
            token = bearer[len(BEARER) :].strip()
        if token and user is None and (bearer is not None or self.token_alone):
            try:
                user = _user_claim(pyjwt.decode(token, options={"verify_signature": False}))
            except pyjwt.PyJWTError:
                return reject("malformed token")
        if not token:
            return reject("missing X-SLURM-USER-TOKEN")
        if not user:
            return reject("missing X-SLURM-USER-NAME")
        if not self.jwt_client:
            return reject("SLURM_JWT is not set: tokens cannot be passed to Slurm")
        if self.verifier is not None:
            problem = self.verifier.verify(token, user)
            if problem:
                return reject(problem)
        return accept(identity_for(user, token))
