"""The resident's 連絡方法 page, the staff page of letters and deliveries, the command and beat."""

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from madoguchi.core.models import StaffRole
from madoguchi.core.notifications import notify
from madoguchi.core.tests.factories import DepartmentFactory, PersonFactory, UserFactory, staff_member
from madoguchi.identity.testing import login_resident, login_staff
from madoguchi.notices.models import ChannelPreference, LetterBatch
from madoguchi.notices.services import build_batch

from .factories import LINE_USER, prefers, resident_without_email

pytestmark = pytest.mark.django_db
URL = "/notices/"


def test_preferences_page_is_japanese_by_default_and_for_residents_only(client, the_city):
    assert client.get(URL).status_code == 302  # to the login
    person = PersonFactory()
    login_resident(client, person)
    page = client.get(URL).content.decode()
    assert "連絡方法の設定" in page and "1番目に希望する連絡方法" in page
    assert 'lang="ja"' in page


def test_my_page_shows_how_notices_reach_the_resident_with_their_record(client, the_city):
    """A setting, not one of the resident's cases: with the record, and the case list stays empty."""
    person = PersonFactory(email="taro@example.jp")
    login_resident(client, person)
    client.post(URL, {"first": "sms", "second": "letter", "mobile": "090-1234-5678"})
    page = client.get("/me/").content.decode()
    record = page.split("登録されている情報", 1)[1]
    assert (
        "市からのお知らせが届く方法</dt><dd>SMS（携帯電話のショートメッセージ）、郵便（封書）" in record
        and 'href="/notices/"' in record
    )
    assert "申請・予約・受け取った書類はまだありません。" in page


def test_resident_sets_sms_then_letter(client, the_city):
    person = PersonFactory()
    login_resident(client, person)
    response = client.post(URL, {"first": "sms", "second": "letter", "mobile": "090-1234-5678"})
    assert response.status_code == 302
    preference = ChannelPreference.objects.get(person=person)
    assert preference.order == ["sms", "letter"] and preference.mobile == "+819012345678"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"first": ""}, "first", "1番目に希望する連絡方法を選んでください。"),
        ({"first": "sms", "mobile": ""}, "mobile", "携帯電話の番号を入力してください（例：090-1234-5678）"),
        ({"first": "sms", "mobile": "042-325-0111"}, "mobile", "携帯電話の番号を入力してください"),
        ({"first": "email", "second": "email"}, "second", "同じ連絡方法を2回選ぶことはできません。"),
        ({"first": "line"}, "first", "先にLINEの連携を済ませてください"),
        ({"first": "fax"}, "first", "正しく選択してください"),
    ],
)
def test_errors_are_shown_next_to_the_field_and_keep_what_was_typed(client, the_city, data, field, message):
    person = PersonFactory()
    login_resident(client, person)
    with translation.override("ja"):
        response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page and message in page
    assert f'href="#id_{field}"' in page  # the summary links to the field
    if data.get("mobile"):
        assert data["mobile"] in page
    assert not ChannelPreference.objects.filter(person=person).exclude(order=[]).exists()


def test_email_cannot_be_chosen_without_an_address(client, the_city):
    person = resident_without_email()
    login_resident(client, person)
    page = client.post(URL, {"first": "email"}).content.decode()
    assert "メールアドレスが登録されていません" in page


def test_page_shows_the_line_link_code_until_linked(client, the_city):
    person = PersonFactory()
    login_resident(client, person)
    page = client.get(URL).content.decode()
    code = ChannelPreference.objects.get(person=person).line_link_code
    assert len(code) == 8 and code in page
    prefers(person, ["line"], line_user_id=LINE_USER)
    assert "LINEは連携済みです" in client.get(URL).content.decode()


@pytest.fixture
def mail_clerk(mailroom_department):
    return staff_member(mailroom_department, StaffRole.Role.RECEPTION, username="mail-clerk")


def test_staff_see_batches_and_deliveries_and_download(
    client, the_city, mail_clerk, django_capture_on_commit_callbacks
):
    person = resident_without_email()
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, "notices/notifications/channels_set")
    login_staff(client, mail_clerk)
    page = client.get("/staff/notices/").content.decode()
    assert "印刷待ち（次の郵送分）" in page and "郵便（封書）" in page
    response = client.post("/staff/notices/letters/build/")
    assert response.status_code == 302
    batch = LetterBatch.objects.get()
    pdf = client.get(f"/staff/notices/letters/{batch.pk}/pdf/")
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    assert pdf["Cache-Control"] == "private, no-store"
    manifest = client.get(f"/staff/notices/letters/{batch.pk}/manifest/")
    assert manifest.status_code == 200 and "185-0012" in manifest.content.decode("utf-8-sig")
    assert batch.number in client.get("/staff/notices/").content.decode()


def test_downloads_need_the_permission_and_the_second_factor(
    client, the_city, mail_clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(resident_without_email(), "notices/notifications/channels_set")
    batch = build_batch()
    paths = [
        f"/staff/notices/letters/{batch.pk}/pdf/",
        f"/staff/notices/letters/{batch.pk}/manifest/",
        "/staff/notices/",
    ]
    # password only, no second factor: sent to the second-factor step, never the file
    client.force_login(mail_clerk)
    for path in paths:
        response = client.get(path)
        assert response.status_code in (302, 403) and not response.content.startswith(b"%PDF")
    # another department's clerk, with the second factor: refused
    other = staff_member(DepartmentFactory(code="kodomo"), StaffRole.Role.RECEPTION, username="other-clerk")
    client.logout()
    login_staff(client, other)
    for path in paths:
        assert client.get(path).status_code == 403
    # an accounting role in the mailroom: refused
    accountant = staff_member(batch.department, StaffRole.Role.ACCOUNTING, username="accountant")
    login_staff(client, accountant)
    assert client.get(paths[0]).status_code == 403
    # a resident: not staff at all
    client.logout()
    login_resident(client, PersonFactory())
    assert client.get(paths[0]).status_code in (302, 403)


def test_a_superuser_without_a_role_cannot_read_the_letters(
    client, the_city, mailroom_department, django_capture_on_commit_callbacks
):
    """The letters carry residents' addresses: personal data, so no superuser pass."""
    with django_capture_on_commit_callbacks(execute=True):
        notify(resident_without_email(), "notices/notifications/channels_set")
    batch = build_batch()
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    login_staff(client, admin)
    assert client.get(f"/staff/notices/letters/{batch.pk}/pdf/").status_code == 403


def test_management_command_and_beat_task_build_the_days_batch(
    the_city, mailroom_department, capsys, django_capture_on_commit_callbacks
):
    from django.conf import settings

    from madoguchi.notices.tasks import build_daily_letter_batch

    with django_capture_on_commit_callbacks(execute=True):
        notify(resident_without_email(), "notices/notifications/channels_set")
    call_command("build_letter_batch", "--date", "2026-06-01")
    assert "batch 20260601-01: 1 letters" in capsys.readouterr().out
    assert build_daily_letter_batch() == "nothing to print"
    with django_capture_on_commit_callbacks(execute=True):
        notify(resident_without_email(given_name="次郎"), "notices/notifications/channels_set")
    assert build_daily_letter_batch() == f"{timezone.localdate():%Y%m%d}-01"
    assert LetterBatch.objects.count() == 2
    entry = settings.CELERY_BEAT_SCHEDULE["notices-daily-letter-batch"]
    assert entry["task"] == "madoguchi.notices.tasks.build_daily_letter_batch"
