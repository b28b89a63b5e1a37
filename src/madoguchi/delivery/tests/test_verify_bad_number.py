"""The public verification page with a number no document can have (issue 14, item 7): a 400
with the field's message, no lookup, nothing changed (each of these was a 500)."""

import pytest

from madoguchi.core.models import Event
from madoguchi.delivery.models import IssuedDocument

pytestmark = pytest.mark.django_db

FORMAT = "文書番号は英数字とハイフンで入力してください（例：R8-RS-000001-K7QD）。"


def _snapshot():
    return IssuedDocument.objects.count(), Event.objects.count()


@pytest.mark.parametrize(
    ("method", "url", "data", "message"),
    [
        ("get", "/verify/", {"number": "a/b"}, FORMAT),
        ("get", "/verify/", {"number": "R8/RS?x#y"}, FORMAT),
        ("get", "/verify/", {"number": "R8-RS-000001-K7QD\x00"}, FORMAT),
        (
            "get",
            "/verify/",
            {"number": "R" * 41},
            "この値は 40 文字以下でなければなりません( 41 文字になっています)。",
        ),
        ("get", "/verify/a%00b", None, FORMAT),
        ("get", "/verify/R8-RS-000001-K7QD;DROP", None, FORMAT),
        ("post", "/verify/", {"number": "a/b"}, FORMAT),
    ],
)
def test_a_number_no_document_can_have_is_refused(client, city, method, url, data, message):
    before = _snapshot()

    response = getattr(client, method)(url, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == before


def test_the_message_is_in_english_for_english_readers(client, city):
    response = client.get("/verify/", {"number": "a/b"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "Enter the document number in letters, digits and hyphens" in response.content.decode()


def test_a_well_formed_number_still_goes_to_its_page(client, city):
    response = client.get("/verify/", {"number": " r8-rs-000001-k7qd "})

    assert response.status_code == 302
    assert response.url == "/verify/R8-RS-000001-K7QD"
