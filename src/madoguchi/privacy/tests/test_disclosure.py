"""開示請求: a resident downloads what the city holds about them; the office answers a paper
request for someone else, recorded and audited."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from madoguchi.applications.tests.factories import ApplicationFactory
from madoguchi.core import mynumber
from madoguchi.core.events import events_for
from madoguchi.core.models import AuditEntry, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_resident, login_staff
from madoguchi.privacy import services
from madoguchi.privacy.events import Verb
from madoguchi.privacy.models import DisclosureRequest

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def resident():
    MunicipalityFactory()
    person = PersonFactory(family_name="開示", given_name="花子", birth_date=date(1980, 4, 1))
    return person


@pytest.fixture
def officer():
    return staff_member(DepartmentFactory(code="johokanri"), R.APPROVAL, username="johokanri-chief")


def test_resident_downloads_own_records_as_json_and_csv(resident):
    mine = ApplicationFactory(submitted=True, applicant=resident)
    other = ApplicationFactory(submitted=True)
    client = Client()
    login_resident(client, resident)

    page = client.get(reverse("privacy:my_records"))
    assert page.status_code == 200 and "?format=csv" in page.content.decode()

    response = client.get(reverse("privacy:my_records"), {"format": "json"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    export = json.loads(response.content)
    records = export["records"]
    assert records["person"][0]["family_name"] == "開示"
    assert [a["receipt_number"] for a in records["applications"]] == [mine.receipt_number]
    assert other.receipt_number not in response.content.decode()
    assert {"issued_documents", "proposals", "reservations", "workshop_registrations"} <= set(records)

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("privacy:my_records"), {"format": "csv"}).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == ["section", "record", "field", "value"]
    assert ["applications", "1", "receipt_number", mine.receipt_number] in rows


def test_the_my_number_never_appears(resident, officer):
    mynumber.set_my_number(resident, "123456789018", by=officer)
    client = Client()
    login_resident(client, resident)
    for fmt in ("json", "csv"):
        body = client.get(reverse("privacy:my_records"), {"format": fmt}).content.decode("utf-8-sig")
        assert "123456789018" not in body and "my_number_recorded" in body


def test_bad_format_is_refused(resident):
    client = Client()
    login_resident(client, resident)
    response = client.get(reverse("privacy:my_records"), {"format": "xml"})
    assert response.status_code == 400 and "JSON か CSV" in response.content.decode()


def test_anonymous_visitor_is_sent_to_login():
    response = Client().get(reverse("privacy:my_records"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_office_answers_a_paper_request(resident, officer):
    ApplicationFactory(submitted=True, applicant=resident)
    client = Client()
    login_staff(client, officer)
    assert client.get(reverse("privacy_staff:disclosure_request")).status_code == 200
    response = client.post(
        reverse("privacy_staff:disclosure_request"),
        {
            "family_name": "開示",
            "given_name": "花子",
            "birth_date": "1980-04-01",
            "reference": "開示-2025-001",
            "received_on": "2025-06-10",
            "format": "json",
        },
    )
    assert response.status_code == 200
    assert json.loads(response.content)["records"]["person"][0]["given_name"] == "花子"
    request = DisclosureRequest.objects.get()
    assert (request.person, request.reference, request.answered_by) == (resident, "開示-2025-001", officer)
    assert [e.verb for e in events_for(request)] == [Verb.DISCLOSURE_ANSWERED]
    assert AuditEntry.objects.filter(
        action="personal_data_read", actor_id_value=str(officer.pk), object_id=str(resident.pk)
    ).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_name": "次郎"}, "この氏名と生年月日の住民は見つかりません。"),
        ({"birth_date": "1980/04/01x"}, "生年月日は 1980-04-01 の形で入力してください。"),
        ({"reference": ""}, "請求書の整理番号を入力してください。"),
        ({"received_on": "2999-01-01"}, "受付日に未来の日付は指定できません。"),
    ],
)
def test_bad_paper_request_changes_nothing(resident, officer, changes, message):
    client = Client()
    login_staff(client, officer)
    data = {
        "family_name": "開示",
        "given_name": "花子",
        "birth_date": "1980-04-01",
        "reference": "開示-2025-001",
        "received_on": "2025-06-10",
        "format": "csv",
        **changes,
    }
    response = client.post(reverse("privacy_staff:disclosure_request"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_two_residents_with_the_same_name_and_birth_date_are_not_guessed(resident, officer):
    PersonFactory(family_name="開示", given_name="花子", birth_date=date(1980, 4, 1))
    with pytest.raises(ValidationError):
        services.find_requester(family_name="開示", given_name="花子", birth_date=date(1980, 4, 1))


def test_another_department_may_not_answer_requests(resident):
    clerk = staff_member(DepartmentFactory(), R.APPROVAL, username="other-chief")
    with pytest.raises(PermissionDenied):
        services.answer_disclosure_request(
            by=clerk, person=resident, reference="x", received_on=date(2025, 6, 10), fmt="csv"
        )
    assert not DisclosureRequest.objects.exists()


def test_the_export_lists_the_residents_class_registrations_and_survey(resident):
    from madoguchi.learning.models import SurveyAnswer
    from madoguchi.learning.tests.factories import citizen_class, registration

    session = citizen_class(title="マイナポータル入門")
    mine = registration(session, person=resident)
    SurveyAnswer.objects.create(
        registration=mine, understanding=4, satisfaction=5, comment="分かりやすかった"
    )
    registration(session, name="他人 次郎")  # a phone sign-up of someone else

    rows = services.records_of(resident)["records"]["class_registrations"]
    assert [(r["reference"], r["class"], r["survey_satisfaction"]) for r in rows] == [
        (mine.reference, "マイナポータル入門", 5)
    ]
    assert "他人 次郎" not in str(services.records_of(resident))
