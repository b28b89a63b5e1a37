"""The test IdP speaks standard OpenID Connect: a generic client (authlib) completes code + PKCE."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet

from madoguchi.identity.testing_http import local_session

pytestmark = pytest.mark.django_db
CLIENT = {"id": "madoguchi", "secret": "madoguchi-demo-client-secret"}
REDIRECT = "http://testserver/login/callback/"


def test_discovery_and_jwks_are_valid(client):
    config = client.get("/idp/.well-known/openid-configuration").json()
    assert config["issuer"] == "http://testserver/idp"
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        assert config[key].startswith("http://testserver/idp/")
    assert config["response_types_supported"] == ["code"]
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert {"RS256", "ES256"} <= set(config["id_token_signing_alg_values_supported"])
    keys = client.get("/idp/jwks").json()
    keyset = KeySet.import_key_set(keys)
    assert {k["kty"] for k in keys["keys"]} == {"RSA", "EC"}
    assert all("d" not in k and k["kid"] for k in keys["keys"])  # public halves only
    assert len(keyset.keys) == 2


def test_idp_is_refused_when_disabled(client, settings):
    settings.MADOGUCHI_TEST_IDP_ENABLED = False
    assert client.get("/idp/.well-known/openid-configuration").status_code == 404
    assert client.get("/idp/authorize").status_code == 404


def _authorize(client, oauth, card_holder, *, pin="1234", alg_client="madoguchi"):
    verifier = generate_token(64)
    url, state = oauth.create_authorization_url(
        "http://testserver/idp/authorize", code_verifier=verifier, nonce="n-123"
    )
    page = client.get(url)
    assert page.status_code == 200
    token = re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1)
    answer = client.post("/idp/authorize", {"request": token, "card": card_holder.demo_card.pk, "pin": pin})
    return answer, verifier, state


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
def test_standard_client_completes_code_and_pkce(client, card_holder, settings, alg):
    settings.MADOGUCHI_TEST_IDP_CLIENTS = {
        "other-rp": {
            "secret": "s3cret-other",
            "redirect_uris": ["https://rp.example/cb"],
            "id_token_alg": alg,
        }
    }
    oauth = OAuth2Session(
        "other-rp",
        "s3cret-other",
        scope="openid name address birthdate gender",
        redirect_uri="https://rp.example/cb",
        code_challenge_method="S256",
    )
    answer, verifier, state = _authorize(client, oauth, card_holder)
    assert answer.status_code == 302 and answer["Location"].startswith("https://rp.example/cb?")
    query = parse_qs(urlsplit(answer["Location"]).query)
    assert query["state"] == [state]
    for prefix, adapter in local_session(client).adapters.items():
        oauth.mount(prefix, adapter)
    token = oauth.fetch_token("http://testserver/idp/token", code=query["code"][0], code_verifier=verifier)
    keys = KeySet.import_key_set(client.get("/idp/jwks").json())
    id_token = jwt.decode(token["id_token"], keys, algorithms=[alg])
    assert id_token.header["alg"] == alg
    claims = id_token.claims
    assert (
        claims["iss"] == "http://testserver/idp"
        and claims["aud"] == "other-rp"
        and claims["nonce"] == "n-123"
    )
    assert claims["name"] == "国分\u3000花子"
    assert claims["address"]["formatted"] == "東京都国分寺市泉町二丁目3番4号"
    assert claims["birthdate"] == "1988-05-03"
    assert claims["gender"] == "female"
    assert "my_number" not in claims and not any("個人番号" in str(v) for v in claims.values())
    info = oauth.get("http://testserver/idp/userinfo").json()
    assert info["sub"] == claims["sub"] and info["name"] == claims["name"]
    # The code is single use.
    with pytest.raises(Exception, match="invalid_grant"):
        oauth.fetch_token("http://testserver/idp/token", code=query["code"][0], code_verifier=verifier)


def test_wrong_pkce_verifier_is_refused(client, card_holder):
    oauth = OAuth2Session(
        "madoguchi",
        "madoguchi-demo-client-secret",
        scope="openid name",
        redirect_uri=REDIRECT,
        code_challenge_method="S256",
    )
    answer, _verifier, _state = _authorize(client, oauth, card_holder)
    code = parse_qs(urlsplit(answer["Location"]).query)["code"][0]
    response = client.post(
        "/idp/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": "x" * 50,
            "client_id": "madoguchi",
            "client_secret": "madoguchi-demo-client-secret",
        },
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_authorize_requires_pkce_and_a_registered_redirect(client):
    page = client.get(
        "/idp/authorize",
        {
            "client_id": "madoguchi",
            "redirect_uri": "https://evil.example/cb",
            "response_type": "code",
            "scope": "openid",
        },
    )
    assert page.status_code == 400
    answer = client.get(
        "/idp/authorize",
        {
            "client_id": "madoguchi",
            "redirect_uri": REDIRECT,
            "response_type": "code",
            "scope": "openid",
            "state": "s",
        },
    )
    assert answer.status_code == 302 and "error=invalid_request" in answer["Location"]


def test_three_wrong_pins_lock_the_card(client, card_holder):
    oauth = OAuth2Session(
        "madoguchi",
        "madoguchi-demo-client-secret",
        scope="openid name",
        redirect_uri=REDIRECT,
        code_challenge_method="S256",
    )
    first, _, _ = _authorize(client, oauth, card_holder, pin="0000")
    assert "あと2回" in first.content.decode()
    _authorize(client, oauth, card_holder, pin="0001")
    third, _, _ = _authorize(client, oauth, card_holder, pin="0002")
    assert "ロックされました" in third.content.decode()
    fourth, _, _ = _authorize(client, oauth, card_holder, pin="1234")  # even the right PIN now fails
    assert fourth.status_code == 200 and "ロックされました" in fourth.content.decode()


def test_resident_logs_in_with_the_card_and_sees_their_page(client, card_holder, local_idp):
    from madoguchi.identity.assurance import AssuranceLevel

    start = client.post("/login/card/", {"next": "/me/"})
    assert start.status_code == 302 and start["Location"].startswith("http://testserver/idp/authorize?")
    page = client.get(start["Location"])
    token = re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1)
    back = client.post("/idp/authorize", {"request": token, "card": card_holder.demo_card.pk, "pin": "1234"})
    done = client.get(back["Location"])
    assert done.status_code == 302 and done["Location"] == "/me/"
    me = client.get("/me/")
    text = me.content.decode()
    assert "国分\u3000花子" in text and "東京都国分寺市泉町二丁目3番4号" in text
    user = me.wsgi_request.user
    assert user.person == card_holder  # matched by the 基本4情報, not duplicated
    assert client.session["madoguchi_assurance"] == AssuranceLevel.CARD_AUTH
    assert card_holder.identities.get().issuer == "http://testserver/idp"


def test_callback_with_a_forged_state_logs_nobody_in(client, card_holder, local_idp):
    client.post("/login/card/")
    answer = client.get("/login/callback/", {"state": "forged", "code": "x"}, follow=True)
    assert "ログインを完了できませんでした" in answer.content.decode()
    assert not answer.wsgi_request.user.is_authenticated


def test_me_needs_login(client):
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_email_login_reaches_the_email_level(client, mailoutbox):
    client.post("/login/email/", {"email": "Hanako@Example.jp"})
    link = re.search(r"http://testserver(/login/email/\S+/)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200  # opening the link only asks
    response = client.post(link)
    assert response["Location"] == "/me/"
    assert client.session["madoguchi_assurance"] == "email"
    assert "hanako@example.jp" in client.get("/me/").content.decode()
