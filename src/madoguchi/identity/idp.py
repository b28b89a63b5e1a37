"""The test identity provider at /idp/ — a stand-in for the Digital Agency's デジタル認証アプリ.

It speaks the same protocol as the real service (OpenID Connect, authorization code + PKCE,
scopes `openid name address birthdate gender`) so the relying-party code is the same; only the
settings differ. Refused (404) when `settings.MADOGUCHI_TEST_IDP_ENABLED` is false.

Claims: `name` (氏名, full-width space between family and given name), `family_name`,
`given_name`, `address` ({"formatted", "postal_code"}), `birthdate` (YYYY-MM-DD), `gender`
("male" / "female" / "other" / "unknown", from ISO/IEC 5218).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

from . import limits
from .models import AccessToken, AuthorizationCode, DemoCard
from .pki import active_pki

ALGORITHMS = ("RS256", "ES256")
SCOPE_CLAIMS = {
    "name": ("name", "family_name", "given_name"),
    "address": ("address",),
    "birthdate": ("birthdate",),
    "gender": ("gender",),
}
GENDERS = {0: "unknown", 1: "male", 2: "female", 9: "other"}
CODE_LIFETIME = datetime.timedelta(minutes=5)
TOKEN_LIFETIME = datetime.timedelta(minutes=30)
# PIN tries per client across all cards: three lock a card, so one client locks at most a few
# cards an hour instead of every card in the city.
CLIENT_PIN_TRIES = 10
CLIENT_PIN_WINDOW = datetime.timedelta(hours=1)


def clients() -> dict[str, dict]:
    """Registered clients. Madoguchi itself is always registered; a redirect URI that is a path
    means "on this site"."""
    registered = {
        settings.MADOGUCHI_OIDC_CLIENT_ID: {
            "secret": settings.MADOGUCHI_OIDC_CLIENT_SECRET,
            "redirect_uris": [reverse("identity:callback")],
            "id_token_alg": "RS256",
        }
    }
    registered.update(getattr(settings, "MADOGUCHI_TEST_IDP_CLIENTS", {}))
    return registered


def idp_enabled(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.MADOGUCHI_TEST_IDP_ENABLED:
            raise Http404("test IdP disabled")
        return view(request, *args, **kwargs)

    return wrapper


def issuer(request) -> str:
    return request.build_absolute_uri(reverse("identity:idp_root")).rstrip("/")


def _key(alg: str):
    pem = active_pki().idp_key(alg)
    from cryptography.hazmat.primitives import serialization

    data = pem.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key = (RSAKey if alg == "RS256" else ECKey).import_key(data)
    key.ensure_kid()
    return key


def _redirect_uri_ok(request, client: dict, redirect_uri: str) -> bool:
    for allowed in client["redirect_uris"]:
        if allowed.startswith("/"):
            allowed = request.build_absolute_uri(allowed)
        if redirect_uri == allowed:
            return True
    return False


# -- discovery and keys ------------------------------------------------------------------------
@idp_enabled
def discovery(request):
    base = issuer(request)

    def url(name):
        return request.build_absolute_uri(reverse(name))

    return JsonResponse(
        {
            "issuer": base,
            "authorization_endpoint": url("identity:idp_authorize"),
            "token_endpoint": url("identity:idp_token"),
            "userinfo_endpoint": url("identity:idp_userinfo"),
            "jwks_uri": url("identity:idp_jwks"),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": list(ALGORITHMS),
            "scopes_supported": ["openid", "name", "address", "birthdate", "gender", "sign"],
            "claims_supported": [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "nonce",
                "auth_time",
                "name",
                "family_name",
                "given_name",
                "address",
                "birthdate",
                "gender",
            ],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "ui_locales_supported": ["ja", "en"],
        }
    )


@idp_enabled
def jwks(request):
    keys = []
    for alg in ALGORITHMS:
        data = _key(alg).as_dict(private=False)
        data.update({"use": "sig", "alg": alg})
        keys.append(data)
    return JsonResponse({"keys": keys})


# -- claims ------------------------------------------------------------------------------------
def claims_for(card: DemoCard, scope: str) -> dict:
    person = card.person
    values = {
        "name": f"{person.family_name}\u3000{person.given_name}",
        "family_name": person.family_name,
        "given_name": person.given_name,
        "address": {"formatted": person.address, "postal_code": person.postal_code, "country": "JP"},
        "birthdate": person.birth_date.isoformat() if person.birth_date else None,
        "gender": GENDERS.get(int(person.gender or 0), "unknown"),
    }
    claims = {"sub": card.subject}
    for item in scope.split():
        for claim in SCOPE_CLAIMS.get(item, ()):
            claims[claim] = values[claim]
    return claims


# -- authorize (the card and PIN page) ---------------------------------------------------------
AUTH_PARAMS = (
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


def authorization_request(request, params) -> tuple[dict | None, str | None, bool]:
    """(params, error, may_redirect): checks an authorization request."""
    client = clients().get(params.get("client_id", ""))
    if client is None:
        return None, "invalid_client", False
    if not _redirect_uri_ok(request, client, params.get("redirect_uri", "")):
        return None, "invalid_redirect_uri", False
    if params.get("response_type", "code") != "code":
        return None, "unsupported_response_type", True
    if "openid" not in params.get("scope", "").split():
        return None, "invalid_scope", True
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        return None, "invalid_request", True  # PKCE (S256) is required, as by the real service
    return {key: params.get(key, "") for key in AUTH_PARAMS}, None, True


def error_redirect(params: dict, error: str) -> HttpResponseRedirect:
    query = {"error": error}
    if params.get("state"):
        query["state"] = params["state"]
    return HttpResponseRedirect(f"{params['redirect_uri']}?{urlencode(query)}")


def check_pin(request, card: DemoCard, pin: str) -> bool | None:
    """One PIN try on `card` from this client. None (the card untouched) when the client has
    used its tries for now; a right PIN does not count against the client."""
    hit = limits.take("idp-pin", limits.client_ip(request), limit=CLIENT_PIN_TRIES, window=CLIENT_PIN_WINDOW)
    if hit is None:
        return None
    ok = card.check_pin(pin)
    if ok:
        limits.give_back(hit)
    return ok


def issue_code(card: DemoCard, params: dict) -> HttpResponseRedirect:
    code = AuthorizationCode.objects.create(
        client_id=params["client_id"],
        card=card,
        redirect_uri=params["redirect_uri"],
        scope=params["scope"],
        nonce=params.get("nonce", ""),
        code_challenge=params["code_challenge"],
        code_challenge_method=params["code_challenge_method"],
        expires_at=timezone.now() + CODE_LIFETIME,
    )
    query = {"code": code.code}
    if params.get("state"):
        query["state"] = params["state"]
    separator = "&" if "?" in params["redirect_uri"] else "?"
    return HttpResponseRedirect(f"{params['redirect_uri']}{separator}{urlencode(query)}")


def sign_params(params: dict) -> str:
    return signing.dumps(params, salt="madoguchi.idp.authorize")


def load_params(value: str) -> dict | None:
    try:
        return signing.loads(value, salt="madoguchi.idp.authorize", max_age=900)
    except signing.BadSignature:
        return None


# -- token and userinfo ------------------------------------------------------------------------
def _oauth_error(error: str, status: int = 400, description: str = "") -> JsonResponse:
    body = {"error": error}
    if description:
        body["error_description"] = description
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _client_credentials(request) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            raw = base64.b64decode(header[6:]).decode()
        except (ValueError, UnicodeDecodeError):
            return "", ""
        client_id, _, secret = raw.partition(":")
        from urllib.parse import unquote

        return unquote(client_id), unquote(secret)
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _pkce_ok(code: AuthorizationCode, verifier: str) -> bool:
    if not verifier or not (43 <= len(verifier) <= 128):
        return False
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return constant_time_compare(challenge, code.code_challenge)


def make_id_token(request, code: AuthorizationCode, client: dict) -> str:
    now = int(time.time())
    claims = {
        "iss": issuer(request),
        "aud": code.client_id,
        "iat": now,
        "exp": now + 600,
        "auth_time": int(code.auth_time.timestamp()),
        "amr": ["pin", "hwk"],
        **claims_for(code.card, code.scope),
    }
    if code.nonce:
        claims["nonce"] = code.nonce
    alg = client.get("id_token_alg", "RS256")
    key = _key(alg)
    return jwt.encode({"alg": alg, "kid": key.kid, "typ": "JWT"}, claims, key, algorithms=[alg])


@csrf_exempt
@idp_enabled
def token(request):
    if request.method != "POST":
        return _oauth_error("invalid_request", 405)
    client_id, secret = _client_credentials(request)
    client = clients().get(client_id)
    if client is None or not constant_time_compare(secret, client["secret"]):
        return _oauth_error("invalid_client", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _oauth_error("unsupported_grant_type")
    code = AuthorizationCode.objects.filter(code=request.POST.get("code", ""), client_id=client_id).first()
    if code is None or code.used or code.expires_at < timezone.now():
        return _oauth_error("invalid_grant", description="code unknown, used or expired")
    if request.POST.get("redirect_uri", "") != code.redirect_uri:
        return _oauth_error("invalid_grant", description="redirect_uri mismatch")
    if not _pkce_ok(code, request.POST.get("code_verifier", "")):
        return _oauth_error("invalid_grant", description="PKCE verification failed")
    # Spent in one conditional UPDATE: of simultaneous exchanges of one code, exactly one wins.
    if not AuthorizationCode.objects.filter(pk=code.pk, used=False).update(used=True):
        return _oauth_error("invalid_grant", description="code unknown, used or expired")
    access = AccessToken.objects.create(
        client_id=client_id, card=code.card, scope=code.scope, expires_at=timezone.now() + TOKEN_LIFETIME
    )
    response = JsonResponse(
        {
            "access_token": access.token,
            "token_type": "Bearer",
            "expires_in": int(TOKEN_LIFETIME.total_seconds()),
            "scope": code.scope,
            "id_token": make_id_token(request, code, client),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@idp_enabled
def userinfo(request):
    header = request.headers.get("Authorization", "")
    value = header[7:] if header.startswith("Bearer ") else ""
    access = AccessToken.objects.filter(token=value).select_related("card__person").first() if value else None
    if access is None or access.expires_at < timezone.now():
        response = _oauth_error("invalid_token", 401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return JsonResponse(claims_for(access.card, access.scope))
