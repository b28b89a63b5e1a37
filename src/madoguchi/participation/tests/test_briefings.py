"""Briefings and events (issue 23 part 1), what goes around the sign-up: the end time, materials
before and the recording and minutes after, questions in advance, attendance by mode (the QR
check-in at the door, the online join through /events/<id>/join/), the reminder the day before,
and the 1-ア figures counting attendance where it is recorded."""

from __future__ import annotations

import datetime
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from madoguchi.core.events import events_for
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.models import Notification
from madoguchi.identity.testing import login_resident, login_staff, resident_user
from madoguchi.participation import services
from madoguchi.participation.events import Verb
from madoguchi.participation.models import EventMaterial, EventQuestion, Registration, Workshop
from madoguchi.pdca.metrics import metrics

from .conftest import resident_aged
from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now


def pdf(name="shiryo.pdf", text="資料"):
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        + f"% {text}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def event(parks, *, starts_in=datetime.timedelta(days=3), hours=2, **kwargs):
    starts = NOW() + starts_in
    return WorkshopFactory(
        process=parks, starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours), **kwargs
    )


def register(workshop, person, mode):
    return services.register_for_workshop(
        Workshop.objects.get(pk=workshop.pk), person=person, user=resident_user(person), mode=mode
    )


def held(workshop, *, ago=datetime.timedelta(days=1)):
    """Move the event into the past (it was signed up for while ahead), as a clock would."""
    starts = NOW() - ago
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    workshop.refresh_from_db()
    return workshop


def staff_client(user):
    client = Client()
    login_staff(client, user)
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# --- the end time --------------------------------------------------------------------------------


