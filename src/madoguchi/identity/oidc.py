"""The relying party (利用者側): resident login with OpenID Connect, authorization code + PKCE.

The same code talks to the Digital Agency's デジタル認証アプリ in production and to the bundled
test IdP (/idp/) in the demo; settings choose (docs/identity.md):

    MADOGUCHI_OIDC_ISSUER         "" = the test IdP on this site
    MADOGUCHI_OIDC_CLIENT_ID / MADOGUCHI_OIDC_CLIENT_SECRET
    MADOGUCHI_OIDC_SCOPES         "openid name address birthdate gender"
"""

from __future__ import annotations

import secrets

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

SESSION_KEY = "madoguchi_oidc"
TIMEOUT = 10


class LoginError(Exception):
    """The provider's answer could not be trusted; `str(error)` is for the log, not the resident."""


def http_session() -> requests.Session:
    """The HTTP session used for the provider's back channel (tests swap in a local transport)."""
    return requests.Session()


def provider_issuer(request) -> str:
    return settings.MADOGUCHI_OIDC_ISSUER or request.build_absolute_uri(reverse("identity:idp_root")).rstrip(
        "/"
    )


def _get_json(url: str, **kwargs) -> dict:
    response = http_session().get(url, timeout=TIMEOUT, **kwargs)
    response.raise_for_status()
    return response.json()


def provider_metadata(request) -> dict:
    issuer = provider_issuer(request)
    metadata = _get_json(f"{issuer}/.well-known/openid-configuration")
    if metadata.get("issuer") != issuer:
        raise LoginError(f"issuer mismatch: {metadata.get('issuer')!r} != {issuer!r}")
    return metadata


def _client(request, **kwargs) -> OAuth2Session:
    client = OAuth2Session(
        client_id=settings.MADOGUCHI_OIDC_CLIENT_ID,
        client_secret=settings.MADOGUCHI_OIDC_CLIENT_SECRET,
        scope=settings.MADOGUCHI_OIDC_SCOPES,
        redirect_uri=request.build_absolute_uri(reverse("identity:callback")),
        code_challenge_method="S256",
        **kwargs,
    )
    for prefix, adapter in http_session().adapters.items():
        client.mount(prefix, adapter)
    return client


def authorization_url(request, *, next_url: str = "") -> str:
    """Start a login: remember state, nonce and the PKCE verifier; return where to send the browser."""
    metadata = provider_metadata(request)
    verifier = generate_token(64)
    nonce = secrets.token_urlsafe(24)
    url, state = _client(request).create_authorization_url(
        metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    request.session[SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "issuer": metadata["issuer"],
    }
    return url


def complete(request) -> tuple[str, dict]:
    """Finish the login from the callback: (issuer, claims). Raises LoginError."""
    pending = request.session.pop(SESSION_KEY, None)
    if not pending or request.GET.get("state") != pending["state"]:
        raise LoginError("state mismatch or no login in progress")
    if "error" in request.GET or "code" not in request.GET:
        raise LoginError(f"provider error: {request.GET.get('error', 'no code')}")
    metadata = provider_metadata(request)
    client = _client(request, state=pending["state"])
    try:
        token = client.fetch_token(
            metadata["token_endpoint"],
            code=request.GET["code"],
            code_verifier=pending["verifier"],
            timeout=TIMEOUT,
        )
    except Exception as error:
        raise LoginError(f"token request failed: {error}") from error
    claims = validate_id_token(
        token.get("id_token", ""),
        issuer=metadata["issuer"],
        jwks=_get_json(metadata["jwks_uri"]),
        nonce=pending["nonce"],
        algorithms=metadata.get("id_token_signing_alg_values_supported", ["RS256"]),
    )
    if metadata.get("userinfo_endpoint"):
        info = _get_json(
            metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {token['access_token']}"}
        )
        if info.get("sub") != claims["sub"]:
            raise LoginError("userinfo subject differs from the ID token")
        claims = {**info, **claims}
    request.session["madoguchi_next"] = pending.get("next", "")
    return metadata["issuer"], claims


def validate_id_token(
    value: str, *, issuer: str, jwks: dict, nonce: str | None, algorithms=("RS256", "ES256")
) -> dict:
    """Check an ID token's signature and claims (iss, aud, exp, iat, nonce); return its claims."""
    allowed = [alg for alg in algorithms if alg in ("RS256", "ES256")]
    try:
        token = jwt.decode(value, KeySet.import_key_set(jwks), algorithms=allowed)
        registry = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": settings.MADOGUCHI_OIDC_CLIENT_ID},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            leeway=60,
        )
        registry.validate(token.claims)
    except (JoseError, ValueError) as error:
        raise LoginError(f"invalid ID token: {error}") from error
    if nonce is not None and token.claims.get("nonce") != nonce:
        raise LoginError("nonce mismatch")
    return dict(token.claims)
