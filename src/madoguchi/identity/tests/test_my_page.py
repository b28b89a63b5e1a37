"""マイページ as the resident's home: each app's part (applications, bookings, documents, fees) with
counts and what waits for them first; nothing of anyone else's."""

import pytest

from madoguchi.applications.models import State
from madoguchi.applications.tests.factories import ApplicationFactory
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory
from madoguchi.counter.models import Reservation
from madoguchi.counter.tests.factories import ReservationFactory
from madoguchi.delivery.tests.factories import IssuedDocumentFactory, PaymentFactory
from madoguchi.identity.testing import login_resident

pytestmark = pytest.mark.django_db


def _lines(html: str) -> list[str]:
    import re

    return [
        re.sub(r"<[^>]+>|\s+", "", m) for m in re.findall(r'<li class="card[^"]*">(.*?)</li>', html, re.S)
    ]


def test_the_my_page_lists_what_each_app_holds_with_what_to_do_first(client):
    MunicipalityFactory()
    resident, someone_else = PersonFactory(), PersonFactory()
    ApplicationFactory(applicant=resident)  # a draft
    ApplicationFactory(applicant=resident, submitted=True)
    ApplicationFactory(applicant=resident, submitted=True, state=State.CORRECTION_REQUESTED)
    ApplicationFactory(applicant=someone_else, submitted=True, state=State.CORRECTION_REQUESTED)
    ReservationFactory(person=resident)
    ReservationFactory(person=resident, status=Reservation.Status.CANCELLED)
    PaymentFactory(person=resident)
    IssuedDocumentFactory(person=resident)
    IssuedDocumentFactory(person=resident)
    login_resident(client, resident)

    lines = _lines(client.get("/me/").content.decode())

    assert lines[:3] == [
        "補正の依頼がある申請:1件することがあります:依頼を読んで、直して出し直してください。",
        "下書きの申請:1件することがあります:まだ申請していません。続きを入力して申請してください。",
        "お支払いを待っている手数料:1件することがあります:お支払いの手続をしてください。",
    ]
    assert set(lines[3:]) == {"手続中の申請:1件", "これからの来庁の予約:1件", "市から受け取った書類:2件"}


def test_a_resident_with_nothing_yet_is_pointed_to_the_procedures(client):
    MunicipalityFactory()
    login_resident(client, PersonFactory())
    html = client.get("/me/").content.decode()
    assert "申請・予約・受け取った書類はまだありません。" in html and 'href="/procedures/"' in html
