"""Verification and accept: corrections as Events, the two-person My Number check, one
Application (channel=paper, scan attached) however often accept is retried, nothing half-made."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from madoguchi.core.models import Event, Person, StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.paper import services
from madoguchi.paper.events import Verb
from madoguchi.paper.models import FieldReading, PaperForm

from .factories import GOOD, VALID_MY_NUMBER, read_form, template

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture
def form():
    return read_form(values={**GOOD, "applicant.full_name_kana": "カミノ ハナユ"})


@pytest.fixture
def clerk(form):
    return staff_member(form.department, R.RECEPTION, username="paper-clerk")


def verify_all(form, by, **corrections):
    for reading in services.queue_of(form):
        services.verify_field(reading, by=by, value=corrections.get(reading.key, reading.read_value))


def test_the_queue_is_lowest_confidence_first(form):
    FieldReading.objects.filter(form=form, key="applicant.phone").update(confidence=0.1)
    queue = services.queue_of(form)
    assert queue[0].key == "applicant.phone"
    assert [r.confidence for r in queue] == sorted(r.confidence for r in queue)


def test_enter_accepts_and_typing_corrects_with_an_event_each(form, clerk):
    kana = form.fields.get(key="applicant.full_name_kana")
    name = form.fields.get(key="applicant.full_name")
    services.verify_field(name, by=clerk, value=name.read_value)
    services.verify_field(kana, by=clerk, value="カミノ ハナコ")
    kana.refresh_from_db()
    name.refresh_from_db()
    assert (name.state, kana.state) == (FieldReading.State.ACCEPTED, FieldReading.State.CORRECTED)
    assert kana.verified_value == "カミノ\u3000ハナコ" and kana.verified_by == clerk
    corrected = Event.objects.get(verb=Verb.FIELD_CORRECTED)
    assert corrected.data["kind"] == "katakana" and corrected.data["changed_chars"] == 1
    assert "カミノ" not in str(corrected.data)  # no values kept forever
    assert Event.objects.filter(verb=Verb.FIELD_ACCEPTED).count() == 1
    with pytest.raises(ValidationError):  # each field has one outcome
        services.verify_field(kana, by=clerk, value="カミノ ハナヨ")
    assert Event.objects.filter(verb=Verb.FIELD_CORRECTED).count() == 1


def test_an_invalid_value_gets_a_message_and_changes_nothing(form, clerk):
    postal = form.fields.get(key="applicant.postal_code")
    with pytest.raises(ValidationError) as error:
        services.verify_field(postal, by=clerk, value="12")
    assert f"field-{postal.pk}" in error.value.message_dict
    postal.refresh_from_db()
    assert postal.state == FieldReading.State.PENDING and postal.verified_value == ""


def test_a_page_verified_event_when_its_last_field_is_checked(form, clerk):
    verify_all(form, clerk)
    assert Event.objects.filter(verb=Verb.PAGE_VERIFIED).count() == 1
    assert form.pages.get().verified_by == clerk


def test_my_number_needs_a_second_person_with_the_role():
    form = read_form(template(my_number=True), values={**GOOD, "applicant.my_number": VALID_MY_NUMBER})
    department = form.department
    first = staff_member(department, R.MY_NUMBER, username="mn-first")
    reception_only = staff_member(department, R.RECEPTION, username="mn-reception")
    second = staff_member(department, R.MY_NUMBER, username="mn-second")
    reading = form.fields.get(key="applicant.my_number")

    services.verify_field(reading, by=first, value=VALID_MY_NUMBER)
    reading.refresh_from_db()
    assert reading.state == FieldReading.State.SECOND_CHECK
    with pytest.raises(ValidationError):  # the same person cannot confirm their own check
        services.verify_field(reading, by=first, value=VALID_MY_NUMBER)
    with pytest.raises(PermissionDenied):  # someone without マイナンバー利用事務
        services.second_check(reading, by=reception_only, value=VALID_MY_NUMBER)
    reading.refresh_from_db()
    assert reading.state == FieldReading.State.SECOND_CHECK
    services.verify_field(reading, by=second, value=VALID_MY_NUMBER)
    reading.refresh_from_db()
    assert (reading.state, reading.verified_by, reading.second_by) == (
        FieldReading.State.ACCEPTED,
        first,
        second,
    )


def test_accept_makes_one_paper_application_with_the_scan_even_when_retried(form, clerk):
    verify_all(form, clerk, **{"applicant.full_name_kana": "カミノ ハナコ"})
    accepted = services.accept_form(form, by=clerk)
    again = services.accept_form(PaperForm.objects.get(pk=form.pk), by=clerk)
    assert (
        accepted.state == PaperForm.State.ACCEPTED
        and again.application_public_id == accepted.application_public_id
    )
    # a concurrent second click that did not see the first one's form state: still one application
    PaperForm.objects.filter(pk=form.pk).update(state=PaperForm.State.VERIFYING, application_public_id="")
    third = services.accept_form(PaperForm.objects.get(pk=form.pk), by=clerk)
    assert third.application_public_id == accepted.application_public_id
    from madoguchi.applications.models import Application

    found = Application.objects.filter(idempotency_key=form.idempotency_key)
    assert found.count() == 1
    application = found.get()
    assert application.channel == "paper" and application.department == form.department
    assert application.data["applicant"]["full_name_kana"] == "カミノ\u3000ハナコ"
    assert application.data["applicant"]["birth_date"] == "1985-04-01"
    scans = list(application.attachments.all())
    assert len(scans) == 1 and scans[0].kind == "paper_scan" and scans[0].file.read(4) == b"%PDF"
    assert (
        application.applicant.family_name == "紙野"
        and application.applicant.birth_date.isoformat() == "1985-04-01"
    )
    assert Event.objects.filter(verb=Verb.FORM_ACCEPTED).count() == 1


def test_the_applicant_already_on_record_is_found(form, clerk):
    from datetime import date

    from madoguchi.core.tests.factories import PersonFactory

    known = PersonFactory(
        family_name="紙野",
        given_name="花子",
        family_name_kana="カミノ",
        given_name_kana="ハナコ",
        birth_date=date(1985, 4, 1),
    )
    verify_all(form, clerk, **{"applicant.full_name_kana": "カミノ ハナコ"})
    people = Person.objects.count()
    services.accept_form(form, by=clerk)
    from madoguchi.applications.models import Application

    assert Application.objects.get(idempotency_key=form.idempotency_key).applicant == known
    assert Person.objects.count() == people


def test_accept_refuses_unchecked_fields(form, clerk):
    with pytest.raises(ValidationError):
        services.accept_form(form, by=clerk)
    assert PaperForm.objects.get(pk=form.pk).state == PaperForm.State.VERIFYING


def test_a_failed_accept_leaves_nothing_behind(clerk):
    form = read_form(values={**GOOD, "applicant.birth_date": ""})  # a required field left empty
    clerk = staff_member(form.department, R.RECEPTION, username="paper-clerk-2")
    verify_all(form, clerk)
    people = Person.objects.count()
    from madoguchi.applications.models import Application

    with pytest.raises(ValidationError) as error:
        services.accept_form(form, by=clerk)
    assert error.value.message_dict  # a message to show
    assert Person.objects.count() == people and not Application.objects.exists()
    assert PaperForm.objects.get(pk=form.pk).state == PaperForm.State.VERIFYING
    assert not Event.objects.filter(verb=Verb.FORM_ACCEPTED).exists()


def test_the_first_accepted_form_registers_ai_ocr_as_a_tool_in_use(form, clerk):
    from madoguchi.automation.models import DigitalTool

    verify_all(form, clerk, **{"applicant.full_name_kana": "カミノ ハナコ"})
    services.accept_form(form, by=clerk)
    tool = DigitalTool.objects.get(department=form.department)
    assert tool.kind == "ai_ocr"


def test_a_my_number_role_alone_cannot_accept(form):
    only_mn = staff_member(form.department, R.MY_NUMBER, username="mn-only")
    verify_all(form, only_mn, **{"applicant.full_name_kana": "カミノ ハナコ"})
    with pytest.raises(PermissionDenied):  # registering a case needs 受付 or 審査
        services.accept_form(form, by=only_mn)
