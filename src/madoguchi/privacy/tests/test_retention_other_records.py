"""The purge beyond applications: residents' class registrations (learning) and staff records
(learning's training, workstyle's telework pilots and document opens), each by the rule the
register states, counted from the end of the record's 年度; holds respected, figures kept."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, UserFactory, staff_member
from madoguchi.learning.models import Attempt, ClassRegistration, Completion, SurveyAnswer
from madoguchi.learning.tests import factories as learning
from madoguchi.pdca.metrics import metrics
from madoguchi.privacy import services
from madoguchi.privacy.models import RecordType
from madoguchi.workstyle.models import DocumentOpen, Meeting, PilotMember, TeleworkDay
from madoguchi.workstyle.tests import factories as workstyle

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 12, 4, 10, 0))


def jst(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 10, 0))


@pytest.fixture
def officer():
    office = DepartmentFactory(code="johokanri", name="情報管理課")
    return staff_member(office, StaffRole.Role.SYSADMIN, username="johokanri-admin")


def signed_up(citizen_class, *, comment="とても分かりやすかった"):
    entry = learning.registration(
        citizen_class, person=PersonFactory(), phone="090-1234-5678", email="a@example.jp"
    )
    ClassRegistration.objects.filter(pk=entry.pk).update(attended=True)
    SurveyAnswer.objects.create(registration=entry, understanding=4, satisfaction=5, comment=comment)
    return entry


def class_figures():
    """learning's registered figures for the classes' 年度 (value and breakdown)."""
    return {
        (m.code, year): (m.value(year), dict(m.breakdown(year, None)) if m.breakdown else None)
        for m in metrics
        if m.code.startswith(("digital-class", "learning.class"))
        for year in (2022, 2023)
    }


def test_class_registrations_are_anonymised_three_years_after_their_fiscal_year(officer):
    fy2022 = learning.citizen_class(
        starts_at=jst(2022, 6, 1), capacity=5
    )  # 年度 ended 2023-03-31: past 3 years
    fy2023 = learning.citizen_class(starts_at=jst(2023, 6, 1), capacity=5)  # ends 2024-03-31: kept until 2027
    old, held, recent = signed_up(fy2022), signed_up(fy2022), signed_up(fy2023)
    services.place_hold(by=officer, reason="訴訟のため", person=held.person)
    participants = metrics.get("digital-class-participants").value(2022)
    before = class_figures()
    assert (
        before[("digital-class-participants", 2022)][0] == 2
        and before[("digital-class-satisfaction", 2022)][0]
    )

    run = services.purge(now=NOW)

    old.refresh_from_db()
    assert (old.name, old.phone, old.email, old.person_id) == ("", "", "", None)
    assert SurveyAnswer.objects.get(registration=old).comment == ""
    # what the plan's class figures count stays
    assert (old.status, old.attended) == (ClassRegistration.Status.CONFIRMED, True)
    assert SurveyAnswer.objects.get(registration=old).understanding == 4
    assert metrics.get("digital-class-participants").value(2022) == participants
    assert class_figures() == before  # every class figure (count, participants, scores) of both 年度
    held.refresh_from_db()
    recent.refresh_from_db()
    assert held.name and held.phone and recent.name and recent.person_id
    assert run.counts["outcome"][RecordType.CLASS_REGISTRATION] == {"anonymised": 1}
    assert RecordType.CLASS_REGISTRATION not in services.purge(now=NOW).counts["outcome"]  # nothing more


def test_staff_training_and_workstyle_records_go_five_years_after_their_fiscal_year():
    department = DepartmentFactory()
    clerk = UserFactory(username="clerk")
    course = learning.course(department, code="security")
    for fy in (2020, 2021):  # NOW - 5 years falls in 年度 2021: 2020's records are past, 2021's not
        attempt = Attempt.objects.create(
            course=course, user=clerk, started_at=jst(fy, 6, 1), expires_at=jst(fy, 6, 2), token=f"t{fy}"
        )
        Completion.objects.create(course=course, user=clerk, fiscal_year=fy, number=f"R{fy}", attempt=attempt)
    ended_2020 = workstyle.pilot(
        department, starts_on=date(2020, 7, 1), ends_on=date(2020, 12, 25), members=[(clerk, department)]
    )
    ended_2021 = workstyle.pilot(
        department, starts_on=date(2021, 7, 1), ends_on=date(2021, 12, 24), members=[(clerk, department)]
    )
    workstyle.telework_days(ended_2020.members.get(), date(2020, 7, 10))
    workstyle.telework_days(ended_2021.members.get(), date(2021, 7, 9))
    old_pack = workstyle.pack_version(workstyle.meeting(department, held_at=jst(2020, 5, 12)))
    new_pack = workstyle.pack_version(workstyle.meeting(department, held_at=jst(2021, 5, 11)))
    for version in (old_pack, new_pack):
        DocumentOpen.objects.create(version=version, user=clerk)

    run = services.purge(now=NOW)

    assert list(Completion.objects.values_list("fiscal_year", flat=True)) == [2021]
    assert [a.started_at.year for a in Attempt.objects.all()] == [2021]
    assert list(PilotMember.objects.values_list("pilot_id", flat=True)) == [ended_2021.pk]
    assert TeleworkDay.objects.count() == 1
    assert list(DocumentOpen.objects.values_list("version_id", flat=True)) == [new_pack.pk]
    assert Meeting.objects.count() == 2  # the meetings the plan's rates count stay
    outcome = run.counts["outcome"]
    for record_type in (RecordType.STAFF_TRAINING, RecordType.TELEWORK, RecordType.DOCUMENT_OPENS):
        assert outcome[record_type] == {"deleted": 1}, record_type


def test_the_rules_list_the_registers_retention_for_the_new_record_types():
    days = {rule.record_type: rule.keep_days for rule in services.rules() if not rule.procedure}
    assert days[RecordType.CLASS_REGISTRATION] == 3 * 365 + 1
    assert days[RecordType.TELEWORK] == days[RecordType.STAFF_TRAINING] == 5 * 365 + 2


def test_assistant_hand_offs_are_anonymised_a_year_after_receipt_once_handled():
    from madoguchi.assistant.models import CallbackRequest, Inquiry
    from madoguchi.assistant.tests.factories import callback, inquiry
    from madoguchi.privacy.services import disclosure

    resident = PersonFactory(user=UserFactory(username="resident-taro"))
    old = inquiry(
        user=resident.user, name="国分 太郎", phone="042-000-0000", details="子の名前は花子", reply="窓口へ"
    )
    Inquiry.objects.filter(pk=old.pk).update(status=Inquiry.Status.CLOSED, created_at=jst(2025, 10, 1))
    still_open = inquiry(user=resident.user, name="国分 太郎")
    Inquiry.objects.filter(pk=still_open.pk).update(created_at=jst(2025, 10, 1))
    done = callback()
    CallbackRequest.objects.filter(pk=done.pk).update(done_at=jst(2025, 10, 2), created_at=jst(2025, 10, 1))
    recent = callback()
    CallbackRequest.objects.filter(pk=recent.pk).update(done_at=jst(2026, 10, 2), created_at=jst(2026, 10, 1))
    assert [r["name"] for r in disclosure.records_of(resident)["records"]["assistant_inquiries"]] == [
        "国分 太郎"
    ] * 2

    run = services.purge(now=NOW)

    old.refresh_from_db()
    assert (old.user_id, old.name, old.phone, old.details, old.reply) == (None, "", "", "", "")
    assert old.question and old.department_id  # the masked question and the figures stay
    assert Inquiry.objects.get(pk=still_open.pk).name == "国分 太郎"  # not answered yet: kept
    assert CallbackRequest.objects.get(pk=done.pk).phone == ""
    assert CallbackRequest.objects.get(pk=recent.pk).phone  # within the year
    assert run.counts["outcome"][RecordType.ASSISTANT_INQUIRY] == {"anonymised": 1}
    assert run.counts["outcome"][RecordType.ASSISTANT_CALLBACK] == {"anonymised": 1}


def test_paper_scans_go_a_year_after_intake_with_their_files_once_no_form_waits_for_checking():
    from django.core.files.storage import default_storage

    from madoguchi.paper.models import FieldReading, PaperForm, ScanBatch
    from madoguchi.paper.tests.factories import read_form

    checked, waiting, recent = read_form(), read_form(), read_form()
    PaperForm.objects.filter(pk=checked.pk).update(state=PaperForm.State.ACCEPTED)
    for form in (checked, waiting):
        ScanBatch.objects.filter(pk=form.batch_id).update(created_at=jst(2025, 10, 1))
    files = [
        checked.batch.upload.name,
        checked.batch.pages.get().image.name,
        checked.fields.first().crop.name,
    ]
    assert all(default_storage.exists(name) for name in files)

    run = services.purge(now=NOW)

    assert not ScanBatch.objects.filter(pk=checked.batch_id).exists()
    assert not FieldReading.objects.filter(form_id=checked.pk).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert (
        PaperForm.objects.filter(pk__in=[waiting.pk, recent.pk]).count() == 2
    )  # still checking; within the year
    assert run.counts["outcome"][RecordType.PAPER_SCANS] == {"deleted": 1}
