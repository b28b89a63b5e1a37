"""講習会: capacity and the waiting list (also under concurrent sign-ups on PostgreSQL), staff entry
for phone sign-ups, attendance, the survey, the public pages, the iCalendar feed and Markdown."""

import threading
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory, staff_member
from madoguchi.identity.assurance import AssuranceLevel
from madoguchi.identity.testing import login_resident, login_staff
from madoguchi.learning import services
from madoguchi.learning.markdown import render_markdown
from madoguchi.learning.models import CitizenClass, ClassRegistration, SurveyAnswer

from .factories import citizen_class, registration

Status = ClassRegistration.Status
R = StaffRole.Role


@pytest.fixture(autouse=True)
def _city(db):
    MunicipalityFactory()


@pytest.fixture
def digital():
    return DepartmentFactory(code="digital", name="デジタル行政推進室", phone="042-325-0111")


@pytest.fixture
def organiser(digital):
    return staff_member(digital, R.RECEPTION, username="organiser")


@pytest.mark.django_db
def test_seats_then_the_waiting_list_then_promotion_with_a_notice(
    digital, django_capture_on_commit_callbacks
):
    smartphone = citizen_class(digital, capacity=2)
    people = [PersonFactory() for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        signed = [services.register_online(smartphone, person=p, by=None) for p in people]
    assert [r.status for r in signed] == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING, Status.WAITING]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(signed[0], by=_user_of(people[0]))
    statuses = dict(ClassRegistration.objects.values_list("person_id", "status"))
    assert [statuses[p.pk] for p in people] == [
        Status.CANCELLED,
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITING,
    ]
    assert [m.to for m in mail.outbox] == [[people[2].email]]
    assert "参加が確定しました" in mail.outbox[0].subject
    # a waiting registration cancelled frees no seat: nobody moves up
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(ClassRegistration.objects.get(person=people[3]), by=_user_of(people[3]))
    assert ClassRegistration.objects.filter(status=Status.CONFIRMED).count() == 2


def _user_of(person):
    from madoguchi.identity.testing import resident_user

    return resident_user(person)


@pytest.mark.django_db
def test_a_phone_registration_moved_up_is_marked_for_a_call_back(digital, organiser):
    full = citizen_class(digital, capacity=1)
    first = services.register_for_resident(
        full, by=organiser, name="国分 一郎", phone="042-300-0001", channel="phone"
    )
    second = services.register_for_resident(
        full, by=organiser, name="恋ヶ窪 花", phone="042-300-0002", channel="counter"
    )
    assert (first.status, second.status) == (Status.CONFIRMED, Status.WAITING)
    services.cancel_registration(first, by=organiser)
    assert services.promoted_without_notice(full) == {second.reference}
    client = Client()
    login_staff(client, organiser)
    page = client.get(f"/staff/learning/manage/classes/{full.pk}/").content.decode()
    assert "繰上げ：電話で連絡してください" in page and "恋ヶ窪 花" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: CitizenClass.objects.filter(pk=c.pk).update(status="cancelled"), "中止になりました"),
        (
            lambda c: CitizenClass.objects.filter(pk=c.pk).update(
                starts_at=timezone.now() - timedelta(hours=1)
            ),
            "締め切りました",
        ),
    ],
)
def test_a_cancelled_or_started_class_takes_no_registration(digital, change, message):
    target = citizen_class(digital)
    change(target)
    with pytest.raises(ValidationError, match=message):
        services.register_online(target, person=PersonFactory(), by=None)
    assert not ClassRegistration.objects.exists()


