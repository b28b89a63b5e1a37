"""The purge and the letters (個人情報ファイル簿: 「通知の連絡方法・郵送通知ファイル」, 郵送通知は送付の
日から1年): a printed letter's name, address and text are blanked a year after its batch was
printed, and the batch's PDF and manifest go with its last letter; a legal hold on one recipient
keeps their letter and the batch's files; letters inside the year and those not yet printed stay."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.notices.models import Letter, LetterBatch
from madoguchi.notices.services import build_batch
from madoguchi.notices.tests.factories import mailroom, waiting_letter
from madoguchi.privacy import services
from madoguchi.privacy.models import RecordType

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def officer():
    office = DepartmentFactory(code="johokanri", name="情報管理課")
    return staff_member(office, StaffRole.Role.SYSADMIN, username="johokanri-admin")


def printed(days_ago: int, *names: str) -> LetterBatch:
    for name in names:
        waiting_letter(family_name=name)
    return build_batch(date=TODAY - datetime.timedelta(days=days_ago))


def content(letter: Letter) -> tuple:
    letter.refresh_from_db()
    return (letter.name, letter.postal_code, letter.address, letter.subject, letter.body)


def test_a_letter_is_blanked_a_year_after_its_batch_and_the_files_go_with_the_last(officer):
    old = printed(400, "古田", "古川")
    recent = printed(200, "新井")
    waiting = waiting_letter(family_name="待田")
    files = [old.pdf.name, old.manifest.name]
    assert all(default_storage.exists(name) for name in files)

    run = services.purge(by=officer)

    assert {content(letter) for letter in old.letters.all()} == {("", "", "", "", "")}
    assert old.letters.count() == 2  # the rows stay: the batch's counts still add up
    old.refresh_from_db()
    assert (old.pdf.name, old.manifest.name, old.letter_count) == ("", "", 2)
    assert not any(default_storage.exists(name) for name in files)
    assert "新井" in content(recent.letters.get())[0] and recent.pdf
    assert "待田" in content(waiting)[0]
    assert run.counts["outcome"][RecordType.NOTICE_LETTERS] == {"anonymised": 2}
    assert RecordType.NOTICE_LETTERS not in services.purge(by=officer).counts["outcome"]  # nothing more


def test_a_hold_on_one_recipient_keeps_their_letter_and_the_batchs_files(officer):
    batch = printed(400, "古田", "古川")
    held = batch.letters.get(name__startswith="古川")
    services.place_hold(by=officer, person=held.person, reason="訴訟のため")

    run = services.purge(by=officer)

    assert "古川" in content(held)[0]
    assert content(batch.letters.exclude(pk=held.pk).get()) == ("", "", "", "", "")
    batch.refresh_from_db()
    assert batch.pdf and default_storage.exists(batch.pdf.name)  # it holds the held letter too
    assert run.counts["skipped"][RecordType.NOTICE_LETTERS] == {"held": 1}


def test_the_staff_page_says_a_purged_batchs_files_are_gone(client, officer):
    batch = printed(400, "古田")
    services.purge(by=officer)
    clerk = staff_member(mailroom(), StaffRole.Role.RECEPTION, username="mail-clerk")
    login_staff(client, clerk)
    page = client.get("/staff/notices/").content.decode()
    assert "保存期間を過ぎたため削除しました" in page and f"/letters/{batch.pk}/pdf/" not in page
    assert client.get(f"/staff/notices/letters/{batch.pk}/pdf/").status_code == 404
    assert client.get(f"/staff/notices/letters/{batch.pk}/manifest/").status_code == 404


def test_the_rules_list_the_registers_year_for_letters():
    days = {rule.record_type: rule.keep_days for rule in services.rules() if not rule.procedure}
    assert days[RecordType.NOTICE_LETTERS] == 366
