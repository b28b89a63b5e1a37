"""The signing page tells the resident who signs what; the hash is kept in a closed 技術的な情報."""

import re

import pytest
from django.test import override_settings

from madoguchi.identity.testing import login_resident

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="madoguchi.identity.tests.test_signing_flow")
def test_the_hash_is_only_inside_closed_details(client, card_holder):
    login_resident(client, card_holder)
    html = client.get(client.get("/test-sign/")["Location"]).content.decode()
    digest = re.search(r"<code>([0-9a-f]{64})</code>", html)
    assert digest, "the digest is still available to those who look"
    details = re.search(r"<details>(.*?)</details>", html, re.S)
    assert details and digest.group(1) in details.group(1)
    outside = html.replace(details.group(0), "")
    assert digest.group(1) not in outside and "SHA-256" not in outside
    assert "<details open" not in html
    assert "児童手当 認定請求" in outside