def test_an_event_without_an_end_lasts_two_hours_and_must_end_after_it_starts(parks):
    starts = NOW() + datetime.timedelta(days=2)
    workshop = Workshop.objects.create(process=parks, title="説明会", format="online", starts_at=starts)
    assert workshop.ends_at == starts + datetime.timedelta(hours=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(ends_at=starts)
    bad = Workshop(process=parks, title="x", format="online", starts_at=starts, ends_at=starts)
    with pytest.raises(Exception, match="終了日時は開始日時より後"):
        bad.full_clean()


def test_the_page_and_the_calendar_give_the_end(client, parks):
    starts = timezone.make_aware(datetime.datetime(2030, 6, 1, 19, 0))
    workshop = WorkshopFactory(
        process=parks, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90)
    )
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "19:00 – " in page and "20:30" in page
    [vevent] = Calendar.from_ical(client.get("/events/calendar.ics").content).walk("VEVENT")
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == datetime.timedelta(minutes=90)


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_old_events_an_end_and_keeps_their_materials_link(city):
    """0004 on a database of before: every event ends two hours after its start, and a
    workshop's single materials link becomes its first material."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("participation", "0003_budgets_results_votes_debates")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        process = old.get_model("participation", "Process").objects.create(title="旧い参加の場")
        starts = timezone.make_aware(datetime.datetime(2025, 5, 10, 14, 0))
        OldWorkshop = old.get_model("participation", "Workshop")
        linked = OldWorkshop.objects.create(
            process=process,
            title="旧い説明会",
            format="in_person",
            starts_at=starts,
            materials_url="https://www.city.example.jp/shiryo.pdf",
        )
        plain = OldWorkshop.objects.create(
            process=process, title="資料なし", format="online", starts_at=starts
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    for pk in (linked.pk, plain.pk):
        assert Workshop.objects.get(pk=pk).ends_at == starts + datetime.timedelta(hours=2)
    assert [(m.workshop_id, m.title, m.url) for m in EventMaterial.objects.all()] == [
        (linked.pk, "資料", "https://www.city.example.jp/shiryo.pdf")
    ]


# --- materials before, recording and minutes after -----------------------------------------------


def test_staff_attach_a_pdf_and_a_link_and_the_public_page_offers_both(client, parks, kyodo_staff):
    workshop = event(parks)
    staff = staff_client(kyodo_staff)
    url = f"/participation/workshops/{workshop.pk}/materials/"
    assert staff.post(url, {"title": "資料1 公園の利用状況", "file": pdf()}).status_code == 302
    staff.post(url, {"title": "進め方", "url": "https://www.city.example.jp/shiryo"})
    first, link = EventMaterial.objects.filter(workshop=workshop).order_by("pk")
    assert (first.original_name, bool(first.file), link.url) == (
        "shiryo.pdf",
        True,
        "https://www.city.example.jp/shiryo",
    )
    assert [e.verb for e in events_for(workshop)].count(Verb.MATERIAL_ADDED) == 2

    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "資料1 公園の利用状況" in page and "https://www.city.example.jp/shiryo" in page
    download = client.get(f"/participation/workshops/{workshop.pk}/materials/{first.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    other = event(parks)
    assert client.get(f"/participation/workshops/{other.pk}/materials/{first.pk}/").status_code == 404

    staff.post(url, {"action": "remove", "material": first.pk})
    assert not EventMaterial.objects.filter(pk=first.pk).exists()


def test_a_material_must_be_a_real_pdf_or_a_link_not_both(parks, kyodo_staff):
    workshop = event(parks)
    disguised = SimpleUploadedFile("shiryo.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    with pytest.raises(services.NotAllowed, match="PDFではありません"):
        services.add_material(workshop, by=kyodo_staff, title="資料", upload=disguised)
    with pytest.raises(services.NotAllowed, match="どちらか一つ"):
        services.add_material(
            workshop, by=kyodo_staff, title="資料", upload=pdf(), url="https://example.jp/a"
        )
    with pytest.raises(services.NotAllowed, match="どちらか一つ"):
        services.add_material(workshop, by=kyodo_staff, title="資料")
    with pytest.raises(services.NotAllowed, match="資料名"):
        services.add_material(workshop, by=kyodo_staff, title=" ", url="https://example.jp/a")
    assert not EventMaterial.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventMaterial.objects.create(workshop=workshop, title="空")  # neither file nor link


def test_recording_and_minutes_are_published_after_the_end_and_shown_then(client, parks, kyodo_staff):
    workshop = event(parks, starts_in=datetime.timedelta(hours=-1))  # under way: ends in an hour
    with pytest.raises(services.NotAllowed, match="終了日時"):
        services.publish_minutes(workshop, by=kyodo_staff, minutes="議事録", recording_url="")
    staff = staff_client(kyodo_staff)
    response = staff.post(
        f"/participation/workshops/{workshop.pk}/minutes/",
        {"minutes": "早すぎる議事録", "recording_url": "https://video.example.jp/1"},
        follow=True,
    )
    assert "終了日時" in messages_of(response)
    assert Workshop.objects.get(pk=workshop.pk).minutes == ""

    held(workshop)
    staff.post(
        f"/participation/workshops/{workshop.pk}/minutes/",
        {"minutes": "1. 開会\n2. 質疑応答", "recording_url": "https://video.example.jp/1"},
    )
    workshop.refresh_from_db()
    assert (workshop.minutes, workshop.recording_url) == (
        "1. 開会\n2. 質疑応答",
        "https://video.example.jp/1",
    )
    assert Verb.MINUTES_PUBLISHED in [e.verb for e in events_for(workshop)]
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "録画を見る" in page and "https://video.example.jp/1" in page and "2. 質疑応答" in page

    # A page of an event still ahead has no record section, whatever is stored.
    ahead = event(parks, minutes="未来の議事録", recording_url="https://video.example.jp/2")
    page = client.get(ahead.get_absolute_url()).content.decode()
    assert (
        "未来の議事録" not in page and "https://video.example.jp/2" not in page and "開催の記録" not in page
    )


# --- questions in advance ------------------------------------------------------------------------


def test_a_registrant_asks_staff_answer_and_the_page_shows_it_without_the_asker(client, parks, kyodo_staff):
    workshop = event(parks)
    asker = resident_aged(30, family_name="質問者", given_name="花子")
    register(workshop, asker, "in_person")
    login_resident(client, asker)
    response = client.post(
        workshop.get_absolute_url(), {"action": "question", "body": "駐車場はありますか。"}, follow=True
    )
    assert "事前質問を受け付けました" in messages_of(response)
    question = EventQuestion.objects.get()
    assert "駐車場はありますか。" in response.content.decode() and "回答待ち" in response.content.decode()
    visitor_page = Client().get(workshop.get_absolute_url()).content.decode()
    assert "駐車場はありますか。" not in visitor_page  # not public until answered

    staff = staff_client(kyodo_staff)
    staff.post(
        f"/participation/event-questions/{question.pk}/answer/",
        {f"q{question.pk}-answer": "市役所の駐車場をご利用ください。", f"q{question.pk}-is_public": "on"},
    )
    question.refresh_from_db()
    assert question.is_answered and question.answered_by == kyodo_staff
    visitor_page = Client().get(workshop.get_absolute_url()).content.decode()
    assert "駐車場はありますか。" in visitor_page and "市役所の駐車場をご利用ください。" in visitor_page
    assert "質問者" not in visitor_page and "花子" not in visitor_page
    [note] = Notification.objects.filter(template="participation/emails/question_answered")
    assert note.recipient == asker and "市役所の駐車場をご利用ください。" in note.body

    private = services.ask_question(workshop, person=asker, user=asker.user, body="個人的な相談です。")
    services.answer_question(private, by=kyodo_staff, answer="個別にご連絡します。", is_public=False)
    assert "個別にご連絡します。" not in Client().get(workshop.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "質問を入力してください。"),
        ("   \n ", "質問を入力してください。"),
        ("あ" * 1001, "質問は1000字以内で書いてください（いま1001字です）。"),
    ],
)
def test_bad_questions_are_refused_with_a_clear_message(client, parks, body, message):
    workshop = event(parks)
    person = resident_aged(40)
    register(workshop, person, "online")
    login_resident(client, person)
    response = client.post(workshop.get_absolute_url(), {"action": "question", "body": body})
    assert response.status_code == 200 and message in response.content.decode()
    assert not EventQuestion.objects.exists()
    with pytest.raises(services.NotAllowed, match=re.escape(message)):
        services.ask_question(workshop, person=person, user=person.user, body=body)


def test_questions_close_at_the_start_and_are_for_registrants_only(client, parks):
    workshop = event(parks)
    person, stranger = resident_aged(40), resident_aged(50)
    registration = register(workshop, person, "online")
    with pytest.raises(services.NotAllowed, match="申し込んだ方"):
        services.ask_question(workshop, person=stranger, user=resident_user(stranger), body="質問")
    for i in range(EventQuestion.PER_REGISTRATION):
        services.ask_question(workshop, person=person, user=person.user, body=f"質問{i}")
    with pytest.raises(services.NotAllowed, match="5件まで"):
        services.ask_question(workshop, person=person, user=person.user, body="もう一つ")
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=NOW() - datetime.timedelta(minutes=1))
    workshop.refresh_from_db()
    EventQuestion.objects.all().delete()
    login_resident(client, person)
    response = client.post(
        workshop.get_absolute_url(), {"action": "question", "body": "間に合いますか"}, follow=True
    )
    assert "事前質問の受付は終わりました" in messages_of(response)
    assert not EventQuestion.objects.exists()
    services.cancel_registration(registration, by=None)
    with pytest.raises(services.NotAllowed, match="申し込んだ方"):
        services.ask_question(workshop, person=person, user=person.user, body="質問")


# --- check-in at the door (QR) -------------------------------------------------------------------


def test_a_confirmed_in_person_registrant_gets_a_qr_code_and_others_do_not(client, parks):
    workshop = event(parks, capacity_in_person=1)
    venue, online, waiting = resident_aged(30), resident_aged(40), resident_aged(50)
    confirmed = register(workshop, venue, "in_person")
    register(workshop, online, "online")
    register(workshop, waiting, "in_person")
    login_resident(client, venue)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and services.checkin_token(confirmed) in page
    for person in (online, waiting):
        login_resident(client, person)
        assert "data:image/svg+xml" not in client.get(workshop.get_absolute_url()).content.decode()
    token = services.checkin_token(confirmed)
    assert token.startswith(f"{workshop.pk}.{confirmed.pk}:")


def test_check_in_once_then_already_checked_in(parks, kyodo_staff):
    workshop = event(parks, starts_in=datetime.timedelta(minutes=-5))
    registration = register(workshop, resident_aged(30), "in_person")
    staff = staff_client(kyodo_staff)
    url = f"/participation/workshops/{workshop.pk}/checkin/"
    assert staff.get(url).status_code == 200
    first = staff.post(url, {"token": f"  {services.checkin_token(registration)}\n"}).content.decode()
    assert f"受付番号 {registration.pk} の方を受け付けました。" in first
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by == kyodo_staff
    second = staff.post(url, {"token": services.checkin_token(registration)}).content.decode()
    assert "すでに受付済みです" in second
    assert [e.verb for e in events_for(workshop)].count(Verb.CHECKED_IN) == 1
    assert services.attendance(workshop)["in_person"] == services.ModeAttendance(confirmed=1, attended=1)


def test_check_in_refuses_another_events_token_a_cancelled_one_and_a_forged_one(parks, kyodo_staff):
    workshop, other = event(parks), event(parks)
    theirs = register(other, resident_aged(30), "in_person")
    cancelled = register(workshop, resident_aged(40), "in_person")
    services.cancel_registration(cancelled, by=None)
    waiting_workshop = event(parks, capacity_in_person=0)
    waiting = register(waiting_workshop, resident_aged(45), "in_person")
    online = register(workshop, resident_aged(50), "online")
    cases = [
        (workshop, services.checkin_token(theirs), "別の説明会・イベント"),
        (workshop, services.checkin_token(cancelled), "取り消されています"),
        (waiting_workshop, services.checkin_token(waiting), "キャンセル待ち"),
        (workshop, services.checkin_token(online), "オンラインでの参加"),
        (workshop, f"{workshop.pk}.{cancelled.pk}:forged", "この市の受付票ではありません"),
        (workshop, "not a token", "この市の受付票ではありません"),
    ]
    staff = staff_client(kyodo_staff)
    for target, token, message in cases:
        page = staff.post(f"/participation/workshops/{target.pk}/checkin/", {"token": token}).content.decode()
        assert message in page, message
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_the_check_in_page_is_for_the_staff_who_run_the_event(parks, kyodo_staff):
    workshop = event(parks)
    registration = register(workshop, resident_aged(30), "in_person")
    resident = Client()
    login_resident(resident, registration.person)
    response = resident.post(
        f"/participation/workshops/{workshop.pk}/checkin/", {"token": services.checkin_token(registration)}
    )
    assert response.status_code in (302, 403)
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_check_in_once(parks, kyodo_staff):
    workshop = event(parks)
    registration = register(workshop, resident_aged(30), "in_person")
    token = services.checkin_token(registration)
    barrier, outcomes = threading.Barrier(2), []

    def scan():
        try:
            barrier.wait()
            services.check_in(Workshop.objects.get(pk=workshop.pk), token=token, by=kyodo_staff)
            outcomes.append("ok")
        except services.AlreadyDone:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "ok"]
    assert [e.verb for e in events_for(workshop)].count(Verb.CHECKED_IN) == 1


# --- the online join -----------------------------------------------------------------------------


def test_the_join_redirect_records_the_first_join_and_sends_to_the_meeting(client, parks):
    workshop = event(
        parks, starts_in=datetime.timedelta(minutes=40), online_url="https://meet.example.jp/abc"
    )
    person = resident_aged(30)
    registration = register(workshop, person, "online")
    join = f"/events/{workshop.pk}/join/"
    assert Client().get(join)["Location"].startswith("/login/")  # anonymous: log in first
    login_resident(client, person)
    early = client.get(join, follow=True)
    assert "開始の30分前から開けます" in messages_of(early)
    assert Registration.objects.get(pk=registration.pk).joined_at is None

    Workshop.objects.filter(pk=workshop.pk).update(starts_at=NOW() + datetime.timedelta(minutes=20))
    response = client.get(join)
    assert response.status_code == 302 and response["Location"] == "https://meet.example.jp/abc"
    first = Registration.objects.get(pk=registration.pk).joined_at
    assert first is not None
    client.get(join)  # joins again (a dropped connection): the first time stays
    assert Registration.objects.get(pk=registration.pk).joined_at == first
    assert [e.verb for e in events_for(workshop)].count(Verb.JOINED_ONLINE) == 1

    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=NOW() - datetime.timedelta(hours=3), ends_at=NOW() - datetime.timedelta(hours=1)
    )
    assert "終了しました" in messages_of(client.get(join, follow=True))


def test_the_join_redirect_is_refused_to_people_without_an_online_place(client, parks):
    workshop = event(parks, starts_in=datetime.timedelta(minutes=10), capacity_online=1)
    venue, waiting = resident_aged(30), resident_aged(40)
    register(workshop, resident_aged(35), "online")
    register(workshop, venue, "in_person")
    register(workshop, waiting, "online")
    for person in (venue, waiting, resident_aged(50)):
        login_resident(client, person)
        response = client.get(f"/events/{workshop.pk}/join/", follow=True)
        assert "オンラインでの参加が確定した方だけ" in messages_of(response)
        assert workshop.online_url not in response.content.decode()
    assert not Registration.objects.filter(joined_at__isnull=False).exists()


# --- the reminder the day before -----------------------------------------------------------------


def test_reminders_go_to_confirmed_registrants_of_tomorrow_once(parks, settings):
    now = timezone.make_aware(datetime.datetime(2030, 6, 1, 10, 0))  # JST
    tomorrow = event(parks, capacity_in_person=1, starts_in=datetime.timedelta(days=1))
    Workshop.objects.filter(pk=tomorrow.pk).update(
        starts_at=timezone.make_aware(datetime.datetime(2030, 6, 2, 19, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2030, 6, 2, 21, 0)),
    )
    later = event(parks, starts_in=datetime.timedelta(days=1))
    Workshop.objects.filter(pk=later.pk).update(
        starts_at=timezone.make_aware(datetime.datetime(2030, 6, 3, 0, 30)),
        ends_at=timezone.make_aware(datetime.datetime(2030, 6, 3, 2, 0)),
    )
    venue, online, waiting, cancelled = (resident_aged(a) for a in (30, 40, 50, 60))
    in_person = register(tomorrow, venue, "in_person")
    register(tomorrow, online, "online")
    register(tomorrow, waiting, "in_person")  # no seat left: waits
    services.cancel_registration(register(tomorrow, cancelled, "online"), by=None)
    register(later, resident_aged(70), "online")  # the day after tomorrow (JST)

    assert services.send_event_reminders(now=now) == 2
    assert services.send_event_reminders(now=now) == 0  # a rerun sends nothing again
    assert services.send_event_reminders(now=now + datetime.timedelta(hours=1)) == 0
    notes = Notification.objects.filter(template="participation/emails/event_reminder")
    assert sorted(n.recipient_id for n in notes) == sorted([venue.pk, online.pk])
    venue_note = notes.get(recipient=venue)
    assert (
        services.checkin_token(in_person) in venue_note.body
        and f"/participation/workshops/{tomorrow.pk}/" in venue_note.body
    )
    assert "開始の30分前" in notes.get(recipient=online).body
    assert Registration.objects.filter(reminded_at__isnull=False).count() == 2


def test_the_reminder_task_is_on_the_beat_schedule(settings, parks):
    from madoguchi.participation.tasks import send_event_reminders

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "participation.send_event_reminders" in tasks
    assert send_event_reminders() == 0  # runs with nothing due


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_send_each_reminder_once(parks):
    workshop = event(parks, starts_in=datetime.timedelta(days=1))
    day = timezone.localtime(workshop.starts_at).date() - datetime.timedelta(days=1)
    now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))
    for age in (20, 30, 40):
        register(workshop, resident_aged(age), "online")
    barrier, sent = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            sent.append(services.send_event_reminders(now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 3
    assert Notification.objects.filter(template="participation/emails/event_reminder").count() == 3


# --- the 1-ア figures count attendance where it is recorded --------------------------------------


def test_where_attendance_is_recorded_only_those_who_came_count(parks, kyodo_staff):
    """A hybrid briefing: 3 online and 2 in the hall confirmed. Before it: 3 of 5 people online (60%).
    After it, 2 joined online and 1 was checked in: 2 of 3 people online (66.7%). A second event
    with no attendance record keeps counting its confirmed sign-ups."""
    fy = fiscal_year(NOW())
    briefing = event(parks, starts_in=datetime.timedelta(minutes=10), capacity_online=5, capacity_in_person=5)
    online = [register(briefing, resident_aged(a), "online") for a in (25, 35, 45)]
    hall = [register(briefing, resident_aged(a), "in_person") for a in (55, 65)]
    assert metrics.get("online-event-participants").value(fy) == 3
    assert metrics.get("online-event-participant-rate").value(fy) == 60.0

    for registration in online[:2]:
        services.record_join(briefing, registration, user=registration.person.user)
    assert metrics.get("online-event-participants").value(fy) == 2  # the online side is recorded
    assert metrics.get("online-event-participant-rate").value(fy) == 50.0  # 2 of 4 (hall not yet recorded)
    services.check_in(briefing, token=services.checkin_token(hall[0]), by=kyodo_staff)
    assert metrics.get("online-event-participant-rate").value(fy) == pytest.approx(200 / 3)
    assert metrics.get("online-event-participant-rate").breakdown(fy, None) == {"online": 2, "in_person": 1}
    drill = metrics.get("online-event-participants").drill(fy, None)
    assert [r.counted for r in drill] == [True, True, False, False, False]
    assert sum("欠席" in r.label for r in drill) == 2  # one online, one in the hall

    unrecorded = event(parks, starts_in=datetime.timedelta(minutes=20), format=Workshop.Format.ONLINE)
    register(unrecorded, resident_aged(33), "online")
    assert metrics.get("online-event-participants").value(fy) == 3
    assert metrics.get("online-event-participant-rate").value(fy) == 75.0
    # 3-ア agrees: the absent online sign-up is no digital participant
    assert metrics.get("digital-participant-rate").value(fy) == 75.0


def test_a_residents_disclosure_lists_their_questions_and_attendance(parks):
    from madoguchi.participation.services import retention

    workshop = event(parks)
    person = resident_aged(30)
    registration = register(workshop, person, "in_person")
    services.ask_question(workshop, person=person, user=person.user, body="駐車場はありますか。")
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=NOW())
    records = retention.records_of(person)
    assert records["event_questions"][0]["question"] == "駐車場はありますか。"
    assert records["workshop_registrations"][0]["checked_in_at"] is not None