@pytest.mark.django_db
def test_one_registration_per_resident(digital):
    target, person = citizen_class(digital), PersonFactory()
    services.register_online(target, person=person, by=None)
    with pytest.raises(ValidationError, match="すでに申し込んでいます"):
        services.register_online(target, person=person, by=None)
    assert ClassRegistration.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "国分 一郎", "phone": "", "channel": "online"}, "申込の方法を選んでください"),
        ({"name": "  ", "phone": "", "channel": "phone"}, "氏名を入力してください"),
    ],
)
def test_bad_staff_entries_are_refused(digital, organiser, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        services.register_for_resident(citizen_class(digital), by=organiser, **kwargs)
    assert not ClassRegistration.objects.exists()


@pytest.mark.django_db
def test_staff_of_another_department_cannot_enter_registrations(digital):
    outsider = staff_member(DepartmentFactory(), R.RECEPTION, username="outsider")
    with pytest.raises(PermissionDenied):
        services.register_for_resident(
            citizen_class(digital), by=outsider, name="x", phone="", channel="phone"
        )


@pytest.mark.django_db
def test_attendance_and_the_survey(digital, organiser):
    past = citizen_class(digital, starts_at=timezone.now() - timedelta(hours=3))
    person = PersonFactory()
    mine = registration(past, person=person)
    absent = registration(past, name="欠席 太郎")
    services.record_attendance(mine, by=organiser, attended=True)
    services.record_attendance(absent, by=organiser, attended=False)
    answer = services.answer_survey(
        mine, by=_user_of(person), understanding=4, satisfaction=5, comment="分かりやすかった"
    )
    assert (answer.understanding, answer.satisfaction) == (4, 5)
    with pytest.raises(ValidationError, match="すでに回答しています"):
        services.answer_survey(mine, by=_user_of(person), understanding=1, satisfaction=1)
    with pytest.raises(ValidationError, match="参加した方だけ"):
        services.answer_survey(absent, by=organiser, understanding=3, satisfaction=3)
    with pytest.raises(PermissionDenied):
        services.answer_survey(
            registration(past, name="他人"), by=_user_of(PersonFactory()), understanding=3, satisfaction=3
        )
    assert SurveyAnswer.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("score", [0, 6])
def test_a_survey_answer_outside_the_scale_is_refused(digital, organiser, score):
    past = citizen_class(digital, starts_at=timezone.now() - timedelta(hours=3))
    record = registration(past)
    with pytest.raises(ValidationError, match="1から5までの中から選んでください"):
        services.answer_survey(record, by=organiser, understanding=score, satisfaction=3)
    assert not SurveyAnswer.objects.exists()


@pytest.mark.django_db
def test_a_resident_signs_up_online_and_answers_on_their_page(client, digital):
    target = citizen_class(digital, capacity=1)
    person = PersonFactory()
    login_resident(client, person, AssuranceLevel.EMAIL)
    page = client.get(f"/learning/classes/{target.pk}/").content.decode()
    assert "この講習会に申し込む" in page and "本多公民館" in page
    response = client.post(f"/learning/classes/{target.pk}/")
    mine = ClassRegistration.objects.get(person=person)
    assert response["Location"] == f"/learning/registrations/{mine.reference}/"
    assert "参加確定" in client.get(response["Location"]).content.decode()
    CitizenClass.objects.filter(pk=target.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    client.post(response["Location"], {"understanding": "5", "satisfaction": "4"})
    assert SurveyAnswer.objects.get(registration=mine).satisfaction == 4


@pytest.mark.django_db
def test_the_public_calendar_and_its_icalendar_feed(client, digital):
    soon = citizen_class(digital, title="はじめてのスマホ講習会")
    cancelled = citizen_class(digital, title="マイナポータル講習会", topic="mynaportal")
    CitizenClass.objects.filter(pk=cancelled.pk).update(status="cancelled")
    citizen_class(digital, title="終わった講習会", starts_at=timezone.now() - timedelta(days=3))
    page = client.get("/learning/classes/").content.decode()
    assert "はじめてのスマホ講習会" in page and "終わった講習会" not in page
    response = client.get("/learning/classes/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"はじめてのスマホ講習会", "マイナポータル講習会"}
    assert str(events["マイナポータル講習会"]["STATUS"]) == "CANCELLED"
    assert events["はじめてのスマホ講習会"].decoded("DTSTART") == soon.starts_at.replace(microsecond=0)
    assert str(events["はじめてのスマホ講習会"]["UID"]) == soon.uid
    assert "本多公民館" in str(events["はじめてのスマホ講習会"]["LOCATION"])


@pytest.mark.django_db
def test_the_home_page_has_a_tile_for_the_classes(client):
    assert "/learning/classes/" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://example.jp" onclick="alert(1)">x</a>',
        "![x](javascript:alert(1))",
    ],
)
def test_markdown_cannot_inject_script(markdown):
    """What the browser would build from the lesson: no script element, no event handler, no
    javascript: URL (escaped text showing the attempt is harmless)."""
    tags = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Collect().feed(str(render_markdown(markdown)))
    assert all(tag != "script" for tag, _attrs in tags)
    assert not [name for _tag, attrs in tags for name in attrs if name.startswith("on")]
    urls = [value or "" for _tag, attrs in tags for name, value in attrs.items() if name in ("href", "src")]
    assert not [url for url in urls if url.strip().lower().startswith("javascript")]


def test_markdown_keeps_headings_lists_tables_images_and_video_links():
    html = str(
        render_markdown(
            "## 見出し\n\n- 一\n- 二\n\n|a|b|\n|-|-|\n|1|2|\n\n![図](https://example.jp/a.png)\n\n[動画](https://www.youtube.com/watch?v=x)"
        )
    )
    assert "<h2>見出し</h2>" in html and "<li>一</li>" in html and "<table>" in html
    assert '<img src="https://example.jp/a.png" alt="図">' in html
    assert '<a href="https://www.youtube.com/watch?v=x" rel="noopener noreferrer nofollow">動画</a>' in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_never_exceed_the_capacity(monkeypatch):
    """Eight residents press 申し込む at once for three seats: three are confirmed, five wait. The
    receipt number is drawn between counting the seats and saving the sign-up; it is slowed here so
    that, without the lock, every sign-up would count the same free seats."""
    import time

    from madoguchi.learning.services import classes

    draw = classes._reference
    monkeypatch.setattr(classes, "_reference", lambda: time.sleep(0.2) or draw())
    MunicipalityFactory()
    target = citizen_class(DepartmentFactory(code="digital-race"), capacity=3)
    people = [PersonFactory() for _ in range(8)]
    barrier = threading.Barrier(len(people))
    errors = []

    def sign_up(person):
        try:
            barrier.wait()
            services.register_online(CitizenClass.objects.get(pk=target.pk), person=person, by=None)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(ClassRegistration.objects.filter(citizen_class=target).values_list("status", flat=True))
    assert sorted(statuses) == [Status.CONFIRMED] * 3 + [Status.WAITING] * 5


@pytest.mark.django_db
def test_the_calendar_in_english(client, digital):
    citizen_class(digital, starts_at=datetime(2030, 5, 20, 10, 0, tzinfo=JST))
    page = client.get("/learning/classes/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Classes (smartphone classes and more)" in page and "May 2030" in page
