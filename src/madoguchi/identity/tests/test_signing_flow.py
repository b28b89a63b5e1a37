"""A procedure asks for a card signature: the resident signs at the test IdP and comes back."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from madoguchi.identity.assurance import AssuranceLevel
from madoguchi.identity.signatures import canonical_bytes, verify_signature
from madoguchi.identity.signing import start_signing, take_signature
from madoguchi.identity.testing import login_resident

pytestmark = pytest.mark.django_db
DATA = {"procedure": "jidou-teate", "amount": 10000}
RECEIVED = {}


def begin(request):
    return start_signing(
        request, content=canonical_bytes(DATA), purpose="児童手当 認定請求", return_url="/test-signed/"
    )


def signed(request):
    RECEIVED["der"] = take_signature(request)
    return HttpResponse("ok")


urlpatterns = [
    path("test-sign/", begin),
    path("test-signed/", signed),
    path("", __import__("django.urls", fromlist=["include"]).include("madoguchi.config.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
def test_resident_signs_at_the_idp_and_the_signature_verifies(client, card_holder):
    login_resident(client, card_holder)
    to_idp = client.get("/test-sign/")
    assert to_idp.status_code == 302 and to_idp["Location"].startswith("/idp/sign/?request=")
    page = client.get(to_idp["Location"])
    assert "児童手当 認定請求" in page.content.decode()
    wrong = client.post(to_idp["Location"], {"password": "wrong-pass"})
    assert "パスワードが違います" in wrong.content.decode()
    short = client.post(to_idp["Location"], {"password": "abc"})
    assert short.status_code == 200 and "Location" not in short
    back = client.post(to_idp["Location"], {"password": "sign1234"})
    assert back.status_code == 302 and back["Location"] == "/test-signed/"
    client.get("/test-signed/")
    result = verify_signature(canonical_bytes(DATA), RECEIVED["der"])
    assert result.valid, result.message
    assert result.signer_info["name"] == "国分\u3000花子"
    assert client.session["madoguchi_assurance"] == AssuranceLevel.CARD_SIGN
    # Popped: a second take finds nothing.
    client.get("/test-signed/")
    assert RECEIVED["der"] is None
